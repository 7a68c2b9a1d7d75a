// `aster`: run a riscv64 Linux program in the terminal. The CLI's stdin, stdout and stderr are
// the guest's fds 0, 1 and 2; its exit status is the guest's. bin/aster.cjs loads this bundle
// and calls runCli().
import * as fs from "node:fs";
import * as path from "node:path";
import { DeadlockError, REPLAY_ENDED, Session, type SessionConfig } from "../worker/session.js";
import { DivergenceError } from "../ostd/index.js";
import { BUILD_ID } from "../worker/build_id.js";
import { RECORDING_FORMAT, RECORDING_VERSION, encodeRecording, incompatibility, type Recording } from "../worker/recording.js";
import { ElfError } from "../kernel/elf/elf.js";
import { Errno, SysError } from "../kernel/errno.js";
import { nodeHostFs } from "./node_hostfs.js";
import { SYSCALL_TABLE } from "../kernel/syscall/table.js";
import { USAGE, UsageError, parseArgs, type CliOptions } from "./args.js";
import { readMountedTrees } from "./copy_in.js";
import { compileCore, restoreTiering } from "./tiering.js";
import { readHostInput } from "./host_input.js";
import type { SaveMeta } from "./snapshot.js";

// Start-up time is most of a short run, so modules only some runs need (child processes for
// stty and the first image build, hashing for --record/--replay) are loaded when used.
function spawnSync(...args: Parameters<typeof import("node:child_process").spawnSync>): ReturnType<typeof import("node:child_process").spawnSync> {
  return process.getBuiltinModule("node:child_process").spawnSync(...args);
}

/** A file's bytes as a plain Uint8Array that owns its whole ArrayBuffer (snapshots name the
 *  root file system image by its buffer). A big file's Buffer already does: viewing it saves
 *  copying megabytes at start-up; a small one shares Node's pool and is copied. */
function readBytes(file: string): Uint8Array {
  const b = fs.readFileSync(file);
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? new Uint8Array(b.buffer) : new Uint8Array(b);
}

/** Whether fd is a terminal. Pipes and files are answered from fstat: asking Node's tty module
 *  (or touching process.stdin/stdout) loads its net and stream modules, ~5 ms of start-up that a
 *  run from a pipe, a file or /dev/null does not need. */
function isTerminal(fd: number): boolean {
  try {
    const st = fs.fstatSync(fd);
    if (!st.isCharacterDevice() || st.rdev === devNull()) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule("node:tty").isatty(fd);
}

let devNullRdev: number | undefined;
function devNull(): number {
  return (devNullRdev ??= fs.statSync("/dev/null").rdev);
}

function sha256Hex(bytes: Uint8Array): string {
  return process.getBuiltinModule("node:crypto").createHash("sha256").update(bytes).digest("hex");
}

/** Write all of `data`; false if the reader has gone (EPIPE), which the guest then sees. */
function writeAll(fd: number, data: Uint8Array): boolean {
  let off = 0;
  while (off < data.length) {
    try {
      off += fs.writeSync(fd, data, off, data.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return false;
      // stdout may be a non-blocking pipe: wait for the reader rather than lose bytes.
      if (code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
  return true;
}

function defaultEnv(o: CliOptions): string[] {
  const env = new Map<string, string>([
    ["PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    ["HOME", "/root"],
    ["TERM", process.env.TERM ?? "xterm-256color"],
    ["LANG", "C.UTF-8"],
  ]);
  for (const kv of o.env) env.set(kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1));
  return [...env].map(([k, v]) => `${k}=${v}`);
}

/**
 * The root file system: --rootfs PATH (an image or a host directory), else the default image
 * (build/rootfs.img), built on first use. A program run works without one (bare tmpfs); the
 * shell needs it.
 */
function loadRootfs(buildDir: string, choice: string | null, required: boolean): SessionConfig["rootfs"] | null | "error" {
  const defaultImage = path.join(buildDir, "rootfs.img");
  const buildRootfsScript = path.join(buildDir, "..", "scripts", "build-rootfs.mjs");
  if (choice !== null) {
    if (!fs.existsSync(choice)) {
      process.stderr.write(`aster: --rootfs: ${choice} does not exist\n`);
      return "error";
    }
    if (fs.statSync(choice).isDirectory()) return { hostDir: path.resolve(choice) };
    return { image: readBytes(choice) };
  }
  if (!fs.existsSync(defaultImage) && required) {
    process.stderr.write("aster: building the root file system image (first run)...\n");
    const r = spawnSync(process.execPath, [buildRootfsScript], { stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0 || !fs.existsSync(defaultImage)) {
      process.stderr.write("aster: the root file system image could not be built (see above); `npm run build:rootfs` retries\n");
      return "error";
    }
  }
  if (!fs.existsSync(defaultImage)) return null;
  // Our own build output: its per-file hashes were checked when it was packed.
  return { image: readBytes(defaultImage), verify: false };
}

export interface CliResult {
  status: number;
  /** A guest program ran (not just --help or a usage error): the run exercised the code a
   *  code cache should hold. */
  ranProgram: boolean;
}

/** Called at the end of each start-up phase when ASTER_TRACE_STARTUP is set (bin/aster.cjs). */
type StartupMark = (phase: string) => void;

/** Run the CLI with `argv` (the arguments after the script); `buildDir` holds core.wasm and
 *  rootfs.img. Resolves to the exit status; the caller exits the process. */
export async function runCli(argv: string[], buildDir: string, mark?: StartupMark): Promise<CliResult> {
  const result: CliResult = { status: 0, ranProgram: false };
  try {
    result.status = await main(argv, buildDir, result, mark);
  } finally {
    restoreTiering();
  }
  return result;
}

async function main(argv: string[], buildDir: string, result: CliResult, mark?: StartupMark): Promise<number> {
  let o: CliOptions;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`aster: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let replay: Recording | null = null;
  if (o.replay !== null) {
    try {
      // A JSON recording, or a share link saved to a file (the link codec loads only then).
      const { decodeRecordingText } = await import("../worker/link.js");
      replay = decodeRecordingText(fs.readFileSync(o.replay, "utf8"));
    } catch (e) {
      process.stderr.write(`aster: --replay ${o.replay}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    if (replay.build !== BUILD_ID) {
      process.stderr.write(`aster: --replay: ${incompatibility(replay, { build: BUILD_ID, rootfs: replay.rootfs })}; replaying it here could not reproduce the run\n`);
      return 2;
    }
    o.program = replay.config.argv;
    o.env = [];
    o.cwd = replay.config.cwd;
    o.memMiB = replay.config.memMiB;
    o.seed = BigInt(replay.config.seed);
  }
  // The snapshot code (and its compressor) loads only for runs that use it.
  const snapshots = o.snapshotOut !== null || o.snapshotIn !== null || o.snapshotAt !== null ? await import("./snapshot.js") : null;
  const snapshotPlan = snapshots ? snapshots.loadSnapshotOptions(o) : { snapshot: null };
  if (typeof snapshotPlan === "number") return snapshotPlan;
  const resume = snapshotPlan.snapshot;
  // A recording that started from a snapshot replays on that snapshot (--snapshot-in), and
  // one that booted fresh on none.
  if (replay && replay.snapshot !== (resume?.hash ?? null)) {
    process.stderr.write(`aster: --replay: ${replay.snapshot
      ? `the recording starts from snapshot ${replay.snapshot.slice(0, 12)}; give that snapshot with --snapshot-in${resume ? ` (this one is ${resume.hash.slice(0, 12)})` : ""}`
      : "the recording booted a fresh machine; drop --snapshot-in"}\n`);
    return 2;
  }
  if (replay && o.mounts.length) {
    process.stderr.write("aster: --replay: the recording holds its mounted directories as they were; drop --mount\n");
    return 2;
  }
  // A recorded run gets copies of its mounted directories (src/cli/copy_in.ts), kept in the
  // recording; a replay gets the recorded copies.
  let files = replay?.config.files;
  if (o.record !== null && o.mounts.length) {
    for (const m of o.mounts) {
      if (!fs.existsSync(m.host) || !fs.statSync(m.host).isDirectory()) {
        process.stderr.write(`aster: --mount: ${m.host} is not a directory\n`);
        return 2;
      }
    }
    const copied = readMountedTrees(o.mounts);
    if (typeof copied === "string") {
      process.stderr.write(`aster: --record: ${copied}\n`);
      return 2;
    }
    files = copied;
    o.mounts = [];
  }
  const shell = o.program.length === 0;
  const rootfs = loadRootfs(buildDir, o.rootfs, shell || (replay !== null && replay.rootfs !== null) || (resume !== null && resume.header.rootfs !== null));
  if (rootfs === "error") return 2;
  // The image's identity matters only to recordings.
  const rootfsId = (o.record !== null || replay || resume || o.snapshotOut !== null) && rootfs && "image" in rootfs ? sha256Hex(rootfs.image) : null;
  if (replay && replay.rootfs !== rootfsId) {
    process.stderr.write(`aster: --replay: ${incompatibility(replay, { build: BUILD_ID, rootfs: rootfsId })}; refusing to replay on other files\n`);
    return 2;
  }
  if (resume) {
    const refused = snapshots!.checkSnapshotIn(resume, BUILD_ID, rootfsId);
    if (refused !== null) return refused;
  }
  if (shell) o.program = ["/bin/sh", "-l"];
  if (o.cwd === "") o.cwd = shell ? "/root" : "/";
  for (const m of o.mounts) {
    if (!fs.existsSync(m.host) || !fs.statSync(m.host).isDirectory()) {
      process.stderr.write(`aster: --mount: ${m.host} is not a directory\n`);
      return 2;
    }
  }
  mark?.("root file system read");
  const started = process.uptime();
  const coreBytes = fs.readFileSync(path.join(buildDir, "core.wasm"));
  const core = compileCore(coreBytes);
  mark?.("core compiled");
  const saved = resume?.header.config;
  const tty = replay ? replay.config.tty : saved ? saved.tty : isTerminal(0);
  const env = replay ? replay.config.env : saved ? saved.env : defaultEnv(o);
  const bootEpochNs = replay ? BigInt(replay.config.bootEpochNs) : saved ? BigInt(saved.bootEpochNs) : BigInt(Date.now()) * 1_000_000n;
  const outputIsTty = replay ? tty : saved ? saved.outputIsTty : isTerminal(1);
  // The guest's terminal is the host's (not for a replay, whose input is in its log).
  const stdinIsTerminal = isTerminal(0);
  const interactive = !replay && tty && stdinIsTerminal;
  // Host input is listened to from the end of the session's first slice or its first wait,
  // whichever comes first: a program that ends before (most short runs) never reads it, nor
  // creates process.stdin, which costs start-up time. Input typed before that waits in the
  // host's terminal or pipe (src/cli/host_input.ts). A replay takes its input from the log.
  const listen = replay ? undefined : () => readHostInput(stdinIsTerminal, (bytes) => session.input(bytes));
  const session = new Session(
    {
      core, ramBytes: o.memMiB * 1024 * 1024, seed: o.seed, bootEpochNs,
      argv: o.program, env, cwd: o.cwd,
      record: o.record !== null, replay: replay?.events, replayOpenEnded: replay !== null && replay.exitStatus === null, skipIdle: replay !== null,
      mounts: o.mounts.map((m) => ({ host: path.resolve(m.host), guest: m.guest })), hostFs: nodeHostFs, files,
      rootfs: rootfs ?? undefined,
      snapshots: o.snapshotOut !== null, restore: resume?.image,
    },
    {
      write: (stream, data) => writeAll(stream, data),
      diagnose: (line) => writeAll(2, new TextEncoder().encode(line + "\n")),
      inputIsTty: tty,
      outputIsTty,
      listen,
    },
  );
  if (o.strace) {
    session.kernel.syscallObserver = (t, nr, args, ret) => {
      const name = SYSCALL_TABLE.get(nr)?.name ?? `syscall_${nr}`;
      const r = BigInt.asIntN(64, ret);
      const shown = r < 0n && r > -4096n ? `-1 ${Errno[Number(-r)] ?? -r}` : r > 0xffffn ? `0x${r.toString(16)}` : String(r);
      writeAll(2, new TextEncoder().encode(`[${t.tid}] ${name}(${args.slice(0, 3).map((a) => "0x" + a.toString(16)).join(", ")}) = ${shown}\n`));
    };
  }
  mark?.("machine and kernel made");
  try {
    session.start();
  } catch (e) {
    if (e instanceof ElfError) {
      process.stderr.write(`aster: not a riscv64 ELF executable: ${o.program[0]}: ${e.message}\n`);
      return 126;
    }
    if (e instanceof SysError) {
      const what = e.errno === Errno.ENOENT ? "No such file or directory" : e.message;
      process.stderr.write(`aster: ${o.program[0]}: ${what}\n`);
      return e.errno === Errno.ENOENT ? 127 : 126;
    }
    throw e;
  }
  const snapshotMeta: SaveMeta | null = o.snapshotOut === null ? null : {
    path: o.snapshotOut, build: BUILD_ID, rootfs: rootfsId, rootfsImage: rootfs && "image" in rootfs ? rootfs.image : null,
    config: { memMiB: o.memMiB, tty, outputIsTty, seed: o.seed.toString(), bootEpochNs: bootEpochNs.toString(), argv: o.program, env, cwd: o.cwd },
  };
  if (snapshotMeta) snapshots!.armSnapshotOut(session, o, snapshotMeta);
  // A terminal on the host: the guest's tty does the line editing and echo, so the host's
  // terminal goes raw, and its size follows the window.
  // (A resumed machine keeps the terminal kind it was saved with.)
  if (interactive) {
    process.stdin.setRawMode(true);
    // libuv's raw mode keeps output post-processing (ONLCR); the guest's tty already does it,
    // and full-screen programs that turn it off must get bare line feeds. Restored at exit.
    spawnSync("stty", ["-opost"], { stdio: ["inherit", "ignore", "ignore"] });
    const size = () => session.resize(process.stdout.columns ?? 80, process.stdout.rows ?? 24);
    size();
    process.stdout.on("resize", size);
    process.on("exit", () => {
      spawnSync("stty", ["opost"], { stdio: ["inherit", "ignore", "ignore"] });
      process.stdin.setRawMode(false);
    });
  }
  mark?.("first program loaded");
  let status: number;
  result.ranProgram = true;
  try {
    status = await session.run();
  } catch (e) {
    if (!(e instanceof DeadlockError) && !(e instanceof DivergenceError)) throw e;
    process.stderr.write(`aster: ${e.message}\n`);
    status = e instanceof DeadlockError ? 124 : 125;
  }
  mark?.("run ended");
  if (snapshotMeta) status = snapshots!.stoppedAtSnapshot(session, snapshotMeta) ?? status;
  if (replay && status === REPLAY_ENDED) {
    process.stderr.write(`aster: replay identical: ${replay.events.length} events, ${session.stats().instret} instructions (the run was still going when it was recorded)\n`);
    status = 0;
  } else if (replay && status !== 125) {
    const same = status === replay.exitStatus;
    process.stderr.write(same
      ? `aster: replay identical: ${replay.events.length} events, ${session.stats().instret} instructions, exit status ${status}\n`
      : `aster: replay diverged: exit status ${status}, recorded ${replay.exitStatus}\n`);
    if (!same) status = 125;
  }
  if (o.record !== null) {
    const rec: Recording = {
      format: RECORDING_FORMAT, version: RECORDING_VERSION, build: BUILD_ID, rootfs: rootfsId, snapshot: resume?.hash ?? null,
      config: { seed: o.seed.toString(), memMiB: o.memMiB, argv: o.program, env, cwd: o.cwd, bootEpochNs: bootEpochNs.toString(), tty, ...(files ? { files } : {}) },
      events: session.events(), exitStatus: status, instret: String(session.stats().instret),
    };
    fs.writeFileSync(o.record, encodeRecording(rec));
  }
  if (o.stats) {
    const s = session.stats();
    const seconds = process.uptime() - started;
    const line = {
      instret: s.instret, seconds: Number(seconds.toFixed(3)), mips: Math.round(s.instret / seconds / 1e6), syscalls: s.syscalls, enosys: s.enosys,
      pageFaults: s.pageFaults, jitCompiles: s.jitCompiles, decodedPages: s.decodedPages, decodeEvictions: s.decodeEvictions, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    writeAll(2, new TextEncoder().encode(JSON.stringify(line) + "\n"));
  }
  return status;
}
