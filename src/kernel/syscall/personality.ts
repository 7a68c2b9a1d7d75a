import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { uint } from "./util.js";

/** personality(2): 0xffffffff only asks. Like Linux, any other value is stored as given and
 *  the old one returned; of its flags, ADDR_NO_RANDOMIZE is what programs (setarch) set, and
 *  this kernel never randomizes addresses in the first place. */
export function sysPersonality(t: Thread, a: Args): SysResult {
  const old = t.process.personality;
  const persona = uint(a[0]);
  if (persona !== 0xffffffff) t.process.personality = persona;
  return old;
}
