import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

/** syncfs(2): as sync, nothing is left to flush (tmpfs lives in memory, host mounts write
 *  through); the descriptor must still be open. */
export function sysSyncfs(t: Thread, a: Args): SysResult {
  t.process.fds.get(int(a[0]));
  return 0;
}
