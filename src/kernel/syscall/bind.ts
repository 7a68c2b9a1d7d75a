import { bindSocket, fileOf, readSockaddr } from "../net/sockio.js";
import { AF_UNIX, parseUnixAddress, unixNamespace } from "../net/unix.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong } from "./util.js";
import { inetBind, parseInetAddress } from "../net/inet.js";

/** bind(2): a pathname (a socket inode is created there; EADDRINUSE if the name exists), an
 *  abstract name (a leading NUL), or with the family alone an automatic abstract name; for an
 *  internet socket a loopback or wildcard address and a port (0: an ephemeral one). */
export function sysBind(t: Thread, a: Args): SysResult {
  const { sock } = fileOf(t, int(a[0]));
  const raw = readSockaddr(t, ulong(a[1]), int(a[2]));
  if (sock.family !== AF_UNIX) {
    inetBind(unixNamespace(t.kernel), sock, parseInetAddress(raw, sock.family, true), t.process.creds);
    return 0;
  }
  bindSocket(t, sock, parseUnixAddress(raw, true));
  return 0;
}
