// Terminal output on its way to the page: batched (at most one message per frame, never one per
// byte) and flow-controlled. The page acknowledges what it has shown; while too much is
// unacknowledged the runner stops running the guest, so a guest that floods the terminal is
// slowed to the page's pace instead of losing bytes or filling memory.

/** Send at most this often while the guest runs (one animation frame). */
export const FRAME_MS = 16;
/** Stop the guest when this much output is unacknowledged... */
export const HIGH_WATER = 1 << 20;
/** ...and let it go on once the page has caught up to this. */
export const LOW_WATER = 256 << 10;

export class OutputPump {
  private chunks: Uint8Array[] = [];
  private pending = 0;
  private unacked = 0;
  private lastSent = -Infinity;
  private throttled = false;

  /** `send` hands a batch to the page (it may transfer the buffer). `resumed` is called when
   *  the page has caught up after the guest was held back. */
  constructor(private readonly send: (bytes: Uint8Array) => void, private readonly resumed: () => void) {}

  /** Guest output. The bytes are copied: the kernel may reuse its buffer. */
  write(data: Uint8Array): void {
    if (data.length === 0) return;
    this.chunks.push(data.slice());
    this.pending += data.length;
  }

  /** Send what is pending if a frame has passed since the last batch, or at once if `now`. */
  flush(nowMs: number, force: boolean): void {
    if (this.pending === 0 || (!force && nowMs - this.lastSent < FRAME_MS)) return;
    const out = new Uint8Array(this.pending);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    this.chunks = [];
    this.unacked += this.pending;
    this.pending = 0;
    this.lastSent = nowMs;
    this.send(out);
  }

  /** The page has shown `n` more bytes. */
  ack(n: number): void {
    this.unacked = Math.max(0, this.unacked - n);
    if (this.throttled && this.unacked <= LOW_WATER) {
      this.throttled = false;
      this.resumed();
    }
  }

  /** Whether the guest must wait for the page to catch up. */
  get blocked(): boolean {
    if (this.unacked + this.pending > HIGH_WATER) this.throttled = true;
    return this.throttled;
  }

  /** Bytes sent and not yet acknowledged. */
  get inFlight(): number {
    return this.unacked;
  }
}
