// Little byte writer and bounds-checked reader for the snapshot format. The reader turns every
// overrun into a SnapshotError, so a truncated or corrupt snapshot never surfaces as a host
// RangeError.
import { SnapshotError } from "./error.js";
import { ByteSink } from "../byte_sink.js";

/** The snapshot format's writes on top of the shared byte buffer. */
export class ByteWriter extends ByteSink {
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);

  constructor() {
    super(1 << 16);
  }

  /** Drop everything written after `length` bytes. */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  /** A safe integer, zigzag-encoded so small negatives stay short. */
  svar(v: number): void {
    this.uleb(v < 0 ? -v * 2 - 1 : v * 2);
  }

  f64le(v: number): void {
    this.f64[0] = v;
    this.bytes(this.f64Bytes);
  }

  /** Length-prefixed bytes. */
  blob(b: Uint8Array): void {
    this.uleb(b.length);
    this.bytes(b);
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
