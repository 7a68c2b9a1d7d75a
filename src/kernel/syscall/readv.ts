import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong } from "./util.js";
import { readFile } from "./read.js";

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

/** readv(2): fills buffers in order; stops at the first short read. */
export function sysReadv(t: Thread, a: Args): SysResult {
  return readvAt(t, a, null);
}

export function readvAt(t: Thread, a: Args, pos: number | null): SysResult {
  const file = t.process.fds.get(int(a[0]));
  let total = 0;
  for (const [base, len] of readIovecs(t, ulong(a[1]), int(a[2]))) {
    if (len === 0) continue;
    const r = readFile(t, file, base, len, pos === null ? null : pos + total);
    if (typeof r !== "number") return total > 0 ? total : r;
    total += r;
    if (r < len) break;
  }
  return total;
}
