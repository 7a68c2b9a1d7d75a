import { Pod } from "../../ostd/index.js";
import { Errno, SysError, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong, writeMem } from "./util.js";
import { readOnce } from "./read.js";

const IOV_MAX = 1024;

/** The (base, len) pairs of a struct iovec array. */
export function readIovecs(t: Thread, va: number, count: number): Array<[number, number]> {
  if (count < 0 || count > IOV_MAX) fail(Errno.EINVAL);
  const raw = new Pod(readMem(t, va, count * 16));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    out.push([Number(raw.getBigUint64(i * 16)), Number(raw.getBigUint64(i * 16 + 8))]);
  }
  return out;
}

/** readv(2): one read of the buffers' total length, scattered over them in order. */
export function sysReadv(t: Thread, a: Args): SysResult {
  return readvAt(t, a, null);
}

/** Copy `data` over the buffers; a bad buffer ends the copy (EFAULT when nothing was copied). */
export function scatter(t: Thread, iov: Array<[number, number]>, data: Uint8Array): number {
  let off = 0;
  for (const [base, len] of iov) {
    const n = Math.min(len, data.length - off);
    if (n <= 0) break;
    try {
      writeMem(t, base, data.subarray(off, off + n));
    } catch (e) {
      if (off > 0 && e instanceof SysError && e.errno === Errno.EFAULT) break;
      throw e;
    }
    off += n;
  }
  return off;
}

export function readvAt(t: Thread, a: Args, pos: number | null, nowait = false): SysResult {
  const file = t.process.fds.get(int(a[0]));
  const iov = readIovecs(t, ulong(a[1]), int(a[2]));
  let total = 0;
  for (const [, len] of iov) total += len;
  if (total > Number.MAX_SAFE_INTEGER || !Number.isFinite(total)) fail(Errno.EINVAL);
  return readOnce(t, file, total, pos, (data) => scatter(t, iov, data), nowait);
}
