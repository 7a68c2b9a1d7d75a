import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, uint, ulong, writeMem } from "./util.js";
import { setPolicy, target } from "./sched_params.js";
import { CAP_SYS_NICE, capable } from "../process/caps.js";

/** struct sched_attr: 48 bytes in its first version, 56 with the utilization clamps. */
const SIZE_VER0 = 48, SIZE_VER1 = 56, PAGE = 4096;
const FLAG_RESET_ON_FORK = 0x01, FLAG_RECLAIM = 0x02, FLAG_DL_OVERRUN = 0x04, FLAG_KEEP_POLICY = 0x08;
const FLAG_KEEP_PARAMS = 0x10, FLAG_UTIL_CLAMP_MIN = 0x20, FLAG_UTIL_CLAMP_MAX = 0x40;
const KNOWN_FLAGS = 0x7f;

/**
 * sched_setattr(2): policy, nice and utilization clamps in one call (the normal policies
 * only, as sched_setscheduler). A struct larger than ours must be zero beyond it, one
 * smaller than the first version (or over a page) is E2BIG with our size written back.
 */
export function sysSchedSetattr(t: Thread, a: Args): SysResult {
  const p = target(t, int(a[0]));
  const va = ulong(a[1]);
  if (uint(a[2]) !== 0 || !va) fail(Errno.EINVAL);
  let size = new Pod(readMem(t, va, 4)).getUint32(0);
  if (size === 0) size = SIZE_VER0;
  const tooBig = () => {
    const back = Pod.alloc(4);
    back.setUint32(0, SIZE_VER1);
    writeMem(t, va, back.bytes);
    fail(Errno.E2BIG);
  };
  if (size < SIZE_VER0 || size > PAGE) tooBig();
  const raw = readMem(t, va, size);
  if (raw.subarray(Math.min(size, SIZE_VER1)).some((b) => b !== 0)) tooBig();
  const attr = new Pod(raw.length >= SIZE_VER1 ? raw : Uint8Array.from([...raw, ...new Uint8Array(SIZE_VER1 - raw.length)]));
  const flags = Number(attr.getBigUint64(8));
  if (flags & ~KNOWN_FLAGS || flags & (FLAG_RECLAIM | FLAG_DL_OVERRUN)) fail(Errno.EINVAL);
  // Out-of-range nice values are clamped, as Linux's sched_copy_attr does.
  const nice = Math.max(-20, Math.min(19, attr.getInt32(16)));
  const utilMin = attr.getUint32(48), utilMax = attr.getUint32(52);
  if ((flags & FLAG_UTIL_CLAMP_MIN && utilMin > 1024) || (flags & FLAG_UTIL_CLAMP_MAX && utilMax > 1024)) fail(Errno.EINVAL);
  const policy = flags & FLAG_KEEP_POLICY ? p.schedPolicy : attr.getUint32(4);
  if (!(flags & FLAG_KEEP_PARAMS) && nice < p.nice && !capable(t.process.creds, CAP_SYS_NICE)) fail(Errno.EPERM);
  setPolicy(p, policy, flags & FLAG_KEEP_PARAMS ? 0 : attr.getUint32(20), (flags & FLAG_RESET_ON_FORK) !== 0);
  if (!(flags & FLAG_KEEP_PARAMS)) p.nice = nice;
  if (flags & FLAG_UTIL_CLAMP_MIN) p.schedUtil[0] = utilMin;
  if (flags & FLAG_UTIL_CLAMP_MAX) p.schedUtil[1] = utilMax;
  return 0;
}

/** sched_getattr(2): as much of struct sched_attr as the caller's size holds. */
export function sysSchedGetattr(t: Thread, a: Args): SysResult {
  const p = target(t, int(a[0]));
  const size = uint(a[2]);
  if (uint(a[3]) !== 0 || !ulong(a[1]) || size < SIZE_VER0 || size > PAGE) fail(Errno.EINVAL);
  const n = Math.min(size, SIZE_VER1);
  const attr = Pod.alloc(SIZE_VER1);
  attr.setUint32(0, n);
  attr.setUint32(4, p.schedPolicy);
  attr.setBigUint64(8, BigInt(p.schedResetOnFork ? FLAG_RESET_ON_FORK : 0));
  attr.setInt32(16, p.nice);
  attr.setUint32(48, p.schedUtil[0]);
  attr.setUint32(52, p.schedUtil[1]);
  writeMem(t, ulong(a[1]), attr.bytes.subarray(0, n));
  return 0;
}
