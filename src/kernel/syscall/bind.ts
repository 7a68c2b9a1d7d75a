import { bindSocket, fileOf, readSockaddr } from "../net/sockio.js";
import { parseUnixAddress } from "../net/unix.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong } from "./util.js";

/** bind(2): a pathname (a socket inode is created there; EADDRINUSE if the name exists), an
 *  abstract name (a leading NUL), or with the family alone an automatic abstract name. */
export function sysBind(t: Thread, a: Args): SysResult {
  const { sock } = fileOf(t, int(a[0]));
  const addr = parseUnixAddress(readSockaddr(t, ulong(a[1]), int(a[2])), true);
  bindSocket(t, sock, addr);
  return 0;
}
