// The page's end of the seam: the worker's API (src/worker/api.ts) over comlink, and the
// terminal output path. Output arrives in batches; everything that arrived before the next
// animation frame is written to the terminal in one piece and acknowledged once the terminal
// has taken it (the worker holds the guest back while too much is unacknowledged).
import * as Comlink from "comlink";
import type { BootInfo, BootOptions, PlaygroundApi, PlaygroundEvents, RunState } from "../worker/api.js";

/** Where terminal output goes: `done` once it has been processed. */
export interface OutputSink {
  write(bytes: Uint8Array, done: () => void): void;
}

export interface ClientHandlers {
  state(s: RunState): void;
  diagnose(line: string): void;
}

/** Runs `cb` before the next paint (requestAnimationFrame in the page). */
export type FrameScheduler = (cb: () => void) => void;

export class PlaygroundClient {
  readonly api: Comlink.Remote<PlaygroundApi>;
  private queue: Uint8Array[] = [];
  private queued = 0;
  private frameRequested = false;
  /** Bytes written to the sink so far (for tests and the stats line). */
  written = 0;

  constructor(
    endpoint: Comlink.Endpoint,
    private readonly sink: OutputSink,
    private readonly handlers: ClientHandlers,
    private readonly frame: FrameScheduler = (cb) => requestAnimationFrame(() => cb()),
  ) {
    this.api = Comlink.wrap<PlaygroundApi>(endpoint);
  }

  /** Boot the machine; assets given as bytes are transferred, not copied. */
  boot(options: BootOptions): Promise<BootInfo> {
    const events: PlaygroundEvents = {
      output: (bytes) => this.onOutput(bytes),
      state: (s) => this.handlers.state(s),
      diagnose: (line) => this.handlers.diagnose(line),
    };
    const transfers: Transferable[] = [];
    for (const a of [options.core, options.rootfs]) if (a && "bytes" in a) transfers.push(a.bytes);
    return this.api.boot(Comlink.transfer(options, transfers), Comlink.proxy(events));
  }

  /** Keyboard input (already encoded). */
  input(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    void this.api.input(Comlink.transfer(bytes, [bytes.buffer]));
  }

  private onOutput(bytes: Uint8Array): void {
    this.queue.push(bytes);
    this.queued += bytes.length;
    if (this.frameRequested) return;
    this.frameRequested = true;
    this.frame(() => this.drain());
  }

  private drain(): void {
    this.frameRequested = false;
    if (this.queued === 0) return;
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
