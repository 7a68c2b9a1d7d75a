// The system-call panel's source: every completed call counted by number, and, while the
// panel is shown, decoded strace-style into a bounded ring buffer the page reads from.
import type { Machine } from "../ostd/index.js";
import { peekCString, peekUser } from "../ostd/debug/index.js";
import type { Thread } from "../kernel/process/process.js";
import { formatSyscall, syscallName, type UserMemory } from "./strace.js";
import type { SyscallBatch, SyscallCount, SyscallEvent } from "./api.js";

/** Decoded calls kept for the page (older ones are dropped, and counted as dropped). */
export const RING_SIZE = 4096;

export class SyscallTracer {
  private readonly ring: Array<SyscallEvent | undefined> = new Array(RING_SIZE);
  /** seq of the newest event; 0 before the first. */
  private last = 0;
  private readonly counts = new Map<number, { calls: number; errors: number }>();
  /** Decode calls into the ring (the panel is shown). */
  decoding = false;

  constructor(private readonly machine: Machine) {}

  /** kernel.syscallObserver */
  observe(t: Thread, nr: number, args: readonly bigint[], ret: bigint): void {
    const failed = BigInt.asIntN(64, ret) < 0n && BigInt.asIntN(64, ret) > -4096n;
    let c = this.counts.get(nr);
    if (!c) this.counts.set(nr, (c = { calls: 0, errors: 0 }));
    c.calls++;
    if (failed) c.errors++;
    if (!this.decoding) return;
    const vm = t.process.mem.vm;
    const mem: UserMemory = {
      peek: (va, len) => peekUser(this.machine, vm, va, len),
      cstring: (va, max) => peekCString(this.machine, vm, va, max),
    };
    const seq = ++this.last;
    this.ring[seq % RING_SIZE] = {
      seq, pid: t.process.pid, tid: t.tid, nr, name: syscallName(nr), text: formatSyscall(nr, args, ret, mem),
      failed, instret: Number(this.machine.clock.instret()),
    };
  }

  /** Events after `since`, at most the newest `max` of them. */
  read(since: number, max: number): SyscallBatch {
    const oldest = Math.max(1, this.last - RING_SIZE + 1);
    let from = Math.max(since + 1, oldest);
    let dropped = from - (since + 1);
    if (this.last - from + 1 > max) {
      dropped += this.last - max + 1 - from;
      from = this.last - max + 1;
    }
    const events: SyscallEvent[] = [];
    for (let s = from; s <= this.last; s++) events.push(this.ring[s % RING_SIZE]!);
    return { events, dropped: Math.max(0, dropped), last: this.last };
  }

  table(): SyscallCount[] {
    return [...this.counts].map(([nr, c]) => ({ nr, name: syscallName(nr), calls: c.calls, errors: c.errors }))
      .sort((a, b) => b.calls - a.calls || a.nr - b.nr);
  }
}
