import { fileOf, parseAddress, parseControl, readSockaddr, sendOn } from "../net/sockio.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, uint, ulong } from "./util.js";

export const NR_SENDTO = 206;

/** sendto(2) (and send(3), which is sendto without an address). */
export function sysSendto(t: Thread, a: Args): SysResult {
  const { file, sock } = fileOf(t, int(a[0]));
  const len = Math.min(ulong(a[2]), 1 << 24);
  const data = len ? readMem(t, ulong(a[1]), len) : new Uint8Array(0);
  const addrLen = int(a[5]);
  const raw = ulong(a[4]) ? readSockaddr(t, ulong(a[4]), addrLen) : new Uint8Array(0);
  const target = raw.length ? parseAddress(sock, raw) : null;
  return sendOn(t, NR_SENDTO, file, sock, data, uint(a[3]), target, parseControl(t, new Uint8Array(0)));
}
