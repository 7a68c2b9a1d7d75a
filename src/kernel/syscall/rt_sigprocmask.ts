import { Errno, fail } from "../errno.js";
import { SIGKILL, SIGSTOP, sigbit } from "../process/signal.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readU64, ulong, writeU64 } from "./util.js";

const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

/** rt_sigprocmask(2) */
export function sysRtSigprocmask(t: Thread, a: Args): SysResult {
  const how = int(a[0]);
  const set = ulong(a[1]);
  const old = ulong(a[2]);
  if (ulong(a[3]) !== 8) fail(Errno.EINVAL);
  const prev = t.sigmask;
  if (set) {
    const s = readU64(t, set);
    switch (how) {
      case SIG_BLOCK: t.sigmask = prev | s; break;
      case SIG_UNBLOCK: t.sigmask = prev & ~s; break;
      case SIG_SETMASK: t.sigmask = s; break;
      default: fail(Errno.EINVAL);
    }
    t.sigmask &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
  }
  if (old) writeU64(t, old, prev);
  return 0;
}
