// Byte streams for the share link's binary form: unsigned LEB128 varints (small numbers take one
// byte), length-prefixed UTF-8 strings, and CRC-32 (the IEEE polynomial, as in gzip and PNG) to
// tell a damaged link from a good one, since raw deflate carries no checksum of its own.
import { ByteSink } from "../ostd/index.js";

/** A reader found the bytes malformed or ending too soon. */
export class ByteFormatError extends Error {}

/** The link format's writes on top of OSTD's byte buffer. */
export class ByteWriter extends ByteSink {
  /** A non-negative integer up to 2^53. */
  uint(v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`not a varint: ${v}`);
    this.uleb(v);
  }

  /** A non-negative bigint of any size. */
  big(v: bigint): void {
    if (v < 0n) throw new RangeError(`not a varint: ${v}`);
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  /** A signed integer, zigzag-coded (small magnitudes take one byte). */
  int(v: number): void {
    this.uint(v < 0 ? -2 * v - 1 : 2 * v);
  }

  string(s: string): void {
    const b = new TextEncoder().encode(s);
    this.uint(b.length);
    this.bytes(b);
  }

  append(w: ByteWriter): void {
    this.bytes(w.view());
  }
}

export class ByteReader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw new ByteFormatError("it ends too soon");
    return this.buf[this.pos++];
  }

  bytes(n: number): Uint8Array {
    if (n > this.remaining) throw new ByteFormatError("it ends too soon");
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  uint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * scale;
      if (!Number.isSafeInteger(v)) throw new ByteFormatError("a number is too large");
      if (!(b & 0x80)) return v;
      scale *= 0x80;
    }
  }

  big(): bigint {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
      if (shift > 140n) throw new ByteFormatError("a number is too large");
    }
  }

  int(): number {
    const u = this.uint();
    return u % 2 ? -(u + 1) / 2 : u / 2;
  }

  string(): string {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(this.bytes(this.uint()));
    } catch (e) {
      if (e instanceof ByteFormatError) throw e;
      throw new ByteFormatError("a string is not UTF-8");
    }
  }
}

let crcTable: Uint32Array | null = null;

export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Base64 with the URL-safe alphabet (RFC 4648 §5), no padding. */
export function base64urlEncode(b: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    out += B64URL[v >> 18] + B64URL[(v >> 12) & 63] + B64URL[(v >> 6) & 63] + B64URL[v & 63];
  }
  if (b.length - i === 1) {
    const v = b[i] << 16;
    out += B64URL[v >> 18] + B64URL[(v >> 12) & 63];
  } else if (b.length - i === 2) {
    const v = (b[i] << 16) | (b[i + 1] << 8);
    out += B64URL[v >> 18] + B64URL[(v >> 12) & 63] + B64URL[(v >> 6) & 63];
  }
  return out;
}

/** Null if `s` is not base64url (a character outside the alphabet, or an impossible length). */
export function base64urlDecode(s: string): Uint8Array | null {
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const v = B64URL.indexOf(s[i]);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
