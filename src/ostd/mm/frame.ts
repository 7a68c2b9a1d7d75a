// Physical frames: 4 KiB pages of guest RAM, reference-counted.
import type { Core } from "../internal/core.js";
import { invalidateCode } from "../internal/code_map.js";
import { OstdError, panic } from "../error.js";
import { PAGE_SIZE } from "../../../asm/layout.js";

/** A physical frame number. Branded so it cannot be mixed up with a virtual address. */
export type Pfn = number & { readonly __brand: "Pfn" };

/**
 * Hands out physical frames. Frames are zero-filled when allocated, reference-counted, and
 * return to the free list when their count drops to zero. Allocation order is deterministic
 * (most recently freed first), which record/replay relies on.
 */
export class FrameAllocator {
  readonly total: number;
  private readonly refs: Uint32Array;
  /** Frames freed since boot, most recent on top. */
  private readonly freeList: Int32Array;
  private freeTop = 0;
  /** Frames at or above this number have never been handed out (and are still zero). Handing
   *  them out in order avoids building a free list of every frame at start-up. */
  private untouched = 0;

  /** @internal OSTD creates the allocator; the kernel receives it from the machine. */
  constructor(private readonly core: Core) {
    this.total = core.ramBytes / PAGE_SIZE;
    this.refs = new Uint32Array(this.total);
    this.freeList = new Int32Array(this.total);
  }

  /** Frames not in use. */
  get free(): number {
    return this.freeTop + (this.total - this.untouched);
  }

  /** A zero-filled frame with a reference count of one, or NoMemory. */
  alloc(): Pfn | OstdError.NoMemory {
    if (this.freeTop === 0) {
      if (this.untouched === this.total) return OstdError.NoMemory;
      const fresh = this.untouched++ as Pfn;
      this.refs[fresh] = 1;
      return fresh; // never used: already zero, and no decoded code can be cached from it
    }
    const pfn = this.freeList[--this.freeTop] as Pfn;
    this.refs[pfn] = 1;
    this.zero(pfn);
    return pfn;
  }

  /** A new frame (reference count one) holding a copy of `src`, or NoMemory: a copy-on-write
   *  break, without zeroing a frame that is overwritten at once. */
  allocCopy(src: Pfn): Pfn | OstdError.NoMemory {
    if (!(this.refs[src] > 0)) panic("FrameAllocator.allocCopy", `frame ${src} is free or out of range`);
    let pfn: Pfn;
    if (this.freeTop === 0) {
      if (this.untouched === this.total) return OstdError.NoMemory;
      pfn = this.untouched++ as Pfn;
    } else {
      pfn = this.freeList[--this.freeTop] as Pfn;
    }
    this.refs[pfn] = 1;
    this.copy(pfn, src);
    return pfn;
  }

  /** Take another reference to a frame in use. */
  ref(pfn: Pfn): void {
    if (!(this.refs[pfn] > 0)) panic("FrameAllocator.ref", `frame ${pfn} is free or out of range`);
    this.refs[pfn]++;
  }

  /** Drop a reference; the frame is freed when none remain. */
  unref(pfn: Pfn): void {
    const n = this.refs[pfn];
    if (!(n > 0)) panic("FrameAllocator.unref", `frame ${pfn} is already free or out of range`);
    this.refs[pfn] = n - 1;
    if (n === 1) this.freeList[this.freeTop++] = pfn;
  }

  /** How many references a frame has (0 when free). A private page with count > 1 is shared
   *  copy-on-write. */
  refCount(pfn: Pfn): number {
    return this.refs[pfn];
  }

  /** Copy `dst.length` bytes out of a frame starting at `offset`. */
  read(pfn: Pfn, offset: number, dst: Uint8Array): void {
    this.check(pfn, offset, dst.length, "read");
    const base = pfn * PAGE_SIZE + offset;
    dst.set(this.core.ram.subarray(base, base + dst.length));
  }

  /** Copy `src` into a frame at `offset`, dropping any decoded instructions cached from it. */
  write(pfn: Pfn, offset: number, src: Uint8Array): void {
    this.check(pfn, offset, src.length, "write");
    const base = pfn * PAGE_SIZE + offset;
    this.core.ram.set(src, base);
    invalidateCode(this.core, base, src.length);
  }

  /** Make `dst` a byte-for-byte copy of `src` (copy-on-write breaks use this). */
  copy(dst: Pfn, src: Pfn): void {
    const ram = this.core.ram;
    ram.copyWithin(dst * PAGE_SIZE, src * PAGE_SIZE, (src + 1) * PAGE_SIZE);
    invalidateCode(this.core, dst * PAGE_SIZE, PAGE_SIZE);
  }

  /** A hash (FNV-1a over 32-bit words) of every frame in use and its reference count: the
   *  memory part of a record/replay digest. */
  contentHash(): string {
    const words = new Uint32Array(this.core.ram.buffer, this.core.ram.byteOffset, this.core.ramBytes / 4);
    let h = 0x811c9dc5;
    for (let pfn = 0; pfn < this.total; pfn++) {
      const n = this.refs[pfn];
      if (n === 0) continue;
      h = Math.imul(h ^ pfn, 0x01000193) ^ n;
      const base = pfn * (PAGE_SIZE / 4);
      for (let i = base; i < base + PAGE_SIZE / 4; i++) h = Math.imul(h ^ words[i], 0x01000193);
    }
    return (h >>> 0).toString(16).padStart(8, "0");
  }

  private zero(pfn: Pfn): void {
    this.core.ram.fill(0, pfn * PAGE_SIZE, (pfn + 1) * PAGE_SIZE);
    invalidateCode(this.core, pfn * PAGE_SIZE, PAGE_SIZE);
  }

  private check(pfn: Pfn, offset: number, len: number, what: string): void {
    if (!(this.refs[pfn] > 0)) panic(`FrameAllocator.${what}`, `frame ${pfn} is free or out of range`);
    if (offset < 0 || offset + len > PAGE_SIZE) panic(`FrameAllocator.${what}`, `range ${offset}+${len} leaves the frame`);
  }
}
