// The World: the one door through which nondeterminism enters the machine. Randomness comes
// from a seeded generator; the boot wall-clock time is configuration; host input and idle time
// arrive as events stamped with the retired-instruction count at which the kernel saw them.
// Recording the configuration plus this event log is enough to replay a run exactly.
import type { Clock } from "./timer.js";

/** An input that reached the machine from outside. */
export interface WorldEvent {
  /** Instructions retired when the kernel received it. */
  instret: bigint;
  kind: "input" | "idle" | "resize";
  /** Terminal bytes for "input"; nanoseconds for "idle"; [cols, rows] for "resize". */
  data: Uint8Array | number | [number, number];
}

export type InputSink = (bytes: Uint8Array) => void;
export type ResizeSink = (cols: number, rows: number) => void;

/** splitmix64 (a public-domain mixing function): small, fast, and fully determined by the seed. */
class SeededRandom {
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

export class World {
  readonly log: WorldEvent[] = [];
  private readonly random: SeededRandom;
  private pending: Array<() => void> = [];
  private inputSink: InputSink | null = null;
  private resizeSink: ResizeSink | null = null;

  /** @internal */
  constructor(private readonly clock: Clock, readonly seed: bigint, readonly bootEpochNs: bigint) {
    this.random = new SeededRandom(seed);
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

  /** Host side: bytes typed or piped in. Delivered at the next slice boundary. */
  pushInput(bytes: Uint8Array): void {
    const copy = bytes.slice();
    this.pending.push(() => {
      this.log.push({ instret: this.clock.instret(), kind: "input", data: copy });
      this.inputSink?.(copy);
    });
  }

  /** Host side: the terminal was resized. */
  pushResize(cols: number, rows: number): void {
    this.pending.push(() => {
      this.log.push({ instret: this.clock.instret(), kind: "resize", data: [cols, rows] });
      this.resizeSink?.(cols, rows);
    });
  }

  /** Host side: the machine sat idle for `ns` of real time; virtual time moves on by as much. */
  pushIdle(ns: number): void {
    if (ns <= 0) return;
    this.log.push({ instret: this.clock.instret(), kind: "idle", data: ns });
    this.clock.advance(ns);
  }

  /** @internal Deliver queued host events to the kernel, in arrival order. */
  deliver(): boolean {
    if (this.pending.length === 0) return false;
    const batch = this.pending;
    this.pending = [];
    for (const f of batch) f();
    return true;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }
}
