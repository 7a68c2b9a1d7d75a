import { inotifyOf } from "../fs/inotify.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

/** inotify_rm_watch(2): end a watch (its last event is IN_IGNORED). */
export function sysInotifyRmWatch(t: Thread, a: Args): SysResult {
  inotifyOf(t.process.fds.get(int(a[0]))).removeWatch(int(a[1]));
  return 0;
}
