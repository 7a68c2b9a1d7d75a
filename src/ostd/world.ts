// The World: the one door through which nondeterminism enters the machine. Randomness comes
// from a seeded generator; the boot wall-clock time is configuration; host input, window size
// changes, files the host puts into the guest and idle time arrive as events, each stamped with
// the scheduler step at which the kernel received it. The configuration plus this event log is
// enough to replay a run exactly: in replay mode the World ignores the host and re-delivers the
// logged events at the same steps, and compares periodic digests of the machine's state (which
// carry the retired-instruction count) to detect divergence.
//
// Idle time is logged only where replay cannot compute it. A wait that lasts until the next
// timer is due is not logged: replay, like the live run, advances the clock exactly to that
// timer (timerWaitOver). A wait that a host event cut short is logged, quantized here at the
// source (quantizeIdle: milliseconds, 4 significant bits, rounded up, never past the timer) so
// the live run and its replay see the very same clock values, and the log stays small enough
// for a share link.
import type { Clock } from "./timer.js";

/**
 * A file operation from the host (an upload, a folder copied in). What it does is in `mode`'s
 * file type bits: a regular file is written (created with `mode & 0o7777`, or its contents
 * replaced), a directory is created with its missing parents, and mode 0 removes `path`.
 */
export interface HostFile {
  path: string;
  mode: number;
  bytes: Uint8Array;
}

export type WorldEventKind = "input" | "idle" | "resize" | "file" | "digest";

/** Something that reached the machine from outside, or a checkpoint of its state. */
export interface WorldEvent {
  /** Task steps the scheduler had started when the event was delivered. */
  step: number;
  /** Instructions retired at that moment. Checked on replay for digests; other events may
   *  omit it (share links do: it is implied by the step). */
  instret?: bigint;
  kind: WorldEventKind;
  /** Terminal bytes (input), nanoseconds (idle), [cols, rows] (resize), a file operation, or a
   *  digest string. */
  data: Uint8Array | number | [number, number] | HostFile | string;
}

export type InputSink = (bytes: Uint8Array) => void;
export type ResizeSink = (cols: number, rows: number) => void;
/** Applies a host file operation; returns an error message, or null when it worked. */
export type FileSink = (f: HostFile) => string | null;

/** The smallest idle wait that is logged (one millisecond). */
export const IDLE_QUANTUM_NS = 1_000_000;

/**
 * A wait of `ns` as it is logged: rounded up to a whole millisecond, and above 32 ms to 4
 * significant bits (16 steps per doubling: at most 6.25% more than the wait), but never past
 * `capNs`. Human pauses between keys are most of a typed session's log; at this precision each
 * costs about 5 bits in a link instead of 8, and what the guest sees of them hardly changes.
 */
export function quantizeIdle(ns: number, capNs: number | null): number {
  if (!(ns > 0)) return 0;
  let ms = Math.ceil(ns / IDLE_QUANTUM_NS);
  let step = 1;
  while (ms >= 32 * step) step *= 2;
  ms = Math.ceil(ms / step) * step;
  const q = ms * IDLE_QUANTUM_NS;
  return capNs === null ? q : Math.max(0, Math.min(q, Math.floor(capNs)));
}

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

  /** Fill `out` with the bytes of successive nextU64() values, least significant first (the
   *  last value's unused bytes are dropped): the same bytes and the same state afterwards,
   *  computed on 32-bit halves with one BigInt conversion per call instead of a dozen BigInt
   *  operations per value and two per byte. */
  fillBytes(out: Uint8Array): void {
    let sHi = Number(this.state >> 32n), sLo = Number(this.state & 0xffff_ffffn);
    for (let i = 0; i < out.length; i += 8) {
      // state += golden gamma (mod 2^64)
      const lo = sLo + 0x7f4a7c15;
      sLo = lo >>> 0;
      sHi = (sHi + 0x9e3779b9 + (lo > 0xffff_ffff ? 1 : 0)) >>> 0;
      // z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
      let zLo = (sLo ^ ((sLo >>> 30) | (sHi << 2))) >>> 0;
      let zHi = (sHi ^ (sHi >>> 30)) >>> 0;
      mul64(zHi, zLo, 0xbf58476d, 0x1ce4e5b9);
      // z = (z ^ (z >> 27)) * 0x94d049bb133111eb
      zLo = (mulLo ^ ((mulLo >>> 27) | (mulHi << 5))) >>> 0;
      zHi = (mulHi ^ (mulHi >>> 27)) >>> 0;
      mul64(zHi, zLo, 0x94d049bb, 0x133111eb);
      // z ^ (z >> 31)
      const vLo = (mulLo ^ ((mulLo >>> 31) | (mulHi << 1))) >>> 0;
      const vHi = (mulHi ^ (mulHi >>> 31)) >>> 0;
      const n = Math.min(8, out.length - i);
      for (let j = 0; j < n; j++) out[i + j] = j < 4 ? (vLo >>> (8 * j)) & 0xff : (vHi >>> (8 * (j - 4))) & 0xff;
    }
    this.state = (BigInt(sHi) << 32n) | BigInt(sLo);
  }
}

// mul64's result (module-level, so no pair is allocated per multiplication).
let mulHi = 0, mulLo = 0;

/** The low 64 bits of (aHi:aLo) * (bHi:bLo), as two unsigned 32-bit halves in mulHi:mulLo.
 *  The 32x32-bit product of the low halves is built from 16-bit pieces, each exact in a
 *  double; the cross terms only matter modulo 2^32, which Math.imul gives. */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const a0 = aLo & 0xffff, a1 = aLo >>> 16, b0 = bLo & 0xffff, b1 = bLo >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  mulLo = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  const high = p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  mulHi = (high + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
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
  private fileSink: FileSink | null = null;
  /** Paced replay: a logged idle wait due now, held until the host has waited it out. */
  private held: number | null = null;
  private heldReleased = false;
  /** Why this run's log cannot reproduce it (e.g. the debugger stepped a thread outside the
   *  scheduler's steps); null while it can. */
  unreplayable: string | null = null;
  /** On replay, hold each logged idle wait until the host has waited it (timerWaitOver), so
   *  output appears at the pace it did; off: deliver at once (tests, the CLI, "skip"). */
  pace = false;
  /** Whether the recording ends with a digest taken after the run exited (CLI runs), which
   *  finishReplay() checks; otherwise every digest is checked where it was taken. */
  private finalAtExit = true;
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

  /** Replay `events` (a previous run's log) instead of listening to the host. With
   *  `finalAtExit` false (a run shared while it was still going), the log's last digest is
   *  checked where it was taken, and the run goes on live afterwards: new events are appended
   *  to the same log, so a recording of the continued run includes the replayed part. */
  startReplay(events: WorldEvent[], finalAtExit = true): void {
    this.log = events;
    this.replaying = events.length > 0;
    this.replayIndex = 0;
    this.finalAtExit = finalAtExit;
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
    this.random.fillBytes(out);
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

  /** The embedder registers what writes host files into the guest's file systems. */
  onFile(sink: FileSink): void {
    this.fileSink = sink;
  }

  private record(kind: WorldEventKind, data: WorldEvent["data"]): void {
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

  /** Host side: put a file into the guest now. Call it between slices (the machine is then
   *  at a step boundary, where replay re-applies it). Returns an error message or null. */
  pushFile(f: HostFile): string | null {
    if (this.replaying) return "a replay is running: files can be added once it has finished";
    const copy: HostFile = { path: f.path, mode: f.mode, bytes: f.bytes.slice() };
    this.record("file", copy);
    return this.fileSink ? this.fileSink(copy) : "this machine takes no files";
  }

  /** The machine sat idle for `ns` until a host event cut the wait short; `capNs` is how far
   *  away the next timer was (null: none). Logged quantized (quantizeIdle), and virtual time
   *  moves on by the logged amount. Ignored on replay (the log has it). */
  pushIdle(ns: number, capNs: number | null = null): void {
    if (this.replaying) return;
    const q = quantizeIdle(ns, capNs);
    if (q <= 0) return;
    this.record("idle", q);
    this.clock.advance(q);
  }

  /** The host waited out the whole `ns` a slice reported (SliceResult.timerInNs) with no host
   *  event in between. A timer wait: virtual time moves exactly to the timer, not logged,
   *  the same live and on replay. A held idle wait of a paced replay: released. */
  timerWaitOver(ns: number): void {
    if (this.held !== null) {
      this.heldReleased = true;
      this.held = null;
      return;
    }
    if (ns > 0) this.clock.advance(ns);
  }

  private wentLive = false;

  /** @internal Whether the replay has just delivered its last event (true once): the machine
   *  returns to the host there, so a replay of a run shared while it was still going can stop
   *  exactly where the log ends. */
  takeReplayEnd(): boolean {
    const r = this.wentLive;
    this.wentLive = false;
    return r;
  }

  /** Paced replay: nanoseconds of a logged idle wait the host should wait before the machine
   *  goes on (the machine returns to the host while this is set); null: none. */
  get heldIdleNs(): number | null {
    return this.held;
  }

  /** Stop pacing: deliver what is held and every later idle wait at once. */
  stopPacing(): void {
    this.pace = false;
    if (this.held !== null) this.timerWaitOver(this.held);
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
      if (this.finalAtExit && this.replayIndex === this.log.length - 1 && this.log[this.replayIndex].kind === "digest" && this.finalPending) break;
      const e = this.log[this.replayIndex];
      if (e.kind === "idle" && this.pace && !this.heldReleased) {
        this.held = e.data as number;
        return any;
      }
      this.heldReleased = false;
      this.replayIndex++;
      any = true;
      if (e.kind === "input") this.inputSink?.(e.data as Uint8Array);
      else if (e.kind === "resize") this.resizeSink?.(...(e.data as [number, number]));
      else if (e.kind === "idle") this.clock.advance(e.data as number);
      else if (e.kind === "file") this.fileSink?.(e.data as HostFile);
      else if (e.kind === "digest") this.checkDigest(e);
    }
    if (this.replayIndex >= this.log.length) this.goLive();
    return any;
  }

  /** The replay has delivered everything: from here on the host drives the machine, and what
   *  it does is appended to the log. */
  private goLive(): void {
    this.wentLive = true;
    this.replaying = false;
    this.pace = false;
    this.held = null;
    this.nextDigestAt = (this.clock.instret() / DIGEST_INTERVAL + 1n) * DIGEST_INTERVAL;
  }

  /** A replay that diverged: the events not yet delivered are dropped, and the run goes on
   *  live, but its log no longer describes it, so it is marked unreplayable. */
  abandonReplay(why: string): void {
    if (!this.replaying && this.replayIndex >= this.log.length) return;
    this.log.length = Math.min(this.replayIndex, this.log.length);
    this.unreplayable ??= `its replay diverged (${why})`;
    this.finalPending = false;
    this.goLive();
  }

  private checkDigest(e: WorldEvent): void {
    const got = this.digest();
    const at = this.clock.instret();
    if (got !== e.data || (e.instret !== undefined && at !== e.instret)) {
      throw new DivergenceError(e.instret ?? at, e.data as string, `${got} at instruction ${at}`);
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
    if (last?.kind === "digest" && this.replayIndex < this.log.length) this.checkDigest(last);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }
}
