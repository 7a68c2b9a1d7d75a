import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { readMem, ulong, writeMem } from "./util.js";

const SS_ONSTACK = 1, SS_DISABLE = 2, MINSIGSTKSZ = 2048;

/** sigaltstack(2): stack_t is { void *ss_sp; int ss_flags; size_t ss_size; } (24 bytes). */
export function sysSigaltstack(t: Thread, a: Args): SysResult {
  const ss = ulong(a[0]);
  const old = ulong(a[1]);
  const sp = Number(t.ctx.reg(2));
  const onStack = t.altStack !== null && sp > t.altStack.sp && sp <= t.altStack.sp + t.altStack.size;
  if (old) {
    const b = new Uint8Array(24);
    const v = new Pod(b);
    v.setBigUint64(0, BigInt(t.altStack?.sp ?? 0));
    v.setInt32(8, t.altStack ? (onStack ? SS_ONSTACK : 0) : SS_DISABLE);
    v.setBigUint64(16, BigInt(t.altStack?.size ?? 0));
    writeMem(t, old, b);
  }
  if (ss) {
    if (onStack) fail(Errno.EPERM);
    const v = new Pod(readMem(t, ss, 24));
    const flags = v.getInt32(8);
    if (flags & ~(SS_DISABLE | (1 << 31))) fail(Errno.EINVAL);
    if (flags & SS_DISABLE) t.altStack = null;
    else {
      const size = Number(v.getBigUint64(16));
      if (size < MINSIGSTKSZ) fail(Errno.ENOMEM);
      t.altStack = { sp: Number(v.getBigUint64(0)), size };
    }
  }
  return 0;
}
