import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import { sigbit, SIGKILL } from "../process/signal.js";
import { encodeSiginfoBytes, takeSignal } from "../process/deliver.js";
import { wokeByTimeout } from "./dispatch.js";
import { Block, type Args, type SysResult } from "./types.js";
import { readU64, ulong, writeMem } from "./util.js";
import { timeoutToDeadline } from "./ppoll.js";

export const NR_RT_SIGTIMEDWAIT = 137;

/** rt_sigtimedwait(2): take a pending signal from `set` without running its handler. */
export function sysRtSigtimedwait(t: Thread, a: Args): SysResult {
  if (ulong(a[3]) !== 8) fail(Errno.EINVAL);
  const set = readU64(t, ulong(a[0])) & ~(sigbit(SIGKILL) | sigbit(19));
  const info = takeSignal(t, set);
  if (info) {
    if (ulong(a[1])) writeMem(t, ulong(a[1]), encodeSiginfoBytes(info));
    return info.signo;
  }
  const first = t.restart?.nr !== NR_RT_SIGTIMEDWAIT;
  const deadline = first ? timeoutToDeadline(t, ulong(a[2])) : (t.restart!.data as number | null);
  if (first) t.restart = { nr: NR_RT_SIGTIMEDWAIT, data: deadline };
  if (deadline !== null && (deadline <= t.kernel.machine.clock.now() || wokeByTimeout(t))) fail(Errno.EAGAIN);
  // The signals waited for are blocked, so they don't interrupt: wake on any arrival instead.
  return new Block([t.signalArrived], deadline, "sigtimedwait");
}
