// clone: new processes (fork, vfork) and new threads, with the flag combinations glibc and
// busybox use.
import { REG, UserContext } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { Process, Thread } from "./process.js";
import { SIGCHLD } from "./signal.js";
import { RLIMIT_NPROC } from "./rlimit.js";

export const CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800;
export const CLONE_PIDFD = 0x1000, CLONE_PTRACE = 0x2000, CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000;
export const CLONE_THREAD = 0x10000, CLONE_NEWNS = 0x20000, CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000;
export const CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_DETACHED = 0x400000;
export const CLONE_CHILD_SETTID = 0x1000000;
const CSIGNAL = 0xff;

export interface CloneArgs {
  flags: number;
  stack: number;
  parentTid: number;
  childTid: number;
  tls: bigint;
  /** clone3's CLONE_CLEAR_SIGHAND: the child's handled signals go back to default. */
  clearSighand?: boolean;
}

/**
 * Create the child thread (and process, without CLONE_THREAD). The child's context is the
 * parent's at the ecall, returning 0. Returns the child thread; the caller returns its tid.
 */
export function cloneThread(parent: Thread, args: CloneArgs): Thread {
  const f = args.flags;
  if (f & CLONE_THREAD && !(f & CLONE_SIGHAND)) fail(Errno.EINVAL, "CLONE_THREAD needs CLONE_SIGHAND");
  if (f & CLONE_SIGHAND && !(f & CLONE_VM)) fail(Errno.EINVAL, "CLONE_SIGHAND needs CLONE_VM");
  if (args.clearSighand && f & CLONE_SIGHAND) fail(Errno.EINVAL, "CLONE_CLEAR_SIGHAND with CLONE_SIGHAND");
  if (f & CLONE_NEWNS) fail(Errno.EPERM, "namespaces are not supported");
  const kernel = parent.kernel;
  // RLIMIT_NPROC counts live tasks (threads included, as on Linux). Unlike Linux it binds root
  // too: everyone is root here, and a fork bomb must meet EAGAIN, not take the machine down.
  if (kernel.machine.liveTasks >= parent.process.rlimits.cur(RLIMIT_NPROC)) fail(Errno.EAGAIN, "RLIMIT_NPROC reached");
  const ctx = parent.ctx.clone();
  ctx.setReg(REG.a0, 0n);
  ctx.pc = ctx.pc + 4n;
  if (args.stack) ctx.setReg(REG.sp, BigInt(args.stack));
  if (f & CLONE_SETTLS) ctx.setReg(REG.tp, args.tls);
  const tid = kernel.allocPid();
  let child: Thread;
  if (f & CLONE_THREAD) {
    child = new Thread(kernel, parent.process, tid, ctx);
    parent.process.threads.push(child);
  } else {
    child = forkProcess(parent, tid, ctx, f);
    if (args.clearSighand) child.process.sigactions.resetHandlers();
  }
  child.sigmask = parent.sigmask;
  if (f & CLONE_CHILD_CLEARTID) child.clearChildTid = args.childTid;
  if (f & CLONE_PARENT_SETTID) parent.process.mem.vm.writeU32(args.parentTid, tid);
  if (f & CLONE_CHILD_SETTID) child.process.mem.vm.writeU32(args.childTid, tid);
  kernel.machine.liveTasks++;
  kernel.machine.scheduler.spawn(child.task);
  // vfork: the parent sleeps (after clone returns) until the child execs or exits.
  if (f & CLONE_VFORK) parent.vforkChild = child.process;
  return child;
}

function forkProcess(parent: Thread, pid: number, ctx: UserContext, flags: number): Thread {
  const kernel = parent.kernel;
  const pp = parent.process;
  const mem = flags & CLONE_VM ? pp.mem.share() : pp.mem.fork();
  const fds = flags & CLONE_FILES ? pp.fds.share() : pp.fds.fork();
  const realParent = flags & CLONE_PARENT ? pp.parent : pp;
  const proc = new Process(kernel, pid, realParent, mem, fds, pp.cwd, pp.exePath, [...pp.argv]);
  proc.umask = pp.umask;
  proc.personality = pp.personality;
  proc.root = pp.root;
  proc.ioprio = pp.ioprio;
  // Nice and policy are inherited; SCHED_RESET_ON_FORK (not inherited itself) gives the child
  // no negative nice (and would drop a real-time policy, which cannot be set here).
  proc.nice = pp.schedResetOnFork ? Math.max(0, pp.nice) : pp.nice;
  proc.schedPolicy = pp.schedPolicy;
  proc.schedUtil = [...pp.schedUtil];
  proc.exitSignal = flags & CSIGNAL;
  if (flags & CLONE_SIGHAND) {
    proc.sigactions = pp.sigactions;
    pp.sigactions.sharedWith++;
  }
  realParent?.children.push(proc);
  kernel.processes.set(pid, proc);
  const thread = new Thread(kernel, proc, pid, ctx);
  proc.threads.push(thread);
  return thread;
}

export { SIGCHLD };
