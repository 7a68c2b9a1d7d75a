import { Errno, fail } from "../errno.js";
import { fileOf, peerAddressOf, writeSockaddr } from "../net/sockio.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong } from "./util.js";

/** getpeername(2): the address of the socket this one is connected to. */
export function sysGetpeername(t: Thread, a: Args): SysResult {
  const { sock } = fileOf(t, int(a[0]));
  if (sock.state !== "connected" || (!sock.peer && !sock.dest)) fail(Errno.ENOTCONN);
  writeSockaddr(t, ulong(a[1]), ulong(a[2]), peerAddressOf(sock));
  return 0;
}
