// Processes and threads. A thread is an OSTD task plus its user context; a process owns the
// memory, descriptors and cwd its threads share.
import { Task, UserContext, type WaitQueue } from "../../ostd/index.js";
import type { Memory } from "../mm/memory.js";
import type { FdTable } from "../fs/file.js";
import type { Loc } from "../fs/vfs.js";
import type { Kernel } from "../kernel.js";
import { SigActions, type SigSet } from "./signal.js";
import type { SigInfo } from "./deliver.js";

export class Thread {
  readonly task: Task;
  ctx: UserContext;
  sigmask: SigSet = 0n;
  /** set_tid_address / CLONE_CHILD_CLEARTID: zeroed and futex-woken when the thread exits. */
  clearChildTid = 0;
  robustList = 0;
  /** State a blocked system call keeps between its attempts (e.g. a sleep's deadline). Cleared
   *  when a system call completes. */
  restart: { nr: number; data: unknown } | null = null;
  /** Instructions this thread has retired (for the process panel and getrusage). */
  instret = 0;
  /** Signals sent to this thread (tgkill, faults), by number. */
  pending = new Map<number, SigInfo>();
  /** sigaltstack(2) */
  altStack: { sp: number; size: number } | null = null;

  constructor(readonly kernel: Kernel, public process: Process, readonly tid: number, ctx: UserContext) {
    this.ctx = ctx;
    this.task = new Task((task, budget) => kernel.stepThread(this, budget), this);
  }
}

export enum ProcessState {
  Running = "running",
  Zombie = "zombie",
}

export class Process {
  state = ProcessState.Running;
  threads: Thread[] = [];
  children: Process[] = [];
  /** Wait status for wait4 once a zombie (as the kernel encodes it: code << 8 | signal). */
  waitStatus = 0;
  /** The signal that killed the process, with where, for the CLI's diagnosis line. */
  fatal: { signal: number; pc: bigint; addr: bigint | null } | null = null;
  umask = 0o022;
  /** Signals sent to the process as a whole, by number. */
  pending = new Map<number, SigInfo>();
  pgid: number;
  sid: number;
  readonly sigactions: SigActions;
  readonly childExit: WaitQueue;

  constructor(
    readonly kernel: Kernel,
    readonly pid: number,
    public parent: Process | null,
    public mem: Memory,
    public fds: FdTable,
    public cwd: Loc,
    public exePath: string,
    public argv: string[],
  ) {
    this.pgid = parent ? parent.pgid : pid;
    this.sid = parent ? parent.sid : pid;
    this.sigactions = parent ? parent.sigactions.clone() : new SigActions();
    this.childExit = kernel.machine.scheduler.newWaitQueue(`children of ${pid}`);
  }

  get mainThread(): Thread {
    return this.threads[0];
  }

  get comm(): string {
    const base = this.exePath.slice(this.exePath.lastIndexOf("/") + 1);
    return base.slice(0, 15);
  }
}
