import { TaskState } from "../../ostd/index.js";
import type { Thread } from "../process/process.js";
import { NO_RETURN, type Args, type SysResult } from "./types.js";
import { int } from "./util.js";

/** exit(2): ends the calling thread; the process ends with its last thread. */
export function sysExit(t: Thread, a: Args): SysResult {
  const proc = t.process;
  const live = proc.threads.filter((th) => th.task.state !== TaskState.Exited);
  if (live.length <= 1) {
    t.kernel.exitProcess(proc, (int(a[0]) & 0xff) << 8);
    return NO_RETURN;
  }
  t.kernel.exitThread(t);
  return NO_RETURN;
}
