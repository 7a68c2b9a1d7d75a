// The system call dispatcher: the only place that writes -errno to a0.
import { REG, WakeReason } from "../../ostd/index.js";
import { Errno, SysError } from "../errno.js";
import type { Thread } from "../process/process.js";
import { ElfError } from "../elf/elf.js";
import { Block, NO_RETURN, type Args } from "./types.js";
import { SYSCALL_TABLE } from "./table.js";
import { hasDeliverable } from "../process/deliver.js";

const U64 = (1n << 64n) - 1n;

export function dispatchSyscall(t: Thread): void {
  const ctx = t.ctx;
  const nr = Number(ctx.reg(REG.a7));
  const args: Args = [ctx.reg(10), ctx.reg(11), ctx.reg(12), ctx.reg(13), ctx.reg(14), ctx.reg(15)];
  const entry = SYSCALL_TABLE.get(nr);
  let ret: bigint;
  if (!entry) {
    const enosys = t.kernel.stats.enosys;
    enosys[nr] = (enosys[nr] ?? 0) + 1;
    ret = -BigInt(Errno.ENOSYS);
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
        ret = -BigInt(r.errno);
      } else {
        ret = typeof r === "bigint" ? r : BigInt(r);
      }
    } catch (e) {
      t.restart = null;
      t.task.wakeReason = WakeReason.None;
      endTempMask(t);
      // Run the call again once pending signals are dealt with (pc stays at the ecall).
      if (e instanceof SysError && e.errno === Errno.ERESTARTSYS) return;
      if (e instanceof SysError) ret = -BigInt(e.errno);
      else if (e instanceof ElfError) ret = -BigInt(Errno.ENOEXEC);
      else throw e;
    }
  }
  ctx.setReg(REG.a0, ret & U64);
  ctx.pc = ctx.pc + 4n;
  t.kernel.syscallObserver?.(t, nr, args, ret);
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
