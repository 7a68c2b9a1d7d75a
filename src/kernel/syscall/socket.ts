import { Errno, fail } from "../errno.js";
import { installSocket, SOCK_CLOEXEC, SOCK_NONBLOCK } from "../net/sockio.js";
import { AF_UNIX, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET, SOCK_STREAM, SOCK_TYPE_MASK, UnixSocket, credOf, unixNamespace } from "../net/unix.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";
import { AF_INET, AF_INET6, IPPROTO_TCP, IPPROTO_UDP } from "../net/inet.js";

/** ESOCKTNOSUPPORT (94): a socket type the family does not have. */
export const ESOCKTNOSUPPORT = 94 as Errno;
const AF_MAX = 46;
const SOCK_MAX = 11;

/** The checks socket(2) and socketpair(2) share; returns the AF_UNIX socket type. */
export function socketType(domain: number, type: number, protocol: number): number {
  const flags = type & ~SOCK_TYPE_MASK;
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) fail(Errno.EINVAL, "unknown socket flags");
  const kind = type & SOCK_TYPE_MASK;
  if (domain < 0 || domain >= AF_MAX) fail(Errno.EAFNOSUPPORT);
  if (kind >= SOCK_MAX) fail(Errno.EINVAL);
  // Besides the internet families on loopback (sysSocket), only the local family exists here:
  // no netlink, no packet sockets.
  if (domain !== AF_UNIX) fail(Errno.EAFNOSUPPORT, `address family ${domain} is not supported`);
  if (protocol !== 0 && protocol !== AF_UNIX) fail(Errno.EPROTONOSUPPORT);
  switch (kind) {
    case SOCK_STREAM:
    case SOCK_DGRAM:
    case SOCK_SEQPACKET:
      return kind;
    case SOCK_RAW:
      return SOCK_DGRAM; // as Linux: an AF_UNIX raw socket is a datagram socket
    default:
      fail(ESOCKTNOSUPPORT);
  }
}

/** The type of an AF_INET or AF_INET6 socket: TCP streams and UDP datagrams. There is no
 *  network, so no raw or ICMP sockets (EPROTONOSUPPORT), and no SCTP. */
function inetSocketType(type: number, protocol: number): number {
  if ((type & ~SOCK_TYPE_MASK) & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) fail(Errno.EINVAL, "unknown socket flags");
  const kind = type & SOCK_TYPE_MASK;
  if (kind >= SOCK_MAX) fail(Errno.EINVAL);
  if (kind === SOCK_STREAM && (protocol === 0 || protocol === IPPROTO_TCP)) return SOCK_STREAM;
  if (kind === SOCK_DGRAM && (protocol === 0 || protocol === IPPROTO_UDP)) return SOCK_DGRAM;
  if (kind === SOCK_STREAM || kind === SOCK_DGRAM || kind === SOCK_RAW) fail(Errno.EPROTONOSUPPORT, "only TCP and UDP, on the loopback interface");
  fail(ESOCKTNOSUPPORT);
}

/** socket(2): AF_UNIX, and AF_INET / AF_INET6 on the loopback interface (net/inet.ts). */
export function sysSocket(t: Thread, a: Args): SysResult {
  const type = int(a[1]);
  const domain = int(a[0]);
  if (domain === AF_INET || domain === AF_INET6) {
    const sock = new UnixSocket(unixNamespace(t.kernel), inetSocketType(type, int(a[2])), credOf(t.process));
    sock.family = domain;
    return installSocket(t, sock, type);
  }
  const kind = socketType(domain, type, int(a[2]));
  const sock = new UnixSocket(unixNamespace(t.kernel), kind, credOf(t.process));
  return installSocket(t, sock, type);
}
