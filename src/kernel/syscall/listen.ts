import { fileOf } from "../net/sockio.js";
import { credOf } from "../net/unix.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

/** listen(2): a bound stream or seqpacket socket starts taking connections. */
export function sysListen(t: Thread, a: Args): SysResult {
  const { sock } = fileOf(t, int(a[0]));
  sock.listen(int(a[1]), credOf(t.process));
  return 0;
}
