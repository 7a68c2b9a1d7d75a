// A growable byte buffer with the writes the binary formats here share: single bytes, byte
// runs and unsigned LEB128. The snapshot format (snapshot/bytes.ts), the share link's binary
// form (worker/bytes.ts) and module tags (module_bytes.ts) build on it.
export class ByteSink {
  protected buf: Uint8Array;
  /** Bytes written so far. */
  length = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  protected room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }

  byte(v: number): this {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  bytes(b: ArrayLike<number>): this {
    this.room(b.length);
    if (b instanceof Uint8Array) this.buf.set(b, this.length);
    else for (let i = 0; i < b.length; i++) this.buf[this.length + i] = b[i];
    this.length += b.length;
    return this;
  }

  /** Unsigned LEB128 of a non-negative safe integer (small numbers take one byte). */
  uleb(v: number): this {
    this.room(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
    return this;
  }

  /** The bytes written so far, as a view (later writes may move or change it). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
