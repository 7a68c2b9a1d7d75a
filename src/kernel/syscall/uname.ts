import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong, writeMem } from "./util.js";

export const UTS = {
  sysname: "Linux",
  nodename: "aster",
  release: "6.12.0-aster",
  version: "#1 SMP PREEMPT_DYNAMIC Aster Playground",
  machine: "riscv64",
  domainname: "(none)",
};

/** uname(2): struct utsname is six 65-byte fields. */
export function sysUname(t: Thread, a: Args): SysResult {
  const b = new Uint8Array(65 * 6);
  const enc = new TextEncoder();
  [UTS.sysname, UTS.nodename, UTS.release, UTS.version, UTS.machine, UTS.domainname].forEach((s, i) => b.set(enc.encode(s).subarray(0, 64), i * 65));
  writeMem(t, ulong(a[0]), b);
  return 0;
}
