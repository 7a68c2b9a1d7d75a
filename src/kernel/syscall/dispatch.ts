// The system call dispatcher: the only place that writes -errno to a0.
import { REG, WakeReason } from "../../ostd/index.js";
import { Errno, SysError } from "../errno.js";
import type { Thread } from "../process/process.js";
import { ElfError } from "../elf/elf.js";
import { Block, NO_RETURN, type Args } from "./types.js";
import { SYSCALL_TABLE } from "./table.js";

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
        t.kernel.machine.scheduler.block(t.task, r.queues, r.deadline, r.what);
        return;
      }
      t.restart = null;
      ret = typeof r === "bigint" ? r : BigInt(r);
    } catch (e) {
      t.restart = null;
      if (e instanceof SysError) ret = -BigInt(e.errno);
      else if (e instanceof ElfError) ret = -BigInt(Errno.ENOEXEC);
      else throw e;
    }
  }
  ctx.setReg(REG.a0, ret & U64);
  ctx.pc = ctx.pc + 4n;
}

/** For handlers re-run after a block: whether the sleep ended by its timer. */
export function wokeByTimeout(t: Thread): boolean {
  return t.task.wakeReason === WakeReason.Timeout;
}
