// Pipes: a bounded byte queue between a read end and a write end.
import type { Scheduler, WaitQueue } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { S_IFIFO, WouldBlock, type FileHandle, type Stat } from "../fs/types.js";
import { recipe, registerCounter } from "../../ostd/index.js";

let nextPipeIno = 1;
registerCounter("kernel.pipe.ino", () => nextPipeIno, (v) => (nextPipeIno = v));

export const PIPE_BUF = 4096;
export const PIPE_CAPACITY = 65536;
export const POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10;

export class Pipe {
  private chunks: Uint8Array[] = [];
  private size = 0;
  readers = 0;
  writers = 0;
  /** Woken when data arrives or the last writer leaves. */
  readonly readable: WaitQueue;
  /** Woken when space frees up or the last reader leaves. */
  readonly writable: WaitQueue;

  readonly ino = nextPipeIno++;

  stat(): Stat {
    return {
      dev: 12, ino: this.ino, mode: S_IFIFO | 0o600, nlink: 1, uid: 0, gid: 0, rdev: 0, size: 0,
      blksize: 4096, blocks: 0, atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n,
    };
  }

  constructor(scheduler: Scheduler) {
    this.readable = scheduler.newWaitQueue("pipe read");
    this.writable = scheduler.newWaitQueue("pipe write");
  }

  get buffered(): number {
    return this.size;
  }

  read(len: number): Uint8Array | WouldBlock {
    if (this.size === 0) {
      if (this.writers === 0) return new Uint8Array(0);
      return new WouldBlock(this.readable, "pipe read");
    }
    const n = Math.min(len, this.size);
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0];
      const take = Math.min(c.length, n - off);
      out.set(c.subarray(0, take), off);
      off += take;
      if (take === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(take);
    }
    this.size -= n;
    this.writable.wakeAll();
    return out;
  }

  /** Write what fits; writes of up to PIPE_BUF bytes are all-or-nothing (atomic). */
  write(data: Uint8Array): number | WouldBlock {
    if (this.readers === 0) fail(Errno.EPIPE);
    const space = PIPE_CAPACITY - this.size;
    if (space === 0 || (data.length <= PIPE_BUF && space < data.length)) return new WouldBlock(this.writable, "pipe write");
    const n = Math.min(space, data.length);
    this.chunks.push(data.slice(0, n));
    this.size += n;
    this.readable.wakeAll();
    return n;
  }

  /** Opens so far of each end, and a queue woken by each: a FIFO opener waits for a peer. */
  private readerOpens = 0;
  private writerOpens = 0;
  private peerQueue: WaitQueue | null = null;

  /** Blocking FIFO open: after the open returns, the thread waits (before user code runs
   *  again) until the other end has been opened at least once since. */
  awaitPeer(t: { postWait: { ready: () => boolean; queue: WaitQueue; what: string } | null; kernel: { machine: { scheduler: Scheduler } } }, peer: "reader" | "writer"): void {
    this.peerQueue ??= t.kernel.machine.scheduler.newWaitQueue("fifo open");
    const seen = peer === "writer" ? this.writerOpens : this.readerOpens;
    const present = peer === "writer" ? this.writers : this.readers;
    if (present > 0) return;
    t.postWait = {
      ready: Pipe.peerOpened(this, peer, seen),
      queue: this.peerQueue,
      what: `fifo open (waiting for a ${peer})`,
    };
  }

  /** Whether the other end was opened since; a recipe so a snapshot keeps a waiting open. */
  private static readonly peerOpened = recipe("kernel.Pipe.peerOpened", (self: Pipe, peer: "reader" | "writer", seen: number) =>
    () => (peer === "writer" ? self.writerOpens : self.readerOpens) > seen);

  /** Another handle on this pipe, for an access mode (opening /proc/PID/fd/N of one end). */
  reopen(accessMode: number): FileHandle {
    return accessMode === 0 ? this.readEnd() : accessMode === 1 ? this.writeEnd() : this.bothEnds();
  }

  /** O_RDWR on a FIFO: both ends at once, never waits. */
  bothEnds(): FileHandle {
    return Pipe.bothHandle(this, this.readEnd(), this.writeEnd());
  }

  /** The handle's closures, made by a recipe so a snapshot can rebuild them. */
  private static readonly bothHandle = recipe("kernel.Pipe.bothHandle", (self: Pipe, r: FileHandle, w: FileHandle): FileHandle => ({
  seekable: false,
  read: (o, len) => r.read(o, len),
  write: (o, data) => w.write(o, data),
  poll: () => r.poll!() | w.poll!(),
  pollQueues: () => [self.readable, self.writable],
  stat: () => self.stat(),
  reopen: (mode) => self.reopen(mode),
  close: () => {
    r.close!();
    w.close!();
  },
}));

readEnd(): FileHandle {
  this.readers++;
  this.readerOpens++;
  this.peerQueue?.wakeAll();
  return Pipe.readHandle(this);
}

/** The handle's closures, made by a recipe so a snapshot can rebuild them. */
  private static readonly readHandle = recipe("kernel.Pipe.readHandle", (self: Pipe): FileHandle => ({
    seekable: false,
    read: (_o, len) => self.read(len),
    write: () => fail(Errno.EBADF),
    poll: () => (self.size > 0 ? POLLIN : 0) | (self.writers === 0 ? POLLHUP : 0),
    pollQueues: () => [self.readable],
    stat: () => self.stat(),
    reopen: (mode) => self.reopen(mode),
    close: () => {
      if (--self.readers === 0) self.writable.wakeAll();
    },
    size: () => self.size,
  }));

  writeEnd(): FileHandle {
    this.writers++;
    this.writerOpens++;
    this.peerQueue?.wakeAll();
    return Pipe.writeHandle(this);
  }

  /** The handle's closures, made by a recipe so a snapshot can rebuild them. */
  private static readonly writeHandle = recipe("kernel.Pipe.writeHandle", (self: Pipe): FileHandle => ({
    seekable: false,
    read: () => fail(Errno.EBADF),
    write: (_o, data) => self.write(data),
    poll: () => (self.readers === 0 ? POLLERR : PIPE_CAPACITY - self.size >= PIPE_BUF ? POLLOUT : 0),
    pollQueues: () => [self.writable],
    stat: () => self.stat(),
    reopen: (mode) => self.reopen(mode),
    close: () => {
      if (--self.writers === 0) self.readable.wakeAll();
    },
  }));
}
