// Pseudo-terminals (pty(7)): opening /dev/ptmx makes a pair, a master (the open file the
// opener gets) and a slave terminal /dev/pts/N, a Tty with the whole line discipline. What the
// master writes is the slave's input (typed keys: echo, editing, ^C to its foreground group);
// what programs write to the slave, after output processing, is what the master reads. The
// slave is locked until unlockpt (TIOCSPTLCK 0); its number comes from TIOCGPTN (ptsname).
// When the master's last descriptor closes the slave hangs up (end of file, SIGHUP); when the
// slave's last descriptor closes, a master read that finds nothing is EIO. Numbers start at 1:
// /dev/pts/0 is the host's terminal.
import type { Scheduler, WaitQueue } from "../../ostd/index.js";
import { Pod, recipe } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { S_IFCHR, WouldBlock, type FileHandle, type Inode, type IoctlMemory, type Stat } from "../fs/types.js";
import { Tty, putInt32, type TtyHooks, type TtyOutput } from "./tty.js";
import * as T from "./termios.js";
import { concatBytes } from "../util/concat.js";

const TIOCGPTN = 0x80045430, TIOCSPTLCK = 0x40045431, TIOCGPTLCK = 0x80045439;
const POLLIN = 1, POLLOUT = 4, POLLHUP = 0x10;
/** Linux's default kernel.pty.max is 4096; a playground needs far fewer. */
const MAX_PTYS = 256;

export class Pty implements TtyOutput {
  readonly slave: Tty;
  /** Its /dev/pts entry (one object, so that every lookup finds the same inode). */
  readonly node: PtsNode;
  /** Slave output the master has not read. */
  private readonly out: Uint8Array[] = [];
  private outBytes = 0;
  readonly masterReaders: WaitQueue;
  locked = true;
  /** Open descriptors of the slave, and whether it was ever opened. */
  slaveOpens = 0;
  slaveOpened = false;
  masterOpen = true;

  constructor(scheduler: Scheduler, hooks: TtyHooks, readonly index: number, private readonly table: PtyTable, uid: number) {
    this.masterReaders = scheduler.newWaitQueue(`ptmx ${index}`);
    this.slave = new Tty(scheduler, null, this, hooks, index);
    this.slave.uid = uid;
    this.node = new PtsNode(this);
  }

  ttyOutput(data: Uint8Array): void {
    this.out.push(data.slice());
    this.outBytes += data.length;
    this.masterReaders.wakeAll();
  }

  ttyClosed(): void {
    if (--this.slaveOpens > 0) return;
    this.masterReaders.wakeAll();
    if (!this.masterOpen) this.table.release(this);
  }

  /** Open the slave (/dev/pts/N): EIO while locked or once the master is gone. */
  openSlave(): FileHandle {
    if (this.locked || !this.masterOpen) fail(Errno.EIO);
    this.slaveOpens++;
    this.slaveOpened = true;
    return this.slave.open();
  }

  masterHandle(): FileHandle {
    return Pty.masterOf(this);
  }

  private read(len: number): Uint8Array | WouldBlock {
    if (this.out.length === 0) {
      if (this.slaveOpened && this.slaveOpens === 0) fail(Errno.EIO);
      return new WouldBlock(this.masterReaders, "pty master read");
    }
    const chunks: Uint8Array[] = [];
    let n = 0;
    while (this.out.length && n < len) {
      const c = this.out[0];
      const take = Math.min(c.length, len - n);
      chunks.push(c.subarray(0, take));
      n += take;
      if (take === c.length) this.out.shift();
      else this.out[0] = c.subarray(take);
    }
    this.outBytes -= n;
    return concatBytes(chunks);
  }

  /** What the master writes is typed at the slave. */
  private write(data: Uint8Array): number {
    this.slave.receive(data);
    return data.length;
  }

  private ioctl(req: number, arg: bigint, mem: IoctlMemory): number {
    const ptr = Number(arg);
    const i32 = (v: number) => putInt32(mem, ptr, v);
    switch (req) {
      case TIOCGPTN:
        return i32(this.index);
      case TIOCSPTLCK:
        this.locked = new Pod(mem.read(ptr, 4)).getInt32(0) !== 0;
        return 0;
      case TIOCGPTLCK:
        return i32(this.locked ? 1 : 0);
      case T.FIONREAD:
        return i32(this.outBytes);
      // The pair's settings and window size are the slave's (isatty and tcgetattr work on the
      // master too; TIOCSWINSZ here sends the slave's foreground group SIGWINCH).
      case T.TCGETS:
      case T.TIOCGWINSZ:
      case T.TIOCSWINSZ:
        return this.slave.ioctl(req, arg, mem);
      default:
        fail(Errno.ENOTTY);
    }
  }

  private close(): void {
    this.masterOpen = false;
    this.slave.hangup();
    if (this.slaveOpens === 0) this.table.release(this);
  }

  stat(): Stat {
    return {
      dev: 100, ino: 2000 + this.index, mode: S_IFCHR | 0o666, nlink: 1, uid: 0, gid: 5, rdev: (5 << 8) | 2, size: 0,
      blksize: 1024, blocks: 0, atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n,
    };
  }

  /** The master's closures, made by a recipe so a snapshot can rebuild them. */
  private static readonly masterOf = recipe("kernel.Pty.master", (self: Pty): FileHandle => ({
    seekable: false,
    read: (_o, len) => self.read(len),
    write: (_o, data) => self.write(data),
    ioctl: (req, arg, mem) => self.ioctl(req, arg, mem),
    poll: () => (self.out.length ? POLLIN : 0) | (self.slaveOpened && self.slaveOpens === 0 ? POLLHUP : 0) | POLLOUT,
    pollQueues: () => [self.masterReaders],
    stat: () => self.stat(),
    close: () => self.close(),
  }));
}

/** The kernel's pseudo-terminals by number. */
export class PtyTable {
  readonly byIndex = new Map<number, Pty>();

  constructor(private readonly scheduler: Scheduler, private readonly hooks: TtyHooks) {}

  /** open("/dev/ptmx"): a new pair; the master's handle. */
  open(uid: number): FileHandle {
    let index = 1;
    while (this.byIndex.has(index)) index++;
    if (index > MAX_PTYS) fail(Errno.ENOSPC, "no free pseudo-terminal");
    const pty = new Pty(this.scheduler, this.hooks, index, this, uid);
    this.byIndex.set(index, pty);
    return pty.masterHandle();
  }

  /** Both sides closed: the number is free again. */
  release(pty: Pty): void {
    if (this.byIndex.get(pty.index) === pty) this.byIndex.delete(pty.index);
  }
}

/** /dev/pts/N for N >= 1: the slave of pseudo-terminal N. */
export class PtsNode implements Inode {
  readonly ino: number;

  constructor(readonly pty: Pty) {
    this.ino = 1000 + pty.index;
  }

  stat(): Stat {
    return this.pty.slave.stat();
  }

  open(): FileHandle {
    return this.pty.openSlave();
  }
}
