import { fileOf, unnamedAddressOf, writeSockaddr } from "../net/sockio.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong } from "./util.js";

/** getsockname(2): the bound address, or the family alone for an unnamed socket. */
export function sysGetsockname(t: Thread, a: Args): SysResult {
  const { sock } = fileOf(t, int(a[0]));
  writeSockaddr(t, ulong(a[1]), ulong(a[2]), sock.addr ?? unnamedAddressOf(sock));
  return 0;
}
