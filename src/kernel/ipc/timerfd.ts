// timerfd (timerfd_create(2)): a timer whose expirations are read as a u64 count. Time is the
// machine's virtual clock; CLOCK_REALTIME runs in step with it (the guest cannot set the wall
// clock), so an absolute real-time deadline is a fixed offset from a monotonic one.
//
// The count is computed from the clock whenever it is looked at (read, poll, gettime), so a
// periodic timer never loses expirations however late its reader runs; the machine timer only
// wakes waiters, and is armed only while the count is zero.
import { Pod, type Machine, type TimerHandle, type WaitQueue, recipe, registerCounter } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { WouldBlock, type FileHandle, type Stat } from "../fs/types.js";
import { SideTable } from "../util/side_table.js";

export const TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;

let nextTimerFdIno = 1;
registerCounter("kernel.timerfd.ino", () => nextTimerFdIno, (v) => (nextTimerFdIno = v));

export class TimerFd {
  private readonly changed: WaitQueue;
  private readonly ino = nextTimerFdIno++;
  /** Next expiry in virtual ns since boot, or null when disarmed. */
  private deadline: number | null = null;
  private intervalNs = 0;
  /** Expirations not yet read. */
  private ticks = 0n;
  private timer: TimerHandle | null = null;

  /** `realtime`: the clock is CLOCK_REALTIME (absolute times are wall-clock times). */
  constructor(private readonly machine: Machine, readonly realtime: boolean) {
    this.changed = machine.scheduler.newWaitQueue("timerfd");
  }

  /** Fold the expirations up to now into the count. */
  private update(): void {
    const now = this.machine.clock.now();
    if (this.deadline === null || now < this.deadline) return;
    if (this.intervalNs > 0) {
      const n = Math.floor((now - this.deadline) / this.intervalNs) + 1;
      this.ticks += BigInt(n);
      this.deadline += n * this.intervalNs;
    } else {
      this.ticks += 1n;
      this.deadline = null;
    }
  }

  /** Keep a machine timer at the next expiry while nothing is pending, to wake waiters. */
  private arm(): void {
    if (this.timer) this.machine.timers.cancel(this.timer);
    this.timer = null;
    if (this.deadline === null || this.ticks > 0n) return;
    this.timer = this.machine.timers.set(this.deadline, TimerFd.expire(this));
  }

  /** The machine timer's callback, made by a recipe so a snapshot can keep a pending one. */
  private static readonly expire = recipe("kernel.TimerFd.expire", (self: TimerFd) => () => {
    self.timer = null;
    self.update();
    self.changed.wakeAll();
    self.arm();
  });

  /** [interval, time to the next expiry] in ns (both 0 when disarmed). */
  get(): [number, number] {
    this.update();
    this.arm();
    const left = this.deadline === null ? 0 : Math.max(0, this.deadline - this.machine.clock.now());
    return [this.intervalNs, left];
  }

  /** Arm (valueNs > 0) or disarm (0). `absolute`: valueNs is a time on the timer's clock. */
  set(valueNs: bigint, intervalNs: bigint, absolute: boolean): void {
    this.ticks = 0n;
    this.intervalNs = Number(intervalNs);
    const now = this.machine.clock.now();
    if (valueNs === 0n) {
      this.deadline = null;
    } else if (absolute) {
      // Virtual ns since boot of the absolute time. One in the past is due at once, with the
      // periods that have passed since it counted as expirations too.
      const offset = this.realtime ? this.machine.world.realtimeNs() - BigInt(now) : 0n;
      this.deadline = Number(valueNs - offset);
    } else {
      this.deadline = now + Number(valueNs);
    }
    this.update();
    this.arm();
    this.changed.wakeAll();
  }

  private stat(): Stat {
    return {
      dev: 14, ino: this.ino, mode: 0o600, nlink: 1, uid: 0, gid: 0, rdev: 0, size: 0,
      blksize: 4096, blocks: 0, atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n,
    };
  }

  handle(): FileHandle {
    return TimerFd.handleOf(this);
  }

  /** The handle's closures, made by a recipe so a snapshot can rebuild them. */
  private static readonly handleOf = recipe("kernel.TimerFd.handle", (self: TimerFd): FileHandle => ({
    seekable: false,
    read: (_o, len) => {
      if (len < 8) fail(Errno.EINVAL);
      self.update();
      if (self.ticks === 0n) {
        self.arm();
        return new WouldBlock(self.changed, "timerfd read");
      }
      const p = Pod.alloc(8);
      p.setBigUint64(0, self.ticks);
      self.ticks = 0n;
      self.arm();
      return p.bytes;
    },
    write: () => fail(Errno.EINVAL),
    poll: () => {
      self.update();
      return self.ticks > 0n ? 1 : 0;
    },
    pollQueues: () => [self.changed],
    stat: () => self.stat(),
    close: () => {
      if (self.timer) self.machine.timers.cancel(self.timer);
      self.timer = null;
      self.deadline = null;
    },
  }));
}

/** Timerfds by open-file handle, for timerfd_settime / timerfd_gettime. */
export const timerfds = new SideTable<FileHandle, TimerFd>("$timerfd");
