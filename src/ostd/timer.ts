// Virtual time. The guest's clock is derived from retired instructions (1 instruction = 1 ns)
// plus the time skipped while every task was idle, so two runs with the same inputs observe
// the same times. The skip amounts come from the World (the one door for nondeterminism).
import type { Core } from "./internal/core.js";
import { word } from "./internal/core.js";
import * as L from "../../asm/layout.js";
import { panic } from "./error.js";

/** Nanoseconds of virtual time since boot, from the hart's instruction counter. */
export class Clock {
  /** @internal */
  constructor(private readonly core: Core) {}

  /** Virtual nanoseconds since boot. Exact up to 2^53 ns (104 days). */
  now(): number {
    const s = this.core.state;
    return Number(s[word(L.HART_INSTRET)] + s[word(L.HART_TIME_OFFSET)]);
  }

  /** Instructions retired since boot. */
  instret(): bigint {
    return this.core.state[word(L.HART_INSTRET)];
  }

  /** @internal Move virtual time forward while nothing runs (idle skip). */
  advance(ns: number): void {
    if (ns < 0) panic("Clock.advance", `negative step ${ns}`);
    this.core.state[word(L.HART_TIME_OFFSET)] += BigInt(Math.floor(ns));
  }
}

export interface TimerHandle {
  readonly deadline: number;
  cancelled: boolean;
}

interface TimerEntry extends TimerHandle {
  readonly seq: number;
  readonly fire: () => void;
}

/**
 * One-shot timers on the virtual clock. Timers due at the same time fire in the order they were
 * set, so expiry order is deterministic.
 */
export class TimerQueue {
  private entries: TimerEntry[] = [];
  private seq = 0;

  /** @internal */
  constructor(private readonly clock: Clock) {}

  /** Call `fire` once the virtual clock reaches `deadline` (ns since boot). */
  set(deadline: number, fire: () => void): TimerHandle {
    const e: TimerEntry = { deadline, seq: this.seq++, fire, cancelled: false };
    // Sorted insert: timers are few (sleepers, alarms), so a linear scan is enough.
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1].deadline > deadline) i--;
    this.entries.splice(i, 0, e);
    return e;
  }

  cancel(handle: TimerHandle): void {
    handle.cancelled = true;
  }

  /** The earliest pending deadline, or null. */
  next(): number | null {
    while (this.entries.length && this.entries[0].cancelled) this.entries.shift();
    return this.entries.length ? this.entries[0].deadline : null;
  }

  /** @internal Fire every timer that is due. */
  fireDue(): void {
    const now = this.clock.now();
    while (this.entries.length && (this.entries[0].cancelled || this.entries[0].deadline <= now)) {
      const e = this.entries.shift()!;
      if (!e.cancelled) {
        e.cancelled = true;
        e.fire();
      }
    }
  }
}
