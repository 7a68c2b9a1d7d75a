import type { Thread } from "../process/process.js";
import { sigbit } from "../process/signal.js";
import type { Args, SysResult } from "./types.js";
import { ulong, writeU64 } from "./util.js";

/** rt_sigpending(2): pending signals that are blocked. */
export function sysRtSigpending(t: Thread, a: Args): SysResult {
  let set = 0n;
  for (const sig of [...t.pending.keys(), ...t.process.pending.keys()]) set |= sigbit(sig);
  writeU64(t, ulong(a[0]), set & t.sigmask);
  return 0;
}
