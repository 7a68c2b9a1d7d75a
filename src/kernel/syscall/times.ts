import { Pod } from "../../ostd/index.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong, writeMem } from "./util.js";

const CLK_TCK = 100;

/** times(2): clock ticks (AT_CLKTCK = 100 Hz) of virtual time. */
export function sysTimes(t: Thread, a: Args): SysResult {
  const ticks = (ns: number) => BigInt(Math.floor((ns * CLK_TCK) / 1e9));
  if (ulong(a[0])) {
    const p = Pod.alloc(32);
    p.setBigInt64(0, ticks(t.process.threads.reduce((n, th) => n + th.instret, 0)));
    writeMem(t, ulong(a[0]), p.bytes);
  }
  return Number(ticks(t.kernel.machine.clock.now()));
}
