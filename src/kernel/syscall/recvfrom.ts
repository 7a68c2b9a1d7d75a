import { fileOf, recvOn, writeSockaddr } from "../net/sockio.js";
import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, uint, ulong, writeMem } from "./util.js";

export const NR_RECVFROM = 207;

/** recvfrom(2) (and recv(3)). Descriptors that arrive with the data are closed: there is no
 *  control buffer to receive them. */
export function sysRecvfrom(t: Thread, a: Args): SysResult {
  const { file, sock } = fileOf(t, int(a[0]));
  const buf = ulong(a[1]);
  const len = Math.min(ulong(a[2]), 1 << 24);
  const r = recvOn(t, NR_RECVFROM, file, sock, len, uint(a[3]), (off, data) => writeMem(t, buf + off, data));
  if (r instanceof Block) return r;
  for (const f of r.fds ?? []) f.unref();
  // The sender's address; a sender without one leaves the length 0.
  if (ulong(a[4])) writeSockaddr(t, ulong(a[4]), ulong(a[5]), r.from ?? new Uint8Array(0));
  return r.result;
}
