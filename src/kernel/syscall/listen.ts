import { fileOf } from "../net/sockio.js";
import { credOf } from "../net/unix.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";
import { anyAddress, inetAutobind } from "../net/inet.js";
import { AF_UNIX, SOCK_STREAM, unixNamespace } from "../net/unix.js";

/** listen(2): a bound stream or seqpacket socket starts taking connections (an unbound TCP
 *  socket gets an ephemeral port first, as on Linux). */
export function sysListen(t: Thread, a: Args): SysResult {
  const { sock } = fileOf(t, int(a[0]));
  if (sock.family !== AF_UNIX && sock.type === SOCK_STREAM) inetAutobind(unixNamespace(t.kernel), sock, anyAddress(sock.family));
  sock.listen(int(a[1]), credOf(t.process));
  return 0;
}
