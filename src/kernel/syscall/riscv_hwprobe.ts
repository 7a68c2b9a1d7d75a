import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { readMem, uint, ulong, writeMem } from "./util.js";

// Keys of riscv_hwprobe (arch/riscv/include/uapi/asm/hwprobe.h).
const MVENDORID = 0, MARCHID = 1, MIMPID = 2, BASE_BEHAVIOR = 3, IMA_EXT_0 = 4, CPUPERF_0 = 5;
const ZICBOZ_BLOCK_SIZE = 6, HIGHEST_VIRT_ADDRESS = 7, TIME_CSR_FREQ = 8, MISALIGNED_SCALAR_PERF = 9;
const MISALIGNED_VECTOR_PERF = 10;
const BASE_BEHAVIOR_IMA = 1n;
const IMA_FD = 1n << 0n, IMA_C = 1n << 1n;
const MISALIGNED_UNKNOWN = 0n, MISALIGNED_UNSUPPORTED = 4n;
const MAX_PAIRS = 1 << 16;

/** What this hart is, key by key: RV64IMAFDC (A is in the base behaviour), no vector,
 *  misaligned scalar access that works but is not characterized, Sv39, a 1 GHz time CSR
 *  (nanoseconds). Vendor, architecture and implementation ids are 0 (unknown). */
function value(key: bigint): bigint | null {
  switch (Number(key)) {
    case MVENDORID: case MARCHID: case MIMPID: return 0n;
    case BASE_BEHAVIOR: return BASE_BEHAVIOR_IMA;
    case IMA_EXT_0: return IMA_FD | IMA_C;
    case CPUPERF_0: case MISALIGNED_SCALAR_PERF: return MISALIGNED_UNKNOWN;
    case ZICBOZ_BLOCK_SIZE: return 0n;
    case HIGHEST_VIRT_ADDRESS: return (1n << 38n) - 1n;
    case TIME_CSR_FREQ: return 1_000_000_000n;
    case MISALIGNED_VECTOR_PERF: return MISALIGNED_UNSUPPORTED;
    default: return null;
  }
}

/**
 * riscv_hwprobe(2): fill each {key, value} pair; a key this kernel does not know comes back
 * as -1, as Linux does. Every CPU set names our one hart; flags (WHICH_CPUS) are EINVAL.
 */
export function sysRiscvHwprobe(t: Thread, a: Args): SysResult {
  const pairs = ulong(a[0]);
  const count = ulong(a[1]);
  if (uint(a[4]) !== 0) fail(Errno.EINVAL);
  if (count > MAX_PAIRS) fail(Errno.EINVAL);
  if (count === 0) return 0;
  const p = new Pod(readMem(t, pairs, count * 16));
  for (let i = 0; i < count; i++) {
    const v = value(p.getBigInt64(i * 16));
    if (v === null) {
      p.setBigInt64(i * 16, -1n);
      p.setBigUint64(i * 16 + 8, 0n);
    } else {
      p.setBigUint64(i * 16 + 8, v);
    }
  }
  writeMem(t, pairs, p.bytes);
  return 0;
}
