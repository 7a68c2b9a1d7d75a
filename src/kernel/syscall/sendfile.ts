import { Errno, SysError, fail } from "../errno.js";
import { O_APPEND, O_PATH, type OpenFile } from "../fs/file.js";
import { WouldBlock, isDir } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, long, readU64, ulong, writeU64 } from "./util.js";
import { writeFile } from "./write.js";
import { IN_ACCESS } from "../fs/inotify.js";

/** At most this much per call: the caller loops on a short count, and the machine stays
 *  responsive meanwhile. Linux caps at MAX_RW_COUNT (2 GiB - 4 KiB) for the same reason. */
const MAX_PER_CALL = 1 << 24;
const CHUNK = 1 << 16;

/**
 * Copy up to `count` bytes from `input` at `pos` to `output` at its own offset. Returns the
 * bytes moved, or a Block when the output cannot take anything yet. An error after some bytes
 * moved ends the copy short, as a partial write would.
 */
export function spliceFile(t: Thread, input: OpenFile, pos: number, output: OpenFile, count: number): number | Block {
  let done = 0;
  t.kernel.sharedFiles.sync(input); // (the output side goes through writeFile)
  while (done < count) {
    const data = input.handle.read(pos + done, Math.min(CHUNK, count - done));
    if (data instanceof WouldBlock) break;
    if (data.length === 0) break;
    let n: SysResult;
    try {
      n = writeFile(t, output, data, null);
    } catch (e) {
      if (done > 0 && e instanceof SysError) break;
      throw e;
    }
    if (n instanceof Block) {
      if (done === 0) return n;
      break;
    }
    done += Number(n);
    if (Number(n) < data.length) break;
  }
  if (done > 0) t.kernel.fsnotify.file(input, IN_ACCESS);
  return done;
}

/**
 * sendfile(2). in_fd must be a seekable, readable file; out_fd any writable descriptor. With
 * an offset pointer the input's file offset stays put and *offset moves on; without one the
 * input's offset moves. The checks follow Linux's do_sendfile in order.
 */
export function sysSendfile(t: Thread, a: Args): SysResult {
  const offsetVa = ulong(a[2]);
  const given = offsetVa !== 0 ? Number(BigInt.asIntN(64, readU64(t, offsetVa))) : null;
  const fds = t.process.fds;
  const input = fds.get(int(a[1]));
  if (input.flags & O_PATH || !input.readable) fail(Errno.EBADF);
  if (given !== null && !input.handle.seekable) fail(Errno.ESPIPE);
  const pos = given ?? input.offset;
  if (pos < 0) fail(Errno.EINVAL);
  const count = Math.min(ulong(a[3]), MAX_PER_CALL);
  if (long(a[3]) < 0) fail(Errno.EINVAL);
  const output = fds.get(int(a[0]));
  if (output.flags & O_PATH || !output.writable) fail(Errno.EBADF);
  if (output.flags & O_APPEND) fail(Errno.EINVAL);
  // Only files whose bytes can be read at any offset can feed it (Linux: splice_read).
  if (!input.handle.seekable || (input.inode && isDir(input.inode))) fail(Errno.EINVAL);
  const r = spliceFile(t, input, pos, output, count);
  if (r instanceof Block) return r;
  if (given !== null) writeU64(t, offsetVa, BigInt(pos + r));
  else input.offset = pos + r;
  return r;
}
