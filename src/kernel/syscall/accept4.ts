import { Errno, fail } from "../errno.js";
import { WouldBlock } from "../fs/types.js";
import { SOCK_CLOEXEC, SOCK_NONBLOCK, fileOf, installSocket, peerAddressOf, waitOrFail, writeSockaddr } from "../net/sockio.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong } from "./util.js";

/** accept(2) and accept4(2): the first waiting connection as a new descriptor, and the
 *  client's address. The new file's O_NONBLOCK comes from `flags`, not from the listener. */
export function acceptWith(t: Thread, nr: number, a: Args, flags: number): SysResult {
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) fail(Errno.EINVAL);
  const { file, sock } = fileOf(t, int(a[0]));
  const s = sock.accept();
  if (s instanceof WouldBlock) return waitOrFail(t, nr, file, sock.rcvtimeoNs, s);
  const fd = installSocket(t, s, flags);
  writeSockaddr(t, ulong(a[1]), ulong(a[2]), peerAddressOf(s));
  return fd;
}

/** accept4(2) */
export function sysAccept4(t: Thread, a: Args): SysResult {
  return acceptWith(t, 242, a, int(a[3]));
}
