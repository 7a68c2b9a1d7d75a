// The kernel: boots from a Machine, owns the process table and the file tree, and runs each
// thread's user loop (execute → dispatch the trap → deliver signals).
import { Access, ReturnReason, TaskState, Trap, UserContext, WakeReason, REG, type Machine } from "../ostd/index.js";
import { Memory } from "./mm/memory.js";
import { FdTable, OpenFile, O_RDONLY, O_WRONLY, O_RDWR } from "./fs/file.js";
import { Vfs, type Loc } from "./fs/vfs.js";
import { TmpFs } from "./fs/tmpfs.js";
import { makeDevfs } from "./fs/devfs.js";
import { makeProcfs } from "./fs/procfs.js";
import { HostFs, type HostFsBackend } from "./fs/hostfs.js";
import { Console, type ConsoleHost } from "./tty/console.js";
import { Process, ProcessState, Thread } from "./process/process.js";
import { SIGBUS, SIGILL, SIGSEGV, SIGTRAP, SIGNAL_NAMES, SIG_DFL, SIG_IGN } from "./process/signal.js";
import { SA_RESTART, deliverSignals, hasDeliverable, peekSignal, queueProcessSignal, queueThreadSignal, type SigInfo } from "./process/deliver.js";
import { Errno } from "./errno.js";
import { dispatchSyscall } from "./syscall/dispatch.js";
import { execInto } from "./process/exec.js";
import { SysError } from "./errno.js";

export interface KernelHost extends ConsoleHost {
  /** The first process has exited: the run is over. */
  exit(status: number): void;
  /** One-line diagnoses (fatal signals) for the user, on the host's stderr. */
  diagnose(line: string): void;
}

export interface BootConfig {
  argv: string[];
  env: string[];
  cwd: string;
  mounts: Array<{ guest: string; host: string }>;
  hostFs?: HostFsBackend;
}

export interface KernelStats {
  syscalls: number;
  enosys: Record<number, number>;
  pageFaults: number;
}

export class Kernel {
  readonly vfs: Vfs;
  readonly console: Console;
  readonly processes = new Map<number, Process>();
  readonly stats: KernelStats = { syscalls: 0, enosys: {}, pageFaults: 0 };
  private nextPid = 1;
  init: Process | null = null;

  constructor(readonly machine: Machine, readonly host: KernelHost) {
    const now = () => machine.world.realtimeNs();
    const rootFs = new TmpFs(now);
    this.vfs = new Vfs(rootFs.root);
    for (const d of ["dev", "proc", "tmp", "sys", "etc", "bin", "root", "usr"]) rootFs.root.mkdir(d, d === "tmp" ? 0o1777 : 0o755);
    this.console = new Console(machine.scheduler, machine.world, host);
    this.vfs.mount("/dev", makeDevfs(100, {
      randomBytes: (n) => machine.world.randomBytes(n),
      openConsole: () => this.console.open(1),
    }));
    this.vfs.mount("/proc", makeProcfs(101, this));
  }

  /** The process whose thread is running (or last ran): what /proc/self names. */
  currentPid(): number {
    const t = this.machine.scheduler.current?.data as Thread | undefined;
    return t ? t.process.pid : 0;
  }

  allocPid(): number {
    return this.nextPid++;
  }

  /** Mount a host directory at `guest`, creating the mount point in the root tmpfs. */
  mountHost(guest: string, hostPath: string, backend: HostFsBackend, dev: number): void {
    const parts = guest.split("/").filter(Boolean);
    let loc: Loc = this.vfs.root;
    for (const p of parts) {
      const next = loc.inode.lookup?.(p) ?? loc.inode.mkdir!(p, 0o755);
      loc = { inode: next, path: loc.path === "/" ? `/${p}` : `${loc.path}/${p}` };
    }
    this.vfs.mount(loc.path, new HostFs(backend, hostPath, dev).root);
  }

  /** Start the first process. Throws ElfError / SysError when the program cannot start. */
  boot(config: BootConfig): Process {
    config.mounts.forEach((m, i) => this.mountHost(m.guest, m.host, config.hostFs!, 200 + i));
    const cwd = this.vfs.resolve(config.cwd, this.vfs.root);
    const fds = new FdTable();
    fds.install(new OpenFile(this.console.open(1), O_RDONLY, null, "/dev/console"), false);
    fds.install(new OpenFile(this.console.open(1), O_WRONLY, null, "/dev/console"), false);
    fds.install(new OpenFile(this.console.open(2), O_WRONLY, null, "/dev/console"), false);
    const pid = this.allocPid();
    const proc = new Process(this, pid, null, new Memory(this.machine), fds, cwd, config.argv[0], config.argv);
    const thread = new Thread(this, proc, pid, new UserContext());
    proc.threads.push(thread);
    execInto(thread, config.argv[0], config.argv, config.env);
    this.processes.set(pid, proc);
    this.init = proc;
    this.machine.liveTasks++;
    this.machine.scheduler.spawn(thread.task);
    void O_RDWR;
    return proc;
  }

  /** The user loop of one thread for one slice (OSTD's TaskStep). */
  stepThread(thread: Thread, budget: number): void {
    const um = this.machine.userMode;
    let remaining = budget;
    if (thread.task.wakeReason === WakeReason.Interrupt) {
      thread.task.wakeReason = WakeReason.None;
      this.interruptSyscall(thread);
    }
    if (hasDeliverable(thread) && !deliverSignals(this, thread)) return;
    while (remaining > 0 && thread.task.state === TaskState.Runnable) {
      const reason = um.execute(thread.ctx, thread.process.mem.vm, remaining);
      remaining -= um.lastRetired;
      thread.instret += um.lastRetired;
      if (reason === ReturnReason.KernelEvent) return;
      if (reason === ReturnReason.Syscall) {
        this.stats.syscalls++;
        dispatchSyscall(thread);
      } else {
        this.handleException(thread);
      }
      if (hasDeliverable(thread) && thread.task.state === TaskState.Runnable && !deliverSignals(this, thread)) return;
    }
  }

  /**
   * A thread blocked in a system call was woken by a signal. The call ends with EINTR if a
   * handler without SA_RESTART will run; otherwise it is simply run again (restarted).
   */
  private interruptSyscall(thread: Thread): void {
    const sig = peekSignal(thread);
    if (sig === null) return;
    const action = thread.process.sigactions.get(sig);
    if (action.handler === SIG_DFL || action.handler === SIG_IGN || action.flags & SA_RESTART) return;
    thread.restart = null;
    Kernel.returnValue(thread.ctx, -BigInt(Errno.EINTR));
  }

  /** Make a sleeping thread notice a new signal. */
  interrupt(thread: Thread): void {
    this.machine.scheduler.wake(thread.task, WakeReason.Interrupt);
  }

  signalProcess(proc: Process, sig: number, info?: Partial<SigInfo>): void {
    queueProcessSignal(this, proc, { signo: sig, code: 0, pid: this.currentPid(), ...info });
  }

  signalThread(thread: Thread, sig: number, info?: Partial<SigInfo>): void {
    queueThreadSignal(this, thread, { signo: sig, code: -6 /* SI_TKILL */, pid: this.currentPid(), ...info });
  }

  /** One thread of a multi-threaded process ends (exit(2)). */
  exitThread(thread: Thread): void {
    this.machine.scheduler.exit(thread.task);
    this.machine.liveTasks--;
  }

  private handleException(thread: Thread): void {
    const ctx = thread.ctx;
    const cause = ctx.trapCause;
    if (cause === Trap.InstrPageFault || cause === Trap.LoadPageFault || cause === Trap.StorePageFault) {
      this.stats.pageFaults++;
      const access = ctx.trapAccess as Access;
      const va = Number(ctx.trapValue);
      if (va < 2 ** 38 && thread.process.mem.handleFault(va, access)) return;
      this.killByFault(thread, SIGSEGV, ctx.trapValue);
      return;
    }
    switch (cause) {
      case Trap.Illegal:
        return this.killByFault(thread, SIGILL, null);
      case Trap.Breakpoint:
        return this.killByFault(thread, SIGTRAP, null);
      case Trap.LoadMisaligned:
      case Trap.StoreMisaligned:
      case Trap.InstrMisaligned:
        return this.killByFault(thread, SIGBUS, ctx.trapValue);
      default:
        return this.killByFault(thread, SIGSEGV, ctx.trapValue);
    }
  }

  /** A fault with no handler: the process dies of `signal` (signal frames come with the
   *  process-model work; until then every fault is fatal, as with SIG_DFL). */
  private killByFault(thread: Thread, signal: number, addr: bigint | null): void {
    thread.process.fatal = { signal, pc: thread.ctx.pc, addr };
    this.exitProcess(thread.process, signal);
  }

  /** End every thread of `proc`; `status` is a wait status (code << 8, or the signal). */
  exitProcess(proc: Process, status: number): void {
    if (proc.state === ProcessState.Zombie) return;
    for (const t of proc.threads) {
      if (t.task.state !== TaskState.Exited) {
        this.machine.scheduler.exit(t.task);
        this.machine.liveTasks--;
      }
    }
    proc.state = ProcessState.Zombie;
    proc.waitStatus = status;
    proc.fds.closeAll();
    proc.mem.destroy();
    for (const child of proc.children) {
      child.parent = this.init;
      this.init?.children.push(child);
    }
    proc.children = [];
    proc.parent?.childExit.wakeAll();
    if (proc === this.init) this.finish(proc);
  }

  private finish(proc: Process): void {
    const sig = proc.waitStatus & 0x7f;
    if (sig) {
      const f = proc.fatal;
      const name = SIGNAL_NAMES[sig] ?? `signal ${sig}`;
      const where = f ? ` at pc 0x${f.pc.toString(16)}${f.addr !== null ? `, address 0x${f.addr.toString(16)}` : ""}` : "";
      this.host.diagnose(`aster: ${proc.comm} (pid ${proc.pid}) killed by ${name}${where}`);
      this.host.exit(128 + sig);
    } else {
      this.host.exit((proc.waitStatus >> 8) & 0xff);
    }
  }

  /** Set a0 and step past the ecall: how a system call returns. */
  static returnValue(ctx: UserContext, v: bigint): void {
    ctx.setReg(REG.a0, v);
    ctx.pc = ctx.pc + 4n;
  }
}

export { SysError };
