import { Errno, fail } from "../errno.js";
import { installSocket, SOCK_CLOEXEC, SOCK_NONBLOCK } from "../net/sockio.js";
import { AF_UNIX, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET, SOCK_STREAM, SOCK_TYPE_MASK, UnixSocket, credOf, unixNamespace } from "../net/unix.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

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
  // Only the local family exists here: no network stack, no netlink, no packet sockets.
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

/** socket(2) */
export function sysSocket(t: Thread, a: Args): SysResult {
  const type = int(a[1]);
  const kind = socketType(int(a[0]), type, int(a[2]));
  const sock = new UnixSocket(unixNamespace(t.kernel), kind, credOf(t.process));
  return installSocket(t, sock, type);
}
