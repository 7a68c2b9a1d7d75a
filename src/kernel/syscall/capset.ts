import { Errno, fail } from "../errno.js";
import { CAP_FULL, CAP_SETPCAP, capable } from "../process/caps.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong } from "./util.js";
import { capDataCount, capsetPid, readCapData } from "./capget.js";

/** capset(2): set the caller's own effective, permitted and inheritable sets. Permitted may
 *  only shrink, effective must lie within it, and inheritable within the old inheritable and
 *  permitted sets (any, with CAP_SETPCAP) and the bounding set; else EPERM. */
export function sysCapset(t: Thread, a: Args): SysResult {
  const hdr = ulong(a[0]);
  const n = capDataCount(t, hdr);
  const pid = capsetPid(t, hdr);
  if (pid !== 0 && pid !== t.process.pid) fail(Errno.EPERM);
  const { eff, prm, inh } = readCapData(t, ulong(a[1]), n, CAP_FULL);
  const c = t.process.creds;
  const within = (x: bigint, set: bigint) => (x & ~set) === 0n;
  if (!capable(c, CAP_SETPCAP) && !within(inh, c.capInh | c.capPrm)) fail(Errno.EPERM);
  if (!within(inh, c.capInh | c.capBnd)) fail(Errno.EPERM);
  if (!within(prm, c.capPrm)) fail(Errno.EPERM);
  if (!within(eff, prm)) fail(Errno.EPERM);
  c.capEff = eff;
  c.capPrm = prm;
  c.capInh = inh;
  return 0;
}
