// Plain-old-data codecs: little-endian reads and writes of C struct fields in a byte array.
// The kernel encodes every ABI struct (stat, timespec, sigaction, ...) with these, so it never
// needs a DataView (which lint keeps out of the kernel along with every view of machine memory).

/** A little-endian field accessor over a byte array the caller owns (not machine memory). */
export class Pod {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A zero-filled struct of `size` bytes. */
  static alloc(size: number): Pod {
    return new Pod(new Uint8Array(size));
  }

  getUint8(o: number): number { return this.view.getUint8(o); }
  getUint16(o: number): number { return this.view.getUint16(o, true); }
  getInt16(o: number): number { return this.view.getInt16(o, true); }
  getInt32(o: number): number { return this.view.getInt32(o, true); }
  getUint32(o: number): number { return this.view.getUint32(o, true); }
  getBigInt64(o: number): bigint { return this.view.getBigInt64(o, true); }
  getBigUint64(o: number): bigint { return this.view.getBigUint64(o, true); }
  setUint8(o: number, v: number): void { this.view.setUint8(o, v); }
  setUint16(o: number, v: number): void { this.view.setUint16(o, v, true); }
  setInt32(o: number, v: number): void { this.view.setInt32(o, v, true); }
  setUint32(o: number, v: number): void { this.view.setUint32(o, v, true); }
  setBigInt64(o: number, v: bigint): void { this.view.setBigInt64(o, BigInt.asIntN(64, v), true); }
  setBigUint64(o: number, v: bigint): void { this.view.setBigUint64(o, BigInt.asUintN(64, v), true); }
}
