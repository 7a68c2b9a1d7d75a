// struct termios for riscv64 (include/uapi/asm-generic/termbits.h): four tcflag_t words,
// c_line, then c_cc[19]; 36 bytes. Flag and index values from the same header.
import { Pod } from "../../ostd/index.js";

export const TERMIOS_SIZE = 36;

// c_iflag
export const IGNBRK = 0o1, BRKINT = 0o2, INLCR = 0o100, IGNCR = 0o200, ICRNL = 0o400, IXON = 0o2000, IUTF8 = 0o40000;
// c_oflag
export const OPOST = 0o1, ONLCR = 0o4, OCRNL = 0o10;
// c_cflag
export const CS8 = 0o60, CREAD = 0o200, B38400 = 0o17;
// c_lflag
export const ISIG = 0o1, ICANON = 0o2, ECHO = 0o10, ECHOE = 0o20, ECHOK = 0o40, ECHONL = 0o100, NOFLSH = 0o200;
export const TOSTOP = 0o400, ECHOCTL = 0o1000, ECHOKE = 0o4000, IEXTEN = 0o100000;
// c_cc indices
export const VINTR = 0, VQUIT = 1, VERASE = 2, VKILL = 3, VEOF = 4, VTIME = 5, VMIN = 6, VSTART = 8, VSTOP = 9;
export const VSUSP = 10, VEOL = 11, VREPRINT = 12, VWERASE = 14, VLNEXT = 15, VEOL2 = 16;

export class Termios {
  iflag = ICRNL | IXON | IUTF8;
  oflag = OPOST | ONLCR;
  cflag = B38400 | CS8 | CREAD;
  lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
  line = 0;
  cc = new Uint8Array(19);

  constructor() {
    const cc = this.cc;
    cc[VINTR] = 3; cc[VQUIT] = 28; cc[VERASE] = 127; cc[VKILL] = 21; cc[VEOF] = 4; cc[VTIME] = 0; cc[VMIN] = 1;
    cc[VSTART] = 17; cc[VSTOP] = 19; cc[VSUSP] = 26; cc[VREPRINT] = 18; cc[VWERASE] = 23; cc[VLNEXT] = 22;
  }

  encode(): Uint8Array {
    const p = Pod.alloc(TERMIOS_SIZE);
    p.setUint32(0, this.iflag);
    p.setUint32(4, this.oflag);
    p.setUint32(8, this.cflag);
    p.setUint32(12, this.lflag);
    p.setUint8(16, this.line);
    p.bytes.set(this.cc, 17);
    return p.bytes;
  }

  decode(bytes: Uint8Array): void {
    const p = new Pod(bytes);
    this.iflag = p.getUint32(0);
    this.oflag = p.getUint32(4);
    this.cflag = p.getUint32(8);
    this.lflag = p.getUint32(12);
    this.line = p.getUint8(16);
    this.cc = bytes.slice(17, 36);
  }
}

// ioctl requests (include/uapi/asm-generic/ioctls.h).
export const TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TCFLSH = 0x540b;
export const TIOCSCTTY = 0x540e, TIOCGPGRP = 0x540f, TIOCSPGRP = 0x5410, TIOCOUTQ = 0x5411;
export const TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, FIONREAD = 0x541b, TIOCNOTTY = 0x5422, TIOCGSID = 0x5429;
export const TCXONC = 0x540a, TCSBRK = 0x5409, FIONBIO = 0x5421;
