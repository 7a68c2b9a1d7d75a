// A terminal with Linux's line discipline (n_tty): canonical editing with echo, signals from
// ^C ^\ ^Z to the foreground process group, raw modes, job-control checks, window size.
// The host's terminal (/dev/pts/0): input arrives from the host through the World, output goes
// to the host. A pseudo-terminal's slave (tty/pty.ts): input is what its master writes, output
// what its master reads; the master's last close hangs it up.
import type { Scheduler, WaitQueue, World } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { S_IFCHR, WouldBlock, type FileHandle, type IoctlMemory, type Stat } from "../fs/types.js";
import { Pod, recipe } from "../../ostd/index.js";
import * as T from "./termios.js";
import { SideTable } from "../util/side_table.js";

const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGCONT = 18, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGWINCH = 28;
const POLLIN = 1, POLLOUT = 4, POLLHUP = 0x10;

/** The terminal behind each open handle (the kernel's session calls need it: TIOCSCTTY). */
const ttys = new SideTable<object, Tty>("$tty");

/** An ioctl's int result, written to the caller's `ptr`; the ioctl's value (0). */
export function putInt32(mem: IoctlMemory, ptr: number, v: number): number {
  const p = Pod.alloc(4);
  p.setInt32(0, v);
  mem.write(ptr, p.bytes);
  return 0;
}

export function ttyOfHandle(handle: object): Tty | null {
  return ttys.get(handle) ?? null;
}

/** Where a terminal's output goes (the host, or a pty's master), and who hears of a close of
 *  one of its descriptors. An object, not a closure: a pty is made after boot, and a machine
 *  snapshot saves it with its master. */
export interface TtyOutput {
  ttyOutput(data: Uint8Array): void;
  ttyClosed?(tty: Tty): void;
}

/** What the terminal needs to know about the process calling it, and how to signal groups. */
export interface TtyHooks {
  caller(): { pgid: number; sid: number; ctty: object | null; ignoresOrBlocks(sig: number): boolean } | null;
  signalGroup(pgid: number, sig: number): void;
  /** Whether process group `pgid` exists in session `sid`. */
  groupExists(pgid: number, sid: number): boolean;
  /** Signal the leader of session `sid` (a hangup). */
  signalLeader?(sid: number, sig: number): void;
}

export class Tty {
  readonly termios = new T.Termios();
  winsize = { rows: 24, cols: 80 };
  /** Foreground process group and owning session (0 = none yet). */
  fgPgrp = 0;
  sid = 0;
  /** Completed input a read may take (lines in canonical mode, bytes otherwise). */
  private ready: Uint8Array[] = [];
  /** The line being edited in canonical mode. */
  private line: number[] = [];
  /** Canonical reads that must return 0 (an EOF char on an empty line), in input order. */
  private eofs = 0;
  private literalNext = false;
  readonly readers: WaitQueue;
  /** The other side is gone (a pty master closed): reads see end of file, writes EIO. */
  hungUp = false;
  /** Owner of the device node (a pty slave belongs to whoever opened its master). */
  uid = 0;

  /** `world` null: not the host's terminal (a pty slave); `minor` its number in /dev/pts. */
  constructor(scheduler: Scheduler, world: World | null, private readonly out: TtyOutput, readonly hooks: TtyHooks, readonly minor = 0) {
    this.readers = scheduler.newWaitQueue(minor ? `pts/${minor} input` : "tty input");
    world?.onInput((bytes) => this.receive(bytes));
    world?.onResize((cols, rows) => this.resize(cols, rows));
  }

  /** The other side went away (vhangup): readers wake to end of file, the foreground group and
   *  the session leader get SIGHUP and SIGCONT, and the terminal stops being anyone's. */
  hangup(): void {
    if (this.hungUp) return;
    this.hungUp = true;
    // The signals first, as Linux's __tty_hangup sends them: a reader with a SIGHUP handler
    // is interrupted (EINTR) rather than woken to the end of file.
    if (this.fgPgrp) {
      this.hooks.signalGroup(this.fgPgrp, SIGHUP);
      this.hooks.signalGroup(this.fgPgrp, SIGCONT);
    }
    if (this.sid) {
      this.hooks.signalLeader?.(this.sid, SIGHUP);
      this.hooks.signalLeader?.(this.sid, SIGCONT);
    }
    this.readers.wakeAll();
  }

  private get lflag(): number {
    return this.termios.lflag;
  }

  /** Bytes typed on the host terminal. */
  receive(bytes: Uint8Array): void {
    for (const b of bytes) this.receiveByte(b);
    this.readers.wakeAll();
  }

  private receiveByte(b: number): void {
    const t = this.termios;
    const cc = t.cc;
    if (this.literalNext) {
      this.literalNext = false;
      return this.addChar(b);
    }
    if (b === 13) {
      if (t.iflag & T.IGNCR) return;
      if (t.iflag & T.ICRNL) b = 10;
    } else if (b === 10 && t.iflag & T.INLCR) b = 13;
    if (this.lflag & T.ISIG) {
      const sig = b === cc[T.VINTR] ? SIGINT : b === cc[T.VQUIT] ? SIGQUIT : b === cc[T.VSUSP] ? SIGTSTP : 0;
      if (sig && b !== 0) {
        if (!(this.lflag & T.NOFLSH)) this.flushInput();
        this.echoControl(b);
        if (this.fgPgrp) this.hooks.signalGroup(this.fgPgrp, sig);
        return;
      }
    }
    if (!(this.lflag & T.ICANON)) return this.addRaw(b);
    if (this.lflag & T.IEXTEN && b === cc[T.VLNEXT] && b !== 0) {
      this.literalNext = true;
      return;
    }
    if (b === cc[T.VERASE] || b === 8) return this.erase(1);
    if (b === cc[T.VWERASE] && this.lflag & T.IEXTEN) return this.eraseWord();
    if (b === cc[T.VKILL]) return this.erase(this.line.length);
    if (b === cc[T.VEOF] && b !== 0) {
      if (this.line.length === 0) this.eofs++;
      this.commitLine();
      return;
    }
    if (b === 10 || (b === cc[T.VEOL] && b !== 0) || (b === cc[T.VEOL2] && b !== 0)) {
      this.line.push(b);
      if (this.lflag & (T.ECHO | T.ECHONL)) this.output(Uint8Array.of(b));
      this.commitLine();
      return;
    }
    this.addChar(b);
  }

  private addChar(b: number): void {
    this.line.push(b);
    if (this.lflag & T.ECHO) this.echoControl(b);
  }

  private addRaw(b: number): void {
    this.ready.push(Uint8Array.of(b));
    if (this.lflag & T.ECHO) this.echoControl(b);
  }

  /** Echo a character, control characters as ^X under ECHOCTL. */
  private echoControl(b: number): void {
    if (!(this.lflag & T.ECHO)) return;
    if (this.lflag & T.ECHOCTL && (b < 32 || b === 127) && b !== 9 && b !== 10) this.output(Uint8Array.of(94, b === 127 ? 63 : b + 64));
    else this.output(Uint8Array.of(b));
  }

  private erase(n: number): void {
    for (let i = 0; i < n && this.line.length; i++) {
      const b = this.line.pop()!;
      // UTF-8 continuation bytes belong to the character being erased.
      while (this.line.length && (b & 0xc0) === 0x80 && (this.line[this.line.length - 1] & 0xc0) === 0x80) this.line.pop();
      if ((b & 0xc0) === 0x80 && this.line.length) this.line.pop();
      if (this.lflag & T.ECHO && this.lflag & T.ECHOE) {
        const wide = this.lflag & T.ECHOCTL && (b < 32 || b === 127) ? 2 : 1;
        this.output(new TextEncoder().encode("\b \b".repeat(wide)));
      }
    }
  }

  private eraseWord(): void {
    while (this.line.length && this.line[this.line.length - 1] === 32) this.erase(1);
    while (this.line.length && this.line[this.line.length - 1] !== 32) this.erase(1);
  }

  private commitLine(): void {
    if (this.line.length) this.ready.push(Uint8Array.from(this.line));
    else if (this.eofs) this.ready.push(new Uint8Array(0));
    this.line = [];
  }

  private flushInput(): void {
    this.ready = [];
    this.line = [];
    this.eofs = 0;
  }

  /** Output processing (OPOST/ONLCR), then to the host. */
  output(data: Uint8Array): void {
    const t = this.termios;
    if (!(t.oflag & T.OPOST) || !(t.oflag & T.ONLCR) || !data.includes(10)) return this.out.ttyOutput(data);
    const out: number[] = [];
    for (const b of data) {
      if (b === 10) out.push(13);
      out.push(b);
    }
    this.out.ttyOutput(Uint8Array.from(out));
  }

  resize(cols: number, rows: number): void {
    if (cols === this.winsize.cols && rows === this.winsize.rows) return;
    this.winsize = { rows, cols };
    if (this.fgPgrp) this.hooks.signalGroup(this.fgPgrp, SIGWINCH);
  }

  /** Job control: a background process touching its terminal gets SIGTTIN/SIGTTOU. */
  private checkForeground(sig: number): "ok" | "eio" | "signalled" {
    const c = this.hooks.caller();
    if (!c || c.ctty !== this || !this.fgPgrp || c.pgid === this.fgPgrp) return "ok";
    if (c.ignoresOrBlocks(sig)) return sig === SIGTTIN ? "eio" : "ok";
    this.hooks.signalGroup(c.pgid, sig);
    return "signalled";
  }

  private read(len: number): Uint8Array | WouldBlock {
    if (this.hungUp && this.ready.length === 0) return new Uint8Array(0);
    const fg = this.checkForeground(SIGTTIN);
    if (fg === "eio") fail(Errno.EIO);
    if (fg === "signalled") return new WouldBlock(this.readers, "tty (background)");
    if (this.ready.length === 0) {
      if (!(this.lflag & T.ICANON) && this.termios.cc[T.VMIN] === 0) return new Uint8Array(0);
      return new WouldBlock(this.readers, "tty input");
    }
    if (this.lflag & T.ICANON) {
      const first = this.ready[0];
      if (first.length === 0) {
        this.ready.shift();
        this.eofs--;
        return first;
      }
      if (first.length <= len) {
        this.ready.shift();
        return first;
      }
      this.ready[0] = first.subarray(len);
      return first.slice(0, len);
    }
    const n = Math.min(len, this.ready.length);
    const out = Uint8Array.from(this.ready.splice(0, n).map((c) => c[0]));
    return out;
  }

  private writeOut(data: Uint8Array): number | WouldBlock {
    if (this.hungUp) fail(Errno.EIO);
    if (this.lflag & T.TOSTOP && this.checkForeground(SIGTTOU) === "signalled") return new WouldBlock(this.readers, "tty (background)");
    this.output(data);
    return data.length;
  }

  stat(): Stat {
    return {
      dev: 100, ino: 1000 + this.minor, mode: S_IFCHR | 0o620, nlink: 1, uid: this.uid, gid: 5, rdev: this.rdev, size: 0,
      blksize: 1024, blocks: 0, atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n,
    };
  }

  /** The device number: /dev/pts/<minor> (the host's terminal is /dev/pts/0). */
  get rdev(): number {
    return (136 << 8) | this.minor;
  }

  open(): FileHandle {
    const h = Tty.handleOf(this);
    ttys.set(h, this);
    return h;
  }

  /** The handle's closures, made by a recipe so a snapshot can rebuild them. */
  private static readonly handleOf = recipe("kernel.Tty.handle", (self: Tty): FileHandle => ({
    seekable: false,
    read: (_o, len) => self.read(len),
    write: (_o, data) => self.writeOut(data),
    ioctl: (req, arg, mem) => self.ioctl(req, arg, mem),
    poll: () => (self.ready.length || self.hungUp ? POLLIN : 0) | (self.hungUp ? POLLHUP : POLLOUT),
    pollQueues: () => [self.readers],
    stat: () => self.stat(),
    close: () => self.out.ttyClosed?.(self),
  }));

  ioctl(req: number, arg: bigint, mem: IoctlMemory): number {
    const ptr = Number(arg);
    const i32 = (v: number) => putInt32(mem, ptr, v);
    switch (req) {
      case T.TCGETS:
        mem.write(ptr, this.termios.encode());
        return 0;
      case T.TCSETS:
      case T.TCSETSW:
      case T.TCSETSF: {
        if (req === T.TCSETSF) this.flushInput();
        if (this.checkForeground(SIGTTOU) === "signalled") fail(Errno.ERESTARTSYS);
        const wasCanon = this.lflag & T.ICANON;
        this.termios.decode(mem.read(ptr, T.TERMIOS_SIZE));
        // Leaving canonical mode hands the half-edited line to the reader as raw bytes.
        if (wasCanon && !(this.lflag & T.ICANON) && this.line.length) {
          for (const b of this.line) this.ready.push(Uint8Array.of(b));
          this.line = [];
          this.readers.wakeAll();
        }
        return 0;
      }
      case T.TIOCGWINSZ: {
        const p = Pod.alloc(8);
        p.setUint16(0, this.winsize.rows);
        p.setUint16(2, this.winsize.cols);
        mem.write(ptr, p.bytes);
        return 0;
      }
      case T.TIOCSWINSZ: {
        const p = new Pod(mem.read(ptr, 8));
        this.resize(p.getUint16(2), p.getUint16(0));
        return 0;
      }
      case T.TIOCGPGRP:
        return i32(this.fgPgrp);
      case T.TIOCSPGRP: {
        const pgid = new Pod(mem.read(ptr, 4)).getInt32(0);
        const c = this.hooks.caller();
        if (c && c.ctty !== this) fail(Errno.ENOTTY);
        if (pgid <= 0) fail(Errno.EINVAL);
        if (!this.hooks.groupExists(pgid, this.sid)) fail(Errno.EPERM);
        if (this.checkForeground(SIGTTOU) === "signalled") fail(Errno.ERESTARTSYS);
        this.fgPgrp = pgid;
        return 0;
      }
      case T.TIOCGSID:
        if (!this.sid) fail(Errno.ENOTTY);
        return i32(this.sid);
      case T.TIOCSCTTY:
      case T.TIOCNOTTY:
        return 0; // handled by the kernel (it owns the session bookkeeping) before reaching here
      case T.FIONREAD:
        return i32(this.ready.reduce((n, c) => n + c.length, 0));
      case T.TIOCOUTQ:
        return i32(0);
      case T.TCFLSH:
        if (Number(arg) !== 1) this.flushInput();
        return 0;
      case T.TCXONC:
      case T.TCSBRK:
        return 0;
      default:
        fail(Errno.ENOTTY);
    }
  }
}
