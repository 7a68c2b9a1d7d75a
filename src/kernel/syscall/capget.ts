import { Errno, fail } from "../errno.js";
import { Pod } from "../../ostd/index.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { readMem, ulong, writeMem } from "./util.js";

// struct __user_cap_header_struct { u32 version; int pid; } and the versions of the data
// that follows: v1 one struct __user_cap_data_struct { u32 effective, permitted, inheritable },
// v2 and v3 two (the low and high 32 bits of each set).
export const LINUX_CAPABILITY_VERSION_1 = 0x19980330;
export const LINUX_CAPABILITY_VERSION_2 = 0x20071026;
export const LINUX_CAPABILITY_VERSION_3 = 0x20080522;
export const CAP_DATA_SIZE = 12;

/** How many data structs the header's version has; an unknown version is EINVAL, and the
 *  header then names the version the kernel prefers (what libcap probes for). */
export function capDataCount(t: Thread, hdr: number): number {
  const version = new Pod(readMem(t, hdr, 4)).getUint32(0);
  if (version === LINUX_CAPABILITY_VERSION_1) return 1;
  if (version === LINUX_CAPABILITY_VERSION_2 || version === LINUX_CAPABILITY_VERSION_3) return 2;
  const p = Pod.alloc(4);
  p.setUint32(0, LINUX_CAPABILITY_VERSION_3);
  writeMem(t, hdr, p.bytes);
  fail(Errno.EINVAL, "unknown capability version");
}

/** capget(2): the effective, permitted and inheritable sets of a process (pid 0: the caller). */
export function sysCapget(t: Thread, a: Args): SysResult {
  const hdr = ulong(a[0]), data = ulong(a[1]);
  let n: number;
  try {
    n = capDataCount(t, hdr);
  } catch (e) {
    if (data === 0) return 0; // probing for the version with no data
    throw e;
  }
  if (data === 0) return 0;
  const pid = new Pod(readMem(t, hdr + 4, 4)).getInt32(0);
  if (pid < 0) fail(Errno.EINVAL);
  const target = pid === 0 ? t.process : t.kernel.processes.get(pid);
  if (!target) fail(Errno.ESRCH);
  const c = target.creds;
  const out = Pod.alloc(n * CAP_DATA_SIZE);
  for (let i = 0; i < n; i++) {
    const shift = BigInt(32 * i);
    out.setUint32(i * CAP_DATA_SIZE, Number((c.capEff >> shift) & 0xffff_ffffn));
    out.setUint32(i * CAP_DATA_SIZE + 4, Number((c.capPrm >> shift) & 0xffff_ffffn));
    out.setUint32(i * CAP_DATA_SIZE + 8, Number((c.capInh >> shift) & 0xffff_ffffn));
  }
  writeMem(t, data, out.bytes);
  return 0;
}

/** The sets in a capset data argument (bits past the last capability dropped). */
export function readCapData(t: Thread, data: number, n: number, all: bigint): { eff: bigint; prm: bigint; inh: bigint } {
  const p = new Pod(readMem(t, data, n * CAP_DATA_SIZE));
  let eff = 0n, prm = 0n, inh = 0n;
  for (let i = 0; i < n; i++) {
    const shift = BigInt(32 * i);
    eff |= BigInt(p.getUint32(i * CAP_DATA_SIZE)) << shift;
    prm |= BigInt(p.getUint32(i * CAP_DATA_SIZE + 4)) << shift;
    inh |= BigInt(p.getUint32(i * CAP_DATA_SIZE + 8)) << shift;
  }
  return { eff: eff & all, prm: prm & all, inh: inh & all };
}

/** The pid in a header (capset only ever changes the caller: 0 or its own pid). */
export function capsetPid(t: Thread, hdr: number): number {
  return new Pod(readMem(t, hdr + 4, 4)).getInt32(0);
}
