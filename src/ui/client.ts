// The page's end of the seam: the worker's API (src/worker/api.ts) over comlink, and the
// terminal output path. Output arrives in batches; everything that arrived before the next
// animation frame is written to the terminal in one piece and acknowledged once the terminal
// has taken it (the worker holds the guest back while too much is unacknowledged). The machine
// may boot before the terminal exists: output and events wait until attach().
import * as Comlink from "comlink";
import type { BootInfo, BootOptions, PlaygroundApi, PlaygroundEvents, ReplayResult, RunState } from "../worker/api.js";

/** Where terminal output goes: `done` once it has been processed. */
export interface OutputSink {
  write(bytes: Uint8Array, done: () => void): void;
}

export interface ClientHandlers {
  state(s: RunState): void;
  diagnose(line: string): void;
  replayEnded(r: ReplayResult): void;
}

/** Runs `cb` before the next paint (requestAnimationFrame in the page). */
export type FrameScheduler = (cb: () => void) => void;

export class PlaygroundClient {
  readonly api: Comlink.Remote<PlaygroundApi>;
  private sink: OutputSink | null = null;
  private handlers: ClientHandlers | null = null;
  private queue: Uint8Array[] = [];
  private queued = 0;
  private frameRequested = false;
  private early: Array<(h: ClientHandlers) => void> = [];
  /** Bytes written to the sink so far. */
  written = 0;

  constructor(endpoint: Comlink.Endpoint, private readonly frame: FrameScheduler = (cb) => requestAnimationFrame(() => cb())) {
    this.api = Comlink.wrap<PlaygroundApi>(endpoint);
  }

  /** Connect the terminal and the page's handlers; what came before is delivered now. */
  attach(sink: OutputSink, handlers: ClientHandlers): void {
    this.sink = sink;
    this.handlers = handlers;
    for (const f of this.early.splice(0)) f(handlers);
    this.schedule();
  }

  /** Boot the machine; assets given as bytes are transferred, not copied. */
  boot(options: BootOptions): Promise<BootInfo> {
    const events: PlaygroundEvents = {
      output: (bytes) => this.onOutput(bytes),
      state: (s) => this.deliver((h) => h.state(s)),
      diagnose: (line) => this.deliver((h) => h.diagnose(line)),
      replayEnded: (r) => this.deliver((h) => h.replayEnded(r)),
    };
    const transfers: Transferable[] = [];
    for (const a of [options.core, options.rootfs]) if (a && "bytes" in a) transfers.push(a.bytes);
    if (options.snapshot) transfers.push(options.snapshot);
    return this.api.boot(Comlink.transfer(options, transfers), Comlink.proxy(events));
  }

  /** Keyboard input (already encoded). */
  input(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    void this.api.input(Comlink.transfer(bytes, [bytes.buffer]));
  }

  private deliver(f: (h: ClientHandlers) => void): void {
    if (this.handlers) f(this.handlers);
    else this.early.push(f);
  }

  private onOutput(bytes: Uint8Array): void {
    this.queue.push(bytes);
    this.queued += bytes.length;
    this.schedule();
  }

  private schedule(): void {
    if (this.frameRequested || !this.sink || this.queued === 0) return;
    this.frameRequested = true;
    this.frame(() => this.drain());
  }

  private drain(): void {
    this.frameRequested = false;
    if (this.queued === 0 || !this.sink) return;
    const n = this.queued;
    const data = this.queue.length === 1 ? this.queue[0] : new Uint8Array(n);
    if (this.queue.length > 1) {
      let off = 0;
      for (const c of this.queue) {
        data.set(c, off);
        off += c.length;
      }
    }
    this.queue = [];
    this.queued = 0;
    this.written += n;
    this.sink.write(data, () => void this.api.ackOutput(n));
  }
}
