// AF_UNIX sockets (unix(7)): stream, datagram and sequenced-packet sockets between processes
// of one kernel. A socket is a receive queue of packets plus a connection state; a stream
// socket's reader merges packets into a byte stream, the other types keep each packet whole.
// Every change that can end a wait wakes the socket's wait queue (`wq`): readers, acceptors,
// pollers and writers waiting for room all sleep there (writers on the receiver's queue for
// datagrams, on their own for connections, since a reader wakes the senders of what it took).
import type { WaitQueue } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { O_NONBLOCK, type OpenFile } from "../fs/file.js";
import { S_IFSOCK, WouldBlock, type FileHandle, type Inode, type IoctlMemory, type Stat } from "../fs/types.js";
import type { Kernel } from "../kernel.js";
import { Pod, registerCounter } from "../../ostd/index.js";
import { SideTable } from "../util/side_table.js";
import { AF_INET, EPHEMERAL_LOW, interfaceIoctl, sendUdp, type InetAddress } from "./inet.js";

export const AF_UNSPEC = 0, AF_UNIX = 1;
export const SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_SEQPACKET = 5;
export const SOCK_TYPE_MASK = 0xf;
export const SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;
export const POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLRDHUP = 0x2000;

/** Bits of a socket's own shutdown state (sk_shutdown). */
const RCV_SHUTDOWN = 1, SEND_SHUTDOWN = 2, SHUTDOWN_MASK = 3;

/** offsetof(struct sockaddr_un, sun_path) and sizeof(struct sockaddr_un). */
export const SUN_PATH_OFFSET = 2, SOCKADDR_UN_SIZE = 110;

/** Default SO_SNDBUF / SO_RCVBUF (net.core.wmem_default), and the most a program may set. */
export const DEFAULT_SNDBUF = 212992, DEFAULT_RCVBUF = 212992, MAX_BUF = 212992;
export const MIN_SNDBUF = 4608, MIN_RCVBUF = 2304;
/** What a queued packet costs its sender's SO_SNDBUF on top of its bytes (buffer bookkeeping). */
const PACKET_OVERHEAD = 512;
/** net.unix.max_dgram_qlen: queued datagrams from senders the receiver is not connected to. */
const MAX_DGRAM_QLEN = 10;
export const SOMAXCONN = 4096;
/** The most descriptors one SCM_RIGHTS message may carry (SCM_MAX_FD). */
export const SCM_MAX_FD = 253;

const FIONREAD = 0x541b, TIOCOUTQ = 0x5411, FIONBIO = 0x5421;

/** struct ucred: who sent a message or created a connection. */
export interface Ucred {
  pid: number;
  uid: number;
  gid: number;
}

/** One queued send: a datagram, a sequenced packet, or a run of stream bytes. */
interface Packet {
  data: Uint8Array;
  /** Stream bytes of `data` already read. */
  off: number;
  /** SCM_RIGHTS in flight: each holds a reference, taken over by the receiver (or dropped). */
  fds: OpenFile[] | null;
  cred: Ucred;
  /** The sender's address when it sent (what recvfrom reports), or null if it had none. */
  from: Uint8Array | null;
  sender: UnixSocket;
  /** What the packet counts against the sender's SO_SNDBUF until it is read. */
  cost: number;
}

/** What a receive took off the queue. */
export interface Received {
  data: Uint8Array;
  /** The packet's full length (datagrams and packets that did not fit are cut to `data`). */
  fullLength: number;
  /** Descriptors that came with the data: references the caller installs or drops. */
  fds: OpenFile[] | null;
  cred: Ucred | null;
  from: Uint8Array | null;
  /** End of file (the other side is gone or shut down, or this side shut down reading). */
  eof: boolean;
}

export type Binding = { kind: "path"; inode: Inode } | { kind: "abstract"; key: string } | { kind: "inet"; key: string };

/** A parsed sockaddr_un, as bind/connect/sendto take it. */
export type UnixAddress =
  | { kind: "path"; path: string; bytes: Uint8Array }
  | { kind: "abstract"; key: string; bytes: Uint8Array }
  | { kind: "autobind" };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/**
 * Parse the `raw` bytes (the caller's addrlen of them) of a sockaddr_un. Autobind (family only)
 * is allowed where `autobind` says so (bind); anything else that is not a well-formed AF_UNIX
 * address is EINVAL, as unix(7) has it.
 */
export function parseUnixAddress(raw: Uint8Array, autobind: boolean): UnixAddress {
  const family = raw.length >= 2 ? raw[0] | (raw[1] << 8) : -1;
  if (autobind && raw.length === SUN_PATH_OFFSET && family === AF_UNIX) return { kind: "autobind" };
  if (raw.length <= SUN_PATH_OFFSET || raw.length > SOCKADDR_UN_SIZE) fail(Errno.EINVAL, "bad sockaddr_un length");
  if (family !== AF_UNIX) fail(Errno.EINVAL, "not an AF_UNIX address");
  const name = raw.subarray(SUN_PATH_OFFSET);
  if (name[0] === 0) return { kind: "abstract", key: hex(name.subarray(1)), bytes: raw.slice() };
  let end = name.indexOf(0);
  if (end < 0) end = name.length;
  const path = decoder.decode(name.subarray(0, end));
  // A pathname address is reported as family, path and its terminating NUL.
  const bytes = new Uint8Array(SUN_PATH_OFFSET + end + 1);
  bytes.set(raw.subarray(0, SUN_PATH_OFFSET + end));
  return { kind: "path", path, bytes };
}

/** The address of an unnamed socket: the family alone. */
export function unnamedAddress(): Uint8Array {
  return new Uint8Array([AF_UNIX, 0]);
}

/** Per-kernel names: abstract addresses, and which socket is bound at which inode. */
export class UnixNamespace {
  readonly abstract = new Map<string, UnixSocket>();
  /** Internet sockets by type and port (net/inet.ts). */
  readonly inet = new Map<string, UnixSocket>();
  /** Where the next ephemeral port search starts. */
  nextPort = EPHEMERAL_LOW;
  /** What internet sockets sent over the loopback interface (/proc/net/dev). */
  loBytes = 0;
  loPackets = 0;
  readonly byInode = new SideTable<Inode, UnixSocket>("$unixSocket");
  private nextAuto = 0;

  constructor(readonly kernel: Kernel) {}

  countLoopback(bytes: number): void {
    this.loBytes += bytes;
    this.loPackets++;
  }

  /** An unused abstract name of five hex digits, as Linux's autobind picks. */
  autobindName(): { key: string; bytes: Uint8Array } {
    for (let tries = 0; tries < 0x100000; tries++) {
      const name = (this.nextAuto++ & 0xfffff).toString(16).padStart(5, "0");
      const bytes = new Uint8Array(SUN_PATH_OFFSET + 1 + 5);
      bytes[0] = AF_UNIX;
      bytes.set(encoder.encode(name), SUN_PATH_OFFSET + 1);
      const key = hex(bytes.subarray(SUN_PATH_OFFSET + 1));
      if (!this.abstract.has(key)) return { key, bytes };
    }
    fail(Errno.ENOSPC, "no free autobind name");
  }
}

const namespaces = new SideTable<Kernel, UnixNamespace>("$unixNamespace");

export function unixNamespace(kernel: Kernel): UnixNamespace {
  let ns = namespaces.get(kernel);
  if (!ns) namespaces.set(kernel, (ns = new UnixNamespace(kernel)));
  return ns;
}

let nextSocketIno = 1;
registerCounter("kernel.unix.ino", () => nextSocketIno, (v) => (nextSocketIno = v));

export type SocketState = "unconnected" | "listening" | "connected";

export class UnixSocket {
  readonly ino = nextSocketIno++;
  readonly wq: WaitQueue;
  /** AF_UNIX, or AF_INET / AF_INET6 for a TCP (stream) or UDP (datagram) socket on the
   *  loopback interface (net/inet.ts). */
  family = AF_UNIX;
  /** An internet socket's own address once bound, and a connected UDP socket's destination. */
  local: InetAddress | null = null;
  dest: InetAddress | null = null;
  /** IPV6_V6ONLY: an AF_INET6 socket that takes no IPv4. */
  v6only = false;
  /** The IPPROTO_IP / IPPROTO_TCP / IPPROTO_IPV6 options set ("level:name" to value). */
  readonly protoOpts = new Map<string, number>();
  state: SocketState = "unconnected";
  /** The bound address (sockaddr bytes as getsockname reports them), or null. */
  addr: Uint8Array | null = null;
  binding: Binding | null = null;
  peer: UnixSocket | null = null;
  /** The credentials of the other end, fixed at connect/socketpair time (SO_PEERCRED). */
  peerCred: Ucred | null = null;
  /** A listener's credentials as of listen(), which its connecting clients see. */
  listenCred: Ucred | null = null;
  private readonly queue: Packet[] = [];
  /** Bytes waiting in the receive queue. */
  private queued = 0;
  /** What this socket's queued sends cost (checked against sndbuf). */
  inflight = 0;
  /** Connections waiting for accept (a listener's), each already connected to its client. */
  readonly pending: UnixSocket[] = [];
  backlog = 0;
  shutdown = 0;
  /** A pending error (sk_err), reported once by a receive or SO_ERROR. */
  err = 0;
  dead = false;
  // Socket options (SOL_SOCKET).
  passcred = false;
  sndbuf = DEFAULT_SNDBUF;
  rcvbuf = DEFAULT_RCVBUF;
  reuseaddr = false;
  reuseport = false;
  keepalive = false;
  broadcast = false;
  dontroute = false;
  priority = 0;
  linger: { on: number; secs: number } = { on: 0, secs: 0 };
  rcvtimeoNs = 0;
  sndtimeoNs = 0;

  constructor(readonly ns: UnixNamespace, readonly type: number, readonly cred: Ucred) {
    this.wq = ns.kernel.machine.scheduler.newWaitQueue(`unix socket ${this.ino}`);
  }

  get connectionOriented(): boolean {
    return this.type === SOCK_STREAM || this.type === SOCK_SEQPACKET;
  }

  /** FIONREAD: the first datagram's length; for streams and packets, everything queued. */
  readable(): number {
    if (this.type !== SOCK_DGRAM) return this.queued;
    return this.queue.length ? this.queue[0].data.length : 0;
  }

  /** Join two fresh sockets (socketpair, or a client and its server side). */
  static pair(a: UnixSocket, b: UnixSocket): void {
    a.peer = b;
    b.peer = a;
    a.state = b.state = "connected";
    a.peerCred = b.cred;
    b.peerCred = a.cred;
  }

  bind(addr: Uint8Array, binding: Binding): void {
    this.addr = addr;
    this.binding = binding;
  }

  listen(backlog: number, cred: Ucred): void {
    if (!this.connectionOriented) fail(Errno.EOPNOTSUPP, "listen on a datagram socket");
    if (!this.addr) fail(Errno.EINVAL, "listen on an unbound socket");
    if (this.state === "connected") fail(Errno.EINVAL, "listen on a connected socket");
    // A negative backlog is a huge unsigned one: both become SOMAXCONN.
    this.backlog = backlog < 0 || backlog > SOMAXCONN ? SOMAXCONN : backlog;
    if (this.state !== "listening") this.listenCred = cred;
    this.state = "listening";
    this.wq.wakeAll();
  }

  /**
   * Connect a stream or seqpacket socket to `listener`: a server-side socket joined to this one
   * waits in the listener's accept queue, and this side is connected at once. The checks come in
   * Linux's order (the listener's, then a full queue, then this socket's own state).
   */
  connectTo(listener: UnixSocket): WouldBlock | null {
    if (listener.dead || listener.state !== "listening" || listener.shutdown & RCV_SHUTDOWN) {
      fail(Errno.ECONNREFUSED, "no one listens there");
    }
    if (listener.pending.length > listener.backlog) return new WouldBlock(listener.wq, "connect");
    if (this.state === "connected") fail(Errno.EISCONN);
    if (this.state !== "unconnected") fail(Errno.EINVAL, "connect on a listening socket");
    const server = new UnixSocket(this.ns, this.type, listener.listenCred ?? listener.cred);
    server.family = listener.family;
    server.v6only = listener.v6only;
    server.addr = listener.addr;
    server.passcred = listener.passcred;
    server.sndbuf = listener.sndbuf;
    server.rcvbuf = listener.rcvbuf;
    UnixSocket.pair(this, server);
    listener.pending.push(server);
    listener.wq.wakeAll();
    this.wq.wakeAll();
    return null;
  }

  /** Take the first waiting connection. */
  accept(): UnixSocket | WouldBlock {
    if (!this.connectionOriented) fail(Errno.EOPNOTSUPP, "accept on a datagram socket");
    if (this.state !== "listening") fail(Errno.EINVAL, "accept on a socket that does not listen");
    const s = this.pending.shift();
    if (!s) return new WouldBlock(this.wq, "accept");
    // Connectors waiting for room in the queue may go on.
    this.wq.wakeAll();
    return s;
  }

  /** Datagram connect: the default destination (null disconnects). */
  connectDgram(target: UnixSocket | null): void {
    if (target) {
      if (target.peer && target.peer !== this) fail(Errno.EPERM, "the target is connected elsewhere");
      this.peer = target;
      this.peerCred = target.cred;
      this.state = "connected";
    } else {
      this.peer = null;
      this.peerCred = null;
      this.state = "unconnected";
    }
    this.wq.wakeAll();
  }

  private enqueue(p: Packet): void {
    this.queue.push(p);
    this.queued += p.data.length;
    p.sender.inflight += p.cost;
    this.wq.wakeAll();
  }

  private dequeued(p: Packet): void {
    p.sender.inflight -= p.cost;
    p.sender.wq.wakeAll();
    this.wq.wakeAll();
  }

  /**
   * Send stream bytes to the peer: as many as there is room for (at least one packet's worth
   * if any room), the descriptors riding on the first byte. Returns how many were taken.
   * Throws ENOTCONN, or BrokenPipe (EPIPE, for which the caller raises SIGPIPE).
   */
  sendStream(data: Uint8Array, fds: () => OpenFile[] | null, cred: Ucred): number | WouldBlock {
    const peer = this.peer;
    if (this.state !== "connected" || !peer) fail(Errno.ENOTCONN);
    if (this.shutdown & SEND_SHUTDOWN || peer.dead || peer.shutdown & RCV_SHUTDOWN) throw new BrokenPipe();
    if (data.length === 0) return 0;
    if (this.inflight >= this.sndbuf) return new WouldBlock(this.wq, "unix stream send");
    // Stream sends go in packets of at most half the send buffer, as Linux cuts them.
    const n = Math.min(data.length, Math.max(1, (this.sndbuf >> 1) - 64));
    // (A TCP receive reports no sender address: only AF_UNIX stream packets carry one.)
    const from = this.family === AF_UNIX ? this.addr : null;
    if (this.family !== AF_UNIX) this.ns.countLoopback(n);
    peer.enqueue({ data: data.slice(0, n), off: 0, fds: fds(), cred, from, sender: this, cost: n + PACKET_OVERHEAD });
    return n;
  }

  /**
   * Send one whole datagram or sequenced packet to `target` (the peer when null). Throws
   * EMSGSIZE, ENOTCONN, ECONNREFUSED, EPERM, EPIPE as Linux does.
   */
  sendPacket(target: UnixSocket | null, data: Uint8Array, fds: () => OpenFile[] | null, cred: Ucred): number | WouldBlock {
    if (data.length > this.sndbuf - 32) fail(Errno.EMSGSIZE);
    if (this.type === SOCK_SEQPACKET) {
      if (this.state !== "connected") fail(Errno.ENOTCONN);
      target = this.peer;
    }
    if (this.shutdown & SEND_SHUTDOWN) fail(Errno.EPIPE);
    const to = target ?? this.peer;
    if (!to) fail(Errno.ENOTCONN);
    if (to.dead) {
      if (this.type === SOCK_SEQPACKET) fail(Errno.EPIPE);
      if (this.peer === to) {
        // A connected datagram socket whose peer went away is disconnected by the attempt.
        this.peer = null;
        this.peerCred = null;
        this.state = "unconnected";
      }
      fail(Errno.ECONNREFUSED);
    }
    if (this.type === SOCK_DGRAM && to.peer && to.peer !== this) fail(Errno.EPERM, "the receiver is connected elsewhere");
    if (to.shutdown & RCV_SHUTDOWN) fail(Errno.EPIPE);
    if (to !== this && to.peer !== this && to.queue.length > MAX_DGRAM_QLEN) return new WouldBlock(to.wq, "unix send");
    // A reader wakes the senders of what it takes: wait on our own queue for room.
    if (this.inflight >= this.sndbuf) return new WouldBlock(this.wq, "unix send");
    to.enqueue({ data: data.slice(), off: 0, fds: fds(), cred, from: this.addr, sender: this, cost: data.length + PACKET_OVERHEAD });
    return data.length;
  }

  /**
   * Send a UDP datagram to `to` (null: nobody is bound there) with the source address `from`
   * as the receiver reports it. As over a network nothing waits: a datagram nobody can take
   * (no socket, one connected to someone else, a full receive buffer) is dropped, and the
   * send still succeeds.
   */
  sendDatagram(to: UnixSocket | null, data: Uint8Array, from: Uint8Array, cred: Ucred): number {
    const max = this.family === AF_INET ? 65507 : 65527;
    if (data.length > max) fail(Errno.EMSGSIZE);
    if (this.shutdown & SEND_SHUTDOWN) fail(Errno.EPIPE);
    this.ns.countLoopback(data.length);
    if (!to || to.dead || to.shutdown & RCV_SHUTDOWN) return data.length;
    const d = to.dest;
    if (d && (d.port !== this.local?.port)) return data.length;
    if (to.queued + data.length > to.rcvbuf) return data.length;
    to.enqueue({ data: data.slice(), off: 0, fds: null, cred, from, sender: this, cost: 0 });
    return data.length;
  }

  /** A receive that finds nothing: a pending error, end of file, or a wait. */
  private empty(): Received | WouldBlock {
    if (this.err) {
      const e = this.err;
      this.err = 0;
      fail(e as Errno);
    }
    if (this.shutdown & RCV_SHUTDOWN) return { data: new Uint8Array(0), fullLength: 0, fds: null, cred: null, from: null, eof: true };
    return new WouldBlock(this.wq, "unix recv");
  }

  /**
   * Receive up to `len` bytes. A stream read gathers queued bytes in order and stops after the
   * bytes that carried descriptors; other types take one packet (cut to `len`). With `peek`
   * nothing is consumed and descriptors come as new references.
   */
  recv(len: number, peek: boolean): Received | WouldBlock {
    if (this.type === SOCK_STREAM) {
      if (this.state !== "connected") fail(this.family === AF_UNIX ? Errno.EINVAL : Errno.ENOTCONN, "recv on an unconnected stream socket");
      return this.recvStream(len, peek);
    }
    if (this.type === SOCK_SEQPACKET && this.state !== "connected") fail(Errno.ENOTCONN);
    const p = this.queue[0];
    if (!p) return this.empty();
    const data = p.data.slice(0, Math.min(len, p.data.length));
    let fds = p.fds;
    if (peek) fds = fds?.map((f) => f.ref()) ?? null;
    else {
      this.queue.shift();
      this.queued -= p.data.length;
      p.fds = null;
      this.dequeued(p);
    }
    return { data, fullLength: p.data.length, fds, cred: p.cred, from: p.from, eof: false };
  }

  private recvStream(len: number, peek: boolean): Received | WouldBlock {
    if (this.queue.length === 0) return this.empty();
    const out = new Uint8Array(Math.min(len, this.queued));
    let copied = 0;
    let fds: OpenFile[] | null = null;
    const first = this.queue[0];
    for (let i = 0; copied < out.length && i < this.queue.length; ) {
      const p = this.queue[i];
      const take = Math.min(p.data.length - p.off, out.length - copied);
      out.set(p.data.subarray(p.off, p.off + take), copied);
      copied += take;
      const carried = p.fds;
      if (carried) fds = peek ? carried.map((f) => f.ref()) : carried;
      if (peek) {
        i++;
      } else {
        p.fds = null;
        p.off += take;
        this.queued -= take;
        if (p.off < p.data.length) break;
        this.queue.shift();
        this.dequeued(p);
      }
      if (carried) break;
    }
    return { data: out.subarray(0, copied), fullLength: copied, fds, cred: first.cred, from: first.from, eof: false };
  }

  shutdownSide(how: number): void {
    if (how < SHUT_RD || how > SHUT_RDWR) fail(Errno.EINVAL);
    const mode = how + 1;
    this.shutdown |= mode;
    this.wq.wakeAll();
    const peer = this.peer;
    if (peer && this.connectionOriented) {
      peer.shutdown |= (mode & RCV_SHUTDOWN ? SEND_SHUTDOWN : 0) | (mode & SEND_SHUTDOWN ? RCV_SHUTDOWN : 0);
      peer.wq.wakeAll();
    }
  }

  /** poll(2) readiness, as Linux's unix_poll and unix_dgram_poll compute it. */
  poll(): number {
    let mask = 0;
    if (this.err) mask |= POLLERR;
    if (this.shutdown === SHUTDOWN_MASK) mask |= POLLHUP;
    if (this.shutdown & RCV_SHUTDOWN) mask |= POLLRDHUP | POLLIN;
    if (this.state === "listening" ? this.pending.length > 0 : this.queue.length > 0) mask |= POLLIN;
    if (this.connectionOriented && this.state === "unconnected") mask |= POLLHUP;
    let writable = this.state !== "listening" && this.inflight * 4 <= this.sndbuf;
    const peer = this.peer;
    if (writable && this.type === SOCK_DGRAM && peer && peer.peer !== this && peer.queue.length > MAX_DGRAM_QLEN) writable = false;
    if (writable) mask |= POLLOUT;
    return mask;
  }

  private drop(): void {
    for (const p of this.queue) {
      for (const f of p.fds ?? []) f.unref();
      p.fds = null;
      p.sender.inflight -= p.cost;
      p.sender.wq.wakeAll();
    }
    this.queue.length = 0;
    this.queued = 0;
  }

  /** The last descriptor is gone (or, `embryo`, a connection nobody accepted). */
  close(embryo = false): void {
    if (this.dead) return;
    this.dead = true;
    const b = this.binding;
    if (b?.kind === "abstract" && this.ns.abstract.get(b.key) === this) this.ns.abstract.delete(b.key);
    if (b?.kind === "path" && this.ns.byInode.get(b.inode) === this) this.ns.byInode.delete(b.inode);
    if (b?.kind === "inet" && this.ns.inet.get(b.key) === this) this.ns.inet.delete(b.key);
    const peer = this.peer;
    if (peer && this.connectionOriented) {
      peer.shutdown = SHUTDOWN_MASK;
      if (this.queue.length > 0 || embryo) peer.err = Errno.ECONNRESET;
    }
    peer?.wq.wakeAll();
    for (const s of this.pending.splice(0)) s.close(true);
    this.drop();
    this.wq.wakeAll();
  }

  stat(): Stat {
    return {
      dev: 8, ino: this.ino, mode: S_IFSOCK | 0o777, nlink: 1, uid: this.cred.uid, gid: this.cred.gid, rdev: 0, size: 0,
      blksize: 4096, blocks: 0, atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n,
    };
  }
}

/** Thrown by a stream send into a closed or shut connection: EPIPE, and SIGPIPE unless the
 *  caller asked for none (MSG_NOSIGNAL). */
export class BrokenPipe extends Error {
  constructor() {
    super("EPIPE");
  }
}

/** The open-file side of a socket: read and write are recv and send without flags. */
export class SocketHandle implements FileHandle {
  readonly seekable = false;
  /** The one open file description of this handle (FIONBIO sets its O_NONBLOCK). */
  file: OpenFile | null = null;

  constructor(readonly sock: UnixSocket) {}

  read(_offset: number, len: number): Uint8Array | WouldBlock {
    const r = this.sock.recv(len, false);
    if (r instanceof WouldBlock) return r;
    // Descriptors sent to a reader without a control buffer are lost (closed).
    for (const f of r.fds ?? []) f.unref();
    return r.data;
  }

  write(_offset: number, data: Uint8Array): number | WouldBlock {
    const sock = this.sock;
    const kernel = sock.ns.kernel;
    const t = kernel.currentThread();
    const cred = t ? credOf(t.process) : sock.cred;
    try {
      if (sock.type === SOCK_STREAM) {
        // write(2) on a TCP socket never connected is EPIPE with SIGPIPE, as tcp_sendmsg has it.
        if (sock.family !== AF_UNIX && sock.state !== "connected") throw new BrokenPipe();
        return sock.sendStream(data, () => null, cred);
      }
      if (sock.family !== AF_UNIX) {
        if (!sock.dest) fail(Errno.EDESTADDRREQ);
        return sendUdp(sock.ns, sock, sock.dest.ip, sock.dest.port, data, cred);
      }
      return sock.sendPacket(null, data, () => null, cred);
    } catch (e) {
      if (!(e instanceof BrokenPipe)) throw e;
      if (t) kernel.signalThread(t, 13, { code: 0 });
      fail(Errno.EPIPE);
    }
  }

  poll(): number {
    return this.sock.poll();
  }

  pollQueues(): WaitQueue[] {
    return [this.sock.wq];
  }

  stat(): Stat {
    return this.sock.stat();
  }

  close(): void {
    this.sock.close();
  }

  ioctl(request: number, arg: bigint, mem: IoctlMemory): number {
    if (this.sock.family !== AF_UNIX) {
      const r = interfaceIoctl(request, Number(arg), mem);
      if (r !== null) return r;
    }
    let v: number;
    if (request === FIONBIO) {
      const on = new Pod(mem.read(Number(arg), 4)).getInt32(0) !== 0;
      if (this.file) this.file.flags = on ? this.file.flags | O_NONBLOCK : this.file.flags & ~O_NONBLOCK;
      return 0;
    }
    if (request === FIONREAD) {
      if (this.sock.state === "listening") fail(Errno.EINVAL);
      v = this.sock.readable();
    } else if (request === TIOCOUTQ) {
      v = Math.max(0, this.sock.inflight);
    } else {
      fail(Errno.ENOTTY);
    }
    const p = Pod.alloc(4);
    p.setInt32(0, v);
    mem.write(Number(arg), p.bytes);
    return 0;
  }
}

/** The socket behind an open file, or ENOTSOCK. */
export function socketOf(file: OpenFile): UnixSocket {
  if (!(file.handle instanceof SocketHandle)) fail(Errno.ENOTSOCK);
  return file.handle.sock;
}

export function credOf(p: { pid: number; creds: { euid: number; egid: number } }): Ucred {
  return { pid: p.pid, uid: p.creds.euid, gid: p.creds.egid };
}
