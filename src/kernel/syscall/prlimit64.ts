import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import type { Process, Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong, writeMem } from "./util.js";
import { CAP_SYS_RESOURCE, capable } from "../process/caps.js";

function encode(lim: [bigint, bigint]): Uint8Array {
  const p = Pod.alloc(16);
  p.setBigUint64(0, lim[0]);
  p.setBigUint64(8, lim[1]);
  return p.bytes;
}

function target(t: Thread, pid: number): Process {
  const p = pid === 0 ? t.process : t.kernel.processes.get(pid);
  if (!p) fail(Errno.ESRCH);
  return p;
}

/** Read the new limit from `newPtr` (if any) and write the old one to `oldPtr` (if any). */
function getset(t: Thread, proc: Process, resource: number, newPtr: number, oldPtr: number): SysResult {
  const old = proc.rlimits.get(resource);
  const before = encode(old);
  if (newPtr) {
    const p = new Pod(readMem(t, newPtr, 16));
    proc.rlimits.set(resource, p.getBigUint64(0), p.getBigUint64(8), capable(t.process.creds, CAP_SYS_RESOURCE));
  }
  if (oldPtr) writeMem(t, oldPtr, before);
  return 0;
}

/** prlimit64(2) */
export function sysPrlimit64(t: Thread, a: Args): SysResult {
  return getset(t, target(t, int(a[0])), int(a[1]), ulong(a[2]), ulong(a[3]));
}

/** getrlimit(2) */
export function sysGetrlimit(t: Thread, a: Args): SysResult {
  return getset(t, t.process, int(a[0]), 0, ulong(a[1]));
}

/** setrlimit(2) */
export function sysSetrlimit(t: Thread, a: Args): SysResult {
  return getset(t, t.process, int(a[0]), ulong(a[1]), 0);
}
