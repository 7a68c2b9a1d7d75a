import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { readU64, ulong } from "./util.js";
import { applyTempMask } from "../process/deliver.js";

export const NR_RT_SIGSUSPEND = 133;

/** rt_sigsuspend(2): sleep with a temporary mask until a handled signal arrives; always
 *  returns EINTR (the interrupted-call path does that, as the call never restarts). */
export function sysRtSigsuspend(t: Thread, a: Args): SysResult {
  if (t.restart?.nr !== NR_RT_SIGSUSPEND) {
    applyTempMask(t, readU64(t, ulong(a[0])), ulong(a[1]));
    t.restart = { nr: NR_RT_SIGSUSPEND, data: null };
  }
  return new Block([], null, "sigsuspend");
}
