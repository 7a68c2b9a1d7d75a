import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long } from "./util.js";

const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

/** lseek(2) */
export function sysLseek(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (!file.handle.seekable) fail(Errno.ESPIPE);
  const off = long(a[1]);
  if (file.handle.seek) return (file.offset = file.handle.seek(off, int(a[2])));
  let pos: number;
  switch (int(a[2])) {
    case SEEK_SET: pos = off; break;
    case SEEK_CUR: pos = file.offset + off; break;
    case SEEK_END: pos = (file.handle.size?.() ?? 0) + off; break;
    default: fail(Errno.EINVAL);
  }
  if (pos < 0) fail(Errno.EINVAL);
  file.offset = pos;
  file.dirCursor = pos === 0 ? 0 : file.dirCursor;
  return pos;
}
