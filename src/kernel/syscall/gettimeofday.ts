import { Pod } from "../../ostd/index.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong, writeMem } from "./util.js";

/** gettimeofday(2) */
export function sysGettimeofday(t: Thread, a: Args): SysResult {
  const tv = ulong(a[0]);
  if (tv) {
    const ns = t.kernel.machine.world.realtimeNs();
    const b = new Uint8Array(16);
    const v = new Pod(b);
    v.setBigInt64(0, ns / 1_000_000_000n);
    v.setBigInt64(8, (ns % 1_000_000_000n) / 1000n);
    writeMem(t, tv, b);
  }
  if (ulong(a[1])) writeMem(t, ulong(a[1]), new Uint8Array(8));
  return 0;
}
