// procfs: live views of the kernel's processes and of the machine, in the formats ps, top,
// free and friends parse (proc(5)).
import { S_IFDIR, S_IFIFO, S_IFLNK, dtypeOf, type DirEntry, type FileHandle, type Inode, type Stat } from "./types.js";
import type { OpenFile } from "./file.js";
import { pathFrom } from "./vfs.js";
import { GeneratedFile, SyntheticDir, SyntheticLink, SyntheticNode, SyntheticSymlink, reserveInos, syntheticDirHandle, withIno } from "./simple.js";
import { Errno, SysError, fail } from "../errno.js";
import type { Kernel } from "../kernel.js";
import { ProcessState, type Process } from "../process/process.js";
import { TaskState, recipe } from "../../ostd/index.js";
import { UTS } from "../syscall/uname.js";
import { Tty } from "../tty/tty.js";
import { procNetDev, procNetTcp, procNetTcp6, procNetUdp, procNetUdp6, procNetUnix } from "../net/proc_net.js";

const HZ = 100;
const ticks = (ns: number) => Math.floor((ns * HZ) / 1e9);

/** The one-letter state ps shows. */
export function stateLetter(p: Process): string {
  if (p.state === ProcessState.Zombie) return "Z";
  if (p.stopped) return "T";
  return p.threads.some((t) => t.task.state === TaskState.Runnable) ? "R" : "S";
}

function cpuNs(p: Process): number {
  return p.threads.reduce((n, t) => n + t.instret, 0);
}

function statLine(kernel: Kernel, p: Process): string {
  const rss = p.state === ProcessState.Zombie ? 0 : p.mem.vm.residentPages();
  const vsize = p.state === ProcessState.Zombie ? 0 : p.mem.vmas.reduce((n, v) => n + (v.end - v.start), 0);
  const ctty = p.ctty instanceof Tty ? p.ctty : null;
  const ttyNr = ctty ? ctty.rdev : p.ctty ? (136 << 8) | 0 : 0;
  const tpgid = ctty ? ctty.fgPgrp : p.ctty && kernel.tty ? kernel.tty.fgPgrp : -1;
  const f = [
    p.pid, `(${p.comm})`, stateLetter(p), p.parent?.pid ?? 0, p.pgid, p.sid, ttyNr, tpgid, 0x400000,
    0, 0, 0, 0, ticks(cpuNs(p)), 0, 0, 0, 20, p.nice, p.threads.length, 0, ticks(p.startNs), vsize, rss,
    "18446744073709551615", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  ];
  return f.join(" ") + "\n";
}

function statusText(p: Process): string {
  const kb = (pages: number) => `${String(pages * 4).padStart(8)} kB`;
  const live = p.state !== ProcessState.Zombie;
  const rss = live ? p.mem.vm.residentPages() : 0;
  const vm = live ? p.mem.vmas.reduce((n, v) => n + (v.end - v.start), 0) / 4096 : 0;
  const names: Record<string, string> = { R: "R (running)", S: "S (sleeping)", T: "T (stopped)", Z: "Z (zombie)" };
  const c = p.creds;
  const hex = (v: bigint) => v.toString(16).padStart(16, "0");
  let pending = 0n;
  for (const s of p.pending.keys()) pending |= 1n << BigInt(s - 1);
  let ignored = 0n, caught = 0n;
  for (let s = 1; s <= 64; s++) {
    const h = p.sigactions.get(s).handler;
    if (h === 1n) ignored |= 1n << BigInt(s - 1);
    else if (h !== 0n) caught |= 1n << BigInt(s - 1);
  }
  return [
    `Name:\t${p.comm}`, `Umask:\t${p.umask.toString(8).padStart(4, "0")}`, `State:\t${names[stateLetter(p)]}`,
    `Tgid:\t${p.pid}`, `Ngid:\t0`, `Pid:\t${p.pid}`, `PPid:\t${p.parent?.pid ?? 0}`, `TracerPid:\t0`,
    `Uid:\t${c.uid}\t${c.euid}\t${c.suid}\t${c.fsuid}`, `Gid:\t${c.gid}\t${c.egid}\t${c.sgid}\t${c.fsgid}`,
    `FDSize:\t64`, `Groups:\t${c.groups.join(" ")}`, `VmSize:\t${kb(vm)}`, `VmRSS:\t${kb(rss)}`,
    `Threads:\t${p.threads.filter((t) => t.task.state !== TaskState.Exited).length}`,
    `SigPnd:\t${hex(0n)}`, `ShdPnd:\t${hex(pending)}`, `SigBlk:\t${hex(p.threads[0]?.sigmask ?? 0n)}`,
    `SigIgn:\t${hex(ignored)}`, `SigCgt:\t${hex(caught)}`,
    `CapInh:\t${hex(c.capInh)}`, `CapPrm:\t${hex(c.capPrm)}`, `CapEff:\t${hex(c.capEff)}`, `CapBnd:\t${hex(c.capBnd)}`, `CapAmb:\t${hex(0n)}`,
    `NoNewPrivs:\t${p.noNewPrivs ? 1 : 0}`, "",
  ].join("\n");
}

/** The entries of /proc/<pid>, in listing order. */
const PROCESS_ENTRIES = ["exe", "cwd", "root", "cmdline", "environ", "comm", "stat", "statm", "status", "maps", "fd", "mounts", "mountinfo"] as const;
type ProcessEntry = (typeof PROCESS_ENTRIES)[number];

// Per-process nodes are made while the kernel runs (on lookup). The links (exe, cwd, root:
// every busybox start reads /proc/self/exe) and the directory are plain registered classes, so a
// snapshot saves their fields; the generated files hold closures, so they are made by a recipe:
// a snapshot that holds one saves (dev, kernel, process, name).
const processEntry = recipe("kernel.procfs.processEntry", (dev: number, kernel: Kernel, proc: Process, name: ProcessEntry): Inode => {
  switch (name) {
    // (ProcessDir makes the links itself, without this recipe; snapshots made before it did
    // may still name a link by this recipe.)
    case "exe": case "cwd": case "root": return new ProcessLink(dev, kernel, proc, name);
    case "cmdline": return new GeneratedFile(dev, () => (proc.state === ProcessState.Zombie ? "" : proc.argv.map((a) => a + "\0").join("")));
    case "environ": return new GeneratedFile(dev, () => proc.envp.map((a) => a + "\0").join(""), 0o400);
    case "comm": return new GeneratedFile(dev, () => proc.comm + "\n");
    case "stat": return new GeneratedFile(dev, () => statLine(kernel, proc));
    case "statm": return new GeneratedFile(dev, () => {
      const live = proc.state !== ProcessState.Zombie;
      const size = live ? proc.mem.vmas.reduce((n, v) => n + (v.end - v.start), 0) / 4096 : 0;
      const rss = live ? proc.mem.vm.residentPages() : 0;
      return `${size} ${rss} 0 0 0 0 0\n`;
    });
    case "status": return new GeneratedFile(dev, () => statusText(proc));
    case "maps": return new GeneratedFile(dev, () => (proc.state === ProcessState.Zombie ? "" : proc.mem.maps()));
    case "fd": return new SyntheticDir(dev, () => new Map(proc.fds.list().map(([fd, f]) => [String(fd), new FdLink(dev, kernel, f)])), 0o500);
    case "mounts": return new GeneratedFile(dev, () => kernel.mountsText());
    case "mountinfo": return new GeneratedFile(dev, () => kernel.mountInfoText(proc.root));
  }
});

/** A path as the reading process sees it: relative to its root when it is chrooted. */
function seenBy(kernel: Kernel, path: string): string {
  return path.startsWith("/") ? pathFrom(kernel.currentThread()?.process.root ?? null, path) : path;
}

/** /proc/<pid>/exe, cwd and root: the target is read from the process when the link is read. */
export class ProcessLink extends SyntheticSymlink {
  constructor(dev: number, private readonly kernel: Kernel, private readonly proc: Process, private readonly which: "exe" | "cwd" | "root") {
    super(dev);
  }

  readlink(): string {
    const p = this.proc;
    return seenBy(this.kernel, this.which === "exe" ? p.exePath : this.which === "cwd" ? p.cwd.path : (p.root?.path ?? "/"));
  }
}

/**
 * /proc/<pid>/fd/<n>: reads as the open file's path, and opening it reaches the open file's
 * object itself (Linux's magic link): the same file even if renamed or removed, a new
 * description of the same pipe, ENXIO for objects that cannot be opened again (sockets).
 */
export class FdLink extends SyntheticSymlink {
  /** When the link was looked up: Linux stamps the link's inode when it is made. */
  private readonly madeNs: bigint;

  constructor(dev: number, private readonly kernel: Kernel, private readonly file: OpenFile) {
    super(dev);
    this.madeNs = kernel.machine.world.realtimeNs();
  }

  /** As Linux's proc_fd_link inodes: the owner's r-x or -wx by the descriptor's access mode
   *  (`lr-x------` for reading, `l-wx------` for writing, `lrwx------` for both), size 64. */
  override stat(): Stat {
    const f = this.file;
    const mode = S_IFLNK | (f.readable ? 0o500 : 0) | (f.writable ? 0o300 : 0);
    return { ...super.stat(), mode, size: 64, atimeNs: this.madeNs, mtimeNs: this.madeNs, ctimeNs: this.madeNs };
  }

  readlink(): string {
    return seenBy(this.kernel, this.file.path);
  }

  jump(): { inode: Inode; path: string } {
    const f = this.file;
    if (f.inode && reachable(f.inode)) return { inode: f.inode, path: f.path.startsWith("/") ? f.path : "/" };
    // A pipe, or a host file renamed or removed behind the inode's name: a new handle on it.
    if (!f.handle.reopen) fail(f.inode ? Errno.ENOENT : Errno.ENXIO);
    return { inode: new ReopenedObject(this.dev, f), path: f.path };
  }
}

/** Whether an inode still stands for a file (a host file's inode is its path). */
function reachable(inode: Inode): boolean {
  try {
    inode.stat();
    return true;
  } catch (e) {
    if (e instanceof SysError) return false;
    throw e;
  }
}

/** A pipe (or a host file no name leads to any more) reached through /proc/PID/fd/N: each
 *  open is a new handle on the same object. */
export class ReopenedObject extends SyntheticNode {
  readonly anonymous = true;

  constructor(dev: number, private readonly file: OpenFile) {
    super(dev, file.handle.stat?.().mode ?? S_IFIFO | 0o600);
  }

  open(flags: number): FileHandle {
    return this.file.handle.reopen!(flags & 3);
  }
}

/**
 * /proc/<pid>: its entries are made on first lookup. Every exec of busybox reads
 * /proc/self/exe, so every new process had its eleven entries made for that one link. The
 * entries' inode numbers are set aside when the directory is made, so they are the numbers
 * they would have had if all had been made with it. No closure, map or recipe per process:
 * one is made for every fork that execs busybox.
 */
export class ProcessDir extends SyntheticNode {
  /** The entries made so far, in PROCESS_ENTRIES order (null: not yet). */
  private made: (Inode | null)[] | null = null;

  constructor(dev: number, private readonly kernel: Kernel, private readonly proc: Process, private readonly firstIno: number) {
    super(dev, S_IFDIR | 0o555);
  }

  open(): FileHandle {
    return syntheticDirHandle();
  }

  lookup(name: string): Inode | null {
    const i = (PROCESS_ENTRIES as readonly string[]).indexOf(name);
    return i < 0 ? null : this.entry(i);
  }

  readdir(): DirEntry[] {
    return PROCESS_ENTRIES.map((name, i) => {
      const n = this.entry(i);
      return { name, ino: n.ino, type: dtypeOf(n.stat().mode) };
    });
  }

  private entry(i: number): Inode {
    const made = (this.made ??= PROCESS_ENTRIES.map(() => null));
    let node = made[i];
    if (!node) {
      const name = PROCESS_ENTRIES[i];
      node = name === "exe" || name === "cwd" || name === "root"
        ? withIno(this.firstIno + i, () => new ProcessLink(this.dev, this.kernel, this.proc, name))
        : withIno(this.firstIno + i, () => processEntry(this.dev, this.kernel, this.proc, name));
      made[i] = node;
    }
    return node;
  }
}

// Snapshots made before ProcessDir was a registered class name it by this recipe.
recipe("kernel.procfs.lazyProcessDir", (dev: number, kernel: Kernel, proc: Process, firstIno: number): Inode => new ProcessDir(dev, kernel, proc, firstIno));

function processDir(dev: number, kernel: Kernel, proc: Process): Inode {
  const firstIno = reserveInos(PROCESS_ENTRIES.length);
  return new ProcessDir(dev, kernel, proc, firstIno);
}

/** A process directory's name: a pid in decimal, as Linux spells it (no sign, no leading 0). */
function pidOf(name: string): number {
  const n = name.length;
  if (n === 0 || n > 10) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || (c === 0 && i === 0)) return -1;
    v = v * 10 + c;
  }
  return v;
}

export function makeProcfs(dev: number, kernel: Kernel): Inode {
  const machine = kernel.machine;
  const live = () => [...kernel.processes.values()].filter((p) => p.state !== ProcessState.Zombie);
  const net = new Map<string, Inode>([
    ["tcp", new GeneratedFile(dev, () => procNetTcp(kernel))],
    ["tcp6", new GeneratedFile(dev, () => procNetTcp6(kernel))],
    ["udp", new GeneratedFile(dev, () => procNetUdp(kernel))],
    ["udp6", new GeneratedFile(dev, () => procNetUdp6(kernel))],
    ["unix", new GeneratedFile(dev, () => procNetUnix(kernel))],
    ["dev", new GeneratedFile(dev, () => procNetDev(kernel))],
    ["if_inet6", new GeneratedFile(dev, () => "00000000000000000000000000000001 01 80 10 80       lo\n")],
  ]);
  const fixed = new Map<string, Inode>([
    ["self", new SyntheticLink(dev, () => String(kernel.currentPid()))],
    ["thread-self", new SyntheticLink(dev, () => `${kernel.currentPid()}/task/${kernel.currentThread()?.tid ?? 0}`)],
    ["uptime", new GeneratedFile(dev, () => {
      const s = machine.clock.now() / 1e9;
      return `${s.toFixed(2)} ${(kernel.idleNs() / 1e9).toFixed(2)}\n`;
    })],
    ["loadavg", new GeneratedFile(dev, () => {
      const running = live().filter((p) => stateLetter(p) === "R").length;
      return `0.00 0.00 0.00 ${running}/${live().length} ${kernel.lastPid()}\n`;
    })],
    ["stat", new GeneratedFile(dev, () => {
      const user = ticks(Number(machine.clock.instret()));
      const idle = ticks(kernel.idleNs());
      const cpu = `${user} 0 0 ${idle} 0 0 0 0 0 0`;
      const btime = Number(machine.world.bootEpochNs / 1_000_000_000n);
      const running = live().filter((p) => stateLetter(p) === "R").length;
      return `cpu  ${cpu}\ncpu0 ${cpu}\nintr 0\nctxt ${machine.scheduler.switches}\nbtime ${btime}\nprocesses ${kernel.lastPid()}\nprocs_running ${running}\nprocs_blocked 0\n`;
    })],
    ["meminfo", new GeneratedFile(dev, () => {
      const kb = (frames: number) => String(frames * 4).padStart(8);
      const total = machine.frames.total, free = machine.frames.free;
      return [
        `MemTotal:       ${kb(total)} kB`, `MemFree:        ${kb(free)} kB`, `MemAvailable:   ${kb(free)} kB`,
        `Buffers:        ${kb(0)} kB`, `Cached:         ${kb(0)} kB`, `SwapCached:     ${kb(0)} kB`,
        `Active:         ${kb(total - free)} kB`, `Inactive:       ${kb(0)} kB`,
        `SwapTotal:      ${kb(0)} kB`, `SwapFree:       ${kb(0)} kB`, `Shmem:          ${kb(0)} kB`, "",
      ].join("\n");
    })],
    ["cpuinfo", new GeneratedFile(dev, () => "processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc_zicsr_zifencei\nmmu\t\t: sv39\nuarch\t\t: aster,wasm\n\n")],
    ["version", new GeneratedFile(dev, () => `${UTS.sysname} version ${UTS.release} (aster@playground) ${UTS.version}\n`)],
    ["filesystems", new GeneratedFile(dev, () => "nodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\nnodev\tsysfs\nnodev\thostfs\n")],
    ["mounts", new GeneratedFile(dev, () => kernel.mountsText())],
    // What vmstat(8) and free read besides meminfo: free pages, and the page faults counted.
    // No swap, and no block device to page from: those counters are 0.
    ["vmstat", new GeneratedFile(dev, () => [
      `nr_free_pages ${machine.frames.free}`, `pgpgin 0`, `pgpgout 0`, `pswpin 0`, `pswpout 0`,
      `pgfault ${kernel.stats.pageFaults}`, `pgmajfault 0`, "",
    ].join("\n"))],
    ["net", new SyntheticDir(dev, () => net)],
  ]);
  const dirs = new Map<number, Inode>();
  const dirOf = (pid: number, proc: Process): Inode => {
    let d = dirs.get(pid);
    if (!d) dirs.set(pid, (d = processDir(dev, kernel, proc)));
    return d;
  };
  const sweep = () => {
    for (const pid of dirs.keys()) if (!kernel.processes.has(pid)) dirs.delete(pid);
  };
  return new ProcRoot(dev, () => {
    const m = new Map(fixed);
    for (const [pid, proc] of kernel.processes) m.set(String(pid), dirOf(pid, proc));
    sweep();
    return m;
  }, (name) => {
    const fixedEntry = fixed.get(name);
    if (fixedEntry) return fixedEntry;
    const pid = pidOf(name);
    if (pid < 0) return null;
    const proc = kernel.processes.get(pid);
    if (!proc) return null;
    // Processes come and go (each fork is a new pid): forget the dead now and then.
    if (dirs.size > 2 * kernel.processes.size + 16) sweep();
    return dirOf(proc.pid, proc);
  });
}

/** /proc itself. A lookup goes straight to its process: every busybox start reads
 *  /proc/self/exe, and listing every process for that was most of an exec's cost. */
export class ProcRoot extends SyntheticDir {
  constructor(dev: number, entries: () => Map<string, Inode>, private readonly find: (name: string) => Inode | null) {
    super(dev, entries);
  }

  override lookup(name: string): Inode | null {
    return this.find(name);
  }
}
