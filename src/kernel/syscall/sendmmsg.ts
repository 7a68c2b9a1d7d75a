import { Pod } from "../../ostd/index.js";
import { SysError } from "../errno.js";
import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { uint, ulong, writeMem } from "./util.js";
import { MSGHDR_SIZE, sysSendmsg } from "./sendmsg.js";

/** sizeof(struct mmsghdr): a msghdr, then msg_len (and padding). */
const MMSGHDR_SIZE = 64;
const UIO_MAXIOV = 1024;

/**
 * sendmmsg(2): sendmsg for each entry in turn, each one's byte count stored in its msg_len.
 * Returns how many were sent. Blocking (or an error) on the first message is the call's own
 * result; after some were sent it ends the call with their count, as on Linux (an error then
 * shows on the next call). Nothing is sent twice: a re-run after blocking starts over only
 * when no message went yet.
 */
export function sysSendmmsg(t: Thread, a: Args): SysResult {
  const vec = ulong(a[1]);
  const vlen = Math.min(uint(a[2]), UIO_MAXIOV);
  const flags = a[3];
  let sent = 0;
  for (let i = 0; i < vlen; i++) {
    const entry = vec + i * MMSGHDR_SIZE;
    let r: SysResult;
    try {
      r = sysSendmsg(t, [a[0], BigInt(entry), flags, 0n, 0n, 0n]);
    } catch (e) {
      if (sent > 0 && e instanceof SysError) break;
      throw e;
    }
    if (r instanceof Block) {
      if (sent > 0) break;
      return r;
    }
    const len = Pod.alloc(4);
    len.setUint32(0, Number(r));
    writeMem(t, entry + MSGHDR_SIZE, len.bytes);
    sent++;
  }
  return sent;
}
