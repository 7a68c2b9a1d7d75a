// Every kernel class whose instances live in kernel state, under stable names for snapshots.
import { registerClass } from "../../ostd/index.js";
import { Block } from "../syscall/types.js";
import { UnixNamespace, UnixSocket, BrokenPipe, SocketHandle } from "../net/unix.js";
import { CachedFile, ExecCache } from "../mm/page_cache.js";
import { Memory } from "../mm/memory.js";
import { SigActions } from "../process/signal.js";
import { Process, Thread } from "../process/process.js";
import { Rlimits } from "../process/rlimit.js";
import { OpenFile, FdTable } from "../fs/file.js";
import { FileLocks } from "../fs/locks.js";
import { FsNotify, Inotify } from "../fs/inotify.js";
import { Pty, PtyTable, PtsNode } from "../tty/pty.js";
import { SharedFile, SharedFiles } from "../mm/shared_file.js";
import { TmpFs, TmpNode } from "../fs/tmpfs.js";
import { Vfs } from "../fs/vfs.js";
import { HostFs, HostNode } from "../fs/hostfs.js";
import { SyntheticDir, GeneratedFile, SyntheticLink, DeviceNode } from "../fs/simple.js";
import { WouldBlock } from "../fs/types.js";
import { Kernel } from "../kernel.js";
import { EventFd } from "../ipc/eventfd.js";
import { TimerFd } from "../ipc/timerfd.js";
import { FutexTable } from "../ipc/futex.js";
import { Epoll } from "../ipc/epoll.js";
import { Pipe } from "../ipc/pipe.js";
import { Tty } from "../tty/tty.js";
import { Console } from "../tty/console.js";
import { Termios } from "../tty/termios.js";
import { SideTable } from "../util/side_table.js";
import { SignalFd } from "../ipc/signalfd.js";
import { PidFd } from "../ipc/pidfd.js";
import { KernelLog } from "../log/kmsg.js";
import { SemNamespace, SemSet } from "../ipc/sysv_sem.js";
import { FdLink, ProcRoot, ProcessDir, ProcessLink, ReopenedObject } from "../fs/procfs.js";

let done = false;

export function registerKernelClasses(): void {
  if (done) return;
  done = true;
  const classes = {
    Block, UnixNamespace, UnixSocket, BrokenPipe, SocketHandle, CachedFile, ExecCache, Memory, SigActions, Process, Thread,
    Rlimits, OpenFile, FdTable, FileLocks, SharedFile, SharedFiles, TmpFs, TmpNode, Vfs, HostFs, HostNode, SyntheticDir, GeneratedFile, SyntheticLink, DeviceNode,
    WouldBlock, ProcessDir, ProcessLink, FdLink, ReopenedObject, EventFd, TimerFd, FutexTable, Epoll, Pipe, Tty, Console, Termios, SideTable, SignalFd, PidFd, KernelLog, SemNamespace, SemSet, FsNotify, Inotify, Pty, PtyTable, PtsNode,
  };
  for (const [name, ctor] of Object.entries(classes)) if (ctor !== SyntheticDir) registerClass(`kernel.${name}`, ctor);
  // A synthetic directory's entries come from a function; its fixed entries (made with the
  // kernel, like /dev/null) are named through its public lookup.
  registerClass("kernel.SyntheticDir", SyntheticDir, {
    children: (d: SyntheticDir) => d.readdir().map((e) => d.lookup(e.name)),
  });
  // /proc's root: made with the kernel (so saved by name), its fixed entries named the same way.
  registerClass("kernel.ProcRoot", ProcRoot, {
    children: (d: ProcRoot) => d.readdir().map((e) => d.lookup(e.name)),
  });
  // The host (terminal sinks, exit) and the debugger's observer are the embedder's: it wires
  // them again after a restore (Kernel.attachHost).
  registerClass("kernel.Kernel", Kernel, { transient: { host: () => null, syscallObserver: () => null } });
}
