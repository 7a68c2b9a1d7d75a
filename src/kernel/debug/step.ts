// Single-stepping for the playground's debugger: one thread moves by exactly one user
// instruction (or one system call, or one signal delivery) while the rest of the machine
// stands still. It is Kernel.stepThread's user loop with a budget of one event rather than
// of instructions: with a budget of 1, stepThread would also run the instruction after an
// ecall (the ecall itself retires no instruction) and so step past a breakpoint there.
import { DivergenceError, ReturnReason, TaskState } from "../../ostd/index.js";
import { dispatchSyscall } from "../syscall/dispatch.js";
import { exitProcess } from "../process/lifecycle.js";
import type { Kernel } from "../kernel.js";
import type { Thread } from "../process/process.js";

/** What one step did. */
export type StepOutcome =
  | "instruction" // one instruction retired
  | "syscall" // an ecall was dispatched (it may have blocked the thread or ended it)
  | "signal" // a signal was delivered (pc moved to a handler) or the thread stopped or died
  | "fault" // a fault became a signal, delivered on the next step
  | "not-runnable"; // the thread sleeps, is stopped or has exited: nothing ran

// A fault fixed by the kernel (demand paging, copy-on-write) re-runs the instruction; a few
// rounds cover an instruction whose fetch and data access both fault.
const MAX_FAULT_RETRIES = 4;

/**
 * Step `thread` once, as the scheduler would run it but for one event. The thread becomes the
 * scheduler's current one (so /proc/self and the terminal see the right caller). The caller
 * must not be inside a slice (Machine.runSlice) when it calls this.
 */
export function stepOne(kernel: Kernel, thread: Thread): StepOutcome {
  try {
    return step(kernel, thread);
  } catch (e) {
    // A kernel bug is contained to the process, as Kernel.stepThread contains it.
    if (e instanceof DivergenceError) throw e;
    kernel.stats.kernelBugs++;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    kernel.host.diagnose(`aster: kernel bug while stepping pid ${thread.process.pid} (${thread.process.comm}): ${what}; the process is killed`);
    exitProcess(kernel, thread.process, 31 /* SIGSYS */);
    return "signal";
  }
}

function step(kernel: Kernel, thread: Thread): StepOutcome {
  const task = thread.task;
  if (task.state !== TaskState.Runnable) return "not-runnable";
  kernel.machine.scheduler.current = task;
  const pc = thread.ctx.pc;
  if (!readyToRun(kernel, thread)) return "signal";
  if (thread.ctx.pc !== pc) return "signal";
  const um = kernel.machine.userMode;
  for (let i = 0; i < MAX_FAULT_RETRIES; i++) {
    const reason = um.execute(thread.ctx, thread.process.mem.vm, 1);
    thread.instret += um.lastRetired;
    if (reason === ReturnReason.KernelEvent) return "instruction";
    if (reason === ReturnReason.Syscall) {
      kernel.stats.syscalls++;
      dispatchSyscall(thread);
      return "syscall";
    }
    const before = thread.pending.size + thread.process.pending.size;
    handleException(kernel, thread);
    if (thread.pending.size + thread.process.pending.size !== before || task.state !== TaskState.Runnable) return "fault";
  }
  return "fault";
}

// The kernel's own steps of its user loop. They are private to Kernel because only the user
// loop may call them; this module is that loop, one event at a time.
function readyToRun(kernel: Kernel, thread: Thread): boolean {
  return kernel.readyToRun(thread);
}

function handleException(kernel: Kernel, thread: Thread): void {
  kernel.handleException(thread);
}
