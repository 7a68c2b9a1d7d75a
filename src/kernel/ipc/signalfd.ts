// signalfd: pending signals read as a file (signalfd(2)). Reading takes the reader's own
// pending signals (its thread's first, then its process's) whose numbers are in the mask, as
// struct signalfd_siginfo records of 128 bytes, lowest number first. The file is readable for
// a poller that has one of them pending. The handle is a class (methods, no closures), so the
// object graph a snapshot saves holds nothing but data.
import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { WouldBlock, type FileHandle } from "../fs/types.js";
import type { Kernel } from "../kernel.js";
import { peekSignalIn, takeSignal, type SigInfo } from "../process/deliver.js";
import type { Thread } from "../process/process.js";
import { SIGKILL, SIGSTOP, sigbit, type SigSet } from "../process/signal.js";

export const SIGNALFD_SIGINFO_SIZE = 128;

export class SignalFd implements FileHandle {
  readonly seekable = false;
  mask: SigSet;

  constructor(private readonly kernel: Kernel, mask: SigSet) {
    this.mask = SignalFd.clean(mask);
  }

  /** SIGKILL and SIGSTOP are never read through a signalfd (they are silently dropped). */
  static clean(mask: SigSet): SigSet {
    return mask & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
  }

  private reader(): Thread {
    const t = this.kernel.currentThread();
    if (!t) throw new Error("SignalFd.reader: no current thread");
    return t;
  }

  read(_offset: number, len: number): Uint8Array | WouldBlock {
    if (len < SIGNALFD_SIGINFO_SIZE) fail(Errno.EINVAL);
    const t = this.reader();
    const out: Uint8Array[] = [];
    while ((out.length + 1) * SIGNALFD_SIGINFO_SIZE <= len) {
      const info = takeSignal(t, this.mask);
      if (!info) break;
      out.push(encodeSignalfdSiginfo(info));
    }
    if (out.length === 0) return new WouldBlock(t.signalArrived, "signalfd read");
    const bytes = new Uint8Array(out.length * SIGNALFD_SIGINFO_SIZE);
    out.forEach((b, i) => bytes.set(b, i * SIGNALFD_SIGINFO_SIZE));
    return bytes;
  }

  write(): number {
    fail(Errno.EINVAL);
  }

  poll(): number {
    return peekSignalIn(this.reader(), this.mask) ? 1 : 0;
  }

  pollQueues() {
    return [this.reader().signalArrived];
  }
}

/** struct signalfd_siginfo (include/uapi/linux/signalfd.h). */
function encodeSignalfdSiginfo(info: SigInfo): Uint8Array {
  const p = Pod.alloc(SIGNALFD_SIGINFO_SIZE);
  p.setUint32(0, info.signo);
  p.setInt32(8, info.code);
  if (info.timerid !== undefined) {
    p.setUint32(24, info.timerid); // ssi_tid: the timer's id
    p.setUint32(32, info.overrun ?? 0);
    p.setInt32(44, Number(BigInt.asIntN(32, info.value ?? 0n)));
    p.setBigUint64(48, info.value ?? 0n);
  } else {
    p.setUint32(12, info.pid ?? 0);
    if (info.status !== undefined) p.setInt32(40, info.status);
    if (info.addr !== undefined) p.setBigUint64(72, info.addr);
  }
  return p.bytes;
}
