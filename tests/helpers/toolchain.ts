// Shared by the test suites and the benchmarks: build guest programs with the riscv64 cross
// compiler into a git-ignored cache, and run a guest binary under our CLI or under the
// reference oracle, qemu-riscv64.
import { spawnSync, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const guestCache = join(repoRoot, "build", "guest");
export const asterBin = join(repoRoot, "bin", "aster.cjs");
export const CC = "riscv64-linux-gnu-gcc";
export const QEMU = "qemu-riscv64";

export interface RunResult {
  status: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
}

export interface RunOptions {
  input?: string | Buffer;
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Compile C or assembly sources into a static riscv64 executable, cached by content hash.
 *  Returns the executable's path. Throws with the compiler's message on error. */
export function compileGuest(sources: string | string[], flags: string[] = ["-O2"]): string {
  const list = Array.isArray(sources) ? sources : [sources];
  const hash = createHash("sha256");
  for (const s of list) hash.update(s).update(readFileSync(s));
  hash.update(flags.join(" "));
  const name = basename(list[0]).replace(/\.[^.]+$/, "");
  const out = join(guestCache, `${name}-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(out)) return out;
  mkdirSync(guestCache, { recursive: true });
  const tmp = `${out}.tmp${process.pid}`;
  execFileSync(CC, ["-static", ...flags, "-o", tmp, ...list, "-lm"], { stdio: ["ignore", "pipe", "pipe"] });
  renameSync(tmp, out);
  return out;
}

/** The host's own C compiler, for programs whose oracle is the host's Linux kernel itself
 *  (syscall semantics qemu-user gets wrong or lacks). */
export const HOST_CC = "cc";

/** Compile C sources into a host executable, cached by content hash (build/guest-native). */
export function compileNative(sources: string | string[], flags: string[] = ["-O2"]): string {
  const list = Array.isArray(sources) ? sources : [sources];
  const hash = createHash("sha256");
  for (const s of list) hash.update(s).update(readFileSync(s));
  hash.update(flags.join(" "));
  const name = basename(list[0]).replace(/\.[^.]+$/, "");
  const dir = join(repoRoot, "build", "guest-native");
  const out = join(dir, `${name}-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.tmp${process.pid}`;
  execFileSync(HOST_CC, [...flags, "-o", tmp, ...list, "-lm", "-lpthread"], { stdio: ["ignore", "pipe", "pipe"] });
  renameSync(tmp, out);
  return out;
}

function toResult(r: ReturnType<typeof spawnSync>): RunResult {
  if (r.error) throw r.error;
  return {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout as Buffer,
    stderr: r.stderr as Buffer,
  };
}

/** Run `npx aster <args>` (the built CLI) synchronously. */
export function runAster(args: string[], opts: RunOptions = {}): RunResult {
  return toResult(
    spawnSync(process.execPath, [asterBin, ...args], {
      input: opts.input ?? "",
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, ...opts.env },
      timeout: opts.timeoutMs ?? 60_000,
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
}

/** Run a guest binary under qemu-riscv64 synchronously. */
export function runQemu(binary: string, args: string[] = [], opts: RunOptions = {}): RunResult {
  return toResult(
    spawnSync(QEMU, [binary, ...args], {
      input: opts.input ?? "",
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, ...opts.env },
      timeout: opts.timeoutMs ?? 60_000,
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
}

/** Run a guest binary (a host path) under our CLI, with the binary's folder mounted at /work. */
export function runGuestUnderAster(binary: string, args: string[] = [], opts: RunOptions = {}): RunResult {
  const dir = dirname(binary);
  return runAster(["--mount", `${dir}:/work`, "--cwd", "/work", "--", `/work/${basename(binary)}`, ...args], opts);
}

export function haveTool(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}
