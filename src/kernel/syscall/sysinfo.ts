import { Pod } from "../../ostd/index.js";
import { ProcessState, type Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong, writeMem } from "./util.js";

/** sysinfo(2): struct sysinfo on a 64-bit kernel (112 bytes), mem_unit 1. */
export function sysSysinfo(t: Thread, a: Args): SysResult {
  const m = t.kernel.machine;
  const p = Pod.alloc(112);
  p.setBigInt64(0, BigInt(Math.floor(m.clock.now() / 1e9)));
  const running = [...t.kernel.processes.values()].filter((q) => q.state !== ProcessState.Zombie).length;
  p.setBigUint64(32, BigInt(m.frames.total * 4096));
  p.setBigUint64(40, BigInt(m.frames.free * 4096));
  p.setUint16(80, running);
  p.setUint32(104, 1);
  writeMem(t, ulong(a[0]), p.bytes);
  return 0;
}
