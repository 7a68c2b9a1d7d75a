import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { encodeString, int, readString, ulong, writeMem } from "./util.js";

const PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3, PR_SET_DUMPABLE = 4;
const PR_SET_NAME = 15, PR_GET_NAME = 16, PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39;
const PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37;

/** prctl(2): thread names, parent-death signal, dumpable, no_new_privs, subreaper. Other
 *  options are EINVAL, as for an unknown option on Linux. */
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
    default:
      fail(Errno.EINVAL, `prctl option ${int(a[0])} is not supported`);
  }
}
