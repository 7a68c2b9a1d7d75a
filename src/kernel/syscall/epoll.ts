// epoll_create1(2), epoll_ctl(2), epoll_pwait(2), epoll_pwait2(2).
import { Errno, fail } from "../errno.js";
import { Pod } from "../../ostd/index.js";
import { OpenFile, O_CLOEXEC, O_RDWR } from "../fs/file.js";
import { Epoll, EPOLLEXCLUSIVE } from "../ipc/epoll.js";
import type { Thread } from "../process/process.js";
import { applyTempMask } from "../process/deliver.js";
import { wokeByTimeout } from "./dispatch.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, readMem, readU64, uint, ulong, writeMem } from "./util.js";
import { timeoutToDeadline } from "./ppoll.js";
import { SideTable } from "../util/side_table.js";

const EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
const EVENT_SIZE = 16; // struct epoll_event is not packed on riscv64: u32 events, u64 data at 8
export const NR_EPOLL_PWAIT = 22;

const epolls = new SideTable<object, Epoll>("$epoll");

function epollOf(t: Thread, fd: number): Epoll {
  const ep = epolls.get(t.process.fds.get(fd).handle);
  if (!ep) fail(Errno.EINVAL, "not an epoll descriptor");
  return ep;
}

/** epoll_create1(2) */
export function sysEpollCreate1(t: Thread, a: Args): SysResult {
  const flags = uint(a[0]);
  if (flags & ~O_CLOEXEC) fail(Errno.EINVAL);
  const ep = new Epoll();
  const handle = ep.handle();
  epolls.set(handle, ep);
  return t.process.fds.install(new OpenFile(handle, O_RDWR, null, "anon_inode:[eventpoll]"), (flags & O_CLOEXEC) !== 0);
}

/** epoll_ctl(2) */
export function sysEpollCtl(t: Thread, a: Args): SysResult {
  const ep = epollOf(t, int(a[0]));
  const op = int(a[1]);
  const fd = int(a[2]);
  const file = t.process.fds.get(fd);
  if (file.handle === t.process.fds.get(int(a[0])).handle) fail(Errno.EINVAL);
  if (file.handle.seekable && file.inode) fail(Errno.EPERM, "regular files are always ready and cannot be polled");
  const existing = ep.interests.get(fd);
  if (op === EPOLL_CTL_DEL) {
    if (!existing) fail(Errno.ENOENT);
    ep.interests.delete(fd);
    return 0;
  }
  const ev = new Pod(readMem(t, ulong(a[3]), EVENT_SIZE));
  const events = ev.getUint32(0);
  const data = ev.getBigUint64(8);
  if (op === EPOLL_CTL_ADD) {
    if (existing) fail(Errno.EEXIST);
    ep.interests.set(fd, { fd, file, events, data, disabled: false });
    return 0;
  }
  if (op === EPOLL_CTL_MOD) {
    if (!existing) fail(Errno.ENOENT);
    if (events & EPOLLEXCLUSIVE || existing.events & EPOLLEXCLUSIVE) fail(Errno.EINVAL);
    existing.events = events;
    existing.data = data;
    existing.disabled = false;
    return 0;
  }
  fail(Errno.EINVAL);
}

function wait(t: Thread, a: Args, deadlineOf: () => number | null): SysResult {
  const ep = epollOf(t, int(a[0]));
  const max = int(a[2]);
  if (max <= 0 || max > 65536) fail(Errno.EINVAL);
  const first = t.restart?.nr !== NR_EPOLL_PWAIT;
  const deadline = first ? deadlineOf() : (t.restart!.data as number | null);
  if (first) {
    if (ulong(a[4])) applyTempMask(t, readU64(t, ulong(a[4])), ulong(a[5]));
    t.restart = { nr: NR_EPOLL_PWAIT, data: deadline };
  }
  const ready = ep.collect(max);
  const timedOut = deadline !== null && (deadline <= t.kernel.machine.clock.now() || wokeByTimeout(t));
  if (ready.length || timedOut) {
    const out = Pod.alloc(ready.length * EVENT_SIZE);
    ready.forEach(([events, data], i) => {
      out.setUint32(i * EVENT_SIZE, events);
      out.setBigUint64(i * EVENT_SIZE + 8, data);
    });
    if (ready.length) writeMem(t, ulong(a[1]), out.bytes);
    return ready.length;
  }
  return new Block(ep.queues(), deadline, "epoll_wait");
}

/** epoll_pwait(2): timeout in milliseconds, -1 for none. */
export function sysEpollPwait(t: Thread, a: Args): SysResult {
  const ms = int(a[3]);
  return wait(t, a, () => (ms < 0 ? null : t.kernel.machine.clock.now() + ms * 1e6));
}

/** epoll_pwait2(2): timeout as a timespec. */
export function sysEpollPwait2(t: Thread, a: Args): SysResult {
  return wait(t, a, () => timeoutToDeadline(t, ulong(a[3])));
}
