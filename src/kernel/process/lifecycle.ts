// How processes and threads end, stop and continue, and how parents learn of it.
import { TaskState } from "../../ostd/index.js";
import { SEMVMX } from "../ipc/sysv_sem.js";
import { deleteAllPosixTimers } from "./posix_timer.js";
import type { Kernel } from "../kernel.js";
import { ProcessState, type Process, type Thread } from "./process.js";
import { SIGCHLD, SIG_IGN } from "./signal.js";
import { futexWake } from "../ipc/futex.js";

// si_code values for SIGCHLD (include/uapi/asm-generic/siginfo.h).
export const CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_STOPPED = 5, CLD_CONTINUED = 6;
const SA_NOCLDSTOP = 1n, SA_NOCLDWAIT = 2n;

/** End one thread: CLONE_CHILD_CLEARTID is honoured (zeroed and futex-woken) as glibc's
 *  pthread_join expects. */
export function exitThread(kernel: Kernel, t: Thread): void {
  if (t.task.state === TaskState.Exited) return;
  if (t.clearChildTid && t.process.state !== ProcessState.Zombie) {
    if (t.process.mem.vm.writeU32(t.clearChildTid, 0) === true) futexWake(kernel, t.process.mem, t.clearChildTid, 1, 0xffffffff);
  }
  kernel.machine.scheduler.exit(t.task);
  kernel.machine.liveTasks--;
}

/** SEM_UNDO: give back what the process's semops took or added (clamped to 0..SEMVMX). */
function applySemUndo(kernel: Kernel, proc: Process): void {
  if (proc.semUndo.size === 0) return; // (every exit asks; almost no one has any)
  for (const [id, adj] of proc.semUndo) {
    const set = kernel.sems.sets.get(id);
    if (!set) continue;
    for (const [num, d] of adj) {
      set.values[num] = Math.max(0, Math.min(SEMVMX, set.values[num] + d));
      set.pids[num] = proc.pid;
    }
    set.changed.wakeAll();
  }
  proc.semUndo.clear();
}

/** End every thread of `proc` with wait status `status` (exit code << 8, or the signal). */
export function exitProcess(kernel: Kernel, proc: Process, status: number): void {
  if (proc.state === ProcessState.Zombie) return;
  for (const t of proc.threads) exitThread(kernel, t);
  proc.state = ProcessState.Zombie;
  proc.waitStatus = status;
  if (proc.realTimer) kernel.machine.timers.cancel(proc.realTimer.handle);
  proc.realTimer = null;
  deleteAllPosixTimers(kernel, proc);
  applySemUndo(kernel, proc);
  proc.fds.release();
  kernel.locks.releaseRecords(proc, null);
  proc.mem.release();
  proc.vforkReleased = true;
  proc.vforkDone.wakeAll();
  const init = kernel.init;
  for (const child of proc.children) {
    child.parent = init === proc ? null : init;
    if (init && init !== proc) init.children.push(child);
  }
  proc.children = [];
  notifyParent(kernel, proc, status & 0x7f ? CLD_KILLED : CLD_EXITED, status & 0x7f ? status & 0x7f : (status >> 8) & 0xff);
  kernel.processExited(proc);
}

/** Tell the parent: SIGCHLD (unless it asked not to be told) and a wake-up for wait4. A child
 *  whose parent ignores SIGCHLD or set SA_NOCLDWAIT is reaped at once. */
export function notifyParent(kernel: Kernel, proc: Process, code: number, status: number): void {
  const parent = proc.parent;
  if (!parent) return;
  const action = parent.sigactions.get(SIGCHLD);
  const exited = code === CLD_EXITED || code === CLD_KILLED || code === CLD_DUMPED;
  if (exited && (action.handler === SIG_IGN || action.flags & SA_NOCLDWAIT)) {
    reap(kernel, proc);
  } else if (proc.exitSignal && !(!exited && action.flags & SA_NOCLDSTOP)) {
    kernel.signalProcess(parent, exited ? proc.exitSignal : SIGCHLD, { code, pid: proc.pid, status });
  }
  parent.childExit.wakeAll();
}

/** Remove a zombie from the process table and from its parent's children. */
export function reap(kernel: Kernel, proc: Process): void {
  kernel.processes.delete(proc.pid);
  const parent = proc.parent;
  if (parent) parent.children = parent.children.filter((c) => c !== proc);
}

/** Job control: every thread of `proc` stops until SIGCONT. */
export function stopProcess(kernel: Kernel, proc: Process, sig: number): void {
  if (proc.stopped || proc.state === ProcessState.Zombie) return;
  proc.stopped = true;
  proc.stopEvent = { kind: "stopped", sig };
  notifyParent(kernel, proc, CLD_STOPPED, sig);
}

export function continueProcess(kernel: Kernel, proc: Process): void {
  if (!proc.stopped) return;
  proc.stopped = false;
  proc.stopEvent = { kind: "continued", sig: 18 };
  proc.continued.wakeAll();
  notifyParent(kernel, proc, CLD_CONTINUED, 18);
}
