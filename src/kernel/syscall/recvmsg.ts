import { Pod } from "../../ostd/index.js";
import { buildControl, fileOf, recvOn } from "../net/sockio.js";
import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, readMem, uint, ulong, writeMem } from "./util.js";
import { MSGHDR_SIZE, msgIovecs } from "./sendmsg.js";

export const NR_RECVMSG = 212;

/** recvmsg(2): scattered buffers, the sender's address, control messages (SCM_CREDENTIALS
 *  with SO_PASSCRED, SCM_RIGHTS), and msg_flags (MSG_TRUNC, MSG_CTRUNC). */
export function sysRecvmsg(t: Thread, a: Args): SysResult {
  const { file, sock } = fileOf(t, int(a[0]));
  const msgVa = ulong(a[1]);
  const flags = uint(a[2]);
  const m = new Pod(readMem(t, msgVa, MSGHDR_SIZE));
  const name = Number(m.getBigUint64(0));
  const nameRoom = m.getInt32(8);
  const iov = msgIovecs(t, Number(m.getBigUint64(16)), Number(m.getBigUint64(24)));
  const controlVa = Number(m.getBigUint64(32));
  const controlRoom = controlVa ? Number(m.getBigUint64(40)) : 0;
  const len = iov.reduce((n, [, l]) => n + l, 0);
  const scatter = (offset: number, data: Uint8Array) => {
    let skip = offset;
    let from = 0;
    for (const [base, l] of iov) {
      if (from >= data.length) break;
      if (skip >= l) {
        skip -= l;
        continue;
      }
      const n = Math.min(l - skip, data.length - from);
      writeMem(t, base + skip, data.subarray(from, from + n));
      from += n;
      skip = 0;
    }
  };
  const r = recvOn(t, NR_RECVMSG, file, sock, len, flags, scatter);
  if (r instanceof Block) return r;
  const control = buildControl(t, sock, r, Math.min(controlRoom, 1 << 20), flags);
  if (control.bytes.length) writeMem(t, controlVa, control.bytes);
  if (name) {
    // The sender's address; one without a name reports length 0.
    const from = r.from ?? new Uint8Array(0);
    const n = Math.max(0, Math.min(nameRoom, from.length));
    if (n) writeMem(t, name, from.subarray(0, n));
    m.setUint32(8, from.length);
  }
  m.setBigUint64(40, BigInt(control.bytes.length));
  m.setInt32(48, r.msgFlags | control.msgFlags);
  writeMem(t, msgVa, m.bytes);
  return r.result;
}
