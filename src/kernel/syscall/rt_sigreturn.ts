import { SIGSEGV } from "../process/signal.js";
import type { Thread } from "../process/process.js";
import { NO_RETURN, type SysResult } from "./types.js";

/** rt_sigreturn(2): reached through the trampoline when a handler returns. */
export function sysRtSigreturn(t: Thread): SysResult {
  if (!restore(t)) t.kernel.exitProcess(t.process, SIGSEGV);
  return NO_RETURN;
}

import { restoreFrame as restore } from "../process/deliver.js";
