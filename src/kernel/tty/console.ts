import { Pod, recipe } from "../../ostd/index.js";
// The console: the terminal the CLI or the browser attaches to. Output goes to the host;
// input arrives through the World (stamped for replay). This is the plain console used until
// the full tty line discipline lands; when the host side is a terminal it answers termios
// ioctls so programs see a tty.
import { Errno, fail } from "../errno.js";
import type { Scheduler, WaitQueue, World } from "../../ostd/index.js";
import { S_IFCHR, WouldBlock, type FileHandle, type IoctlMemory } from "../fs/types.js";

export interface ConsoleHost {
  /** Guest output: stream 1 is the host's stdout, 2 its stderr. Returns false when the host
   *  side is closed (a pipe whose reader went away): the guest's write then fails with EPIPE. */
  write(stream: 1 | 2, data: Uint8Array): boolean | void;
  /** Whether the host's stdin / stdout are terminals (then the guest sees a tty). */
  readonly inputIsTty: boolean;
  readonly outputIsTty: boolean;
}

// ioctl numbers (include/uapi/asm-generic/ioctls.h).
export const TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404;
export const TIOCGPGRP = 0x540f, TIOCSPGRP = 0x5410, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, FIONREAD = 0x541b;

/** struct termios for riscv64 (asm-generic termbits): 4 flag words, c_line, c_cc[19]. */
const TERMIOS_SIZE = 36;

function defaultTermios(): Uint8Array {
  const t = new Uint8Array(TERMIOS_SIZE);
  const v = new Pod(t);
  v.setUint32(0, 0o2400 | 0o400); // c_iflag: ICRNL | IXON
  v.setUint32(4, 0o5); //            c_oflag: OPOST | ONLCR
  v.setUint32(8, 0o277); //          c_cflag: B38400 | CS8 | CREAD
  v.setUint32(12, 0o105073); //      c_lflag: ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
  const cc = [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0];
  t.set(cc, 17);
  return t;
}

export class Console {
  private input: Uint8Array[] = [];
  private eof = false;
  private readonly readers: WaitQueue;
  private termios = defaultTermios();
  private winsize = { rows: 24, cols: 80 };
  foregroundPgrp = 1;

  constructor(scheduler: Scheduler, world: World, private readonly host: ConsoleHost) {
    this.readers = scheduler.newWaitQueue("console input");
    world.onInput((bytes) => {
      if (bytes.length === 0) this.eof = true;
      else this.input.push(bytes);
      this.readers.wakeAll();
    });
    world.onResize((cols, rows) => {
      this.winsize = { rows, cols };
    });
  }

  /** A handle writing to host stream `stream` (1 or 2) and reading host input. */
  open(stream: 1 | 2): FileHandle {
    return Console.handleOf(this, stream);
  }

  /** The handle's closures, made by a recipe so a snapshot can rebuild them. */
  private static readonly handleOf = recipe("kernel.Console.handle", (self: Console, stream: 1 | 2): FileHandle => ({
    seekable: false,
    read: (_o, len) => self.read(len),
    write: (_o, data) => {
      if (self.host.write(stream, data) === false) fail(Errno.EPIPE);
      return data.length;
    },
    ioctl: (req, arg, mem) => self.ioctl(req, arg, mem),
    poll: () => (self.input.length || self.eof ? 1 : 0) | 4,
    pollQueues: () => [self.readers],
    stat: () => ({
      dev: 100, ino: 3, mode: S_IFCHR | 0o600, nlink: 1, uid: 0, gid: 0, rdev: (5 << 8) | 1, size: 0,
      blksize: 1024, blocks: 0, atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n,
    }),
  }));

  private read(len: number): Uint8Array | WouldBlock {
    if (this.input.length === 0) {
      if (this.eof) {
        // A terminal's ^D ends one read; a closed pipe stays at end of file.
        if (this.host.inputIsTty) this.eof = false;
        return new Uint8Array(0);
      }
      return new WouldBlock(this.readers, "console input");
    }
    const first = this.input[0];
    if (first.length <= len) {
      this.input.shift();
      return first;
    }
    this.input[0] = first.subarray(len);
    return first.slice(0, len);
  }

  private ioctl(req: number, arg: bigint, mem: IoctlMemory): number {
    const ptr = Number(arg);
    const isTty = this.host.inputIsTty || this.host.outputIsTty;
    if (!isTty && req !== FIONREAD) fail(Errno.ENOTTY);
    switch (req) {
      case TCGETS:
        mem.write(ptr, this.termios);
        return 0;
      case TCSETS:
      case TCSETSW:
      case TCSETSF:
        this.termios = mem.read(ptr, TERMIOS_SIZE);
        return 0;
      case TIOCGWINSZ: {
        const w = new Uint8Array(8);
        const v = new Pod(w);
        v.setUint16(0, this.winsize.rows);
        v.setUint16(2, this.winsize.cols);
        mem.write(ptr, w);
        return 0;
      }
      case TIOCSWINSZ: {
        const v = new Pod(mem.read(ptr, 8));
        this.winsize = { rows: v.getUint16(0), cols: v.getUint16(2) };
        return 0;
      }
      case TIOCGPGRP: {
        const b = new Uint8Array(4);
        new Pod(b).setInt32(0, this.foregroundPgrp);
        mem.write(ptr, b);
        return 0;
      }
      case TIOCSPGRP:
        this.foregroundPgrp = new Pod(mem.read(ptr, 4)).getInt32(0);
        return 0;
      case FIONREAD: {
        const n = this.input.reduce((s, b) => s + b.length, 0);
        const b = new Uint8Array(4);
        new Pod(b).setInt32(0, n);
        mem.write(ptr, b);
        return 0;
      }
      default:
        fail(Errno.ENOTTY);
    }
  }
}
