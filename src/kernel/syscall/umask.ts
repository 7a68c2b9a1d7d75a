import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { uint } from "./util.js";

/** umask(2) */
export function sysUmask(t: Thread, a: Args): SysResult {
  const old = t.process.umask;
  t.process.umask = uint(a[0]) & 0o777;
  return old;
}
