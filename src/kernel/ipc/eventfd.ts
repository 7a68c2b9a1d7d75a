// eventfd: a 64-bit counter as a file (eventfd(2)).
import type { Scheduler, WaitQueue } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { WouldBlock, type FileHandle } from "../fs/types.js";
import { Pod, recipe } from "../../ostd/index.js";

export const EFD_SEMAPHORE = 1;
const MAX = 0xffff_ffff_ffff_fffen;

export class EventFd {
  private readonly changed: WaitQueue;

  constructor(scheduler: Scheduler, private count: bigint, private readonly semaphore: boolean) {
    this.changed = scheduler.newWaitQueue("eventfd");
  }

  handle(): FileHandle {
    return EventFd.handleOf(this);
  }

  /** The handle's closures, made by a recipe so a snapshot can rebuild them. */
  private static readonly handleOf = recipe("kernel.EventFd.handle", (self: EventFd): FileHandle => ({
    seekable: false,
    read: (_o, len) => {
      if (len < 8) fail(Errno.EINVAL);
      if (self.count === 0n) return new WouldBlock(self.changed, "eventfd read");
      const v = self.semaphore ? 1n : self.count;
      self.count -= v;
      self.changed.wakeAll();
      const p = Pod.alloc(8);
      p.setBigUint64(0, v);
      return p.bytes;
    },
    write: (_o, data) => {
      if (data.length < 8) fail(Errno.EINVAL);
      const v = new Pod(data.subarray(0, 8)).getBigUint64(0);
      if (v === 0xffff_ffff_ffff_ffffn) fail(Errno.EINVAL);
      if (self.count + v > MAX) return new WouldBlock(self.changed, "eventfd write");
      self.count += v;
      self.changed.wakeAll();
      return 8;
    },
    poll: () => (self.count > 0n ? 1 : 0) | (self.count < MAX ? 4 : 0),
    pollQueues: () => [self.changed],
  }));
}
