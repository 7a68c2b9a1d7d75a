import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { NSIG, SIGKILL, SIGSTOP } from "../process/signal.js";
import type { Thread } from "../process/process.js";
import { discardIfIgnored } from "../process/deliver.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong, writeMem } from "./util.js";

/** rt_sigaction(2). The kernel struct sigaction on riscv64: handler, flags, mask (no restorer;
 *  the vDSO-less kernel returns through the sa_restorer-free trampoline on the stack). */
export function sysRtSigaction(t: Thread, a: Args): SysResult {
  const sig = int(a[0]);
  const act = ulong(a[1]);
  const old = ulong(a[2]);
  if (ulong(a[3]) !== 8) fail(Errno.EINVAL);
  if (sig < 1 || sig > NSIG) fail(Errno.EINVAL);
  const actions = t.process.sigactions;
  if (old) {
    const cur = actions.get(sig);
    const b = new Uint8Array(24);
    const v = new Pod(b);
    v.setBigUint64(0, cur.handler);
    v.setBigUint64(8, cur.flags);
    v.setBigUint64(16, cur.mask);
    writeMem(t, old, b);
  }
  if (act) {
    if (sig === SIGKILL || sig === SIGSTOP) fail(Errno.EINVAL);
    const v = new Pod(readMem(t, act, 24));
    actions.set(sig, { handler: v.getBigUint64(0), flags: v.getBigUint64(8), mask: v.getBigUint64(16) });
    discardIfIgnored(t.process, sig);
  }
  return 0;
}
