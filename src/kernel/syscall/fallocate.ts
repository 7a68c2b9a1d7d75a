import { IN_MODIFY } from "../fs/inotify.js";
import { Errno, fail } from "../errno.js";
import { O_PATH } from "../fs/file.js";
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFMT, S_IFREG, WouldBlock } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long, uint } from "./util.js";
import { statOfOpenFile, truncateOpenFile } from "./ftruncate.js";

// include/uapi/linux/falloc.h
const KEEP_SIZE = 0x01, PUNCH_HOLE = 0x02, COLLAPSE_RANGE = 0x08, ZERO_RANGE = 0x10, INSERT_RANGE = 0x20;
const UNSHARE_RANGE = 0x40, WRITE_ZEROES = 0x80;
const MODE_MASK = PUNCH_HOLE | COLLAPSE_RANGE | ZERO_RANGE | INSERT_RANGE | UNSHARE_RANGE | WRITE_ZEROES;

/** Overwrite [from, to) with zeros, in pieces so a large range needs no large buffer. */
function zero(write: (offset: number, data: Uint8Array) => number | WouldBlock, from: number, to: number): void {
  const chunk = new Uint8Array(Math.min(to - from, 1 << 20));
  for (let at = from; at < to; at += chunk.length) {
    const n = write(at, chunk.subarray(0, Math.min(chunk.length, to - at)));
    if (n instanceof WouldBlock) fail(Errno.EIO);
  }
}

/**
 * fallocate(2). Neither tmpfs nor the host passthrough reserves blocks ahead, so allocation is
 * about the size: mode 0 extends the file, KEEP_SIZE alone changes nothing visible. Holes are
 * punched and ranges zeroed by writing zeros. Collapsing, inserting and unsharing ranges, and
 * WRITE_ZEROES, are EOPNOTSUPP. The mode checks are Linux 6.x's (vfs_fallocate).
 */
export function sysFallocate(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (file.flags & O_PATH) fail(Errno.EBADF);
  const mode = uint(a[1]);
  const offset = long(a[2]);
  const len = long(a[3]);
  if (offset < 0 || len <= 0) fail(Errno.EINVAL);
  if (mode & ~(MODE_MASK | KEEP_SIZE)) fail(Errno.EOPNOTSUPP);
  switch (mode & MODE_MASK) {
    case 0:
    case UNSHARE_RANGE:
    case ZERO_RANGE:
      break;
    case PUNCH_HOLE:
      if (!(mode & KEEP_SIZE)) fail(Errno.EOPNOTSUPP);
      break;
    case COLLAPSE_RANGE:
    case INSERT_RANGE:
    case WRITE_ZEROES:
      if (mode & KEEP_SIZE) fail(Errno.EOPNOTSUPP);
      break;
    default:
      fail(Errno.EOPNOTSUPP);
  }
  if (!file.writable) fail(Errno.EBADF);
  // Without an inode of ours, a descriptor is a pipe or a terminal.
  const st = statOfOpenFile(file);
  const type = st ? st.mode & S_IFMT : file.path.startsWith("pipe:") ? S_IFIFO : S_IFCHR;
  if (type === S_IFIFO) fail(Errno.ESPIPE);
  if (type === S_IFDIR) fail(Errno.EISDIR);
  if (type !== S_IFREG && type !== S_IFBLK) fail(Errno.ENODEV);
  if (offset + len > Number.MAX_SAFE_INTEGER) fail(Errno.EFBIG);
  const kind = mode & MODE_MASK;
  if (kind !== 0 && kind !== PUNCH_HOLE && kind !== ZERO_RANGE) fail(Errno.EOPNOTSUPP);
  const size = file.handle.size?.() ?? st!.size;
  const end = offset + len;
  if (kind === PUNCH_HOLE || kind === ZERO_RANGE) {
    const shared = t.kernel.sharedFiles.sync(file);
    zero((o, d) => file.handle.write(o, d), offset, Math.min(end, size));
    shared?.written(offset, Math.min(end, size) - offset);
  }
  if (!(mode & KEEP_SIZE) && end > size) truncateOpenFile(file, end);
  t.kernel.fsnotify.file(file, IN_MODIFY);
  return 0;
}
