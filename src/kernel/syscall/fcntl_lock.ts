// fcntl(2)'s record locks: F_GETLK, F_SETLK, F_SETLKW and the open file description forms
// F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW (the lock tables are fs/locks.ts).
import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { LOCK_TO_EOF } from "../fs/locks.js";
import type { OpenFile } from "../fs/file.js";
import type { Thread } from "../process/process.js";
import { Block, type SysResult } from "./types.js";
import { readMem, writeMem } from "./util.js";

export const F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7;
export const F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;
const F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

// struct flock on riscv64: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid.
const FLOCK_SIZE = 32;
const L_TYPE = 0, L_WHENCE = 2, L_START = 8, L_LEN = 16, L_PID = 24;

/** The byte range [start, end) a struct flock names, checked as Linux does (flock_to_posix_lock). */
function rangeOf(file: OpenFile, whence: number, lStart: bigint, lLen: bigint): { start: number; end: number } {
  let base: bigint;
  if (whence === SEEK_SET) base = 0n;
  else if (whence === SEEK_CUR) base = BigInt(file.offset);
  else if (whence === SEEK_END) base = BigInt(file.inode!.stat().size);
  else fail(Errno.EINVAL);
  let start = base + lStart;
  let end: bigint;
  if (lLen > 0n) end = start + lLen;
  else if (lLen < 0n) {
    end = start;
    start += lLen;
  } else end = BigInt(LOCK_TO_EOF);
  if (start < 0n) fail(Errno.EINVAL);
  if (end > BigInt(LOCK_TO_EOF)) end = BigInt(LOCK_TO_EOF);
  return { start: Number(start), end: Number(end) };
}

/** One of fcntl's lock commands on `file`, with `va` the guest's struct flock. */
export function fcntlLock(t: Thread, file: OpenFile, cmd: number, va: number): SysResult {
  if (!file.inode) fail(Errno.EINVAL, "record locks need a file with an inode");
  const bytes = readMem(t, va, FLOCK_SIZE);
  const v = new Pod(bytes);
  const type = v.getInt16(L_TYPE);
  const ofd = cmd === F_OFD_GETLK || cmd === F_OFD_SETLK || cmd === F_OFD_SETLKW;
  if (ofd && v.getInt32(L_PID) !== 0) fail(Errno.EINVAL);
  if (type !== F_RDLCK && type !== F_WRLCK && type !== F_UNLCK) fail(Errno.EINVAL);
  const { start, end } = rangeOf(file, v.getInt16(L_WHENCE), v.getBigInt64(L_START), v.getBigInt64(L_LEN));
  const owner: object = ofd ? file : t.process;
  const key = file.fileKey();
  const locks = t.kernel.locks;
  if (cmd === F_GETLK || cmd === F_OFD_GETLK) {
    if (type === F_UNLCK) fail(Errno.EINVAL);
    const c = locks.conflict(key, owner, type === F_WRLCK, start, end);
    if (c === null) {
      v.setUint16(L_TYPE, F_UNLCK);
    } else {
      v.setUint16(L_TYPE, c.write ? F_WRLCK : F_RDLCK);
      v.setUint16(L_WHENCE, SEEK_SET);
      v.setBigInt64(L_START, BigInt(c.start));
      v.setBigInt64(L_LEN, c.end === LOCK_TO_EOF ? 0n : BigInt(c.end - c.start));
      v.setInt32(L_PID, c.pid);
    }
    writeMem(t, va, bytes);
    return 0;
  }
  if (type === F_RDLCK && !file.readable) fail(Errno.EBADF);
  if (type === F_WRLCK && !file.writable) fail(Errno.EBADF);
  if (ofd) file.lockTable = locks;
  const kind = type === F_UNLCK ? null : type === F_WRLCK ? "write" : "read";
  if (locks.setRecord(key, owner, ofd ? -1 : t.process.pid, kind, start, end)) return 0;
  if (cmd === F_SETLK || cmd === F_OFD_SETLK) fail(Errno.EAGAIN);
  return new Block([locks.queue(key)], null, "fcntl lock");
}
