import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import { pathFrom } from "../fs/vfs.js";
import type { Args, SysResult } from "./types.js";
import { encodeString, ulong, writeMem } from "./util.js";

/** getcwd(2): returns the length including the NUL; the path is seen from the process's
 *  root ("(unreachable)..." when the cwd lies outside a chroot, as on Linux). */
export function sysGetcwd(t: Thread, a: Args): SysResult {
  const path = encodeString(pathFrom(t.process.root, t.process.cwd.path) + "\0");
  if (path.length > ulong(a[1])) fail(Errno.ERANGE);
  writeMem(t, ulong(a[0]), path);
  return path.length;
}
