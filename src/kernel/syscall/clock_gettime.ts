import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong, writeMem } from "./util.js";

export const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3;
export const CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7;

/** The value of a clock in ns. Every clock derives from the virtual clock (instructions). */
export function clockNs(t: Thread, clock: number): bigint {
  const m = t.kernel.machine;
  switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
      return m.world.realtimeNs();
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
      return BigInt(m.clock.now());
    case CLOCK_PROCESS_CPUTIME_ID:
      return BigInt(t.process.threads.reduce((n, th) => n + th.instret, 0));
    case CLOCK_THREAD_CPUTIME_ID:
      return BigInt(t.instret);
    default:
      fail(Errno.EINVAL);
  }
}

export function encodeTimespec(ns: bigint): Uint8Array {
  const b = new Uint8Array(16);
  const v = new Pod(b);
  v.setBigInt64(0, ns / 1_000_000_000n);
  v.setBigInt64(8, ns % 1_000_000_000n);
  return b;
}

/** clock_gettime(2) */
export function sysClockGettime(t: Thread, a: Args): SysResult {
  writeMem(t, ulong(a[1]), encodeTimespec(clockNs(t, int(a[0]))));
  return 0;
}
