// The worker's side of the seam (api.ts): one machine booted from the core and the root file
// system image, its terminal, and the panels' views of it. Runs in a Web Worker in the browser
// and under worker_threads in Node (worker.ts picks the transport).
import * as Comlink from "comlink";
import { Session } from "./session.js";
import { Runner } from "./runner.js";
import { OutputPump } from "./output.js";
import { SyscallTracer } from "./tracer.js";
import { cpuState, mappings, pageWalk, processList } from "./inspect.js";
import { FolderMirror, download, listDir, upload } from "./files.js";
import { ElfError } from "../kernel/elf/elf.js";
import { BUILD_ID } from "./build_id.js";
import { openSnapshot, saveSnapshot, type SnapshotConfig } from "./snapshot.js";
import { sha256Hex } from "../kernel/util/sha256.js";
import { SysError } from "../kernel/errno.js";
import { ProcessState } from "../kernel/process/process.js";
import type {
  Asset, BootInfo, BootOptions, SavedSnapshot, CpuView, DirEntryView, FileResult, FolderChanges, FolderFile, Mapping, PageWalk,
  PlaygroundApi, PlaygroundEvents, ProcessInfo, RunState, StatsSample, SyscallBatch, SyscallCount,
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
}

async function loadAssets(core: Asset, rootfs: Asset | null): Promise<Assets> {
  const [coreBytes, image] = await Promise.all([
    load(core, "machine core (core.wasm)"),
    rootfs ? load(rootfs, "root file system image (rootfs.img)") : Promise.resolve(null),
  ]);
  try {
    return { core: await WebAssembly.compile(coreBytes), image: image && new Uint8Array(image) };
  } catch (e) {
    throw new Error(`the machine core (core.wasm) is not valid WebAssembly: ${e instanceof Error ? e.message : String(e)}`);
  }
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
  /** What a snapshot of this machine records about it (and its root file system image). */
  saved: { config: SnapshotConfig; image: Uint8Array | null };
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
    const resume = options.snapshot ? openSnapshot(new Uint8Array(options.snapshot), BUILD_ID, image) : null;
    // Replaced only now: a snapshot that cannot be restored leaves the running machine alone.
    this.m?.runner.stop();
    this.m = null;
    const from = resume?.header.config;
    const ramMiB = from?.memMiB ?? options.ramMiB ?? DEFAULT_RAM_MIB;
    const ramBytes = ramMiB * 1024 * 1024;
    const argv = from?.argv ?? options.argv ?? ["/bin/sh", "-l"];
    const config: SnapshotConfig = {
      memMiB: ramMiB, tty: from?.tty ?? true, outputIsTty: from?.outputIsTty ?? true, seed: String(from?.seed ?? options.seed ?? 0n),
      bootEpochNs: String(from?.bootEpochNs ?? options.bootEpochNs ?? BigInt(Date.now()) * 1_000_000n),
      argv, env: from?.env ?? [...DEFAULT_ENV, ...(options.env ?? [])], cwd: from?.cwd ?? options.cwd ?? "/root",
    };
    const pump = new OutputPump((bytes) => notify(events.output(Comlink.transfer(bytes, [bytes.buffer]))), () => this.m?.runner.wake());
    const session = new Session(
      {
        core, ramBytes, seed: BigInt(config.seed), bootEpochNs: BigInt(config.bootEpochNs),
        argv, env: config.env, cwd: config.cwd, mounts: [],
        rootfs: image ? { image, verify: false } : undefined,
        snapshots: true, restore: resume?.image,
      },
      {
        write: (_stream, data) => pump.write(data),
        diagnose: (line) => notify(events.diagnose(line)),
        inputIsTty: config.tty,
        outputIsTty: config.outputIsTty,
      },
    );
    try {
      session.start();
    } catch (e) {
      if (e instanceof ElfError) throw new Error(`not a riscv64 ELF executable: ${argv[0]}: ${e.message}`);
      if (e instanceof SysError) throw new Error(`${argv[0]}: ${e.message}`);
      throw e;
    }
    session.resize(options.cols, options.rows);
    const tracer = new SyscallTracer(session.machine);
    session.kernel.syscallObserver = (t, nr, args, ret) => tracer.observe(t, nr, args, ret);
    const runner = new Runner(session, {
      flush: (force) => pump.flush(performance.now(), force),
      outputBlocked: () => pump.blocked,
      state: (s) => notify(events.state(s)),
    });
    const m: Machine = { session, runner, pump, tracer, mirrors: new Map(), saved: { config, image } };
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
    return { pid: session.kernel.init!.pid, ramBytes, bootMs: performance.now() - started, snapshot: resume?.hash };
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
    const r = upload(this.machine.session.kernel, dir, name, bytes);
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
    const { image, config } = m.saved;
    const { file, hash, header } = saveSnapshot(m.session, { build: BUILD_ID, rootfs: image ? sha256Hex(image) : null, rootfsImage: image, config });
    return Comlink.transfer({ file, hash, instret: header.instret, rawBytes: header.rawBytes, argv: config.argv }, [file.buffer]);
  }

  mountFolder(guestDir: string, files: FolderFile[], dirs: string[]): FileResult {
    const m = this.machine;
    const mirror = new FolderMirror(m.session.kernel, guestDir);
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
