import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

/** dup(2) */
export function sysDup(t: Thread, a: Args): SysResult {
  const fds = t.process.fds;
  return fds.install(fds.get(int(a[0])).ref(), false);
}
