// Helpers of the guest conformance suite (tests/guest): compile one of our C programs, run it
// under qemu-riscv64 (the oracle) and under our CLI with the same arguments, stdin and
// environment, and describe how the two runs differ.
import { spawn, type SpawnOptions } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { QEMU, asterBin, compileGuest, compileNative } from "../helpers/toolchain";

export const guestSrcDir = dirname(fileURLToPath(import.meta.url));

/** Headers the programs include; their contents are hashed into the compile cache key. */
const HEADERS = ["check.h", "fp.h"];

/** The CLI under test: bin/aster.cjs, or ASTER_GUEST_CLI (e.g. a frozen copy of bin/ and build/
 *  while others rebuild the work tree). */
export const cliUnderTest = process.env.ASTER_GUEST_CLI || asterBin;

export interface AsyncRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: Buffer;
  stderr: Buffer;
}

/** spawn, feed stdin, collect stdout/stderr; SIGKILL after timeoutMs.  Asynchronous, so that a
 *  long run does not block the vitest worker (whose RPC to the runner would time out). */
export function run(cmd: string, args: string[], opts: SpawnOptions & { input?: string | Buffer; timeoutMs: number }): Promise<AsyncRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs);
    child.stdout!.on("data", (d: Buffer) => out.push(d));
    child.stderr!.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, timedOut, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
    });
    child.stdin!.on("error", () => {}); // the guest may exit without reading its stdin
    child.stdin!.end(opts.input ?? "");
  });
}

/** Run the CLI under test. */
export function runCli(args: string[], input: string | Buffer = "", timeoutMs = 120_000): Promise<AsyncRun> {
  return run(process.execPath, [cliUnderTest, ...args], { input, timeoutMs, cwd: dirname(dirname(cliUnderTest)) });
}

/** Where a program that needs a writable directory sees it under our CLI. */
export const GUEST_DATA_DIR = "/data";
/** Placeholder in GuestCase.args replaced by the writable directory's path. */
export const DIR_ARG = "@DIR";

export interface GuestCase {
  /** Test name, also the key of tests/guest/blocklist.txt. */
  name: string;
  /** Base name of the C source in tests/guest. */
  program: string;
  args?: string[];
  stdin?: string | Buffer;
  /** Environment variables given to the guest (on top of qemu's inherited environment). */
  env?: Record<string, string>;
  /** Give the program a fresh empty writable directory (see DIR_ARG). */
  dir?: boolean;
  /** Exit status the program must have under qemu (a signal death counts as 128+signo). */
  status?: number;
  timeoutMs?: number;
  /** The oracle: qemu-riscv64 running the same binary (default), or the same source compiled
   *  for the host and run on the host's Linux kernel — for system calls qemu-user (7.2 on
   *  Debian bookworm) lacks or gets wrong, e.g. pwritev2's flags, fchmodat2 — or, for what
   *  only a riscv64 kernel has and qemu 7.2 lacks (riscv_hwprobe), "self": the program's own
   *  checks, whose expected values come from the Linux documentation, must all pass. */
  oracle?: "qemu" | "native" | "self";
}

export interface Outcome {
  status: number | null;
  /** Set when the process itself was killed (timeout, or a crash of the runner). */
  killedBy: string | null;
  stdout: Buffer;
  stderr: Buffer;
}

/** Compile tests/guest/NAME.c (cached by content, headers included), for riscv64 or, with
 *  `native`, for the host. */
export function compileProgram(name: string, native = false): string {
  const h = createHash("sha256");
  for (const f of HEADERS) h.update(f).update(readFileSync(join(guestSrcDir, f)));
  const hash = `-DGUEST_HEADERS_HASH=0x${h.digest("hex").slice(0, 12)}`;
  try {
    if (native) return compileNative(join(guestSrcDir, `${name}.c`), ["-O2", "-Wall", hash]);
    return compileGuest(join(guestSrcDir, `${name}.c`), ["-O2", "-march=rv64gc", "-mabi=lp64d", "-Wall", hash]);
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`compiling tests/guest/${name}.c failed:\n${err.stderr?.toString() ?? err.message}`);
  }
}

function signalNumber(name: string): number {
  return (constants.signals as Record<string, number>)[name] ?? 0;
}

async function withScratch<T>(wanted: boolean, fn: (dir: string | null) => Promise<T>): Promise<T> {
  const dir = wanted ? mkdtempSync(join(tmpdir(), "aster-guest-")) : null;
  try {
    return await fn(dir);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Run under qemu-riscv64 (or, for a host-compiled binary, directly on the host). A guest
 *  killed by a signal kills qemu with it: map to 128+signo. */
export function runCaseQemu(binary: string, c: GuestCase, native = false): Promise<Outcome> {
  return withScratch(!!c.dir, async (dir) => {
    const args = (c.args ?? []).map((a) => (a === DIR_ARG ? dir! : a));
    const cwd = mkdtempSync(join(tmpdir(), "aster-qemu-cwd-"));
    try {
      // No core files from the deliberate crashes.
      const r = await run("sh", ["-c", 'ulimit -c 0; exec "$0" "$@"', ...(native ? [binary] : [QEMU, binary]), ...args], {
        input: c.stdin ?? "",
        cwd,
        env: { ...process.env, ...c.env },
        timeoutMs: c.timeoutMs ?? 120_000,
      });
      return {
        status: r.signal && !r.timedOut ? 128 + signalNumber(r.signal) : r.status,
        killedBy: r.timedOut ? "timeout" : null,
        stdout: r.stdout,
        stderr: r.stderr,
      };
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
}

/** Run under our CLI: the binary's folder at /work (the cwd), the scratch dir at /data. */
export function runCaseAster(binary: string, c: GuestCase): Promise<Outcome> {
  return withScratch(!!c.dir, async (dir) => {
    const args = (c.args ?? []).map((a) => (a === DIR_ARG ? GUEST_DATA_DIR : a));
    const cli = ["--mount", `${dirname(binary)}:/work`];
    if (dir) cli.push("--mount", `${dir}:${GUEST_DATA_DIR}`);
    cli.push("--cwd", "/work");
    for (const [k, v] of Object.entries(c.env ?? {})) cli.push("--env", `${k}=${v}`);
    cli.push("--", `/work/${basename(binary)}`, ...args);
    const timeoutMs = c.timeoutMs ?? 120_000;
    const r = await runCli(cli, c.stdin ?? "", timeoutMs);
    return {
      status: r.status,
      killedBy: r.timedOut ? `timeout after ${timeoutMs} ms` : r.signal,
      stdout: r.stdout,
      stderr: r.stderr,
    };
  });
}

function clip(s: string, n = 200): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** null if the two runs agree; otherwise a human-readable account of the first difference. */
export function describeDifference(oracle: Outcome, ours: Outcome): string | null {
  const problems: string[] = [];
  if (ours.killedBy) problems.push(`aster was killed by ${ours.killedBy}`);
  if (oracle.status !== ours.status) problems.push(`exit status: qemu ${oracle.status}, aster ${ours.status}`);
  if (!oracle.stdout.equals(ours.stdout)) {
    const lines = (buf: Buffer) => {
      const l = buf.toString("latin1").split("\n");
      if (l[l.length - 1] === "") l.pop(); // the final newline ends the last line
      return l;
    };
    const a = lines(oracle.stdout);
    const b = lines(ours.stdout);
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    let differing = 0;
    for (let k = 0; k < Math.max(a.length, b.length); k++) if (a[k] !== b[k]) differing++;
    problems.push(
      `stdout differs (qemu ${oracle.stdout.length} bytes/${a.length} lines, aster ${ours.stdout.length} bytes/${b.length} lines, ${differing} lines differ); first at line ${i + 1}:\n` +
        `    qemu:  ${i < a.length ? JSON.stringify(clip(a[i])) : "(end of output)"}\n` +
        `    aster: ${i < b.length ? JSON.stringify(clip(b[i])) : "(end of output)"}`,
    );
  }
  if (problems.length === 0) return null;
  const fails = ours.stdout
    .toString()
    .split("\n")
    .filter((l) => l.includes("FAIL"));
  if (fails.length) problems.push(`aster's failed checks (${fails.length}):\n      ${fails.slice(0, 12).map((l) => clip(l)).join("\n      ")}`);
  const err = ours.stderr.toString().trim();
  if (err) problems.push(`aster stderr: ${clip(err, 600)}`);
  return problems.join("\n  ");
}

/** tests/guest/blocklist.txt: "name: reason" lines; '#' starts a comment. */
export function loadBlocklist(): Map<string, string> {
  const file = join(guestSrcDir, "blocklist.txt");
  const out = new Map<string, string>();
  if (!existsSync(file)) return out;
  for (const raw of readFileSync(file, "utf8").split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error(`tests/guest/blocklist.txt: want "name: reason", got ${JSON.stringify(raw)}`);
    const reason = line.slice(colon + 1).trim();
    if (!reason) throw new Error(`tests/guest/blocklist.txt: entry ${line.slice(0, colon)} has no reason`);
    out.set(line.slice(0, colon).trim(), reason);
  }
  return out;
}
