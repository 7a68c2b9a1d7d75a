// Command-line options of `aster`.
export interface CliOptions {
  mounts: Array<{ host: string; guest: string }>;
  cwd: string;
  env: string[];
  stats: boolean;
  strace: boolean;
  record: string | null;
  replay: string | null;
  /** Machine snapshots (src/cli/snapshot.ts): where to save, what to resume, when to stop. */
  snapshotOut: string | null;
  snapshotIn: string | null;
  snapshotAt: bigint | null;
  seed: bigint;
  memMiB: number;
  /** An image file or a host directory; null = the built default image. */
  rootfs: string | null;
  program: string[];
  help: boolean;
}

export class UsageError extends Error {}

export const USAGE = `usage: aster [options] [-- program [args...]]

Runs a riscv64 Linux program on the Aster Playground machine; with no program, an interactive
shell (Debian's busybox sh) on the root file system image.

options:
  --mount HOST:GUEST   pass host directory HOST through, read-write, at GUEST (repeatable)
  --cwd DIR            the working directory (default / for a program, /root for the shell)
  --rootfs PATH        root file system: an image (build/rootfs.img by default) or a host directory
  --env K=V            add an environment variable (repeatable)
  --stats              print a JSON line of run statistics on stderr at exit
  --strace             trace every system call on stderr
  --record FILE        record the run (input, time, randomness) so it can be replayed exactly
  --replay FILE        replay a recording: same output, same exit status, checked by digests
  --snapshot-out FILE  save the whole machine to FILE: on SIGUSR1 (and keep running), on
                       SIGTERM or SIGHUP (then exit 128+signal), or at --snapshot-at
  --snapshot-at N      stop after N retired instructions, save to --snapshot-out, exit 0
  --snapshot-in FILE   resume a saved machine exactly where it stopped (program, environment,
                       memory size and seed come from the snapshot)
  --seed N             seed of all guest randomness (default 0)
  --mem MIB            guest RAM in MiB (default 512)
  -h, --help           this text
`;

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { mounts: [], cwd: "", env: [], stats: false, strace: false, record: null, replay: null, snapshotOut: null, snapshotIn: null, snapshotAt: null, seed: 0n, memMiB: 512, rootfs: null, program: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case "--":
        o.program = argv.slice(i + 1);
        return o;
      case "--mount": {
        const v = value();
        const colon = v.lastIndexOf(":");
        if (colon <= 0 || !v.slice(colon + 1).startsWith("/")) throw new UsageError(`--mount wants HOST:/GUEST, got ${v}`);
        o.mounts.push({ host: v.slice(0, colon), guest: v.slice(colon + 1) });
        break;
      }
      case "--cwd": o.cwd = value(); break;
      case "--rootfs": o.rootfs = value(); break;
      case "--env": {
        const v = value();
        if (!v.includes("=")) throw new UsageError(`--env wants K=V, got ${v}`);
        o.env.push(v);
        break;
      }
      case "--stats": o.stats = true; break;
      case "--strace": o.strace = true; break;
      case "--record": o.record = value(); break;
      case "--replay": o.replay = value(); break;
      case "--snapshot-out": o.snapshotOut = value(); break;
      case "--snapshot-in": o.snapshotIn = value(); break;
      case "--snapshot-at": {
        const v = value();
        if (!/^\d+$/.test(v) || BigInt(v) === 0n) throw new UsageError(`--snapshot-at wants a positive instruction count, got ${v}`);
        o.snapshotAt = BigInt(v);
        break;
      }
      case "--seed": {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--seed wants a number, got ${v}`);
        o.seed = BigInt(v);
        break;
      }
      case "--mem": {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 16 || n > 4000) throw new UsageError("--mem wants a size in MiB between 16 and 4000");
        o.memMiB = n;
        break;
      }
      case "-h": case "--help": o.help = true; break;
      default:
        if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
        o.program = argv.slice(i);
        return o;
    }
  }
  return o;
}
