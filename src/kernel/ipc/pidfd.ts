// pidfd: a file that refers to a process (pidfd_open(2)). It polls readable once the process
// has exited; pidfd_send_signal signals it and waitid(P_PIDFD) waits for it. It holds the
// Process itself, so a later process reusing the number is never confused with it.
import { Errno, fail } from "../errno.js";
import type { FileHandle } from "../fs/types.js";
import { ProcessState, type Process } from "../process/process.js";

export class PidFd implements FileHandle {
  readonly seekable = false;

  constructor(readonly process: Process) {}

  get exited(): boolean {
    return this.process.state === ProcessState.Zombie;
  }

  read(): Uint8Array {
    fail(Errno.EINVAL);
  }

  write(): number {
    fail(Errno.EINVAL);
  }

  poll(): number {
    return this.exited ? 1 : 0;
  }

  /** vforkDone is woken when the process execs or exits: a poller re-checks either way. */
  pollQueues() {
    return [this.process.vforkDone];
  }
}
