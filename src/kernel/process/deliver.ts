// Sending signals and delivering them: default actions, and user handlers run on a real
// riscv64 signal frame (arch/riscv/kernel/signal.c layout: siginfo, then ucontext with the
// integer registers and the D-extension state), returning through rt_sigreturn.
import { REG, type UserContext, Pod } from "../../ostd/index.js";
import { posixTimerSignalTaken, type PosixTimer } from "./posix_timer.js";
import { Errno, SysError } from "../errno.js";
import { alignDown } from "../util/align.js";
import type { Kernel } from "../kernel.js";
import type { Process, Thread } from "./process.js";
import { stopProcess } from "./lifecycle.js";
import { DefaultAction, SIG_DFL, SIG_IGN, SIGKILL, SIGSEGV, defaultAction, sigbit, type SigSet } from "./signal.js";

// sa_flags (include/uapi/asm-generic/signal.h)
export const SA_SIGINFO = 0x4n, SA_ONSTACK = 0x08000000n, SA_RESTART = 0x10000000n;
export const SA_NODEFER = 0x40000000n, SA_RESETHAND = 0x80000000n;

const SIGINFO_SIZE = 128;
const UC_SIGMASK = 40; //       offset of uc_sigmask in struct ucontext
const UC_MCONTEXT = 176; //     struct sigcontext, 16-byte aligned after the 1024-bit sigmask area
const MC_FP = UC_MCONTEXT + 256; // union __riscv_fp_state after the 32 integer slots
const UCONTEXT_SIZE = MC_FP + 528;
const FRAME_SIZE = SIGINFO_SIZE + UCONTEXT_SIZE;

// Scratch space for building and reading a frame (a kilobyte each; the kernel copies a frame
// in or out in one go and keeps nothing of it, so one buffer serves every delivery).
const frameBytes = new Uint8Array(FRAME_SIZE);
const frameFields = new Pod(frameBytes);
const ucontextBytes = new Uint8Array(UCONTEXT_SIZE);
const ucontextFields = new Pod(ucontextBytes);

/** Address of the two-instruction trampoline (li a7, 139; ecall) every process maps. */
export const SIGRETURN_TRAMPOLINE = 0x3f_ffff_f000;

export interface SigInfo {
  signo: number;
  code: number;
  addr?: bigint;
  pid?: number;
  status?: number;
  /** SI_TIMER: the POSIX timer, its id, overruns and sigev_value. */
  timer?: PosixTimer;
  timerid?: number;
  overrun?: number;
  value?: bigint;
}

/** Queue `sig` for the process: its first thread that does not block it takes it. */
export function queueProcessSignal(kernel: Kernel, proc: Process, info: SigInfo): void {
  // As Linux's sig_ignored(): a signal the target blocks is queued even if ignored, since
  // the disposition may change before it is unblocked (and signalfd/sigwait may take it).
  const leader = proc.threads[0];
  if (!(leader && leader.sigmask & sigbit(info.signo)) && isIgnored(proc, info.signo)) return;
  proc.pending.set(info.signo, info);
  for (const t of proc.threads) t.signalArrived.wakeAll();
  const taker = proc.threads.find((t) => (t.sigmask & sigbit(info.signo)) === 0n);
  if (taker) kernel.interrupt(taker);
}

export function queueThreadSignal(kernel: Kernel, thread: Thread, info: SigInfo): void {
  if ((thread.sigmask & sigbit(info.signo)) === 0n && isIgnored(thread.process, info.signo)) return;
  thread.pending.set(info.signo, info);
  thread.signalArrived.wakeAll();
  if ((thread.sigmask & sigbit(info.signo)) === 0n) kernel.interrupt(thread);
}

/** ppoll, pselect6, sigsuspend: run with `mask` until the call ends; the old mask comes back
 *  then, or after the handler of the signal that ended it (it is saved in the frame). */
export function applyTempMask(t: Thread, mask: SigSet, size: number): void {
  if (size !== 8) throw new SysError(Errno.EINVAL, "sigset size must be 8");
  if (t.savedSigmask === null) t.savedSigmask = t.sigmask;
  t.sigmask = mask & BLOCKABLE;
}

/** A siginfo_t as a byte array (rt_sigtimedwait, waitid). */
export function encodeSiginfoBytes(info: SigInfo): Uint8Array {
  const p = Pod.alloc(SIGINFO_SIZE);
  encodeSiginfo(p, 0, info);
  return p.bytes;
}

/** POSIX: setting a disposition that ignores a signal discards its pending instances. */
export function discardIfIgnored(proc: Process, sig: number): void {
  if (!isIgnored(proc, sig)) return;
  proc.pending.delete(sig);
  for (const t of proc.threads) t.pending.delete(sig);
}

function isIgnored(proc: Process, sig: number): boolean {
  const a = proc.sigactions.get(sig);
  return a.handler === SIG_IGN || (a.handler === SIG_DFL && defaultAction(sig) === DefaultAction.Ignore);
}

/** The lowest-numbered signal pending for `t` whose bit is in `mask`, from the thread's own
 *  queue before its process's; null if none. */
export function peekSignalIn(t: Thread, mask: SigSet): SigInfo | null {
  return lowestIn(t.pending, mask) ?? lowestIn(t.process.pending, mask);
}

function lowestIn(pending: Map<number, SigInfo>, mask: SigSet): SigInfo | null {
  if (pending.size === 0) return null;
  let best: SigInfo | null = null;
  for (const [sig, info] of pending) if (mask & sigbit(sig) && (!best || sig < best.signo)) best = info;
  return best;
}

/** Take that signal out of its queue (delivery, sigtimedwait, signalfd); a POSIX timer's
 *  signal records its overruns as delivered. */
export function takeSignal(t: Thread, mask: SigSet): SigInfo | null {
  const info = peekSignalIn(t, mask);
  if (!info) return null;
  (t.pending.get(info.signo) === info ? t.pending : t.process.pending).delete(info.signo);
  posixTimerSignalTaken(info);
  return info;
}

/** Signals `t` does not block (SIGKILL, and with `stop` SIGSTOP, can never be blocked). */
function unblocked(t: Thread, stop: boolean): SigSet {
  return ~(t.sigmask & (stop ? BLOCKABLE : NOT_SIGKILL));
}

const NOT_SIGKILL = ~sigbit(SIGKILL);
/** Signals a mask can hold: all but SIGKILL and SIGSTOP. */
const BLOCKABLE = ~(sigbit(SIGKILL) | sigbit(19));

/** Deliverable signals for `t`, lowest number first. */
function nextSignal(t: Thread): SigInfo | null {
  return takeSignal(t, unblocked(t, true));
}

/** The number of the signal deliverSignals would take next, without taking it. */
export function peekSignal(t: Thread): number | null {
  return peekSignalIn(t, unblocked(t, false))?.signo ?? null;
}

export function hasDeliverable(t: Thread): boolean {
  // Asked before every return to user mode: most of the time nothing is pending at all.
  if (t.pending.size === 0 && t.process.pending.size === 0) return false;
  return peekSignalIn(t, unblocked(t, false)) !== null;
}

/**
 * Deliver pending signals before `t` returns to user mode. Returns false if the process died.
 */
export function deliverSignals(kernel: Kernel, t: Thread): boolean {
  for (;;) {
    const info = nextSignal(t);
    if (!info) return true;
    const action = t.process.sigactions.get(info.signo);
    if (action.handler === SIG_IGN) continue;
    if (action.handler === SIG_DFL) {
      switch (defaultAction(info.signo)) {
        case DefaultAction.Ignore:
        case DefaultAction.Continue:
          continue;
        case DefaultAction.Stop:
          stopProcess(kernel, t.process, info.signo);
          return true;
        case DefaultAction.Terminate:
        case DefaultAction.Core:
          kernel.exitProcess(t.process, info.signo);
          return false;
      }
    }
    if (!setupFrame(t, info, action.handler, action.flags, action.mask)) {
      // The frame cannot be written (bad stack): Linux forces SIGSEGV.
      kernel.exitProcess(t.process, SIGSEGV);
      return false;
    }
    if (action.flags & SA_RESETHAND) t.process.sigactions.set(info.signo, { handler: SIG_DFL, flags: 0n, mask: 0n });
  }
}

function setupFrame(t: Thread, info: SigInfo, handler: bigint, flags: bigint, mask: SigSet): boolean {
  const ctx = t.ctx;
  let sp = ctx.regNumber(REG.sp);
  if (flags & SA_ONSTACK && t.altStack && !(sp > t.altStack.sp && sp <= t.altStack.sp + t.altStack.size)) {
    sp = t.altStack.sp + t.altStack.size;
  }
  const frame = alignDown(sp - FRAME_SIZE, 16);
  const buf = frameBytes;
  const v = frameFields;
  buf.fill(0);
  encodeSiginfo(v, 0, info);
  const uc = SIGINFO_SIZE;
  if (t.altStack) {
    v.setBigUint64(uc + 16, BigInt(t.altStack.sp));
    v.setInt32(uc + 24, 0);
    v.setBigUint64(uc + 32, BigInt(t.altStack.size));
  } else {
    v.setInt32(uc + 24, 2); // SS_DISABLE
  }
  // A temporary mask (sigsuspend, ppoll) ends here: the handler's return restores the old one.
  v.setBigUint64(uc + UC_SIGMASK, t.savedSigmask ?? t.sigmask);
  if (t.savedSigmask !== null) {
    t.sigmask = t.savedSigmask;
    t.savedSigmask = null;
  }
  saveContext(v, uc, ctx);
  if (t.process.mem.vm.write(frame, buf) !== true) return false;
  let newMask = t.sigmask | mask;
  if (!(flags & SA_NODEFER)) newMask |= sigbit(info.signo);
  t.sigmask = newMask & BLOCKABLE;
  ctx.setRegNumber(REG.sp, frame);
  ctx.setRegNumber(REG.a0, info.signo);
  ctx.setRegNumber(REG.a1, frame);
  ctx.setRegNumber(REG.a2, frame + uc);
  ctx.setRegNumber(REG.ra, SIGRETURN_TRAMPOLINE);
  ctx.pc = handler;
  return true;
}

function saveContext(v: Pod, uc: number, ctx: UserContext): void {
  const mc = uc + UC_MCONTEXT;
  v.setBigUint64(mc, ctx.pc);
  ctx.storeRegs(v.bytes, mc + 8, 1, false);
  ctx.storeRegs(v.bytes, uc + MC_FP, 0, true);
  v.setUint32(uc + MC_FP + 256, ctx.fcsr);
}

function encodeSiginfo(v: Pod, off: number, info: SigInfo): void {
  v.setInt32(off, info.signo);
  v.setInt32(off + 4, 0); // si_errno
  v.setInt32(off + 8, info.code);
  if (info.addr !== undefined) v.setBigUint64(off + 16, info.addr);
  else if (info.timerid !== undefined) {
    // _sigfault's union member _timer: si_tid, si_overrun, si_value.
    v.setInt32(off + 16, info.timerid);
    v.setInt32(off + 20, info.overrun ?? 0);
    v.setBigUint64(off + 24, info.value ?? 0n);
  } else {
    v.setInt32(off + 16, info.pid ?? 0);
    v.setInt32(off + 20, 0); // si_uid
    if (info.status !== undefined) v.setInt32(off + 24, info.status);
  }
}

/** rt_sigreturn: restore registers and mask from the frame at sp. Returns false on a bad frame. */
export function restoreFrame(t: Thread): boolean {
  const frame = t.ctx.regNumber(REG.sp);
  const buf = ucontextBytes;
  if (t.process.mem.vm.read(frame + SIGINFO_SIZE, buf) !== true) return false;
  const v = ucontextFields;
  const mc = UC_MCONTEXT;
  const ctx = t.ctx;
  ctx.pc = v.getBigUint64(mc);
  ctx.loadRegs(buf, mc + 8, 1, false);
  ctx.loadRegs(buf, MC_FP, 0, true);
  ctx.fcsr = v.getUint32(MC_FP + 256);
  t.sigmask = v.getBigUint64(UC_SIGMASK) & BLOCKABLE;
  return true;
}
