import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { encodeString, int, readString, ulong, writeMem } from "./util.js";
import { CAP_LAST_CAP, CAP_SETPCAP, bit, capable } from "../process/caps.js";

/** A capability number argument: EINVAL past the last one there is. */
function capNumber(arg: bigint): number {
  if (arg < 0n || arg > BigInt(CAP_LAST_CAP)) fail(Errno.EINVAL);
  return Number(arg);
}

const PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3, PR_SET_DUMPABLE = 4;
const PR_SET_NAME = 15, PR_GET_NAME = 16, PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39;
const PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37;
const PR_GET_KEEPCAPS = 7, PR_SET_KEEPCAPS = 8, PR_CAPBSET_READ = 23, PR_CAPBSET_DROP = 24, PR_CAP_AMBIENT = 47;
const PR_CAP_AMBIENT_IS_SET = 1, PR_CAP_AMBIENT_RAISE = 2, PR_CAP_AMBIENT_LOWER = 3, PR_CAP_AMBIENT_CLEAR_ALL = 4;

/** prctl(2): thread names, parent-death signal, dumpable, no_new_privs, subreaper, keepcaps,
 *  the capability bounding set, and the ambient set (always empty: raising is not supported).
 *  Other options are EINVAL, as for an unknown option on Linux. */
export function sysPrctl(t: Thread, a: Args): SysResult {
  const p = t.process;
  switch (int(a[0])) {
    case PR_SET_NAME:
      t.name = readString(t, ulong(a[1]), 4096).slice(0, 15);
      return 0;
    case PR_GET_NAME: {
      const b = new Uint8Array(16);
      b.set(encodeString(t.name ?? p.comm).subarray(0, 15));
      writeMem(t, ulong(a[1]), b);
      return 0;
    }
    case PR_SET_PDEATHSIG:
      if (int(a[1]) < 0 || int(a[1]) > 64) fail(Errno.EINVAL);
      p.pdeathSignal = int(a[1]);
      return 0;
    case PR_GET_PDEATHSIG: {
      const b = new Uint8Array(4);
      b[0] = p.pdeathSignal;
      writeMem(t, ulong(a[1]), b);
      return 0;
    }
    case PR_GET_DUMPABLE:
      return p.dumpable ? 1 : 0;
    case PR_SET_DUMPABLE:
      if (int(a[1]) !== 0 && int(a[1]) !== 1) fail(Errno.EINVAL);
      p.dumpable = int(a[1]) === 1;
      return 0;
    case PR_SET_NO_NEW_PRIVS:
      if (int(a[1]) !== 1) fail(Errno.EINVAL);
      p.noNewPrivs = true;
      return 0;
    case PR_GET_NO_NEW_PRIVS:
      return p.noNewPrivs ? 1 : 0;
    case PR_SET_CHILD_SUBREAPER:
      p.subreaper = int(a[1]) !== 0;
      return 0;
    case PR_GET_CHILD_SUBREAPER: {
      const b = new Uint8Array(4);
      b[0] = p.subreaper ? 1 : 0;
      writeMem(t, ulong(a[1]), b);
      return 0;
    }
    case PR_GET_KEEPCAPS:
      return p.creds.keepCaps ? 1 : 0;
    case PR_SET_KEEPCAPS:
      if (ulong(a[1]) > 1) fail(Errno.EINVAL);
      p.creds.keepCaps = ulong(a[1]) === 1;
      return 0;
    case PR_CAPBSET_READ:
      return (p.creds.capBnd & bit(capNumber(a[1]))) !== 0n ? 1 : 0;
    case PR_CAPBSET_DROP: {
      const cap = capNumber(a[1]);
      if (!capable(p.creds, CAP_SETPCAP)) fail(Errno.EPERM);
      p.creds.capBnd &= ~bit(cap);
      return 0;
    }
    case PR_CAP_AMBIENT:
      switch (ulong(a[1])) {
        case PR_CAP_AMBIENT_IS_SET:
          capNumber(a[2]);
          return 0;
        case PR_CAP_AMBIENT_LOWER:
          capNumber(a[2]);
          return 0;
        case PR_CAP_AMBIENT_CLEAR_ALL:
          return 0;
        case PR_CAP_AMBIENT_RAISE:
          fail(Errno.EINVAL, "ambient capabilities are not supported");
        default:
          fail(Errno.EINVAL);
      }
    default:
      fail(Errno.EINVAL, `prctl option ${int(a[0])} is not supported`);
  }
}
