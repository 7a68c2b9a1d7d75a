// eventfd: a 64-bit counter as a file (eventfd(2)).
import type { Scheduler, WaitQueue } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { WouldBlock, type FileHandle } from "../fs/types.js";
import { Pod } from "../../ostd/index.js";

export const EFD_SEMAPHORE = 1;
const MAX = 0xffff_ffff_ffff_fffen;

export class EventFd {
  private readonly changed: WaitQueue;

  constructor(scheduler: Scheduler, private count: bigint, private readonly semaphore: boolean) {
    this.changed = scheduler.newWaitQueue("eventfd");
  }

  handle(): FileHandle {
    return {
      seekable: false,
      read: (_o, len) => {
        if (len < 8) fail(Errno.EINVAL);
        if (this.count === 0n) return new WouldBlock(this.changed, "eventfd read");
        const v = this.semaphore ? 1n : this.count;
        this.count -= v;
        this.changed.wakeAll();
        const p = Pod.alloc(8);
        p.setBigUint64(0, v);
        return p.bytes;
      },
      write: (_o, data) => {
        if (data.length < 8) fail(Errno.EINVAL);
        const v = new Pod(data.subarray(0, 8)).getBigUint64(0);
        if (v === 0xffff_ffff_ffff_ffffn) fail(Errno.EINVAL);
        if (this.count + v > MAX) return new WouldBlock(this.changed, "eventfd write");
        this.count += v;
        this.changed.wakeAll();
        return 8;
      },
      poll: () => (this.count > 0n ? 1 : 0) | (this.count < MAX ? 4 : 0),
      pollQueues: () => [this.changed],
    };
  }
}
