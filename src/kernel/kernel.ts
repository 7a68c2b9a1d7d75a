// The kernel: boots from a Machine, owns the process table and the file tree, and runs each
// thread's user loop (execute → dispatch the trap → deliver signals).
import { Access, DivergenceError, ReturnReason, TaskState, Trap, UserContext, WakeReason, REG, type Machine } from "../ostd/index.js";
import { SemNamespace } from "./ipc/sysv_sem.js";
import { KernelLog, LogLevel } from "./log/kmsg.js";
import { UTS } from "./syscall/uname.js";
import { Memory } from "./mm/memory.js";
import { FdTable, OpenFile, O_RDONLY, O_WRONLY } from "./fs/file.js";
import { Vfs, pathFrom, within, type Loc } from "./fs/vfs.js";
import { TmpFs } from "./fs/tmpfs.js";
import { makeDevfs } from "./fs/devfs.js";
import { makeProcfs } from "./fs/procfs.js";
import { makeSysfs } from "./fs/sysfs.js";
import { HostFs, type HostFsBackend } from "./fs/hostfs.js";
import { Console, type ConsoleHost } from "./tty/console.js";
import { Tty, type TtyHooks } from "./tty/tty.js";
import { PtyTable } from "./tty/pty.js";
import { devMajor, devMinor, type FileHandle } from "./fs/types.js";
import { Process, ProcessState, Thread } from "./process/process.js";
import { SIGBUS, SIGCONT, SIGILL, SIGKILL, SIGSEGV, SIGTRAP, SIGNAL_NAMES, SIG_DFL, SIG_IGN, isStopSignal } from "./process/signal.js";
import { SA_RESTART, deliverSignals, hasDeliverable, peekSignal, queueProcessSignal, queueThreadSignal, type SigInfo } from "./process/deliver.js";
import { continueProcess, exitProcess, exitThread } from "./process/lifecycle.js";
import { dispatchSyscall, restartsAfterHandler } from "./syscall/dispatch.js";
import { writeRemaining } from "./syscall/clock_nanosleep.js";
import { execInto } from "./process/exec.js";
import { FutexTable } from "./ipc/futex.js";
import { ExecCache } from "./mm/page_cache.js";
import { FileLocks } from "./fs/locks.js";
import { FsNotify } from "./fs/inotify.js";
import { SharedFiles } from "./mm/shared_file.js";
import { loadRootfsImage } from "./fs/rootfs_image.js";
import { Errno, fail } from "./errno.js";
import { SideTable } from "./util/side_table.js";
import { guestNow } from "./util/guest_now.js";

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
  /** The root file system: an image (docs/rootfs-format.md) copied into the root tmpfs, or a
   *  host directory passed through as "/". Without one the root is a bare tmpfs. */
  rootfs?: { image: Uint8Array; verify?: boolean } | { hostDir: string };
  /** Runs once the file systems are in place, before the first program is loaded (the
   *  embedder copies files in: a recorded run's mounted directories). */
  beforeExec?: () => void;
}

export interface KernelStats {
  syscalls: number;
  enosys: Record<number, number>;
  pageFaults: number;
  /** Processes killed by the out-of-memory rule. */
  oomKills: number;
  /** Exceptions in kernel code, each contained to the process that met it. */
  kernelBugs: number;
}

// si_code values for faults (include/uapi/asm-generic/siginfo.h).
const SEGV_MAPERR = 1, SEGV_ACCERR = 2, ILL_ILLOPC = 1, BUS_ADRALN = 1, BUS_ADRERR = 2, TRAP_BRKPT = 1;

export class Kernel {
  readonly vfs: Vfs;
  readonly rootFs: TmpFs;
  /** The terminal the host attached: a full tty when the host side is a terminal, a plain
   *  byte stream (pipes, files) otherwise. */
  readonly console: Console | null;
  readonly tty: Tty | null;
  readonly processes = new Map<number, Process>();
  readonly futexes = new FutexTable();
  readonly execCache: ExecCache;
  /** System V semaphore sets. */
  readonly sems = new SemNamespace();
  /** The kernel log (dmesg). */
  readonly log: KernelLog;
  /** The pipe behind each FIFO inode that has been opened. */
  readonly fifos = new SideTable<object, import("./ipc/pipe.js").Pipe>("$fifo");
  /** flock(2) state per inode (or per open file for inode-less files). */
  readonly locks: FileLocks;
  /** What every terminal asks of the kernel (the caller, signals, groups). */
  readonly ttyHooks: TtyHooks;
  /** The pseudo-terminals (/dev/ptmx, /dev/pts). */
  readonly ptys: PtyTable;
  /** Every inotify watch, and the reports file operations make to them. */
  readonly fsnotify: FsNotify;
  /** The pages of files mapped MAP_SHARED (mm/shared_file.ts). */
  readonly sharedFiles: SharedFiles;
  readonly stats: KernelStats = { syscalls: 0, enosys: {}, pageFaults: 0, oomKills: 0, kernelBugs: 0 };
  private nextPid = 1;
  init: Process | null = null;
  readonly host: KernelHost;
  /** Sees every completed system call (the strace view, `--strace`). */
  syscallObserver: ((t: Thread, nr: number, args: readonly bigint[], ret: bigint) => void) | null = null;

  /** FNV-1a over every byte the guest wrote to the host's terminal: part of the digest, so a
   *  replay that prints something else diverges even when it ends in the same state. */
  private outputHash = 0x811c9dc5;

  constructor(readonly machine: Machine, host: KernelHost) {
    const write = host.write.bind(host);
    this.host = {
      ...host,
      exit: (status) => host.exit(status),
      diagnose: (line) => host.diagnose(line),
      inputIsTty: host.inputIsTty,
      outputIsTty: host.outputIsTty,
      write: (stream, data) => {
        let h = this.outputHash;
        for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 0x01000193);
        this.outputHash = h;
        return write(stream, data);
      },
    };
    const now = guestNow(machine.world);
    this.execCache = new ExecCache(machine.frames);
    this.locks = new FileLocks(this);
    this.sharedFiles = new SharedFiles(machine.frames);
    this.log = new KernelLog(machine.clock, machine.scheduler);
    // Linux's default tmpfs limits: half of RAM, and as many inodes as that has pages.
    const half = Math.floor(machine.frames.total / 2);
    this.rootFs = new TmpFs(now, half, half);
    this.vfs = new Vfs(this.rootFs.root);
    this.fsnotify = new FsNotify(this.vfs, this.processes);
    for (const d of ["dev", "proc", "tmp", "sys", "root"]) {
      if (!this.rootFs.root.lookup(d)) this.rootFs.root.mkdir(d, d === "tmp" ? 0o1777 : 0o755);
    }
    this.ttyHooks = {
      caller: () => {
        const p = this.currentThread()?.process;
        if (!p) return null;
        return {
          pgid: p.pgid, sid: p.sid, ctty: p.ctty,
          ignoresOrBlocks: (sig) => {
            const t = this.currentThread()!;
            return p.sigactions.get(sig).handler === SIG_IGN || ((t.sigmask >> BigInt(sig - 1)) & 1n) === 1n;
          },
        };
      },
      signalGroup: (pgid, sig) => this.signalGroup(pgid, sig),
      groupExists: (pgid, sid) => [...this.processes.values()].some((p) => p.pgid === pgid && p.sid === sid && p.state !== ProcessState.Zombie),
      signalLeader: (sid, sig) => {
        const leader = this.processes.get(sid);
        if (leader && leader.sid === sid) this.signalProcess(leader, sig);
      },
    };
    this.ptys = new PtyTable(machine.scheduler, this.ttyHooks);
    if (host.inputIsTty) {
      this.console = null;
      this.tty = new Tty(machine.scheduler, machine.world, { ttyOutput: (d) => this.host.write(1, d) }, this.ttyHooks);
    } else {
      this.tty = null;
      this.console = new Console(machine.scheduler, machine.world, this.host);
    }
    this.vfs.mount("/dev", makeDevfs(100, {
      randomBytes: (n) => machine.world.randomBytes(n),
      openConsole: () => this.openTerminal(1),
      openControlling: () => this.openControllingTerminal(),
      openPtmx: () => this.ptys.open(this.currentThread()?.process.creds.fsuid ?? 0),
      ptys: this.ptys,
      hostTty: this.tty,
    }));
    this.vfs.mount("/proc", makeProcfs(101, this));
    this.vfs.mount("/sys", makeSysfs(102, this));
    machine.world.digestSource = () => this.digest();
  }

  /** The thread running (or that last ran). */
  currentThread(): Thread | null {
    return (this.machine.scheduler.current?.data as Thread | undefined) ?? null;
  }

  /** The process whose thread is running (or last ran): what /proc/self names. */
  currentPid(): number {
    return this.currentThread()?.process.pid ?? 0;
  }

  /** A handle on the host's terminal; `stream` 2 writes to the host's stderr when the host
   *  has a separate one (pipes), and to the terminal otherwise. */
  openTerminal(stream: 1 | 2): FileHandle {
    return this.tty ? this.tty.open() : this.console!.open(stream);
  }

  /** /dev/tty: the caller's controlling terminal (a pty slave, or the host's); ENXIO without
   *  one, as on Linux. */
  openControllingTerminal(): FileHandle {
    const ctty = this.currentThread()?.process.ctty ?? null;
    if (ctty === null) fail(Errno.ENXIO, "no controlling terminal");
    if (ctty instanceof Tty && ctty !== this.tty) {
      const pty = this.ptys.byIndex.get(ctty.minor);
      if (pty) return pty.openSlave();
    }
    return this.openTerminal(1);
  }

  signalGroup(pgid: number, sig: number): void {
    for (const p of [...this.processes.values()]) if (p.pgid === pgid) this.signalProcess(p, sig);
  }

  allocPid(): number {
    return this.nextPid++;
  }

  lastPid(): number {
    return this.nextPid - 1;
  }

  /** The state digest record/replay compares: counters, every thread's registers, and a
   *  hash of memory in use. Two runs that agree on it have done the same thing. */
  digest(): string {
    const m = this.machine;
    let h = 0x811c9dc5;
    const mix = (v: bigint) => {
      for (let i = 0; i < 2; i++) {
        h = Math.imul(h ^ Number(v & 0xffff_ffffn), 0x01000193);
        v >>= 32n;
      }
    };
    mix(m.clock.instret());
    mix(BigInt(this.stats.syscalls));
    mix(BigInt(this.outputHash >>> 0));
    for (const p of [...this.processes.values()].sort((a, b) => a.pid - b.pid)) {
      mix(BigInt(p.pid));
      for (const t of p.threads) for (const w of t.ctx.words) mix(w);
    }
    return `${(h >>> 0).toString(16).padStart(8, "0")}-${m.frames.contentHash()}`;
  }

  /** What every live thread waits on, for a deadlock report. */
  describeBlocked(): string {
    const parts: string[] = [];
    for (const p of this.processes.values()) {
      if (p.state === ProcessState.Zombie) continue;
      for (const t of p.threads) {
        if (t.task.state === TaskState.Exited) continue;
        parts.push(`pid ${p.pid}${t.tid !== p.pid ? ` tid ${t.tid}` : ""} (${p.comm}) ${p.stopped ? "stopped" : `waiting on ${t.task.waitingOn || "nothing"}`}`);
      }
    }
    return parts.join("; ") || "no live process";
  }

  /** Virtual time spent with every task asleep. */
  idleNs(): number {
    return this.machine.clock.now() - Number(this.machine.clock.instret());
  }

  /** File system type of each mount point, for /proc/mounts and statfs. */
  readonly mountTypes = new Map<string, string>([["/", "tmpfs"], ["/proc", "proc"], ["/dev", "devtmpfs"], ["/sys", "sysfs"]]);
  hostname = "aster";
  domainname = "(none)";

  /** The file system type mounted at `path` and the source /proc shows for it. */
  private mountKind(path: string): { type: string; source: string } {
    const type = this.mountTypes.get(path) ?? "hostfs";
    return { type, source: type === "hostfs" ? "host" : type };
  }

  /** /proc/mounts */
  mountsText(): string {
    return this.vfs.mountPoints().map((p) => {
      const { type, source } = this.mountKind(p);
      return `${source} ${p} ${type} rw,relatime 0 0\n`;
    }).join("");
  }

  /**
   * /proc/PID/mountinfo for a process whose root is `root` (proc(5)): one line per mount it can
   * see, with its mount point relative to that root: mount ID, parent's ID, major:minor of the
   * device, the mounted tree's root, the mount point, options, "-", type, source, super
   * options. IDs follow the order of mounting from 21, as Linux's boot does; the root's
   * parent is 1 (rootfs, not shown).
   */
  mountInfoText(root: Loc | null): string {
    const points = this.vfs.mountPoints();
    const ids = new Map(points.map((p, i) => [p, 21 + i]));
    const lines: string[] = [];
    for (const p of points) {
      if (!within(root, p)) continue;
      let parent = 1;
      if (p !== "/") {
        // The mount holding the mount point: the longest mount path that is a proper prefix.
        let best = "/";
        for (const q of points) if (q !== p && q.length > best.length && p.startsWith(q === "/" ? "/" : `${q}/`)) best = q;
        parent = ids.get(best)!;
      }
      const dev = this.vfs.mountRoot(p)?.stat().dev ?? 0;
      const { type, source } = this.mountKind(p);
      lines.push(`${ids.get(p)} ${parent} ${devMajor(dev)}:${devMinor(dev)} / ${pathFrom(root, p)} rw,relatime - ${type} ${source} rw\n`);
    }
    return lines.join("");
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
    this.mountTypes.set(loc.path, "hostfs");
  }

  /** What Linux says first on its console, in this machine's terms. */
  private logBanner(): void {
    const m = this.machine;
    const info = (text: string) => this.log.printk(LogLevel.Info, text);
    this.log.printk(LogLevel.Notice, `Linux version ${UTS.release} (Aster Playground, a framekernel in TypeScript) ${UTS.version}`);
    info("Machine model: Aster Playground (one RV64GC hart in WebAssembly, user mode; the kernel is TypeScript on OSTD)");
    info("riscv: base ISA extensions acdfim; ISA extensions: zicsr zifencei");
    info(`Memory: ${(m.frames.total * 4)}K/${m.frames.total * 4}K available (Sv39 page tables, 4 KiB pages)`);
    info("clocksource: instret: time is retired instructions, 1 ns each");
    info(`random: crng init done (seeded generator, seed ${m.world.seed})`);
    for (const [path, type] of [["/", "tmpfs"], ["/dev", "devtmpfs"], ["/proc", "proc"], ["/sys", "sysfs"]]) info(`VFS: mounted ${type} on ${path}`);
  }

  /** Start the first process. Throws ElfError / SysError when the program cannot start. */
  boot(config: BootConfig): Process {
    this.logBanner();
    const rootfs = config.rootfs;
    if (rootfs && "image" in rootfs) loadRootfsImage(rootfs.image, this.rootFs, { verifyHashes: rootfs.verify ?? true });
    if (rootfs && "hostDir" in rootfs) {
      this.vfs.mount("/", new HostFs(config.hostFs!, rootfs.hostDir, 199).root);
      this.mountTypes.set("/", "hostfs");
    }
    config.mounts.forEach((m, i) => this.mountHost(m.guest, m.host, config.hostFs!, 200 + i));
    config.beforeExec?.();
    const cwd = this.vfs.resolve(config.cwd, this.vfs.root);
    const fds = new FdTable();
    const ttyPath = this.tty ? "/dev/tty" : "/dev/console";
    fds.install(new OpenFile(this.openTerminal(1), O_RDONLY, null, ttyPath), false);
    fds.install(new OpenFile(this.openTerminal(1), O_WRONLY, null, ttyPath), false);
    fds.install(new OpenFile(this.openTerminal(2), O_WRONLY, null, ttyPath), false);
    const pid = this.allocPid();
    const proc = new Process(this, pid, null, new Memory(this.machine), fds, cwd, config.argv[0], config.argv);
    // The first process leads the session that owns the terminal, as after login.
    proc.ctty = this.tty ?? this.console;
    if (this.tty) {
      this.tty.sid = pid;
      this.tty.fgPgrp = pid;
    }
    const thread = new Thread(this, proc, pid, new UserContext());
    proc.threads.push(thread);
    this.log.printk(LogLevel.Info, `Run ${config.argv[0]} as init process`);
    execInto(thread, config.argv[0], config.argv, config.env);
    proc.startNs = this.machine.clock.now();
    this.processes.set(pid, proc);
    this.init = proc;
    this.machine.liveTasks++;
    this.machine.scheduler.spawn(thread.task);
    return proc;
  }

  /** The user loop of one thread for one slice (OSTD's TaskStep). An exception escaping kernel
   *  code is a kernel bug: it kills only the process that met it (SIGSYS), with a diagnosis,
   *  and is counted; the machine goes on. */
  stepThread(thread: Thread, budget: number): void {
    try {
      this.runThread(thread, budget);
    } catch (e) {
      if (e instanceof DivergenceError) throw e;
      this.stats.kernelBugs++;
      const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.log.printk(LogLevel.Crit, `BUG: kernel exception in a system call of ${thread.process.comm}[${thread.process.pid}]: ${what}`);
      this.host.diagnose(`aster: kernel bug while running pid ${thread.process.pid} (${thread.process.comm}): ${what}; the process is killed`);
      exitProcess(this, thread.process, 31 /* SIGSYS */);
    }
  }

  private runThread(thread: Thread, budget: number): void {
    if (!this.readyToRun(thread)) return;
    const um = this.machine.userMode;
    let remaining = budget;
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
      if (thread.task.state !== TaskState.Runnable || !this.readyToRun(thread)) return;
    }
  }

  /**
   * Everything that must happen before a thread returns to user mode: finish an interrupted
   * system call, wait out a vfork child, deliver signals, stay stopped. Returns false if the
   * thread must not run user code now (it slept or died).
   */
  /** @internal Also used by the debugger's single step (kernel/debug/step.ts). */
  readyToRun(thread: Thread): boolean {
    const task = thread.task;
    const sched = this.machine.scheduler;
    if (task.wakeReason === WakeReason.Interrupt) {
      task.wakeReason = WakeReason.None;
      this.interruptSyscall(thread);
    }
    if (hasDeliverable(thread) && !deliverSignals(this, thread)) return false;
    if (thread.process.state === ProcessState.Zombie || task.state !== TaskState.Runnable) return false;
    if (thread.process.stopped) {
      sched.block(task, [thread.process.continued], null, "stopped");
      return false;
    }
    const post = thread.postWait;
    if (post) {
      if (!post.ready()) {
        sched.block(task, [post.queue], null, post.what);
        return false;
      }
      thread.postWait = null;
    }
    const child = thread.vforkChild;
    if (child) {
      if (!child.vforkReleased) {
        sched.block(task, [child.vforkDone], null, "vfork");
        return false;
      }
      thread.vforkChild = null;
    }
    return true;
  }

  /** @internal Also used by the debugger's single step (kernel/debug/step.ts). */
  handleException(thread: Thread): void {
    const ctx = thread.ctx;
    const cause = ctx.trapCause;
    if (cause === Trap.InstrPageFault || cause === Trap.LoadPageFault || cause === Trap.StorePageFault) {
      this.stats.pageFaults++;
      const access = ctx.trapAccess as Access;
      const va = Number(ctx.trapValue);
      const mem = thread.process.mem;
      mem.outOfMemory = false;
      mem.pastEndOfFile = false;
      if (va < 2 ** 38 && mem.handleFault(va, access)) return;
      if (mem.outOfMemory) return this.outOfMemory(thread);
      if (mem.pastEndOfFile) return this.fault(thread, SIGBUS, BUS_ADRERR, ctx.trapValue, ctx.pc);
      const mapped = va < 2 ** 38 && thread.process.mem.find(va) !== undefined;
      return this.fault(thread, SIGSEGV, mapped ? SEGV_ACCERR : SEGV_MAPERR, ctx.trapValue, ctx.pc);
    }
    const pc = ctx.pc;
    switch (cause) {
      case Trap.Illegal:
        return this.fault(thread, SIGILL, ILL_ILLOPC, pc, pc);
      case Trap.Breakpoint:
        return this.fault(thread, SIGTRAP, TRAP_BRKPT, pc, pc);
      case Trap.LoadMisaligned:
      case Trap.StoreMisaligned:
      case Trap.InstrMisaligned:
        return this.fault(thread, SIGBUS, BUS_ADRALN, ctx.trapValue, pc);
      default:
        return this.fault(thread, SIGSEGV, SEGV_ACCERR, ctx.trapValue, pc);
    }
  }

  /**
   * The out-of-memory rule: RAM is exhausted while a page is needed. The process with the most
   * resident pages is killed with SIGKILL (as Linux's OOM killer picks by size) and a message
   * says so; the faulting thread retries its access if it survives.
   */
  private outOfMemory(thread: Thread): void {
    this.execCache.drop();
    let victim: Process | null = null;
    let most = -1;
    for (const p of this.processes.values()) {
      if (p.state === ProcessState.Zombie || (p === this.init && this.processes.size > 1)) continue;
      const rss = p.mem.vm.residentPages();
      if (rss > most) [victim, most] = [p, rss];
    }
    victim ??= thread.process;
    this.stats.oomKills++;
    this.log.printk(LogLevel.Err, `Out of memory: Killed process ${victim.pid} (${victim.comm}) total-rss:${most * 4}kB`);
    this.host.diagnose(`aster: out of memory: killed process ${victim.pid} (${victim.comm}), ${most * 4} kB resident`);
    exitProcess(this, victim, SIGKILL);
  }

  /** A synchronous fault: the signal goes to the faulting thread. If it is blocked or ignored
   *  the process dies anyway, as Linux's force_sig does. */
  private fault(thread: Thread, signal: number, code: number, addr: bigint, pc: bigint): void {
    const proc = thread.process;
    proc.fatal = { signal, pc, addr: signal === SIGILL || signal === SIGTRAP ? null : addr };
    const action = proc.sigactions.get(signal);
    const blocked = (thread.sigmask >> BigInt(signal - 1)) & 1n;
    // As riscv Linux's do_trap with show_unhandled_signals: a fault nobody handles is logged.
    if (action.handler === SIG_DFL || action.handler === SIG_IGN || blocked) {
      const hex = (v: bigint) => v.toString(16).padStart(16, "0");
      this.log.printk(LogLevel.Info, `${proc.comm}[${thread.tid}]: unhandled signal ${signal} code 0x${(code >>> 0).toString(16)} at 0x${hex(pc)} (address 0x${hex(addr)})`);
    }
    if (action.handler === SIG_IGN || blocked) proc.sigactions.set(signal, { handler: SIG_DFL, flags: 0n, mask: 0n });
    if (blocked) thread.sigmask &= ~(1n << BigInt(signal - 1));
    queueThreadSignal(this, thread, { signo: signal, code, addr });
  }

  /**
   * A thread blocked in a system call was woken by a signal. The call ends with EINTR if a
   * handler without SA_RESTART will run; otherwise it is simply run again (restarted).
   */
  private interruptSyscall(thread: Thread): void {
    const sig = peekSignal(thread);
    if (sig === null) return;
    const action = thread.process.sigactions.get(sig);
    if (action.handler === SIG_DFL || action.handler === SIG_IGN) return;
    if (action.flags & SA_RESTART && restartsAfterHandler(thread)) return;
    writeRemaining(thread);
    thread.restart = null;
    Kernel.returnValue(thread.ctx, -BigInt(Errno.EINTR));
  }

  /** Make a sleeping thread notice a new signal. */
  interrupt(thread: Thread): void {
    this.machine.scheduler.wake(thread.task, WakeReason.Interrupt);
  }

  /** Send a signal to a process, with the immediate effects Linux applies at send time:
   *  SIGKILL kills at once, SIGCONT continues, and stop and continue cancel each other. */
  signalProcess(proc: Process, sig: number, info?: Partial<SigInfo>): void {
    if (proc.state === ProcessState.Zombie) return;
    if (sig === SIGKILL) return exitProcess(this, proc, SIGKILL);
    if (sig === SIGCONT) {
      for (const s of [19, 20, 21, 22]) proc.pending.delete(s);
      continueProcess(this, proc);
    } else if (isStopSignal(sig)) {
      proc.pending.delete(SIGCONT);
    }
    queueProcessSignal(this, proc, { signo: sig, code: 0, pid: this.currentPid(), ...info });
  }

  signalThread(thread: Thread, sig: number, info?: Partial<SigInfo>): void {
    if (sig === SIGKILL || sig === SIGCONT || isStopSignal(sig)) return this.signalProcess(thread.process, sig, info);
    queueThreadSignal(this, thread, { signo: sig, code: -6 /* SI_TKILL */, pid: this.currentPid(), ...info });
  }

  exitThread(thread: Thread): void {
    exitThread(this, thread);
  }

  exitProcess(proc: Process, status: number): void {
    exitProcess(this, proc, status);
  }

  /** Called once a process has become a zombie. */
  processExited(proc: Process): void {
    if (proc === this.init) this.finish(proc);
  }

  private finish(proc: Process): void {
    this.machine.halt();
    const sig = proc.waitStatus & 0x7f;
    if (sig) {
      // Faults get a diagnosis; a signal someone sent (SIGPIPE, SIGINT, SIGTERM) is as quiet
      // as it is under a shell.
      const f = proc.fatal?.signal === sig ? proc.fatal : null;
      if (f) {
        const name = SIGNAL_NAMES[sig] ?? `signal ${sig}`;
        const where = ` at pc 0x${f.pc.toString(16)}${f.addr !== null ? `, address 0x${f.addr.toString(16)}` : ""}`;
        this.host.diagnose(`aster: ${proc.comm} (pid ${proc.pid}) killed by ${name}${where}`);
      }
      this.host.exit(128 + sig);
    } else {
      this.host.exit((proc.waitStatus >> 8) & 0xff);
    }
  }

  /** reboot(2) took the machine down: everything stops, the host hears `message` (what
   *  Linux prints on its console) and the run ends with status 0. There is no firmware to
   *  restart from, so a restart ends the run too. */
  shutdown(message: string): void {
    this.host.diagnose(message);
    // Every process ends as if it had exited with 0; the first one's end ends the run.
    for (const p of [...this.processes.values()]) if (p !== this.init) exitProcess(this, p, 0);
    if (this.init) exitProcess(this, this.init, 0);
    else this.machine.halt();
  }

  /** Set a0 and step past the ecall: how a system call returns. */
  static returnValue(ctx: UserContext, v: bigint): void {
    ctx.setReg(REG.a0, v);
    ctx.pc = ctx.pc + 4n;
  }
}
