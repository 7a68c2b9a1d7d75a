import { fileOf } from "../net/sockio.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

/** shutdown(2): SHUT_RD ends this side's reading (and the peer's writing), SHUT_WR this side's
 *  writing (the peer reads end of file once the queue is drained), SHUT_RDWR both. */
export function sysShutdown(t: Thread, a: Args): SysResult {
  const { sock } = fileOf(t, int(a[0]));
  sock.shutdownSide(int(a[1]));
  return 0;
}
