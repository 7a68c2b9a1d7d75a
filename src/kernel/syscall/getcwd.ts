import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong, writeMem } from "./util.js";

/** getcwd(2): returns the length including the NUL. */
export function sysGetcwd(t: Thread, a: Args): SysResult {
  const path = new TextEncoder().encode(t.process.cwd.path + "\0");
  if (path.length > ulong(a[1])) fail(Errno.ERANGE);
  writeMem(t, ulong(a[0]), path);
  return path.length;
}
