import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, readMem, uint, ulong } from "./util.js";
import { clockNs } from "./clock_gettime.js";

const TIMER_ABSTIME = 1;
export const NR_CLOCK_NANOSLEEP = 115;
export const NR_NANOSLEEP = 101;

function readTimespec(t: Thread, va: number): bigint {
  const v = new Pod(readMem(t, va, 16));
  const sec = v.getBigInt64(0);
  const nsec = v.getBigInt64(8);
  if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) fail(Errno.EINVAL);
  return sec * 1_000_000_000n + nsec;
}

/** Sleep until virtual time `deadline` on the monotonic clock; re-entered when woken. */
export function sleepUntil(t: Thread, nr: number, computeDeadline: () => number): SysResult {
  let deadline: number;
  if (t.restart?.nr === nr) deadline = t.restart.data as number;
  else {
    deadline = computeDeadline();
    t.restart = { nr, data: deadline };
  }
  if (t.kernel.machine.clock.now() >= deadline) return 0;
  return new Block([], deadline, "sleep");
}

/** clock_nanosleep(2) */
export function sysClockNanosleep(t: Thread, a: Args): SysResult {
  const clock = int(a[0]);
  const flags = uint(a[1]);
  const req = ulong(a[2]);
  return sleepUntil(t, NR_CLOCK_NANOSLEEP, () => {
    const ns = readTimespec(t, req);
    const now = clockNs(t, clock);
    const delta = flags & TIMER_ABSTIME ? ns - now : ns;
    return t.kernel.machine.clock.now() + Math.max(0, Number(delta));
  });
}

/** nanosleep(2) */
export function sysNanosleep(t: Thread, a: Args): SysResult {
  const req = ulong(a[0]);
  return sleepUntil(t, NR_NANOSLEEP, () => t.kernel.machine.clock.now() + Number(readTimespec(t, req)));
}

/** A sleep interrupted by a signal handler reports the time left in `rem` (nanosleep's second
 *  argument, clock_nanosleep's fourth when not TIMER_ABSTIME). */
export function writeRemaining(t: Thread): void {
  const nr = t.restart?.nr;
  const deadline = t.restart?.data as number | undefined;
  if (deadline === undefined) return;
  const a = (i: number) => t.ctx.reg(10 + i);
  let rem = 0;
  if (nr === NR_NANOSLEEP) rem = ulong(a(1));
  else if (nr === NR_CLOCK_NANOSLEEP && !(uint(a(1)) & TIMER_ABSTIME)) rem = ulong(a(3));
  if (!rem) return;
  const left = BigInt(Math.max(0, deadline - t.kernel.machine.clock.now()));
  const p = new Pod(new Uint8Array(16));
  p.setBigInt64(0, left / 1_000_000_000n);
  p.setBigInt64(8, left % 1_000_000_000n);
  t.process.mem.vm.write(rem, p.bytes);
}
