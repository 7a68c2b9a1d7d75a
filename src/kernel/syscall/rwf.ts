import { Errno, fail } from "../errno.js";
import type { OpenFile } from "../fs/file.js";
import type { RwOptions } from "./write.js";

// The per-call flags of preadv2/pwritev2 (include/uapi/linux/fs.h).
const RWF_HIPRI = 0x1, RWF_DSYNC = 0x2, RWF_SYNC = 0x4, RWF_NOWAIT = 0x8, RWF_APPEND = 0x10, RWF_NOAPPEND = 0x20;

/**
 * Check `flags` and turn them into options. HIPRI (polled I/O) and DSYNC/SYNC (write through)
 * ask for nothing more here: every write already reaches its file system before the call
 * returns. Flags this kernel does not know are EOPNOTSUPP, as on Linux.
 */
export function rwfOptions(flags: number, file: OpenFile, write: boolean): RwOptions {
  if (flags & ~(RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND | RWF_NOAPPEND)) fail(Errno.EOPNOTSUPP);
  if ((flags & (RWF_APPEND | RWF_NOAPPEND)) === (RWF_APPEND | RWF_NOAPPEND)) fail(Errno.EINVAL);
  return { nowait: (flags & RWF_NOWAIT) !== 0, append: write && (flags & RWF_APPEND) !== 0 && file.handle.seekable };
}

/** The offset argument: -1 means the file's own offset, which then moves; other negatives are EINVAL. */
export function rwfPosition(pos: number, file: OpenFile): number | null {
  if (pos === -1) return null;
  if (pos < 0) fail(Errno.EINVAL);
  if (!file.handle.seekable) fail(Errno.ESPIPE);
  return pos;
}
