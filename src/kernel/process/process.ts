// Processes and threads. A thread is an OSTD task plus its user context; a process owns the
// memory, descriptors and cwd its threads share.
import { rootCaps } from "./caps.js";
import { Task, UserContext, recipe, type TaskStepping, type TimerHandle, type WaitQueue } from "../../ostd/index.js";
import type { Creds } from "../fs/permission.js";
import type { PosixTimer } from "./posix_timer.js";
import type { Memory } from "../mm/memory.js";
import type { FdTable } from "../fs/file.js";
import type { Loc } from "../fs/vfs.js";
import type { Kernel } from "../kernel.js";
import { SigActions, type SigSet } from "./signal.js";
import type { SigInfo } from "./deliver.js";
import { Rlimits } from "./rlimit.js";

// Snapshots made when a thread's task step was a closure name it by this recipe.
recipe("kernel.threadStep", (kernel: Kernel, thread: Thread) => (_task: Task, budget: number) => kernel.stepThread(thread, budget));

/** A thread is its task's step (TaskStepping): a snapshot keeps it as the thread itself. */
export class Thread implements TaskStepping {
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
  /** prctl(PR_SET_NAME); the executable's name when unset. */
  name: string | null = null;
  /** Signals sent to this thread (tgkill, faults), by number. */
  pending = new Map<number, SigInfo>();
  /** The mask to restore after a call that ran with a temporary one (sigsuspend, ppoll). */
  savedSigmask: SigSet | null = null;
  /** Woken whenever a signal is queued for this thread or its process (sigtimedwait waits
   *  for signals it blocks, which do not interrupt). */
  readonly signalArrived: WaitQueue;
  /** A wait that follows a completed system call before user code runs again (a blocking
   *  FIFO open waiting for its peer). */
  postWait: { ready: () => boolean; queue: WaitQueue; what: string } | null = null;
  /** vfork: the child this thread waits for (until it execs or exits). */
  vforkChild: Process | null = null;
  /** sigaltstack(2) */
  altStack: { sp: number; size: number } | null = null;

  constructor(readonly kernel: Kernel, public process: Process, readonly tid: number, ctx: UserContext) {
    this.ctx = ctx;
    this.task = new Task(this, this);
    this.signalArrived = kernel.machine.scheduler.newWaitQueue(`signals of ${tid}`);
  }

  stepTask(_task: Task, budget: number): void {
    this.kernel.stepThread(this, budget);
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
  /** The root directory (chroot(2)); null: the file system's. Inherited, kept across exec. */
  root: Loc | null = null;
  /** SEM_UNDO adjustments by semaphore set id, then semaphore number (applied at exit; a
   *  child starts with none, as without CLONE_SYSVSEM). */
  semUndo = new Map<number, Map<number, number>>();
  /** ioprio_set's I/O priority (class << 13 | hints << 3 | level); 0: never set. */
  ioprio = 0;
  /** personality(2)'s persona: PER_LINUX (0) plus flags; kept across fork and exec. */
  personality = 0;
  nice = 0;
  /** The scheduling policy a program asked for (SCHED_OTHER, BATCH or IDLE: all run round-robin
   *  by instruction budget here) and whether children go back to SCHED_OTHER (RESET_ON_FORK). */
  schedPolicy = 0;
  schedResetOnFork = false;
  /** sched_setattr's utilization clamps (0-1024). */
  schedUtil: [number, number] = [0, 1024];
  rlimits: Rlimits;
  /** Virtual time at creation (for ps's START and /proc/PID/stat). */
  startNs = 0;
  /** The environment it was exec'd with (/proc/PID/environ). */
  envp: string[] = [];
  pdeathSignal = 0;
  dumpable = true;
  noNewPrivs = false;
  subreaper = false;
  /** setitimer(ITIMER_REAL) */
  realTimer: { handle: TimerHandle; intervalNs: number } | null = null;
  /** timer_create's timers by id (not inherited by fork, deleted by exec and exit). */
  posixTimers = new Map<number, PosixTimer>();
  creds: Creds = { uid: 0, euid: 0, suid: 0, fsuid: 0, gid: 0, egid: 0, sgid: 0, fsgid: 0, groups: [0], ...rootCaps() };
  /** The controlling terminal's session, or null (setsid drops it). */
  ctty: object | null = null;
  /** Signals sent to the process as a whole, by number. */
  pending = new Map<number, SigInfo>();
  pgid: number;
  sid: number;
  sigactions: SigActions;
  /** Woken when a child exits, stops or continues (wait4). */
  readonly childExit: WaitQueue;
  /** Woken when this process execs or exits (its vfork parent resumes). */
  readonly vforkDone: WaitQueue;
  /** Set once this process has exec'd or exited: a vfork parent may go on. */
  vforkReleased = false;
  /** The signal sent to the parent on exit (SIGCHLD for fork, 0 for some clones). */
  exitSignal = 17;
  /** Job control: stopped by SIGSTOP/SIGTSTP/SIGTTIN/SIGTTOU until SIGCONT. */
  stopped = false;
  /** The last stop or continue not yet reported to wait4 (WUNTRACED / WCONTINUED). */
  stopEvent: { kind: "stopped" | "continued"; sig: number } | null = null;
  /** Threads of a stopped process sleep here until SIGCONT. */
  readonly continued: WaitQueue;

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
    this.rlimits = new Rlimits(parent?.rlimits);
    this.startNs = kernel.machine.clock.now();
    this.commName = parent ? parent.commName : exePath.slice(exePath.lastIndexOf("/") + 1).slice(0, 15);
    if (parent) {
      this.envp = parent.envp;
      this.creds = { ...parent.creds, groups: [...parent.creds.groups] };
      this.ctty = parent.ctty;
    }
    fds.ownedBy(this, kernel.locks);
    this.childExit = kernel.machine.scheduler.newWaitQueue(`children of ${pid}`);
    this.vforkDone = kernel.machine.scheduler.newWaitQueue(`vfork ${pid}`);
    this.continued = kernel.machine.scheduler.newWaitQueue(`stopped ${pid}`);
  }

  get mainThread(): Thread {
    return this.threads[0];
  }

  /** The command name: the last component of the path it was exec'd by (a symlink's own
   *  name, as Linux uses), at most 15 bytes. */
  commName = "";

  get comm(): string {
    return this.commName;
  }
}
