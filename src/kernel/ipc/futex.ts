// Futexes: wait queues keyed by a user address. Private futexes are keyed by (address space,
// address); shared ones by the physical frame and offset, so processes sharing memory meet.
import { WakeReason, registerCounter } from "../../ostd/index.js";
import type { Kernel } from "../kernel.js";
import type { Memory } from "../mm/memory.js";
import type { Thread } from "../process/process.js";
import { SideTable } from "../util/side_table.js";

export interface FutexWaiter {
  thread: Thread;
  key: string;
  bitset: number;
  woken: boolean;
}

const memIds = new SideTable<Memory, number>("$futexMemId");
let nextMemId = 1;
registerCounter("kernel.futex.memId", () => nextMemId, (v) => (nextMemId = v));

export function futexKey(mem: Memory, va: number, shared: boolean): string {
  // Like Linux's get_futex_key: only shared mappings key by the page; private memory keys by
  // (address space, address) whether or not FUTEX_PRIVATE_FLAG was given.
  if (shared && mem.find(va)?.shared) {
    const page = mem.vm.query(va);
    if (page) return `p${page.pfn}:${va % 4096}`;
  }
  let id = memIds.get(mem);
  if (id === undefined) memIds.set(mem, (id = nextMemId++));
  return `m${id}:${va}`;
}

/** The kernel's futex table: waiters in FIFO order per key. */
export class FutexTable {
  private waiters = new Map<string, FutexWaiter[]>();

  add(w: FutexWaiter): void {
    const list = this.waiters.get(w.key);
    if (list) list.push(w);
    else this.waiters.set(w.key, [w]);
  }

  remove(w: FutexWaiter): void {
    const list = this.waiters.get(w.key);
    if (!list) return;
    const i = list.indexOf(w);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.waiters.delete(w.key);
  }

  /** Whether no thread waits on any futex. */
  get empty(): boolean {
    return this.waiters.size === 0;
  }

  /** Waiters still asleep in futex_wait on `key` (a thread that left by a signal is dropped). */
  live(key: string): FutexWaiter[] {
    const list = (this.waiters.get(key) ?? []).filter((w) => w.thread.restart?.data === w);
    if (list.length) this.waiters.set(key, list);
    else this.waiters.delete(key);
    return list;
  }

  /** Wake up to `n` waiters on `key` whose bitset matches; returns how many. */
  wake(kernel: Kernel, key: string, n: number, bitset: number): number {
    let woken = 0;
    // A copy: remove() edits the live list while we walk it.
    for (const w of [...this.live(key)]) {
      if (woken >= n) break;
      if ((w.bitset & bitset) === 0) continue;
      w.woken = true;
      this.remove(w);
      kernel.machine.scheduler.wake(w.thread.task, WakeReason.Event);
      woken++;
    }
    return woken;
  }

  /** Move up to `n` waiters from one key to another; returns how many moved. */
  requeue(from: string, to: string, n: number): number {
    let moved = 0;
    for (const w of [...this.live(from)]) {
      if (moved >= n) break;
      this.remove(w);
      w.key = to;
      this.add(w);
      moved++;
    }
    return moved;
  }
}

export function futexWake(kernel: Kernel, mem: Memory, va: number, n: number, bitset: number): number {
  // Every exiting thread with a clear-child-tid address wakes its futex; nearly always nobody
  // waits on any futex, and the key need not even be made.
  if (kernel.futexes.empty) return 0;
  return kernel.futexes.wake(kernel, futexKey(mem, va, true), n, bitset);
}
