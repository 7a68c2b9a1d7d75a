// Signal numbers, dispositions and default actions (signal(7)). Delivery to user handlers
// with a real riscv64 signal frame is the process-model issue's work; until then a signal
// whose action is a user handler is reported as unsupported rather than silently dropped.
export type SigSet = bigint;

export const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7;
export const SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13;
export const SIGALRM = 14, SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19;
export const SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25;
export const SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29, SIGPWR = 30, SIGSYS = 31;
export const NSIG = 64;

export const SIG_DFL = 0n, SIG_IGN = 1n;

export const SIGNAL_NAMES: Record<number, string> = {
  1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
  9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
  16: "SIGSTKFLT", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP", 21: "SIGTTIN", 22: "SIGTTOU",
  23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ", 26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH", 29: "SIGIO",
  30: "SIGPWR", 31: "SIGSYS",
};

export enum DefaultAction {
  Terminate,
  Core,
  Ignore,
  Stop,
  Continue,
}

export function defaultAction(sig: number): DefaultAction {
  switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH:
      return DefaultAction.Ignore;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
      return DefaultAction.Stop;
    case SIGCONT:
      return DefaultAction.Continue;
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE: case SIGSEGV:
    case SIGXCPU: case SIGXFSZ: case SIGSYS:
      return DefaultAction.Core;
    default:
      return DefaultAction.Terminate;
  }
}

/** struct sigaction as the riscv64 kernel ABI has it (handler, flags, restorer-less, mask). */
export interface SigAction {
  handler: bigint;
  flags: bigint;
  mask: SigSet;
}

/**
 * A process's signal dispositions. The SigAction objects are never changed in place (set()
 * and resetHandlers() put new ones), so a fork's copy shares them: it copies one array of
 * references, not 65 objects.
 */
const DFL: SigAction = { handler: SIG_DFL, flags: 0n, mask: 0n };
const IGN: SigAction = { handler: SIG_IGN, flags: 0n, mask: 0n };

export class SigActions {
  private actions: SigAction[];
  /** Processes sharing this table (CLONE_SIGHAND without CLONE_THREAD). */
  sharedWith = 1;

  constructor(from?: SigActions) {
    if (from) {
      this.actions = from.actions.slice();
    } else {
      this.actions = new Array<SigAction>(NSIG + 1).fill(DFL);
    }
  }

  get(sig: number): SigAction {
    return this.actions[sig];
  }

  set(sig: number, a: SigAction): void {
    this.actions[sig] = a;
  }

  clone(): SigActions {
    return new SigActions(this);
  }

  /** execve, and clone3's CLONE_CLEAR_SIGHAND (Linux's flush_signal_handlers): handled
   *  signals go back to default, ignored ones stay ignored, and no action keeps flags or a
   *  mask. */
  resetHandlers(): void {
    const actions = this.actions;
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i];
      if (a === DFL || a === IGN) continue;
      actions[i] = a.handler === SIG_IGN ? IGN : DFL;
    }
  }
}

export function isStopSignal(sig: number): boolean {
  return sig === SIGSTOP || sig === SIGTSTP || sig === SIGTTIN || sig === SIGTTOU;
}

/** Each signal's bit, made once: signal sets are asked about on every delivery and send. */
const SIGBITS: readonly SigSet[] = Array.from({ length: NSIG + 1 }, (_, s) => (s === 0 ? 0n : 1n << BigInt(s - 1)));

export function sigbit(sig: number): SigSet {
  return sig >= 1 && sig <= NSIG ? SIGBITS[sig] : 1n << BigInt(sig - 1);
}
