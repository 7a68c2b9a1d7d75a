import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong } from "./util.js";
import { readIovecs } from "./readv.js";
import { writeFile, type RwOptions } from "./write.js";

/** writev(2): the buffers are gathered and written as one, as Linux does for streams. */
export function sysWritev(t: Thread, a: Args): SysResult {
  return writevAt(t, a, null);
}

export function writevAt(t: Thread, a: Args, pos: number | null, opts: RwOptions = {}): SysResult {
  const file = t.process.fds.get(int(a[0]));
  const parts = readIovecs(t, ulong(a[1]), int(a[2])).map(([base, len]) => readMem(t, base, len));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const data = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.length;
  }
  return writeFile(t, file, data, pos, opts);
}
