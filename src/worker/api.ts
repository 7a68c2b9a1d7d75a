// The one seam between the playground's page (src/ui) and the worker that runs the machine
// (src/worker/worker.ts): types only. The page reaches the worker through comlink as
// Remote<PlaygroundApi>; the worker calls back through the PlaygroundEvents it is handed.
// Everything crossing is structured-cloneable plain data (bigint for u64 values); terminal
// bytes cross as transferred Uint8Arrays, batched, never per byte.

/** Bytes, or where to fetch them (relative URLs resolve against the worker's location). */
export type Asset = { bytes: ArrayBuffer } | { url: string };

export interface BootOptions {
  /** The machine core (build/core.wasm); omitted: the previous boot's. */
  core?: Asset;
  /** The root file system image (build/rootfs.img); null boots on a bare tmpfs; omitted: the
   *  previous boot's when the core is omitted too, else none. */
  rootfs?: Asset | null;
  /** Default ["/bin/sh", "-l"]. */
  argv?: string[];
  /** Default "/root". */
  cwd?: string;
  /** Added to PATH, HOME, TERM, LANG. */
  env?: string[];
  cols: number;
  rows: number;
  /** Guest RAM in MiB (default 256). */
  ramMiB?: number;
  /** Seed of every random value the guest sees (default 0). */
  seed?: bigint;
  /** Guest wall clock at boot, ns since the Unix epoch (default: the host's clock). */
  bootEpochNs?: bigint;
  /** Replay a share link (its fragment, `v1.…`) instead: the link's configuration replaces
   *  argv, cwd, env, ramMiB, seed and bootEpochNs. Refused when the link names another build
   *  or root file system, unless `force` (then a divergence is reported if it happens). */
  replay?: { link: string; force?: boolean };
  /** Resume a saved machine (a file from saveSnapshot) instead of booting a new one: program,
   *  memory size, seed and clock come from it, and it must have been saved on this build and
   *  root file system. Transferred. */
  snapshot?: ArrayBuffer;
}

export interface BootInfo {
  pid: number;
  ramBytes: number;
  /** Milliseconds the worker spent compiling the core, loading the image and starting pid 1. */
  bootMs: number;
  /** What is being replayed, when booted with `replay`. */
  replay?: LinkSummary;
  /** The hash of the snapshot this boot resumed, if it resumed one. */
  snapshot?: string;
}

/** A saved machine (src/worker/snapshot.ts): the file, and what to show about it. */
export interface SavedSnapshot {
  file: Uint8Array;
  /** SHA-256 of the file: its identity. */
  hash: string;
  /** Instructions retired when saved (decimal). */
  instret: string;
  /** Size before compression. */
  rawBytes: number;
  argv: string[];
}

/** What a share link will replay. */
export interface LinkSummary {
  argv: string[];
  cwd: string;
  /** Events in its log, and how many of them are typed input, files, window sizes. */
  events: number;
  inputBytes: number;
  files: Array<{ path: string; size: number }>;
  resizes: number;
  /** Recorded idle time (waits cut short by input), in milliseconds. */
  idleMs: number;
  /** Instructions the run had retired when it was shared. */
  instret: string;
  /** Exit status of the recorded run; null: it was still running (it goes on live). */
  exitStatus: number | null;
  build: string;
  rootfs: string | null;
  snapshot: string | null;
}

/** inspectLink's answer: the link's contents and whether this page can replay it exactly. */
export type LinkReport =
  | { ok: true; summary: LinkSummary; length: number; mismatch: string | null }
  | { ok: false; error: string };

/** How a replay ended. */
export interface ReplayResult {
  /** The whole log was reproduced (digests matched). */
  ok: boolean;
  message: string;
}

/** share()'s answer: the fragment (without `#`) of a link that replays the run so far. */
export type ShareResult =
  | { ok: true; fragment: string; events: number; instret: string }
  | { ok: false; error: string };

/** Why the machine is not running. */
export type RunState =
  | { kind: "running" }
  | { kind: "paused"; reason: "user" | "breakpoint" | "step"; pid: number | null; pc: bigint | null }
  | { kind: "exited"; status: number };

/** What the worker tells the page, unasked. */
export interface PlaygroundEvents {
  /** Terminal output, in order; the page calls ackOutput(bytes.length) once it is shown. */
  output(bytes: Uint8Array): void;
  /** The machine paused, resumed or its first process exited. */
  state(s: RunState): void;
  /** A diagnosis line from the kernel (e.g. the shell was killed by a signal). */
  diagnose(line: string): void;
  /** A replay (boot with `replay`) reproduced its whole log, or diverged; either way the
   *  machine now runs live and takes input. */
  replayEnded(r: ReplayResult): void;
}

export interface ThreadInfo {
  tid: number;
  state: "runnable" | "sleeping" | "exited";
  /** What a sleeping thread waits on ("read", "wait4", "sleep", "stopped", ...). */
  waitingOn: string;
  instret: number;
  pc: bigint;
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** ps's letter: R running or runnable, S sleeping, T stopped, Z zombie. */
  state: "R" | "S" | "T" | "Z";
  /** For S: what the main thread waits on. */
  waitingOn: string;
  comm: string;
  argv: string[];
  /** Instructions retired by all its threads. */
  instret: number;
  /** Pages mapped in its page table. */
  residentPages: number;
  threads: ThreadInfo[];
  /** In the terminal's foreground process group. */
  foreground: boolean;
}

export interface SyscallEvent {
  /** Increasing, without gaps: a reader knows how many it missed. */
  seq: number;
  pid: number;
  tid: number;
  nr: number;
  name: string;
  /** `name(args) = result`, decoded when the call completed. */
  text: string;
  failed: boolean;
  /** Instructions retired by the machine when the call completed. */
  instret: number;
}

export interface SyscallBatch {
  events: SyscallEvent[];
  /** Events after `since` that fell out of the ring buffer before this read. */
  dropped: number;
  /** seq of the newest event (pass it as `since` next time). */
  last: number;
}

export interface SyscallCount {
  nr: number;
  name: string;
  calls: number;
  errors: number;
}

export interface Mapping {
  start: bigint;
  end: bigint;
  /** "r-xp" as in /proc/PID/maps. */
  perms: string;
  offset: number;
  name: string;
  /** Pages with a frame (or PROT_NONE placeholder) in the page table. */
  resident: number;
  /** Resident pages whose frame another mapping also holds, without copy-on-write: MAP_SHARED
   *  areas, and read-only ones (a program's code shared by every process running it). */
  shared: number;
  /** Resident pages of a private writable area whose frame another mapping also holds: the
   *  first write copies them (copy-on-write, after fork). */
  cow: number;
  /** Resident pages the hart has written (D set). */
  dirty: number;
}

export interface PteFlagsView {
  V: boolean; R: boolean; W: boolean; X: boolean; U: boolean; G: boolean; A: boolean; D: boolean;
  rsw: number;
}

export interface WalkStepView {
  level: number;
  vpn: number;
  tableAddr: number;
  pteAddr: number;
  pte: bigint;
  ppn: number;
  flags: PteFlagsView;
  kind: "table" | "leaf" | "invalid";
}

export interface PageWalk {
  va: bigint;
  rootPfn: number;
  steps: WalkStepView[];
  leaf: { pfn: number; pa: number; pageBytes: number } | null;
  fault: string | null;
  /** The frame's references (2+ = shared or copy-on-write), when a leaf maps the page. */
  frameRefs: number | null;
}

export interface CpuView {
  pid: number;
  tid: number;
  threadState: ThreadInfo["state"];
  waitingOn: string;
  /** x0..x31 */
  x: bigint[];
  /** f0..f31 (raw 64-bit patterns; NaN-boxed singles) */
  f: bigint[];
  pc: bigint;
  fcsr: number;
  /** Code around pc: `bytes` start at `codeBase` (short where memory is not mapped). */
  codeBase: bigint;
  code: Uint8Array;
  instret: number;
}

export interface StatsSample {
  /** performance.now() in the worker when sampled. */
  hostMs: number;
  instret: number;
  syscalls: number;
  pageFaults: number;
  framesUsed: number;
  framesTotal: number;
  switches: number;
  /** Host milliseconds spent running the guest (not idle, not paused). */
  busyMs: number;
  processes: number;
  /** Guest pages the JIT tier compiled, and compilations that failed (docs/jit.md). */
  jitCompiles: number;
  jitFailures: number;
  /** Guest code pages decoded into the decoded-instruction cache, and of those how many took
   *  another page's slot (docs/architecture.md "The hart state in memory"). */
  decodedPages: number;
  decodeEvictions: number;
}

export interface DirEntryView {
  name: string;
  type: "dir" | "file" | "link" | "other";
  size: number;
}

export type FileResult = { ok: true; path: string; size: number } | { ok: false; error: string };

/** A file of a host folder copied into the guest, or written back from it. */
export interface FolderFile {
  /** Relative to the folder, "/"-separated. */
  path: string;
  bytes: Uint8Array;
}

/** Changes in a copied-in folder since it was copied in or last synced. */
export interface FolderChanges {
  written: FolderFile[];
  deleted: string[];
  /** Directories the guest created (relative paths). */
  dirs: string[];
}

/** The worker's API. Methods that inspect a process return null when it does not exist. */
export interface PlaygroundApi {
  /** Fetch (given URLs) and compile the assets, boot a new machine (replacing any other),
   *  start its first process. Rejects with why it cannot. */
  boot(options: BootOptions, events: PlaygroundEvents): Promise<BootInfo>;
  /** Decode a share link and compare it with this machine (fetching and compiling the assets
   *  as boot does, so a boot without `core` can follow). */
  inspectLink(link: string, assets: { core: Asset; rootfs: Asset | null }): Promise<LinkReport>;
  /** A link replaying this machine's run so far; refused (with why) after debugger stepping,
   *  a signal sent from the page, a diverged replay, or while a replay still runs. */
  share(): ShareResult;
  /** Replay at full speed to the end of the log (then the machine runs live). */
  skipReplay(): void;
  input(bytes: Uint8Array): void;
  resize(cols: number, rows: number): void;
  ackOutput(bytes: number): void;

  processes(): ProcessInfo[];
  signal(pid: number, sig: number): { ok: boolean; error?: string };

  stats(): StatsSample;
  /** Decoding costs time: the panel turns it on while it is shown. Counting never stops. */
  setTracing(on: boolean): void;
  syscalls(since: number, max: number): SyscallBatch;
  syscallCounts(): SyscallCount[];

  maps(pid: number): Mapping[] | null;
  walk(pid: number, va: bigint): PageWalk | null;

  cpu(pid: number): CpuView | null;
  pause(): RunState;
  resume(): RunState;
  /** One instruction (or system call) of pid's main thread; only while paused. */
  step(pid: number): { ok: boolean; error?: string; outcome?: string };
  /** Stop when pid's main thread reaches one of `addrs` (empty clears). */
  setBreakpoints(pid: number, addrs: bigint[]): void;
  runState(): RunState;

  upload(dir: string, name: string, bytes: Uint8Array): FileResult;
  download(path: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string };
  listDir(path: string): { ok: true; entries: DirEntryView[] } | { ok: false; error: string };

  /** Save the whole machine: CPU, memory, kernel objects. Boot it again with
   *  BootOptions.snapshot. Rejects with why it cannot (e.g. no machine). */
  saveSnapshot(): SavedSnapshot;

  /** Copy a host folder into the guest at `guestDir` (created), remembering what was copied. */
  mountFolder(guestDir: string, files: FolderFile[], dirs: string[]): FileResult;
  /** What the guest changed in a copied-in folder since the last call (or the copy-in). */
  folderChanges(guestDir: string): FolderChanges | null;
  /** Changes made on the host side of a copied-in folder: written into the guest's copy (and
   *  not reported back by folderChanges). */
  folderApplyHost(guestDir: string, changes: FolderChanges): FileResult;
}
