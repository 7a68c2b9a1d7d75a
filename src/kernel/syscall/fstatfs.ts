import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong, writeMem } from "./util.js";
import { encodeStatfs, fsStatOf } from "./statfs.js";
import { statOfOpenFile } from "./ftruncate.js";

/** fstatfs(2): O_PATH descriptors are fine, as on Linux. */
export function sysFstatfs(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  const dev = statOfOpenFile(file)?.dev ?? 0;
  writeMem(t, ulong(a[1]), encodeStatfs(fsStatOf(t, file.inode, file.path), dev));
  return 0;
}
