import type { SysResult } from "./types.js";

/** sync(2): every write already reached its file system (tmpfs memory, or the host at once);
 *  the host's own page cache is the host's to flush. */
export function sysSync(): SysResult {
  return 0;
}
