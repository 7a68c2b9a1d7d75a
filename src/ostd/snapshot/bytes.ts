// Little byte writer and bounds-checked reader for the snapshot format. The reader turns every
// overrun into a SnapshotError, so a truncated or corrupt snapshot never surfaces as a host
// RangeError.
import { SnapshotError } from "./error.js";

export class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private len = 0;
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const grown = new Uint8Array(cap);
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }

  get length(): number {
    return this.len;
  }

  /** Drop everything written after `length` bytes. */
  truncate(length: number): void {
    this.len = Math.min(this.len, length);
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.len++] = v;
  }

  /** Unsigned LEB128 of a non-negative safe integer. */
  uvar(v: number): void {
    this.room(8);
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  /** A safe integer, zigzag-encoded so small negatives stay short. */
  svar(v: number): void {
    this.uvar(v < 0 ? -v * 2 - 1 : v * 2);
  }

  f64le(v: number): void {
    this.f64[0] = v;
    this.bytes(this.f64Bytes);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Length-prefixed bytes. */
  blob(b: Uint8Array): void {
    this.uvar(b.length);
    this.bytes(b);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export class ByteReader {
  pos = 0;
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);

  constructor(private readonly buf: Uint8Array, private readonly what: string) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new SnapshotError(`${this.what} is truncated (needed ${n} more bytes at offset ${this.pos} of ${this.buf.length})`);
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  uvar(): number {
    let v = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (i > 7) throw new SnapshotError(`${this.what} is corrupt (an integer at offset ${this.pos} is too long)`);
      const b = this.u8();
      v += (b & 0x7f) * scale;
      if (!(b & 0x80)) return v;
      scale *= 0x80;
    }
  }

  svar(): number {
    const z = this.uvar();
    return z % 2 ? -(z + 1) / 2 : z / 2;
  }

  f64le(): number {
    this.need(8);
    this.f64Bytes.set(this.buf.subarray(this.pos, this.pos + 8));
    this.pos += 8;
    return this.f64[0];
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  blob(): Uint8Array {
    return this.bytes(this.uvar());
  }
}
