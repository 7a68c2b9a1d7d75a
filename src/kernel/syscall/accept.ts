import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { acceptWith } from "./accept4.js";

/** accept(2) */
export function sysAccept(t: Thread, a: Args): SysResult {
  return acceptWith(t, 202, a, 0);
}
