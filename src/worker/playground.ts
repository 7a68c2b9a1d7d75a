// The worker's side of the seam (api.ts): one machine booted from the core and the root file
// system image, its terminal, and the panels' views of it. Runs in a Web Worker in the browser
// and under worker_threads in Node (worker.ts picks the transport).
import * as Comlink from "comlink";
import { Session } from "./session.js";
import { Runner } from "./runner.js";
import { OutputPump } from "./output.js";
import { SyscallTracer } from "./tracer.js";
import { cpuState, mappings, pageWalk, processList } from "./inspect.js";
import { FolderMirror, download, listDir, upload, type PutFile } from "./files.js";
import { BUILD_ID } from "./build_id.js";
import { RECORDING_FORMAT, RECORDING_VERSION, RecordingError, incompatibility, summarize, type Recording, type RecordingConfig } from "./recording.js";
import { decodeLink, encodeLink, LINK_URL_LIMIT } from "./link.js";
import { ElfError } from "../kernel/elf/elf.js";
import { openSnapshot, saveSnapshot, type SnapshotConfig } from "./snapshot.js";
import { SysError } from "../kernel/errno.js";
import { ProcessState } from "../kernel/process/process.js";
import type {
  Asset, BootInfo, BootOptions, CpuView, DirEntryView, FileResult, FolderChanges, FolderFile, LinkReport, Mapping, PageWalk,
  PlaygroundApi, PlaygroundEvents, ProcessInfo, RunState, SavedSnapshot, ShareResult, StatsSample, SyscallBatch, SyscallCount,
} from "./api.js";

const DEFAULT_ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "TERM=xterm-256color", "LANG=C.UTF-8"];
const DEFAULT_RAM_MIB = 256;

async function load(asset: Asset, what: string): Promise<ArrayBuffer> {
  if ("bytes" in asset) return asset.bytes;
  let r: Response;
  try {
    r = await fetch(asset.url);
  } catch (e) {
    throw new Error(`could not fetch the ${what} (${asset.url}): ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!r.ok) throw new Error(`could not fetch the ${what} (${asset.url}): HTTP ${r.status}`);
  return r.arrayBuffer();
}

/** The compiled core and the image bytes. */
interface Assets {
  core: WebAssembly.Module;
  image: Uint8Array | null;
  /** SHA-256 of the image (hex): recordings name the root file system by it. */
  imageHash: string | null;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function loadAssets(core: Asset, rootfs: Asset | null): Promise<Assets> {
  const [coreBytes, image] = await Promise.all([
    load(core, "machine core (core.wasm)"),
    rootfs ? load(rootfs, "root file system image (rootfs.img)") : Promise.resolve(null),
  ]);
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(coreBytes);
  } catch (e) {
    throw new Error(`the machine core (core.wasm) is not valid WebAssembly: ${e instanceof Error ? e.message : String(e)}`);
  }
  const bytes = image && new Uint8Array(image);
  return { core: module, image: bytes, imageHash: bytes && (await sha256Hex(bytes)) };
}

/** Fire-and-forget a call to the page; a page that went away is not the worker's problem. */
function notify(p: unknown): void {
  if (p instanceof Promise) p.catch(() => undefined);
}

/** One booted machine and what hangs off it. */
interface Machine {
  session: Session;
  runner: Runner;
  pump: OutputPump;
  tracer: SyscallTracer;
  mirrors: Map<string, FolderMirror>;
  /** What a share link or a snapshot records about the run besides the machine itself. */
  config: RecordingConfig;
  outputIsTty: boolean;
  /** The root file system image and its hash (null: none). */
  image: Uint8Array | null;
  rootfs: string | null;
  /** The snapshot this machine resumed, if it resumed one. */
  resumed: string | null;
}

export class Playground implements PlaygroundApi {
  private m: Machine | null = null;
  private assets: Assets | null = null;

  async boot(options: BootOptions, events: PlaygroundEvents): Promise<BootInfo> {
    const started = performance.now();
    let assets: Assets;
    if (options.core) {
      assets = await loadAssets(options.core, options.rootfs ?? null);
      this.assets = assets;
    } else {
      if (!this.assets) throw new Error("the first boot needs the machine core");
      assets = this.assets;
    }
    const { core } = assets;
    const image = options.rootfs === null ? null : assets.image;
    const rootfsHash = image ? assets.imageHash : null;
    if (options.replay && options.snapshot) throw new Error("boot either replays a link or resumes a snapshot, not both");
    let replay: Recording | null = null;
    if (options.replay) {
      replay = decodeLink(options.replay.link);
      const mismatch = incompatibility(replay, { build: BUILD_ID, rootfs: rootfsHash });
      if (mismatch && !options.replay.force) throw new RecordingError(`${mismatch}: refusing to replay it here`);
      if (replay.snapshot !== null) throw new RecordingError("the link starts from a saved machine (a snapshot), which only the browser that saved it has");
    }
    const resume = options.snapshot ? openSnapshot(new Uint8Array(options.snapshot), BUILD_ID, image) : null;
    // Replaced only now: a link or snapshot that cannot be used leaves the running machine alone.
    this.m?.runner.stop();
    this.m = null;
    const rc = replay?.config;
    const from = resume?.header.config;
    const ramMiB = rc?.memMiB ?? from?.memMiB ?? options.ramMiB ?? DEFAULT_RAM_MIB;
    const ramBytes = ramMiB * 1024 * 1024;
    const argv = rc?.argv ?? from?.argv ?? options.argv ?? ["/bin/sh", "-l"];
    const seed = rc ? BigInt(rc.seed) : from ? BigInt(from.seed) : options.seed ?? 0n;
    const bootEpochNs = rc ? BigInt(rc.bootEpochNs) : from ? BigInt(from.bootEpochNs) : options.bootEpochNs ?? BigInt(Date.now()) * 1_000_000n;
    const config: RecordingConfig = {
      seed: seed.toString(), memMiB: ramMiB, argv,
      env: rc?.env ?? from?.env ?? [...DEFAULT_ENV, ...(options.env ?? [])], cwd: rc?.cwd ?? from?.cwd ?? options.cwd ?? "/root",
      bootEpochNs: bootEpochNs.toString(), tty: from?.tty ?? true,
    };
    const outputIsTty = from?.outputIsTty ?? true;
    const pump = new OutputPump((bytes) => notify(events.output(Comlink.transfer(bytes, [bytes.buffer]))), () => this.m?.runner.wake());
    const session = new Session(
      {
        core, ramBytes, seed: BigInt(config.seed), bootEpochNs: BigInt(config.bootEpochNs),
        argv, env: config.env, cwd: config.cwd, mounts: [],
        rootfs: image ? { image, verify: false } : undefined,
        // Every run is recorded (digests every DIGEST_INTERVAL instructions), so it can be shared.
        record: true, replay: replay ? [...replay.events] : undefined, replayOpenEnded: replay !== null && replay.exitStatus === null,
        snapshots: true, restore: resume?.image,
      },
      {
        write: (_stream, data) => pump.write(data),
        diagnose: (line) => notify(events.diagnose(line)),
        inputIsTty: config.tty,
        outputIsTty,
      },
    );
    try {
      session.start();
    } catch (e) {
      if (e instanceof ElfError) throw new Error(`not a riscv64 ELF executable: ${argv[0]}: ${e.message}`);
      if (e instanceof SysError) throw new Error(`${argv[0]}: ${e.message}`);
      throw e;
    }
    // A replay is paced as recorded; the replayed log has the recorded window size.
    session.machine.world.pace = replay !== null;
    session.resize(options.cols, options.rows);
    const tracer = new SyscallTracer(session.machine);
    session.kernel.syscallObserver = (t, nr, args, ret) => tracer.observe(t, nr, args, ret);
    const runner = new Runner(session, {
      flush: (force) => pump.flush(performance.now(), force),
      outputBlocked: () => pump.blocked,
      state: (s) => notify(events.state(s)),
      replayEnded: (r) => notify(events.replayEnded(r)),
    });
    const m: Machine = { session, runner, pump, tracer, mirrors: new Map(), config, outputIsTty, image, rootfs: rootfsHash, resumed: resume?.hash ?? null };
    this.m = m;
    runner.run().then(
      (status) => {
        if (this.m === m) notify(events.state({ kind: "exited", status }));
      },
      (e: unknown) => {
        pump.flush(performance.now(), true);
        notify(events.diagnose(`aster: internal error: ${e instanceof Error ? e.message : String(e)}`));
        notify(events.state({ kind: "exited", status: 70 }));
      },
    );
    return { pid: session.kernel.init!.pid, ramBytes, bootMs: performance.now() - started, replay: replay ? summarize(replay) : undefined, snapshot: resume?.hash };
  }

  async inspectLink(link: string, assets: { core: Asset; rootfs: Asset | null }): Promise<LinkReport> {
    // Loaded whatever the link holds: the page boots a fresh shell on them if it cannot replay.
    this.assets = await loadAssets(assets.core, assets.rootfs);
    let rec: Recording;
    try {
      rec = decodeLink(link);
    } catch (e) {
      if (e instanceof RecordingError) return { ok: false, error: e.message };
      throw e;
    }
    const mismatch = incompatibility(rec, { build: BUILD_ID, rootfs: this.assets.imageHash });
    return { ok: true, summary: summarize(rec), length: link.length, mismatch };
  }

  share(): ShareResult {
    const m = this.machine;
    const world = m.session.machine.world;
    if (world.isReplaying) return { ok: false, error: "the replay is still running: let it finish (or skip to its end) first" };
    if (world.unreplayable) return { ok: false, error: `this run cannot be shared: ${world.unreplayable}. Start a new shell (exit) to share again` };
    if (m.resumed) return { ok: false, error: "this run resumed a saved machine, which stays in this browser: a link can only carry a run from a fresh boot" };
    // A digest of the state now: the replay checks it where this run was when shared.
    const last = world.log[world.log.length - 1];
    if (!(last?.kind === "digest" && last.step === world.step && last.instret === m.session.machine.clock.instret())) world.finalDigest();
    const rec: Recording = {
      format: RECORDING_FORMAT, version: RECORDING_VERSION, build: BUILD_ID, rootfs: m.rootfs, snapshot: null, config: m.config,
      events: world.log, exitStatus: m.session.exited, instret: m.session.machine.clock.instret().toString(),
    };
    const fragment = encodeLink(rec);
    if (fragment.length + 1 > LINK_URL_LIMIT) {
      return { ok: false, error: `the link would be ${fragment.length} characters, more than browsers accept in a URL (${LINK_URL_LIMIT}); large uploads make long links` };
    }
    return { ok: true, fragment, events: rec.events.length, instret: rec.instret };
  }

  skipReplay(): void {
    this.m?.runner.skipReplay();
  }

  /** Host files go through the World: logged for replay, applied at a step boundary (now). */
  private get put(): PutFile {
    const world = this.machine.session.machine.world;
    return (f) => world.pushFile(f);
  }

  private get machine(): Machine {
    if (!this.m) throw new Error("the machine has not booted");
    return this.m;
  }

  input(bytes: Uint8Array): void {
    const m = this.machine;
    m.session.input(bytes);
    m.runner.wake();
  }

  resize(cols: number, rows: number): void {
    const m = this.machine;
    m.session.resize(cols, rows);
    m.runner.wake();
  }

  ackOutput(bytes: number): void {
    this.m?.pump.ack(bytes);
  }

  processes(): ProcessInfo[] {
    return this.m ? processList(this.m.session.kernel) : [];
  }

  signal(pid: number, sig: number): { ok: boolean; error?: string } {
    const m = this.machine;
    const p = m.session.kernel.processes.get(pid);
    if (!p || p.state === ProcessState.Zombie) return { ok: false, error: `no live process ${pid}` };
    if (!Number.isInteger(sig) || sig < 1 || sig > 64) return { ok: false, error: `no signal ${sig}` };
    m.session.machine.world.unreplayable ??= "a signal was sent from the Processes panel, which a replay cannot reproduce";
    m.session.kernel.signalProcess(p, sig);
    m.runner.wake();
    return { ok: true };
  }

  stats(): StatsSample {
    const m = this.machine;
    const s = m.session.stats();
    return {
      hostMs: performance.now(), instret: s.instret, syscalls: s.syscalls, pageFaults: s.pageFaults,
      framesUsed: s.framesUsed, framesTotal: s.framesTotal, switches: s.switches, busyMs: m.runner.busyMs,
      processes: [...m.session.kernel.processes.values()].filter((p) => p.state !== ProcessState.Zombie).length,
      jitCompiles: s.jitCompiles, jitFailures: s.jitFailures, decodedPages: s.decodedPages, decodeEvictions: s.decodeEvictions,
    };
  }

  setTracing(on: boolean): void {
    this.machine.tracer.decoding = on;
  }

  syscalls(since: number, max: number): SyscallBatch {
    return this.machine.tracer.read(since, max);
  }

  syscallCounts(): SyscallCount[] {
    return this.machine.tracer.table();
  }

  maps(pid: number): Mapping[] | null {
    return mappings(this.machine.session.kernel, pid);
  }

  walk(pid: number, va: bigint): PageWalk | null {
    return pageWalk(this.machine.session.kernel, pid, va);
  }

  cpu(pid: number): CpuView | null {
    const v = cpuState(this.machine.session.kernel, pid);
    return v && Comlink.transfer(v, [v.code.buffer]);
  }

  pause(): RunState {
    return this.machine.runner.pause();
  }

  resume(): RunState {
    return this.machine.runner.resume();
  }

  step(pid: number): { ok: boolean; error?: string; outcome?: string } {
    return this.machine.runner.step(pid);
  }

  setBreakpoints(pid: number, addrs: bigint[]): void {
    this.machine.runner.setBreakpoints(pid, addrs);
  }

  runState(): RunState {
    return this.m ? this.m.runner.state : { kind: "exited", status: 0 };
  }

  upload(dir: string, name: string, bytes: Uint8Array): FileResult {
    const r = upload(this.put, dir, name, bytes);
    this.machine.runner.wake();
    return r;
  }

  download(path: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
    const r = download(this.machine.session.kernel, path);
    return r.ok ? Comlink.transfer(r, [r.bytes.buffer]) : r;
  }

  listDir(path: string): { ok: true; entries: DirEntryView[] } | { ok: false; error: string } {
    return listDir(this.machine.session.kernel, path);
  }

  saveSnapshot(): SavedSnapshot {
    const m = this.machine;
    if (m.session.exited !== null) throw new Error("the machine has stopped: there is nothing to resume");
    const { config: c, image } = m;
    const config: SnapshotConfig = {
      memMiB: c.memMiB, tty: c.tty, outputIsTty: m.outputIsTty, seed: c.seed, bootEpochNs: c.bootEpochNs, argv: c.argv, env: c.env, cwd: c.cwd,
    };
    const { file, hash, header } = saveSnapshot(m.session, { build: BUILD_ID, rootfs: m.rootfs, rootfsImage: image, config });
    return Comlink.transfer({ file, hash, instret: header.instret, rawBytes: header.rawBytes, argv: config.argv }, [file.buffer]);
  }

  mountFolder(guestDir: string, files: FolderFile[], dirs: string[]): FileResult {
    const m = this.machine;
    const mirror = new FolderMirror(m.session.kernel, guestDir, this.put);
    const r = mirror.copyIn(files, dirs);
    if (r.ok) m.mirrors.set(guestDir, mirror);
    return r;
  }

  folderApplyHost(guestDir: string, changes: FolderChanges): FileResult {
    const mirror = this.machine.mirrors.get(guestDir);
    if (!mirror) return { ok: false, error: `${guestDir} is not a copied-in folder` };
    return mirror.applyHost(changes);
  }

  folderChanges(guestDir: string): FolderChanges | null {
    const mirror = this.machine.mirrors.get(guestDir);
    if (!mirror) return null;
    const c = mirror.changes();
    if (c === null) this.machine.mirrors.delete(guestDir);
    return c;
  }
}
