// AF_INET and AF_INET6 sockets on the loopback interface (ip(7), ipv6(7), tcp(7), udp(7)).
// The machine has no network, only itself: 127.0.0.0/8 and ::1. So a TCP connection is a
// stream connection of net/unix.ts and a UDP socket a datagram socket of it, found by port
// (per type) instead of by name; what is specific to the internet families is here: their
// addresses, binding ports (ephemeral ones too), finding who listens at an address, and the
// addresses each side reports.
//
// Addresses are kept as 16-byte IPv6 addresses, an IPv4 address as its v4-mapped form
// (::ffff:a.b.c.d), so that a v6 socket (dual-stack unless IPV6_V6ONLY) and a v4 socket can
// meet. One socket per type and port: binding a port bound on another loopback address is
// EADDRINUSE too (Linux would allow 127.0.0.1:80 beside 127.0.0.2:80).
import { Errno, fail } from "../errno.js";
import { Pod } from "../../ostd/index.js";
import { CAP_NET_BIND_SERVICE, capable } from "../process/caps.js";
import type { Creds } from "../fs/permission.js";
import { SOCK_STREAM, type UnixNamespace, type UnixSocket, type Ucred } from "./unix.js";

export const AF_INET = 2, AF_INET6 = 10;
export const IPPROTO_IP = 0, IPPROTO_TCP = 6, IPPROTO_UDP = 17, IPPROTO_IPV6 = 41;
export const SOCKADDR_IN_SIZE = 16, SOCKADDR_IN6_SIZE = 28;
/** The shortest sockaddr_in6 Linux takes (RFC 2133's, without sin6_scope_id). */
const SIN6_LEN_RFC2133 = 24;
/** net.ipv4.ip_local_port_range's default. */
export const EPHEMERAL_LOW = 32768, EPHEMERAL_HIGH = 60999;

/** A parsed internet address: `ip` in IPv6 form (IPv4 v4-mapped). */
export interface InetAddress {
  kind: "inet";
  ip: Uint8Array;
  port: number;
}

const V4_MAPPED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

export function mapped(a: number, b: number, c: number, d: number): Uint8Array {
  return new Uint8Array([...V4_MAPPED, a, b, c, d]);
}
export const ANY4 = mapped(0, 0, 0, 0);
export const ANY6 = new Uint8Array(16);
export const LOOPBACK4 = mapped(127, 0, 0, 1);

/** The wildcard address of a family (0.0.0.0 or ::). */
export function anyAddress(family: number): Uint8Array {
  return family === AF_INET ? ANY4 : ANY6;
}
export const LOOPBACK6 = new Uint8Array([...new Array(15).fill(0), 1]);

export function isV4(ip: Uint8Array): boolean {
  return V4_MAPPED.every((b, i) => ip[i] === b);
}
export function isAny(ip: Uint8Array): boolean {
  return ip.every((b) => b === 0) || (isV4(ip) && ip[12] === 0 && ip[13] === 0 && ip[14] === 0 && ip[15] === 0);
}
/** 127.0.0.0/8 or ::1: this machine. */
export function isLoopback(ip: Uint8Array): boolean {
  return (isV4(ip) && ip[12] === 127) || ip.every((b, i) => b === (i === 15 ? 1 : 0));
}
function sameIp(a: Uint8Array, b: Uint8Array): boolean {
  return a.every((x, i) => x === b[i]);
}

/** Parse a sockaddr_in (an AF_INET socket's) or sockaddr_in6 (an AF_INET6 socket's), with
 *  Linux's errors: too short is EINVAL, another family EAFNOSUPPORT (bind also takes
 *  AF_UNSPEC with INADDR_ANY, for old programs). */
export function parseInetAddress(raw: Uint8Array, family: number, forBind: boolean): InetAddress {
  const f = raw.length >= 2 ? raw[0] | (raw[1] << 8) : -1;
  const port = raw.length >= 4 ? (raw[2] << 8) | raw[3] : 0;
  if (family === AF_INET) {
    if (raw.length < SOCKADDR_IN_SIZE) fail(Errno.EINVAL, "short sockaddr_in");
    const ip = mapped(raw[4], raw[5], raw[6], raw[7]);
    if (f !== AF_INET && !(forBind && f === 0 && isAny(ip))) fail(Errno.EAFNOSUPPORT);
    return { kind: "inet", ip, port };
  }
  if (raw.length < SIN6_LEN_RFC2133) fail(Errno.EINVAL, "short sockaddr_in6");
  if (f !== AF_INET6) fail(Errno.EAFNOSUPPORT);
  return { kind: "inet", ip: raw.slice(8, 24), port };
}

/** The address as a socket of `family` reports it (a v4 address to a v6 socket v4-mapped). */
export function formatInet(family: number, ip: Uint8Array, port: number): Uint8Array {
  if (family === AF_INET) {
    const out = new Uint8Array(SOCKADDR_IN_SIZE);
    out[0] = AF_INET;
    out[2] = port >> 8;
    out[3] = port & 0xff;
    if (isV4(ip)) out.set(ip.subarray(12), 4);
    return out;
  }
  const out = new Uint8Array(SOCKADDR_IN6_SIZE);
  out[0] = AF_INET6;
  out[2] = port >> 8;
  out[3] = port & 0xff;
  out.set(ip, 8);
  return out;
}

/** Where a socket goes when it sends to `dst` (the source address routing would pick). */
export function sourceFor(dst: Uint8Array): Uint8Array {
  return isV4(dst) ? LOOPBACK4 : LOOPBACK6;
}

/** A destination as connect and sendto take it: 0.0.0.0 and :: mean this machine; anything
 *  not on it is unreachable (there is no network). */
export function destination(a: InetAddress, family: number): Uint8Array {
  if (family === AF_INET6 && isV4(a.ip) && isAny(a.ip)) return LOOPBACK4;
  if (isAny(a.ip)) return family === AF_INET ? LOOPBACK4 : LOOPBACK6;
  if (!isLoopback(a.ip)) fail(Errno.ENETUNREACH, "no network: only the loopback interface");
  return a.ip;
}

function key(type: number, port: number): string {
  return `${type}:${port}`;
}

/** Bind `sock` to `a` (port 0: an ephemeral one). */
export function inetBind(ns: UnixNamespace, sock: UnixSocket, a: InetAddress, who: Creds): void {
  if (sock.addr) fail(Errno.EINVAL, "already bound");
  if (!isAny(a.ip) && !isLoopback(a.ip)) fail(Errno.EADDRNOTAVAIL, "not an address of this machine");
  if (sock.family === AF_INET6 && sock.v6only && isV4(a.ip)) fail(Errno.EADDRNOTAVAIL);
  let port = a.port;
  if (port !== 0 && port < 1024 && !capable(who, CAP_NET_BIND_SERVICE)) fail(Errno.EACCES, "a privileged port");
  if (port === 0) port = ephemeralPort(ns, sock.type);
  else if (ns.inet.get(key(sock.type, port))) fail(Errno.EADDRINUSE);
  take(ns, sock, a.ip, port);
}

/** Bind an unbound socket to an ephemeral port (connect, sendto, listen do it themselves). */
export function inetAutobind(ns: UnixNamespace, sock: UnixSocket, ip: Uint8Array): void {
  if (sock.addr) return;
  take(ns, sock, ip, ephemeralPort(ns, sock.type));
}

function take(ns: UnixNamespace, sock: UnixSocket, ip: Uint8Array, port: number): void {
  const k = key(sock.type, port);
  ns.inet.set(k, sock);
  sock.local = { kind: "inet", ip, port };
  sock.bind(formatInet(sock.family, ip, port), { kind: "inet", key: k });
}

/** The next free port of the ephemeral range, in turn (deterministic, unlike Linux's). */
function ephemeralPort(ns: UnixNamespace, type: number): number {
  const span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
  for (let i = 0; i < span; i++) {
    const port = EPHEMERAL_LOW + ((ns.nextPort++ - EPHEMERAL_LOW) % span + span) % span;
    if (!ns.inet.has(key(type, port))) return port;
  }
  fail(Errno.EADDRINUSE, "no free ephemeral port");
}

/** The socket of `type` bound where `dst` (a destination of this machine) reaches, or null. */
export function inetFind(ns: UnixNamespace, type: number, dst: Uint8Array, port: number): UnixSocket | null {
  const s = ns.inet.get(key(type, port));
  if (!s || s.dead || !s.local) return null;
  const ip = s.local.ip;
  if (isAny(ip)) {
    // 0.0.0.0 takes IPv4 only; :: takes IPv6 and, unless IPV6_V6ONLY, IPv4 too.
    if (s.family === AF_INET) return isV4(dst) ? s : null;
    return !isV4(dst) || !s.v6only ? s : null;
  }
  return sameIp(ip, dst) ? s : null;
}

/** Send a UDP datagram from `sock` (bound to an ephemeral port first if unbound) to port
 *  `port` at `dst`, a destination of this machine; nobody there: dropped. */
export function sendUdp(ns: UnixNamespace, sock: UnixSocket, dst: Uint8Array, port: number, data: Uint8Array, cred: Ucred): number {
  if (port === 0) fail(Errno.EINVAL, "UDP to port 0");
  inetAutobind(ns, sock, anyAddress(sock.family));
  const to = inetFind(ns, sock.type, dst, port);
  const local = sock.local!;
  const src = isAny(local.ip) ? sourceFor(dst) : local.ip;
  return sock.sendDatagram(to, data, to ? formatInet(to.family, src, local.port) : new Uint8Array(0), cred);
}

/** The protocol-level options an internet socket keeps ("level:name" to the default), set by
 *  setsockopt and read by getsockopt. With no network they change nothing (TCP_NODELAY:
 *  nothing is ever delayed here) except IPV6_V6ONLY, the socket's v6only. Others are
 *  ENOPROTOOPT. */
const PROTO_OPTIONS: Record<string, number> = {
  [`${IPPROTO_TCP}:1`]: 0, // TCP_NODELAY
  [`${IPPROTO_TCP}:3`]: 0, // TCP_CORK
  [`${IPPROTO_TCP}:4`]: 7200, // TCP_KEEPIDLE
  [`${IPPROTO_TCP}:5`]: 75, // TCP_KEEPINTVL
  [`${IPPROTO_TCP}:6`]: 9, // TCP_KEEPCNT
  [`${IPPROTO_TCP}:12`]: 1, // TCP_QUICKACK
  [`${IPPROTO_IP}:1`]: 0, // IP_TOS
  [`${IPPROTO_IP}:2`]: 64, // IP_TTL
  [`${IPPROTO_IPV6}:16`]: 64, // IPV6_UNICAST_HOPS
  [`${IPPROTO_IPV6}:26`]: 0, // IPV6_V6ONLY
};
const IPV6_V6ONLY_KEY = `${IPPROTO_IPV6}:26`;

/** The option's key, or ENOPROTOOPT / EOPNOTSUPP for one this socket does not have. */
function optionKey(sock: UnixSocket, level: number, name: number): string {
  if (level === IPPROTO_TCP && sock.type !== SOCK_STREAM) fail(Errno.EOPNOTSUPP);
  if (level === IPPROTO_IPV6 && sock.family !== AF_INET6) fail(Errno.ENOPROTOOPT);
  const k = `${level}:${name}`;
  if (!(k in PROTO_OPTIONS)) fail(Errno.ENOPROTOOPT, `option ${name} of level ${level} is not supported`);
  return k;
}

export function getInetOption(sock: UnixSocket, level: number, name: number): number {
  const k = optionKey(sock, level, name);
  if (k === IPV6_V6ONLY_KEY) return sock.v6only ? 1 : 0;
  return sock.protoOpts.get(k) ?? PROTO_OPTIONS[k];
}

export function setInetOption(sock: UnixSocket, level: number, name: number, value: number): void {
  const k = optionKey(sock, level, name);
  if (k === IPV6_V6ONLY_KEY) {
    if (sock.addr) fail(Errno.EINVAL, "IPV6_V6ONLY after bind");
    sock.v6only = value !== 0;
    return;
  }
  sock.protoOpts.set(k, value);
}

// ---- The interface ioctls ifconfig asks (netdevice(7)): the one interface, lo.
const SIOCGIFCONF = 0x8912, SIOCGIFFLAGS = 0x8913, SIOCGIFADDR = 0x8915, SIOCGIFBRDADDR = 0x8919;
const SIOCGIFNETMASK = 0x891b, SIOCGIFMETRIC = 0x891d, SIOCGIFMTU = 0x8921, SIOCGIFHWADDR = 0x8927;
const SIOCGIFINDEX = 0x8933, SIOCGIFTXQLEN = 0x8942, SIOCGIFNAME = 0x8910;
const IFREQ_SIZE = 40;
const IFF_UP = 0x1, IFF_LOOPBACK = 0x8, IFF_RUNNING = 0x40;
const ARPHRD_LOOPBACK = 772;
const LO_MTU = 65536, LO_TXQLEN = 1000;

/** What an interface ioctl on an internet socket answers, or null for a request it is not. */
export function interfaceIoctl(request: number, arg: number, mem: { read(va: number, len: number): Uint8Array; write(va: number, data: Uint8Array): void }): number | null {
  const ipv4 = (a: number, b: number, c: number, d: number) => {
    const out = new Uint8Array(16);
    out[0] = AF_INET;
    out.set([a, b, c, d], 4);
    return out;
  };
  if (request === SIOCGIFCONF) {
    // struct ifconf { int ifc_len; (pad) char *ifc_buf; }: lo and its address, if there is room.
    const conf = new Pod(mem.read(arg, 16).slice());
    const len = conf.getInt32(0);
    const buf = Number(conf.getBigUint64(8));
    let used = 0;
    if (buf !== 0 && len >= IFREQ_SIZE) {
      const req = new Uint8Array(IFREQ_SIZE);
      req.set(new TextEncoder().encode("lo"));
      req.set(ipv4(127, 0, 0, 1), 16);
      mem.write(buf, req);
      used = IFREQ_SIZE;
    } else if (buf === 0) {
      used = IFREQ_SIZE; // asked for the size only
    }
    conf.setInt32(0, used);
    mem.write(arg, conf.bytes);
    return 0;
  }
  const known = [SIOCGIFFLAGS, SIOCGIFADDR, SIOCGIFBRDADDR, SIOCGIFNETMASK, SIOCGIFMETRIC, SIOCGIFMTU, SIOCGIFHWADDR, SIOCGIFINDEX, SIOCGIFTXQLEN, SIOCGIFNAME];
  if (!known.includes(request)) return null;
  const req = mem.read(arg, IFREQ_SIZE).slice();
  const view = new Pod(req);
  if (request === SIOCGIFNAME) {
    if (view.getInt32(16) !== 1) fail(Errno.ENODEV);
    req.fill(0, 0, 16);
    req.set(new TextEncoder().encode("lo"));
    mem.write(arg, req);
    return 0;
  }
  const end = req.indexOf(0);
  const name = new TextDecoder().decode(req.subarray(0, end < 0 || end > 16 ? 16 : end));
  if (name !== "lo") fail(Errno.ENODEV, `no interface ${name}: only lo`);
  req.fill(0, 16);
  switch (request) {
    case SIOCGIFFLAGS: view.setUint16(16, IFF_UP | IFF_LOOPBACK | IFF_RUNNING); break;
    case SIOCGIFADDR: req.set(ipv4(127, 0, 0, 1), 16); break;
    case SIOCGIFNETMASK: req.set(ipv4(255, 0, 0, 0), 16); break;
    case SIOCGIFBRDADDR: req.set(ipv4(0, 0, 0, 0), 16); break;
    case SIOCGIFMETRIC: view.setInt32(16, 0); break;
    case SIOCGIFMTU: view.setInt32(16, LO_MTU); break;
    case SIOCGIFHWADDR: view.setUint16(16, ARPHRD_LOOPBACK); break;
    case SIOCGIFINDEX: view.setInt32(16, 1); break;
    case SIOCGIFTXQLEN: view.setInt32(16, LO_TXQLEN); break;
  }
  mem.write(arg, req);
  return 0;
}
