// What the socket system calls share: finding the socket of a descriptor, socket addresses in
// user memory, name lookup, and the send and receive loops with their blocking, timeouts,
// MSG_* flags, SIGPIPE, and SCM_RIGHTS / SCM_CREDENTIALS control messages.
import { Pod } from "../../ostd/index.js";
import { Errno, SysError, fail } from "../errno.js";
import { OpenFile, O_NONBLOCK, O_RDWR } from "../fs/file.js";
import { S_IFMT, S_IFSOCK, WouldBlock } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import { createTarget } from "../syscall/symlinkat.js";
import { Block, type SysResult } from "../syscall/types.js";
import { AT_FDCWD, readMem, writeMem } from "../syscall/util.js";
import {
  AF_UNIX, AF_UNSPEC, BrokenPipe, SCM_MAX_FD, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM, SocketHandle, UnixSocket, credOf,
  parseUnixAddress, socketOf, unnamedAddress, unixNamespace, type Received, type Ucred, type UnixAddress,
} from "./unix.js";
import {
  anyAddress, destination, formatInet, inetAutobind, inetFind, isAny, isV4, parseInetAddress, sendUdp,
  sourceFor, type InetAddress,
} from "./inet.js";
import { CAP_SETGID, CAP_SETUID, CAP_SYS_ADMIN, capable } from "../process/caps.js";

// send/recv flags (include/linux/socket.h).
export const MSG_OOB = 0x1, MSG_PEEK = 0x2, MSG_CTRUNC = 0x8, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40, MSG_EOR = 0x80;
export const MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
export const SOL_SOCKET = 1, SCM_RIGHTS = 1, SCM_CREDENTIALS = 2;
/** socket(2) type flags: the same bits as O_NONBLOCK and O_CLOEXEC. */
export const SOCK_NONBLOCK = 0o4000, SOCK_CLOEXEC = 0o2000000;
/** sizeof(struct sockaddr_storage): the most any address argument may be. */
const SOCKADDR_MAX = 128;
const CMSG_HDR = 16;
const SIGPIPE = 13;

const align8 = (n: number) => (n + 7) & ~7;

export function fileOf(t: Thread, fd: number): { file: OpenFile; sock: UnixSocket } {
  const file = t.process.fds.get(fd);
  return { file, sock: socketOf(file) };
}

/** An open file for a new socket, installed in the caller's table. */
export function installSocket(t: Thread, sock: UnixSocket, flags: number): number {
  const handle = new SocketHandle(sock);
  const file = new OpenFile(handle, O_RDWR | (flags & O_NONBLOCK), null, `socket:[${sock.ino}]`);
  handle.file = file;
  return t.process.fds.install(file, (flags & SOCK_CLOEXEC) !== 0);
}

/** Copy in a socket address argument (addrlen bytes at va). */
export function readSockaddr(t: Thread, va: number, len: number): Uint8Array {
  if (len < 0 || len > SOCKADDR_MAX) fail(Errno.EINVAL, "bad address length");
  return len === 0 ? new Uint8Array(0) : readMem(t, va, len);
}

/** Copy out an address to (va, *lenVa) as Linux's move_addr_to_user: at most the caller's
 *  length, and the full length written back. */
export function writeSockaddr(t: Thread, va: number, lenVa: number, addr: Uint8Array): void {
  if (!va) return;
  const room = new Pod(readMem(t, lenVa, 4)).getInt32(0);
  if (room < 0) fail(Errno.EINVAL, "negative address length");
  const n = Math.min(room, addr.length);
  if (n) writeMem(t, va, addr.subarray(0, n));
  const out = Pod.alloc(4);
  out.setUint32(0, addr.length);
  writeMem(t, lenVa, out.bytes);
}

/** A destination address as `sock`'s family has it (sendto, sendmsg). */
export type SockAddress = UnixAddress | InetAddress;

export function parseAddress(sock: UnixSocket, raw: Uint8Array): SockAddress {
  return sock.family === AF_UNIX ? parseUnixAddress(raw, false) : parseInetAddress(raw, sock.family, false);
}

/** What getsockname reports for a socket with no address: the family alone (AF_UNIX), or
 *  the wildcard address with port 0. */
export function unnamedAddressOf(sock: UnixSocket): Uint8Array {
  return sock.family === AF_UNIX ? unnamedAddress() : formatInet(sock.family, anyAddress(sock.family), 0);
}

/** The address of the other end (getpeername, accept), as this socket's family writes it
 *  (an IPv4 peer of an IPv6 socket v4-mapped). */
export function peerAddressOf(sock: UnixSocket): Uint8Array {
  if (sock.family === AF_UNIX) return sock.peer?.addr ?? unnamedAddress();
  const at = sock.peer?.local ?? sock.dest;
  return at ? formatInet(sock.family, at.ip, at.port) : unnamedAddressOf(sock);
}

/**
 * connect(2) of an internet socket. TCP: the listener at the address takes the connection
 * (ECONNREFUSED without one; a full accept queue waits, as for AF_UNIX), the socket gets an
 * ephemeral port and the loopback source address. UDP: the destination is only recorded
 * (AF_UNSPEC forgets it).
 */
export function connectInet(t: Thread, file: OpenFile, sock: UnixSocket, raw: Uint8Array): SysResult {
  const ns = unixNamespace(t.kernel);
  if (sock.type === SOCK_DGRAM && raw.length >= 2 && (raw[0] | (raw[1] << 8)) === AF_UNSPEC) {
    sock.dest = null;
    sock.state = "unconnected";
    return 0;
  }
  const a = parseInetAddress(raw, sock.family, false);
  const dst = destination(a, sock.family);
  if (sock.v6only && isV4(dst)) fail(Errno.ENETUNREACH);
  const listener = sock.type === SOCK_STREAM ? inetFind(ns, SOCK_STREAM, dst, a.port) : null;
  if (sock.type === SOCK_STREAM) {
    if (sock.state === "connected") fail(Errno.EISCONN);
    if (!listener) fail(Errno.ECONNREFUSED, "nobody listens there");
  }
  inetAutobind(ns, sock, sourceFor(dst));
  // A socket bound to the wildcard address now sends from the loopback address.
  const local = sock.local!;
  if (isAny(local.ip)) {
    sock.local = { kind: "inet", ip: sourceFor(dst), port: local.port };
    sock.addr = formatInet(sock.family, sock.local.ip, local.port);
  }
  if (sock.type === SOCK_DGRAM) {
    sock.dest = { kind: "inet", ip: dst, port: a.port };
    sock.state = "connected";
    sock.wq.wakeAll();
    return 0;
  }
  const r = sock.connectTo(listener!);
  if (r instanceof WouldBlock) return waitOrFail(t, 203, file, sock.sndtimeoNs, r);
  // The accepted side's own address is the one connected to.
  const server = sock.peer!;
  server.local = { kind: "inet", ip: dst, port: a.port };
  server.addr = formatInet(server.family, dst, a.port);
  return 0;
}

/** The socket a connect or sendto names, checked as Linux's unix_find_other does. */
export function findSocket(t: Thread, addr: UnixAddress, type: number): UnixSocket {
  const ns = unixNamespace(t.kernel);
  let s: UnixSocket | undefined;
  if (addr.kind === "path") {
    const loc = t.kernel.vfs.resolve(addr.path, t.process.cwd, true, t.process);
    if ((loc.inode.stat().mode & S_IFMT) !== S_IFSOCK) fail(Errno.ECONNREFUSED, "not a socket");
    s = ns.byInode.get(loc.inode);
  } else if (addr.kind === "abstract") {
    s = ns.abstract.get(addr.key);
  } else {
    fail(Errno.EINVAL);
  }
  if (!s || s.dead) fail(Errno.ECONNREFUSED, "no socket is bound there");
  if (s.type !== type) fail(Errno.EPROTOTYPE, "the socket there is of another type");
  return s;
}

/** Give `sock` an address: a socket inode at a path, an abstract name, or (autobind) a fresh
 *  abstract name. */
export function bindSocket(t: Thread, sock: UnixSocket, addr: UnixAddress): void {
  const ns = unixNamespace(t.kernel);
  if (addr.kind === "autobind") {
    if (sock.addr) return;
    const { key, bytes } = ns.autobindName();
    ns.abstract.set(key, sock);
    sock.bind(bytes, { kind: "abstract", key });
    return;
  }
  if (addr.kind === "abstract") {
    if (sock.addr) fail(Errno.EINVAL, "already bound");
    if (ns.abstract.has(addr.key)) fail(Errno.EADDRINUSE);
    ns.abstract.set(addr.key, sock);
    sock.bind(addr.bytes, { kind: "abstract", key: addr.key });
    return;
  }
  let inode;
  try {
    const { dir, name } = createTarget(t, AT_FDCWD, addr.path);
    // As Linux, a name in use is reported before the socket's own state.
    if (sock.addr) fail(Errno.EINVAL, "already bound");
    if (!dir.inode.mknod) fail(Errno.EPERM, "this file system cannot hold sockets");
    inode = dir.inode.mknod(name, S_IFSOCK | (0o777 & ~t.process.umask), 0);
  } catch (e) {
    if (e instanceof SysError && e.errno === Errno.EEXIST) fail(Errno.EADDRINUSE);
    throw e;
  }
  ns.byInode.set(inode, sock);
  sock.bind(addr.bytes, { kind: "path", inode });
}

/** What a blocked send or receive remembers between attempts. */
interface Progress {
  done: number;
  deadline: number | null;
  first: Received | null;
}

function progressOf(t: Thread, nr: number, timeoutNs: number): Progress {
  if (t.restart?.nr === nr) return t.restart.data as Progress;
  return { done: 0, deadline: timeoutNs > 0 ? t.kernel.machine.clock.now() + timeoutNs : null, first: null };
}

function expired(t: Thread, p: Progress): boolean {
  return p.deadline !== null && t.kernel.machine.clock.now() >= p.deadline;
}

function wait(t: Thread, nr: number, p: Progress, w: WouldBlock): Block {
  t.restart = { nr, data: p };
  return new Block([w.queue], p.deadline, w.what);
}

/** A call that cannot go on yet (accept, connect): EAGAIN when nonblocking or once the
 *  socket's timeout (SO_RCVTIMEO / SO_SNDTIMEO) has passed, else a wait. */
export function waitOrFail(t: Thread, nr: number, file: OpenFile, timeoutNs: number, w: WouldBlock): Block {
  const p = progressOf(t, nr, timeoutNs);
  if (file.flags & O_NONBLOCK || expired(t, p)) fail(Errno.EAGAIN);
  return wait(t, nr, p, w);
}

/** Parsed control messages of a send. */
export interface SendControl {
  rights: number[] | null;
  cred: Ucred | null;
}

/** Parse a sendmsg control buffer: SCM_RIGHTS descriptors (checked to exist) and
 *  SCM_CREDENTIALS (checked to be the sender's own, or any for root). */
export function parseControl(t: Thread, control: Uint8Array): SendControl {
  const out: SendControl = { rights: null, cred: null };
  const p = new Pod(control);
  for (let off = 0; off + CMSG_HDR <= control.length; ) {
    const len = Number(p.getBigUint64(off));
    if (len < CMSG_HDR || len > control.length - off) fail(Errno.EINVAL, "bad cmsg_len");
    const level = p.getInt32(off + 8);
    const type = p.getInt32(off + 12);
    if (level === SOL_SOCKET) {
      if (type === SCM_RIGHTS) {
        const n = Math.floor((len - CMSG_HDR) / 4);
        const rights = out.rights ?? [];
        if (rights.length + n > SCM_MAX_FD) fail(Errno.EINVAL, "too many descriptors");
        for (let i = 0; i < n; i++) {
          const fd = p.getInt32(off + CMSG_HDR + i * 4);
          t.process.fds.get(fd);
          rights.push(fd);
        }
        if (rights.length) out.rights = rights;
      } else if (type === SCM_CREDENTIALS) {
        if (len !== CMSG_HDR + 12) fail(Errno.EINVAL);
        const cred = { pid: p.getInt32(off + 16), uid: p.getUint32(off + 20), gid: p.getUint32(off + 24) };
        const c = t.process.creds;
        if (cred.pid !== t.process.pid && !capable(c, CAP_SYS_ADMIN)) fail(Errno.EPERM);
        if (![c.uid, c.euid, c.suid].includes(cred.uid) && !capable(c, CAP_SETUID)) fail(Errno.EPERM);
        if (![c.gid, c.egid, c.sgid].includes(cred.gid) && !capable(c, CAP_SETGID)) fail(Errno.EPERM);
        out.cred = cred;
      } else {
        fail(Errno.EINVAL, "unsupported control message");
      }
    }
    off += align8(len);
  }
  return out;
}

/**
 * Send `data` on `sock` (to `target` if given). Stream sends block until everything is queued
 * (keeping the count in t.restart between attempts); MSG_DONTWAIT or O_NONBLOCK make a send
 * that cannot start fail with EAGAIN, and one that can start return its count.
 */
export function sendOn(
  t: Thread, nr: number, file: OpenFile, sock: UnixSocket, data: Uint8Array, flags: number,
  target: SockAddress | null, control: SendControl,
): SysResult {
  if (flags & MSG_OOB) fail(Errno.EOPNOTSUPP, "no out-of-band data on unix sockets");
  const nonblock = (file.flags & O_NONBLOCK) !== 0 || (flags & MSG_DONTWAIT) !== 0;
  const p = progressOf(t, nr, sock.sndtimeoNs);
  const cred = control.cred ?? credOf(t.process);
  const rights = control.rights;
  if (sock.family !== AF_UNIX) {
    // Descriptors and credentials travel only between AF_UNIX sockets.
    if (rights || control.cred) fail(Errno.EINVAL, "control messages of AF_UNIX on an internet socket");
    if (sock.type === SOCK_DGRAM) {
      const a = target as InetAddress | null;
      if (!a && !sock.dest) fail(Errno.EDESTADDRREQ);
      const dst = a ? destination(a, sock.family) : sock.dest!.ip;
      return sendUdp(unixNamespace(t.kernel), sock, dst, a ? a.port : sock.dest!.port, data, cred);
    }
    target = null; // TCP ignores an address on a connected socket, as Linux does
    if (sock.state !== "connected") {
      // A TCP socket never connected: EPIPE, with SIGPIPE (tcp_sendmsg), not AF_UNIX's ENOTCONN.
      if (!(flags & MSG_NOSIGNAL)) t.kernel.signalThread(t, SIGPIPE, { code: 0 });
      fail(Errno.EPIPE);
    }
  }
  const takeFds = () => rights?.map((fd) => t.process.fds.get(fd).ref()) ?? null;
  let to: UnixSocket | null = null;
  if (target) {
    if (sock.type === SOCK_STREAM) fail(sock.state === "connected" ? Errno.EISCONN : Errno.EOPNOTSUPP);
    if (sock.type === SOCK_DGRAM) to = findSocket(t, target as UnixAddress, sock.type);
  }
  if (sock.passcred && !sock.addr && sock.type === SOCK_DGRAM) bindSocket(t, sock, { kind: "autobind" });
  if (sock.type !== SOCK_STREAM) {
    const r = sock.sendPacket(to, data, takeFds, cred);
    if (!(r instanceof WouldBlock)) return r;
    if (nonblock || expired(t, p)) fail(Errno.EAGAIN);
    return wait(t, nr, p, r);
  }
  try {
    while (p.done < data.length || data.length === 0) {
      const r = sock.sendStream(data.subarray(p.done), p.done === 0 ? takeFds : () => null, cred);
      if (r instanceof WouldBlock) {
        if (nonblock || expired(t, p)) {
          if (p.done > 0) return p.done;
          fail(Errno.EAGAIN);
        }
        return wait(t, nr, p, r);
      }
      if (data.length === 0) return 0;
      p.done += r;
    }
    return p.done;
  } catch (e) {
    if (!(e instanceof BrokenPipe)) throw e;
    if (p.done > 0) return p.done;
    if (!(flags & MSG_NOSIGNAL)) t.kernel.signalThread(t, SIGPIPE, { code: 0 });
    fail(Errno.EPIPE);
  }
}

/** What a receive delivered besides its bytes. */
export interface RecvOutcome {
  /** The system call's value: bytes copied (or, with MSG_TRUNC, the datagram's length). */
  result: number;
  /** MSG_TRUNC when a packet was cut to fit. */
  msgFlags: number;
  fds: OpenFile[] | null;
  cred: Ucred | null;
  from: Uint8Array | null;
}

/**
 * Receive up to `len` bytes into user memory through `sink(offset, bytes)`. Blocks while nothing
 * is queued (unless MSG_DONTWAIT / O_NONBLOCK: EAGAIN); MSG_WAITALL on a stream keeps going,
 * across blocks, until `len` bytes, end of file or descriptors arrive.
 */
export function recvOn(
  t: Thread, nr: number, file: OpenFile, sock: UnixSocket, len: number, flags: number,
  sink: (offset: number, data: Uint8Array) => void,
): RecvOutcome | Block {
  if (flags & MSG_OOB) fail(Errno.EOPNOTSUPP, "no out-of-band data on unix sockets");
  const nonblock = (file.flags & O_NONBLOCK) !== 0 || (flags & MSG_DONTWAIT) !== 0;
  const peek = (flags & MSG_PEEK) !== 0;
  const waitall = (flags & MSG_WAITALL) !== 0 && !peek && !nonblock && sock.type === SOCK_STREAM;
  const p = progressOf(t, nr, sock.rcvtimeoNs);
  for (;;) {
    let r: Received | WouldBlock;
    try {
      r = sock.recv(len - p.done, peek);
    } catch (e) {
      // An error after some bytes of a MSG_WAITALL read: the bytes first, the error next time.
      if (p.done > 0 && e instanceof SysError) return finish(p, 0);
      throw e;
    }
    if (r instanceof WouldBlock) {
      if (p.done > 0 && (nonblock || expired(t, p))) return finish(p, 0);
      if (nonblock || expired(t, p)) fail(Errno.EAGAIN);
      return wait(t, nr, p, r);
    }
    if (r.data.length) sink(p.done, r.data);
    p.done += r.data.length;
    if (!p.first) p.first = { ...r, fds: null };
    const truncated = sock.type !== SOCK_STREAM && r.fullLength > r.data.length;
    if (!waitall || r.eof || r.fds || p.done >= len || r.data.length === 0) {
      const out = finish(p, truncated ? MSG_TRUNC : 0);
      out.fds = r.fds;
      if (flags & MSG_TRUNC && sock.type !== SOCK_STREAM) out.result = r.fullLength;
      return out;
    }
  }
}

function finish(p: Progress, msgFlags: number): RecvOutcome {
  return { result: p.done, msgFlags, fds: null, cred: p.first?.cred ?? null, from: p.first?.from ?? null };
}

/**
 * The control messages of a receive, into a buffer of `room` bytes: SCM_CREDENTIALS when the
 * socket asked for them (SO_PASSCRED), then SCM_RIGHTS with the descriptors installed in the
 * receiver's table. What does not fit is dropped (closed) and flagged MSG_CTRUNC.
 */
export function buildControl(t: Thread, sock: UnixSocket, got: RecvOutcome, room: number, flags: number): { bytes: Uint8Array; msgFlags: number } {
  const buf = new Uint8Array(Math.max(0, room));
  const p = new Pod(buf);
  let pos = 0;
  let msgFlags = 0;
  if (sock.passcred) {
    const cred = got.cred ?? { pid: 0, uid: 65534, gid: 65534 };
    const body = Pod.alloc(12);
    body.setInt32(0, cred.pid);
    body.setUint32(4, cred.uid);
    body.setUint32(8, cred.gid);
    const want = CMSG_HDR + 12;
    if (room - pos < CMSG_HDR) msgFlags |= MSG_CTRUNC;
    else {
      const len = Math.min(want, room - pos);
      if (len < want) msgFlags |= MSG_CTRUNC;
      p.setBigUint64(pos, BigInt(len));
      p.setInt32(pos + 8, SOL_SOCKET);
      p.setInt32(pos + 12, SCM_CREDENTIALS);
      buf.set(body.bytes.subarray(0, len - CMSG_HDR), pos + CMSG_HDR);
      pos += Math.min(align8(want), room - pos);
    }
  }
  const fds = got.fds;
  if (fds && fds.length) {
    const left = room - pos;
    const max = left > CMSG_HDR ? Math.floor((left - CMSG_HDR) / 4) : 0;
    const table = t.process.fds;
    const cloexec = (flags & MSG_CMSG_CLOEXEC) !== 0;
    let written = 0;
    let i = 0;
    for (; i < fds.length && written < max; i++) {
      try {
        p.setInt32(pos + CMSG_HDR + written * 4, table.install(fds[i], cloexec));
        written++;
      } catch {
        i++; // the failed install dropped this reference itself
        break;
      }
    }
    for (; i < fds.length; i++) fds[i].unref();
    if (written > 0) {
      p.setBigUint64(pos, BigInt(CMSG_HDR + written * 4));
      p.setInt32(pos + 8, SOL_SOCKET);
      p.setInt32(pos + 12, SCM_RIGHTS);
      pos += Math.min(align8(CMSG_HDR + written * 4), room - pos);
    }
    if (written < fds.length) msgFlags |= MSG_CTRUNC;
  }
  return { bytes: buf.subarray(0, pos), msgFlags };
}
