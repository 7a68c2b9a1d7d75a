// Resource limits (getrlimit(2)). Each process has its own table, inherited across fork and
// exec. Enforced: RLIMIT_NPROC (clone fails with EAGAIN), RLIMIT_NOFILE (descriptors above it
// fail with EMFILE, up to the kernel's 1024), RLIMIT_STACK (the initial stack's size, 8 MiB).
import { Errno, fail } from "../errno.js";

export const RLIM_INFINITY = (1n << 64n) - 1n;
export const RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_DATA = 2, RLIMIT_STACK = 3, RLIMIT_CORE = 4;
export const RLIMIT_RSS = 5, RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7, RLIMIT_MEMLOCK = 8, RLIMIT_AS = 9;
export const RLIM_NLIMITS = 16;

/** Processes a user may have: a fork bomb meets EAGAIN here before memory runs out. */
export const DEFAULT_NPROC = 512;

export class Rlimits {
  private readonly limits: Array<[bigint, bigint]>;

  constructor(from?: Rlimits) {
    // Pairs are replaced by set(), never changed in place: a copy can share them.
    this.limits = from ? from.limits.slice() : Array.from({ length: RLIM_NLIMITS }, (_, r) => defaults(r));
  }

  get(resource: number): [bigint, bigint] {
    if (resource < 0 || resource >= RLIM_NLIMITS) fail(Errno.EINVAL);
    return this.limits[resource];
  }

  /** setrlimit semantics: soft <= hard; raising the hard limit needs privilege. */
  set(resource: number, cur: bigint, max: bigint, privileged: boolean): void {
    const [, oldMax] = this.get(resource);
    if (cur > max) fail(Errno.EINVAL);
    if (max > oldMax && !privileged) fail(Errno.EPERM);
    if (resource === RLIMIT_NOFILE && max > 1024n && max !== RLIM_INFINITY) fail(Errno.EPERM);
    this.limits[resource] = [cur, max];
  }

  cur(resource: number): number {
    const c = this.limits[resource][0];
    return c >= BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(c);
  }
}

function defaults(resource: number): [bigint, bigint] {
  switch (resource) {
    case RLIMIT_STACK: return [8n << 20n, RLIM_INFINITY];
    case RLIMIT_CORE: return [0n, RLIM_INFINITY];
    case RLIMIT_NOFILE: return [1024n, 1024n];
    case RLIMIT_NPROC: return [BigInt(DEFAULT_NPROC), BigInt(DEFAULT_NPROC)];
    case RLIMIT_MEMLOCK: return [8n << 20n, 8n << 20n];
    default: return [RLIM_INFINITY, RLIM_INFINITY];
  }
}
