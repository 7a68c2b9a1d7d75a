import { Errno, SysError, fail } from "../errno.js";
import { IN_ACCESS, IN_MODIFY } from "../fs/inotify.js";
import { O_APPEND, O_PATH } from "../fs/file.js";
import { S_IFDIR, S_IFMT, S_IFREG, WouldBlock } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long, readU64, uint, ulong, writeU64 } from "./util.js";
import { statOfOpenFile } from "./ftruncate.js";

const MAX_PER_CALL = 1 << 24;
const CHUNK = 1 << 16;

/** copy_file_range(2) between two regular files of one file system (EXDEV otherwise, as
 *  since Linux 5.19). Offsets given by pointer are used and advanced there; otherwise each
 *  file's own offset is. */
export function sysCopyFileRange(t: Thread, a: Args): SysResult {
  if (uint(a[5]) !== 0) fail(Errno.EINVAL);
  const fds = t.process.fds;
  const input = fds.get(int(a[0]));
  const output = fds.get(int(a[2]));
  if (input.flags & O_PATH || output.flags & O_PATH) fail(Errno.EBADF);
  const inVa = ulong(a[1]), outVa = ulong(a[3]);
  const posIn = inVa ? Number(BigInt.asIntN(64, readU64(t, inVa))) : input.offset;
  const posOut = outVa ? Number(BigInt.asIntN(64, readU64(t, outVa))) : output.offset;
  const sIn = statOfOpenFile(input), sOut = statOfOpenFile(output);
  const typeIn = sIn ? sIn.mode & S_IFMT : 0, typeOut = sOut ? sOut.mode & S_IFMT : 0;
  if (typeIn === S_IFDIR || typeOut === S_IFDIR) fail(Errno.EISDIR);
  if (typeIn !== S_IFREG || typeOut !== S_IFREG) fail(Errno.EINVAL);
  if (!input.readable || !output.writable || output.flags & O_APPEND) fail(Errno.EBADF);
  if (posIn < 0 || posOut < 0 || long(a[4]) < 0) fail(Errno.EINVAL);
  if (sIn!.dev !== sOut!.dev) fail(Errno.EXDEV);
  const size = input.handle.size?.() ?? sIn!.size;
  const count = Math.max(0, Math.min(ulong(a[4]), MAX_PER_CALL, size - posIn));
  if (sIn!.ino === sOut!.ino && posOut + count > posIn && posOut < posIn + count) fail(Errno.EINVAL);
  let done = 0;
  // Stores through shared mappings of either file reach it first (mm/shared_file.ts).
  t.kernel.sharedFiles.sync(input);
  const shared = t.kernel.sharedFiles.sync(output);
  while (done < count) {
    const data = input.handle.read(posIn + done, Math.min(CHUNK, count - done));
    if (data instanceof WouldBlock || data.length === 0) break;
    let n: number | WouldBlock;
    try {
      n = output.handle.write(posOut + done, data);
    } catch (e) {
      if (done > 0 && e instanceof SysError) break;
      throw e;
    }
    if (n instanceof WouldBlock) break;
    done += n;
    if (n < data.length) break;
  }
  shared?.written(posOut, done);
  if (done > 0) {
    t.kernel.fsnotify.file(input, IN_ACCESS);
    t.kernel.fsnotify.file(output, IN_MODIFY);
  }
  if (inVa) writeU64(t, inVa, BigInt(posIn + done));
  else input.offset = posIn + done;
  if (outVa) writeU64(t, outVa, BigInt(posOut + done));
  else output.offset = posOut + done;
  return done;
}
