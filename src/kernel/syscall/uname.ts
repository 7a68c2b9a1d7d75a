import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { encodeString, readMem, ulong, writeMem } from "./util.js";
import { Errno, fail } from "../errno.js";
import { CAP_SYS_ADMIN, capable } from "../process/caps.js";

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
  [UTS.sysname, t.kernel.hostname, UTS.release, UTS.version, UTS.machine, t.kernel.domainname].forEach((s, i) => b.set(encodeString(s).subarray(0, 64), i * 65));
  writeMem(t, ulong(a[0]), b);
  return 0;
}

/** sethostname(2) */
export function sysSethostname(t: Thread, a: Args): SysResult {
  t.kernel.hostname = readName(t, a);
  return 0;
}

/** setdomainname(2) */
export function sysSetdomainname(t: Thread, a: Args): SysResult {
  t.kernel.domainname = readName(t, a);
  return 0;
}

function readName(t: Thread, a: Args): string {
  if (!capable(t.process.creds, CAP_SYS_ADMIN)) fail(Errno.EPERM);
  const len = ulong(a[1]);
  if (len > 64) fail(Errno.EINVAL);
  return new TextDecoder().decode(readMem(t, ulong(a[0]), len));
}
