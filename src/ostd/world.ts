// The World: the one door through which nondeterminism enters the machine. Randomness comes
// from a seeded generator; the boot wall-clock time is configuration; host input, window size
// changes and idle time arrive as events, each stamped with the scheduler step (and, as a
// check, the retired-instruction count) at which the kernel received it. The configuration
// plus this event log is enough to replay a run exactly: in replay mode the World ignores the
// host and re-delivers the logged events at the same steps, and compares periodic digests of
// the machine's state to detect divergence.
import type { Clock } from "./timer.js";

/** Something that reached the machine from outside, or a checkpoint of its state. */
export interface WorldEvent {
  /** Task steps the scheduler had started when the event was delivered. */
  step: number;
  /** Instructions retired at that moment (checked on replay). */
  instret: bigint;
  kind: "input" | "idle" | "resize" | "digest";
  /** Terminal bytes (input), nanoseconds (idle), [cols, rows] (resize), or a digest string. */
  data: Uint8Array | number | [number, number] | string;
}

export type InputSink = (bytes: Uint8Array) => void;
export type ResizeSink = (cols: number, rows: number) => void;

/** Raised when a replay does not reproduce the recorded run. */
export class DivergenceError extends Error {
  constructor(readonly instret: bigint, readonly expected: string, readonly got: string) {
    super(`replay diverged at instruction ${instret} (expected digest ${expected}, got ${got})`);
    this.name = "DivergenceError";
  }
}

/** splitmix64 (a public-domain mixing function): small, fast, and fully determined by the seed. */
export class SeededRandom {
  private state: bigint;
  constructor(seed: bigint) {
    this.state = BigInt.asUintN(64, seed);
  }
  nextU64(): bigint {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }
}

/** Instructions between state digests in the log. */
export const DIGEST_INTERVAL = 1n << 28n;

export class World {
  /** Live: what happened so far. Replay: the recording being replayed. */
  log: WorldEvent[] = [];
  /** Task steps started so far (the coordinate events are stamped with). */
  step = 0;
  private readonly random: SeededRandom;
  private pending: Array<() => void> = [];
  private inputSink: InputSink | null = null;
  private resizeSink: ResizeSink | null = null;
  private replaying = false;
  private replayIndex = 0;
  private nextDigestAt = DIGEST_INTERVAL;
  /** Computes the digest of the machine's state (installed by the kernel's embedder). */
  digestSource: (() => string) | null = null;
  /** Log state digests while running live (costs a memory hash every DIGEST_INTERVAL). */
  recording = false;

  /** @internal */
  constructor(private readonly clock: Clock, readonly seed: bigint, readonly bootEpochNs: bigint) {
    this.random = new SeededRandom(seed);
  }

  /** Replay `events` (a previous run's log) instead of listening to the host. */
  startReplay(events: WorldEvent[]): void {
    this.log = events;
    this.replaying = true;
    this.replayIndex = 0;
  }

  /** Whether a replay is still feeding recorded events. */
  get isReplaying(): boolean {
    return this.replaying;
  }

  /** Recorded events not yet re-delivered. */
  get replayRemaining(): number {
    return this.replaying ? this.log.length - this.replayIndex : 0;
  }

  /** `n` bytes from the seeded generator (getrandom, /dev/urandom, AT_RANDOM). */
  randomBytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 8) {
      let v = this.random.nextU64();
      for (let j = i; j < Math.min(n, i + 8); j++) {
        out[j] = Number(v & 0xffn);
        v >>= 8n;
      }
    }
    return out;
  }

  /** Wall-clock time (ns since the Unix epoch) as the guest sees it. */
  realtimeNs(): bigint {
    return this.bootEpochNs + BigInt(this.clock.now());
  }

  /** The kernel's terminal driver registers where host input goes. */
  onInput(sink: InputSink): void {
    this.inputSink = sink;
  }

  onResize(sink: ResizeSink): void {
    this.resizeSink = sink;
  }

  private record(kind: WorldEvent["kind"], data: WorldEvent["data"]): void {
    this.log.push({ step: this.step, instret: this.clock.instret(), kind, data });
  }

  /** Host side: bytes typed or piped in (empty = end of file). Delivered at the next step
   *  boundary. Ignored while a replay runs. */
  pushInput(bytes: Uint8Array): void {
    if (this.replaying) return;
    const copy = bytes.slice();
    this.pending.push(() => {
      this.record("input", copy);
      this.inputSink?.(copy);
    });
  }

  /** Host side: the terminal was resized. */
  pushResize(cols: number, rows: number): void {
    if (this.replaying) return;
    this.pending.push(() => {
      this.record("resize", [cols, rows]);
      this.resizeSink?.(cols, rows);
    });
  }

  /** The machine sat idle for `ns`; virtual time moves on by as much. */
  pushIdle(ns: number): void {
    if (this.replaying || ns <= 0) return;
    this.record("idle", Math.floor(ns));
    this.clock.advance(ns);
  }

  /** @internal Deliver what is due at this step: queued host events live, logged ones on
   *  replay (which also checks digests). Returns whether anything was delivered. */
  deliver(): boolean {
    if (this.replaying) return this.deliverRecorded();
    if (this.pending.length === 0) return false;
    const batch = this.pending;
    this.pending = [];
    for (const f of batch) f();
    return true;
  }

  private deliverRecorded(): boolean {
    let any = false;
    while (this.replayIndex < this.log.length && this.log[this.replayIndex].step <= this.step) {
      // The final digest is checked by whoever ends the replay (after the last step).
      if (this.replayIndex === this.log.length - 1 && this.log[this.replayIndex].kind === "digest" && this.finalPending) break;
      const e = this.log[this.replayIndex++];
      any = true;
      if (e.kind === "input") this.inputSink?.(e.data as Uint8Array);
      else if (e.kind === "resize") this.resizeSink?.(...(e.data as [number, number]));
      else if (e.kind === "idle") this.clock.advance(e.data as number);
      else if (e.kind === "digest") this.checkDigest(e);
    }
    if (this.replayIndex >= this.log.length) this.replaying = false;
    return any;
  }

  private checkDigest(e: WorldEvent): void {
    const got = this.digest();
    if (got !== e.data || this.clock.instret() !== e.instret) {
      throw new DivergenceError(e.instret, e.data as string, `${got} at instruction ${this.clock.instret()}`);
    }
  }

  private digest(): string {
    return this.digestSource ? this.digestSource() : `instret:${this.clock.instret()}`;
  }

  /** @internal Called between task steps: log a digest when another interval has passed. */
  checkpoint(): void {
    if (this.replaying || !this.recording) return;
    if (this.clock.instret() < this.nextDigestAt) return;
    while (this.nextDigestAt <= this.clock.instret()) this.nextDigestAt += DIGEST_INTERVAL;
    this.record("digest", this.digest());
  }

  /** The recording ends with a digest of the final state, checked by finishReplay(). */
  private finalPending = true;

  /** Log a final digest (at the end of a recorded run). */
  finalDigest(): string {
    const d = this.digest();
    this.record("digest", d);
    return d;
  }

  /** End of a replayed run: the final digest must match the recording's last event. */
  finishReplay(): void {
    const last = this.log[this.log.length - 1];
    const expectedEnd = last?.kind === "digest" ? this.log.length - 1 : this.log.length;
    if (this.replayIndex < expectedEnd) {
      throw new DivergenceError(this.clock.instret(), `${this.log.length - this.replayIndex} more recorded events`, "the run ended early");
    }
    this.replaying = false;
    this.finalPending = false;
    if (last?.kind === "digest") this.checkDigest(last);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }
}
