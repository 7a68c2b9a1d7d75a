// The system call dispatcher: the only place that writes -errno to a0.
import { REG, WakeReason } from "../../ostd/index.js";
import { Errno, SysError } from "../errno.js";
import type { Thread } from "../process/process.js";
import { ElfError } from "../elf/elf.js";
import { Block, NO_RETURN, type Args } from "./types.js";
import { SYSCALL_TABLE } from "./table.js";
import { hasDeliverable } from "../process/deliver.js";

export function dispatchSyscall(t: Thread): void {
  const ctx = t.ctx;
  const nr = ctx.regNumber(REG.a7);
  const args: Args = [ctx.reg(10), ctx.reg(11), ctx.reg(12), ctx.reg(13), ctx.reg(14), ctx.reg(15)];
  const entry = SYSCALL_TABLE.get(nr);
  // The result as a Number when it is one (nearly always: counts, fds, -errno), written to a0
  // as two halves; a BigInt otherwise (a pointer-sized value a handler computed as one).
  let ret: number | bigint;
  if (!entry) {
    const enosys = t.kernel.stats.enosys;
    enosys[nr] = (enosys[nr] ?? 0) + 1;
    ret = -Errno.ENOSYS;
  } else {
    try {
      const r = entry.handler(t, args);
      if (r === NO_RETURN) return;
      if (r instanceof Block) {
        const sched = t.kernel.machine.scheduler;
        sched.block(t.task, r.queues, r.deadline, r.what);
        // A signal the call just unblocked (sigsuspend, ppoll's mask) is already pending.
        if (hasDeliverable(t)) sched.wake(t.task, WakeReason.Interrupt);
        return;
      }
      t.restart = null;
      t.task.wakeReason = WakeReason.None;
      endTempMask(t);
      if (r instanceof SysError) {
        if (r.errno === Errno.ERESTARTSYS) return;
        ret = -r.errno;
      } else {
        // BigInt() of a number that is not an integer throws, as it always did here.
        ret = typeof r === "bigint" || Number.isSafeInteger(r) ? r : BigInt(r);
      }
    } catch (e) {
      t.restart = null;
      t.task.wakeReason = WakeReason.None;
      endTempMask(t);
      // Run the call again once pending signals are dealt with (pc stays at the ecall).
      if (e instanceof SysError && e.errno === Errno.ERESTARTSYS) return;
      if (e instanceof SysError) ret = -e.errno;
      else if (e instanceof ElfError) ret = -Errno.ENOEXEC;
      else throw e;
    }
  }
  if (typeof ret === "number") ctx.setRegNumber(REG.a0, ret);
  else ctx.setReg(REG.a0, ret);
  ctx.advancePc(4);
  const observe = t.kernel.syscallObserver;
  if (observe) observe(t, nr, args, typeof ret === "number" ? BigInt(ret) : ret);
}

/** A call that ran with a temporary signal mask (ppoll, sigsuspend) ended without a signal
 *  handler taking over: put the old mask back. */
function endTempMask(t: Thread): void {
  if (t.savedSigmask !== null) {
    t.sigmask = t.savedSigmask;
    t.savedSigmask = null;
  }
}

/** Whether the system call a thread is blocked in may restart after a signal handler with
 *  SA_RESTART (Linux's -ERESTARTSYS) or always ends with EINTR (-ERESTARTNOHAND). */
export function restartsAfterHandler(t: Thread): boolean {
  return !SYSCALL_TABLE.get(Number(t.ctx.reg(REG.a7)))?.noRestart;
}

/** For handlers re-run after a block: whether the sleep ended by its timer. Only meaningful on
 *  a re-run (the reason is cleared whenever a call completes). */
export function wokeByTimeout(t: Thread): boolean {
  return t.restart !== null && t.task.wakeReason === WakeReason.Timeout;
}
