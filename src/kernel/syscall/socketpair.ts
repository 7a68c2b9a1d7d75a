import { installSocket } from "../net/sockio.js";
import { UnixSocket, credOf, unixNamespace } from "../net/unix.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong, writeMem } from "./util.js";
import { socketType } from "./socket.js";
import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";

/** AF_INET, AF_INET6, AF_NETLINK, AF_PACKET. */
const NO_SOCKETPAIR = [2, 10, 16, 17];

/** socketpair(2): two connected AF_UNIX sockets (the only family here). */
export function sysSocketpair(t: Thread, a: Args): SysResult {
  const type = int(a[1]);
  const domain = int(a[0]);
  // Families that exist on Linux but have no socketpair say so (we have none of them at all).
  if (NO_SOCKETPAIR.includes(domain)) fail(Errno.EOPNOTSUPP, "this family has no socketpair");
  const kind = socketType(domain, type, int(a[2]));
  const ns = unixNamespace(t.kernel);
  const cred = credOf(t.process);
  const x = new UnixSocket(ns, kind, cred);
  const y = new UnixSocket(ns, kind, cred);
  UnixSocket.pair(x, y);
  const fds = t.process.fds;
  const fd0 = installSocket(t, x, type);
  let fd1: number;
  try {
    fd1 = installSocket(t, y, type);
  } catch (e) {
    fds.close(fd0);
    throw e;
  }
  const out = Pod.alloc(8);
  out.setInt32(0, fd0);
  out.setInt32(4, fd1);
  try {
    writeMem(t, ulong(a[3]), out.bytes);
  } catch (e) {
    fds.close(fd0);
    fds.close(fd1);
    throw e;
  }
  return 0;
}
