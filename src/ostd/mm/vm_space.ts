// A user address space: the page table of one process, and fallible copies in and out of it.
import type { Core } from "../internal/core.js";
import { word } from "../internal/core.js";
import { stateHalves } from "../internal/state_halves.js";
import { invalidateCode } from "../internal/code_map.js";
import { PageTable, makePte, ptePfn, PTE_LEAF_MASK, PTE_SW_NONE } from "../internal/page_table.js";
import type { FrameAllocator, Pfn } from "./frame.js";
import { OstdError, panic } from "../error.js";
import * as L from "../../../asm/layout.js";

/** A user virtual address. User space is [0, USER_TOP). */
export type Vaddr = number;
export const USER_TOP = 2 ** 38;
export const PAGE_SIZE = L.PAGE_SIZE;

/** Page protection, as the kernel speaks of it (PROT_* bits of mmap). */
export const Prot = { None: 0, Read: 1, Write: 2, Exec: 4 } as const;
export type ProtBits = number;

/** What kind of access a fault or a copy is for. */
export enum Access {
  Read = L.ACCESS_READ,
  Write = L.ACCESS_WRITE,
  Execute = L.ACCESS_EXECUTE,
}

/** What a mapped page looks like, without exposing its PTE. */
export interface PageInfo {
  pfn: Pfn;
  prot: ProtBits;
  accessed: boolean;
  dirty: boolean;
}

/** Called when a copy touches a page that is missing or lacks the permission; returns true
 *  if it fixed the mapping (demand paging, copy-on-write) so the copy should retry. */
export type FaultHandler = (va: Vaddr, access: Access) => boolean;

/** The same as an object's method: the kernel's memory object handles its own faults, without
 *  a closure (and a snapshot recipe for it) made for every address space. */
export interface FaultHandling {
  handleFault(va: Vaddr, access: Access): boolean;
}

function protToPte(prot: ProtBits): number {
  let f = L.PTE_U | L.PTE_A;
  // W without R is reserved in Sv39; Linux maps PROT_WRITE as readable too.
  if (prot & (Prot.Read | Prot.Write)) f |= L.PTE_R;
  if (prot & Prot.Write) f |= L.PTE_W | L.PTE_D;
  if (prot & Prot.Exec) f |= L.PTE_X;
  return f;
}

function pteToProt(pte: number): ProtBits {
  if (!(pte & L.PTE_V)) return Prot.None;
  return (pte & L.PTE_R ? Prot.Read : 0) | (pte & L.PTE_W ? Prot.Write : 0) | (pte & L.PTE_X ? Prot.Exec : 0);
}

function isPage(pte: number): boolean {
  return ((pte & L.PTE_V) !== 0 && (pte & PTE_LEAF_MASK) !== 0) || (pte & PTE_SW_NONE) !== 0;
}

/**
 * One address space. Owns a Sv39 page table; holds one frame reference per mapped page.
 * Changes to the active space flush the stale TLB entries themselves.
 */
export class VmSpace {
  /** Private to OSTD: only OSTD's own introspection (ostd/debug/walk.ts) reads it. */
  private readonly table: PageTable;
  /** Installed by the kernel: fixes a fault met by a copy (see FaultHandler). */
  faultHandler: FaultHandler | FaultHandling | null = null;
  private destroyed = false;

  /** @internal Created through Machine.newVmSpace(). */
  constructor(private readonly core: Core, private readonly frames: FrameAllocator) {
    this.table = new PageTable(core, frames);
    this.satp = (BigInt(L.SATP_MODE_SV39) << 60n) | BigInt(this.table.root);
  }

  /** satp value selecting this space. */
  private readonly satp: bigint;

  /** @internal Make this the space the hart translates through. */
  activate(): void {
    if (!this.isActive) {
      this.core.state[word(L.HART_SATP)] = this.satp;
      this.core.exports.flushTlb();
    }
  }

  /** Whether satp names this space's root table (compared as 32-bit halves: asked before
   *  every run and every single-page flush, it makes no BigInt). */
  private get isActive(): boolean {
    const halves = stateHalves(this.core);
    return halves[SATP_LOW] === this.table.root && halves[SATP_LOW + 1] === SATP_HIGH;
  }

  private flushPage(va: Vaddr): void {
    if (this.isActive) this.core.exports.flushTlbPage(BigInt(va));
  }

  /** Map the page at `va` to `pfn` with `prot`, taking a reference to the frame. Replaces (and
   *  releases) any previous mapping. `va` must be page-aligned and below USER_TOP. */
  map(va: Vaddr, pfn: Pfn, prot: ProtBits): true | OstdError.NoMemory {
    checkPage("VmSpace.map", va);
    const addr = this.table.walk(va, true);
    if (addr === null) panic("VmSpace.map", "walk(alloc) returned no PTE");
    if (typeof addr !== "number") return addr;
    const old = this.table.readPte(addr);
    this.frames.ref(pfn);
    this.table.writePte(addr, this.encode(pfn, prot));
    if (isPage(old)) {
      this.frames.unref(ptePfn(old));
      this.flushPage(va);
    }
    return true;
  }

  /**
   * Map consecutive pages from `va`: page i to frame `frames[i]`, skipping negative entries,
   * as map() would each (a reference per page; a previous mapping is replaced, unless
   * `keepExisting`, which leaves mapped pages as they are). Walks from the root once per 2 MiB
   * instead of once per page: exec and fault-around map a cached executable this way.
   */
  mapFrames(va: Vaddr, frames: Int32Array, prot: ProtBits, keepExisting = false): true | OstdError.NoMemory {
    checkPage("VmSpace.mapFrames", va);
    if (va + frames.length * PAGE_SIZE > USER_TOP) panic("VmSpace.mapFrames", `range ${va.toString(16)}+${frames.length} pages leaves user space`);
    const ram32 = this.core.ram32;
    const alloc = this.frames;
    const flags = prot === Prot.None ? PTE_SW_NONE : makePte(0 as Pfn, protToPte(prot));
    let replaced = 0;
    // One level-0 table at a time: page i of the call is PTE (index0 + i) of the table that
    // maps its 2 MiB.
    const index0 = (va / PAGE_SIZE) % 512;
    for (let chunk = 0; chunk < frames.length; ) {
      const end = Math.min(frames.length, chunk + 512 - ((index0 + chunk) % 512));
      let table = -1; // word index of PTE 0 of the table, found at the chunk's first page
      for (let i = chunk; i < end; i++) {
        const pfn = frames[i];
        if (pfn < 0) continue;
        if (table < 0) {
          const page = va + i * PAGE_SIZE;
          const addr = this.table.walk(page, true);
          if (addr === null) panic("VmSpace.mapFrames", "walk(alloc) returned no PTE");
          if (typeof addr !== "number") {
            if (replaced) this.flushAll();
            return addr;
          }
          table = (addr >>> 2) - ((index0 + i) % 512) * 2;
        }
        const w = table + ((index0 + i) % 512) * 2;
        const old = ram32[w];
        if (old !== 0 && isPage(old)) {
          if (keepExisting) continue;
          alloc.ref(pfn as Pfn);
          ram32[w] = pfn * 1024 + flags;
          ram32[w + 1] = 0;
          alloc.unref(ptePfn(old));
          replaced++;
          continue;
        }
        alloc.ref(pfn as Pfn);
        ram32[w] = pfn * 1024 + flags;
        ram32[w + 1] = 0;
      }
      chunk = end;
    }
    if (replaced) this.flushAll();
    return true;
  }

  private encode(pfn: Pfn, prot: ProtBits): number {
    if (prot === Prot.None) return ((pfn << 10) | PTE_SW_NONE) >>> 0;
    return makePte(pfn, protToPte(prot));
  }

  /** Remove the mapping of one page, releasing its frame. Returns whether one existed. */
  unmap(va: Vaddr): boolean {
    checkPage("VmSpace.unmap", va);
    const addr = this.table.walk(va, false);
    if (typeof addr !== "number") return false;
    const pte = this.table.readPte(addr);
    if (!isPage(pte)) return false;
    this.table.writePte(addr, 0);
    this.frames.unref(ptePfn(pte));
    this.flushPage(va);
    return true;
  }

  /** Unmap every page in [start, end), one level-0 table at a time. */
  unmapRange(start: Vaddr, end: Vaddr): void {
    const ram32 = this.core.ram32;
    const frames = this.frames;
    let flushed = 0;
    let firstVa = 0;
    const tables = this.table.leafTables(start, end, []);
    for (let t = 0; t < tables.length; t += 4) {
      const words = (tables[t] * PAGE_SIZE) >>> 2;
      const first = tables[t + 1], last = tables[t + 2], base = tables[t + 3];
      for (let i = first; i <= last; i++) {
        const w = words + i * 2;
        const pte = ram32[w];
        if (pte === 0 || !isPage(pte)) continue;
        ram32[w] = 0;
        ram32[w + 1] = 0;
        frames.unref(ptePfn(pte));
        if (flushed++ === 0) firstVa = base + i * PAGE_SIZE;
      }
    }
    // One page: drop its translation; more: forget them all in one call (cheaper than one
    // crossing into the core per page, and a TLB refill is only a walk).
    this.flushChanged(flushed, firstVa);
  }

  /** After a loop changed `count` entries, the first at `firstVa`: flush that page alone, or
   *  everything when there were more. */
  private flushChanged(count: number, firstVa: Vaddr): void {
    if (count === 1) this.flushPage(firstVa);
    else if (count > 1) this.flushAll();
  }

  private flushAll(): void {
    if (this.isActive) this.core.exports.flushTlb();
  }

  /**
   * fork(): give `child` (a new, empty space) the mappings of [start, end), each page sharing
   * its frame (one more reference). With `copyOnWrite`, writable pages become read-only in
   * both spaces, so the first write to either faults and can copy the frame; without it (a
   * MAP_SHARED area) both keep the same permissions. PTEs are copied a level-0 table at a time
   * and this space's TLB is flushed once, not per page.
   *
   * With `eager` (copy-on-write only), a writable page written since the last such fork (its
   * dirty bit) is copied at once instead, while `eager.pages` lasts: the child gets its own
   * frame and this space keeps the page writable. A program that forks again and again (a
   * shell running commands) writes the same few pages of stack and data between forks, and
   * parent and child then write them again right after: copy-on-write costs two page faults
   * per such page for the one copy made here. Every other writable page loses Write as
   * usual, and every writable page's dirty bit is cleared, so that the next fork sees what
   * was written since this one. What either side reads is the same either way.
   */
  copyInto(child: VmSpace, start: Vaddr, end: Vaddr, copyOnWrite: boolean, eager: { pages: number } | null = null): true | OstdError.NoMemory {
    const ram32 = this.core.ram32;
    const frames = this.frames;
    // What each PTE becomes depends only on its flag bits (the low ten): looked up, not
    // recomputed for each of the hundreds of pages a fork shares.
    const childFlags = copyOnWrite ? COW_CHILD_FLAGS : SHARED_CHILD_FLAGS;
    // With eager copies, a page that loses Write also loses D: D then says "written since".
    const parentClear = eager ? L.PTE_D : 0;
    let protectedAny = false;
    const tables = this.table.leafTables(start, end, []);
    for (let t = 0; t < tables.length; t += 4) {
      const src = (tables[t] * PAGE_SIZE) >>> 2;
      const first = tables[t + 1], last = tables[t + 2], base = tables[t + 3];
      let dst = -1;
      for (let i = first; i <= last; i++) {
        const pte = ram32[src + i * 2];
        if (pte === 0 || !isPage(pte)) continue;
        if (dst < 0) {
          // The child's level-0 table for the same 2 MiB (created on first use).
          const addr = child.table.walk(base + first * PAGE_SIZE, true);
          if (typeof addr !== "number") {
            if (addr === null) panic("VmSpace.copyInto", "walk(alloc) returned no PTE");
            if (protectedAny) this.flushAll();
            return addr;
          }
          dst = (addr >>> 2) - first * 2;
        }
        const flags = pte & FLAG_BITS;
        const ppn = pte - flags;
        if (copyOnWrite) {
          const pfn = ptePfn(pte);
          if (eager !== null && (flags & WRITTEN) === WRITTEN && eager.pages > 0 && frames.refCount(pfn) === 1) {
            const copy = frames.allocCopy(pfn);
            if (typeof copy === "number") {
              eager.pages--;
              ram32[src + i * 2] = pte & ~L.PTE_D;
              protectedAny = true;
              ram32[dst + i * 2] = makePte(copy, flags);
              ram32[dst + i * 2 + 1] = 0;
              continue;
            }
            // No frame for a copy now: share it copy-on-write, as without `eager`.
          }
          const parentFlags = COW_PARENT_FLAGS[flags];
          if (parentFlags !== flags) {
            ram32[src + i * 2] = ppn + (parentFlags & ~parentClear);
            protectedAny = true;
          }
        }
        frames.ref(ptePfn(pte));
        ram32[dst + i * 2] = ppn + childFlags[flags];
        ram32[dst + i * 2 + 1] = 0;
      }
    }
    if (protectedAny) this.flushAll();
    return true;
  }

  /** Change the protection of every mapped page in [start, end). */
  protect(start: Vaddr, end: Vaddr, prot: ProtBits, copyOnWrite = false): void {
    // With `copyOnWrite` (a private area), a page whose frame is shared (more than one
    // reference) stays read-only: its first write must fault and copy it.
    const ram32 = this.core.ram32;
    let changed = 0;
    let firstVa = 0;
    const tables = this.table.leafTables(start, end, []);
    for (let t = 0; t < tables.length; t += 4) {
      const words = (tables[t] * PAGE_SIZE) >>> 2;
      const first = tables[t + 1], last = tables[t + 2], base = tables[t + 3];
      for (let i = first; i <= last; i++) {
        const w = words + i * 2;
        const pte = ram32[w];
        if (pte === 0 || !isPage(pte)) continue;
        const pfn = ptePfn(pte);
        const p = copyOnWrite && this.frames.refCount(pfn) > 1 ? prot & ~Prot.Write : prot;
        let next = this.encode(pfn, p);
        if (p !== Prot.None) next = (next & ~L.PTE_D) | (pte & (L.PTE_A | L.PTE_D));
        ram32[w] = next >>> 0;
        if (changed++ === 0) firstVa = base + i * PAGE_SIZE;
      }
    }
    this.flushChanged(changed, firstVa);
  }

  /** Change the protection of one mapped page; false if it is not mapped. */
  protectPage(va: Vaddr, prot: ProtBits): boolean {
    const addr = this.table.walk(va, false);
    if (typeof addr !== "number") return false;
    const pte = this.table.readPte(addr);
    if (!isPage(pte)) return false;
    this.reprotect(va, addr, pte, prot);
    return true;
  }

  private reprotect(va: Vaddr, addr: number, pte: number, prot: ProtBits): void {
    const keep = pte & (L.PTE_A | L.PTE_D);
    let next = this.encode(ptePfn(pte), prot);
    if (prot !== Prot.None) next = (next & ~L.PTE_D) | keep;
    this.table.writePte(addr, next >>> 0);
    this.flushPage(va);
  }

  /** The mapping of the page containing `va`, or null. */
  query(va: Vaddr): PageInfo | null {
    if (va < 0 || va >= USER_TOP) return null;
    const addr = this.table.walk(va - (va % PAGE_SIZE), false);
    if (typeof addr !== "number") return null;
    const pte = this.table.readPte(addr);
    if (!isPage(pte)) return null;
    return { pfn: ptePfn(pte), prot: pteToProt(pte), accessed: (pte & L.PTE_A) !== 0, dirty: (pte & L.PTE_D) !== 0 };
  }

  /** Visit every mapped page in [start, end) in address order. */
  forEachPage(start: Vaddr, end: Vaddr, fn: (va: Vaddr, info: PageInfo) => void): void {
    const found: Array<[Vaddr, number]> = [];
    this.table.forEachLeaf(start, end, (va, _addr, pte) => found.push([va, pte]));
    for (const [va, pte] of found) {
      fn(va, { pfn: ptePfn(pte), prot: pteToProt(pte), accessed: (pte & L.PTE_A) !== 0, dirty: (pte & L.PTE_D) !== 0 });
    }
  }

  /** Number of mapped pages (resident set). */
  residentPages(): number {
    let n = 0;
    this.table.forEachLeaf(0, USER_TOP, () => n++);
    return n;
  }

  /** Unmap everything and free the page tables (one pass over the tree). The space must not
   *  be used afterwards. */
  destroy(): void {
    if (this.destroyed) panic("VmSpace.destroy", "destroyed twice");
    if (this.isActive) {
      this.core.state[word(L.HART_SATP)] = 0n;
      this.core.exports.flushTlb();
    }
    this.table.destroy();
    this.destroyed = true;
  }

  // ---- Fallible copies between the kernel and user memory -------------------------------

  /** Physical address for a user access to `va`, running the fault handler once if needed. */
  private translate(va: Vaddr, access: Access): number | OstdError.PageFault {
    const needed = access === Access.Write ? L.PTE_W : access === Access.Execute ? L.PTE_X : L.PTE_R;
    const write = access === Access.Write;
    let pa = this.table.translate(va, needed, write);
    const h = this.faultHandler;
    if (pa === null && h && (typeof h === "function" ? h(va, access) : h.handleFault(va, access))) pa = this.table.translate(va, needed, write);
    return pa === null ? OstdError.PageFault : pa;
  }

  /** Copy user memory at `va` into `dst`. Fails with PageFault if any byte is inaccessible
   *  (bytes before the fault may already be copied). */
  read(va: Vaddr, dst: Uint8Array): true | OstdError.PageFault {
    let done = 0;
    while (done < dst.length) {
      const pa = this.translate(va + done, Access.Read);
      if (typeof pa !== "number") return pa;
      const n = Math.min(dst.length - done, PAGE_SIZE - ((va + done) % PAGE_SIZE));
      dst.set(this.core.ram.subarray(pa, pa + n), done);
      done += n;
    }
    return true;
  }

  /** Copy `src` into user memory at `va`, as user stores would (copy-on-write and demand
   *  paging happen through the fault handler). Fails with PageFault on an inaccessible byte. */
  write(va: Vaddr, src: Uint8Array): true | OstdError.PageFault {
    let done = 0;
    while (done < src.length) {
      const pa = this.translate(va + done, Access.Write);
      if (typeof pa !== "number") return pa;
      const n = Math.min(src.length - done, PAGE_SIZE - ((va + done) % PAGE_SIZE));
      this.core.ram.set(src.subarray(done, done + n), pa);
      invalidateCode(this.core, pa, n);
      done += n;
    }
    return true;
  }

  /** Fill `len` bytes of user memory at `va` with zeros. */
  zero(va: Vaddr, len: number): true | OstdError.PageFault {
    return this.write(va, new Uint8Array(len));
  }

  // The fixed-size accessors below take a fast path when the value lies within one page:
  // one translation and a direct access to RAM, with no buffer allocated (system calls read
  // and write small values all the time; each temporary typed array cost more than the copy).

  /** Physical address of `size` bytes at `va` for `access` if they lie within one page (after
   *  the fault handler if needed); null if they cross a page; PageFault. */
  private inPage(va: Vaddr, size: number, access: Access): number | null | OstdError.PageFault {
    if (va % PAGE_SIZE > PAGE_SIZE - size) return null;
    return this.translate(va, access);
  }

  readU32(va: Vaddr): number | OstdError.PageFault {
    const pa = this.inPage(va, 4, Access.Read);
    if (typeof pa === "number") return this.core.ramView.getUint32(pa, true);
    if (pa !== null) return pa;
    const b = new Uint8Array(4);
    const r = this.read(va, b);
    return r === true ? new DataView(b.buffer).getUint32(0, true) : r;
  }

  readU64(va: Vaddr): bigint | OstdError.PageFault {
    const pa = this.inPage(va, 8, Access.Read);
    if (typeof pa === "number") return this.core.ramView.getBigUint64(pa, true);
    if (pa !== null) return pa;
    const b = new Uint8Array(8);
    const r = this.read(va, b);
    return r === true ? new DataView(b.buffer).getBigUint64(0, true) : r;
  }

  writeU32(va: Vaddr, v: number): true | OstdError.PageFault {
    const pa = this.inPage(va, 4, Access.Write);
    if (typeof pa === "number") {
      this.core.ramView.setUint32(pa, v >>> 0, true);
      invalidateCode(this.core, pa, 4);
      return true;
    }
    if (pa !== null) return pa;
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    return this.write(va, b);
  }

  writeU64(va: Vaddr, v: bigint): true | OstdError.PageFault {
    const pa = this.inPage(va, 8, Access.Write);
    if (typeof pa === "number") {
      this.core.ramView.setBigUint64(pa, BigInt.asUintN(64, v), true);
      invalidateCode(this.core, pa, 8);
      return true;
    }
    if (pa !== null) return pa;
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    return this.write(va, b);
  }

  /** Read a NUL-terminated string of at most `max` bytes (excluding the NUL). Returns the bytes
   *  without the NUL, PageFault, or InvalidArgs if no NUL was found within `max` bytes. */
  readCString(va: Vaddr, max: number): Uint8Array | OstdError.PageFault | OstdError.InvalidArgs {
    const chunks: Uint8Array[] = [];
    let total = 0;
    while (total <= max) {
      const pa = this.translate(va + total, Access.Read);
      if (typeof pa !== "number") return pa;
      const n = PAGE_SIZE - ((va + total) % PAGE_SIZE);
      const page = this.core.ram.subarray(pa, pa + n);
      const nul = page.indexOf(0);
      if (nul >= 0) {
        chunks.push(page.slice(0, nul));
        total += nul;
        if (total > max) return OstdError.InvalidArgs;
        return concat(chunks, total);
      }
      chunks.push(page.slice());
      total += n;
    }
    return OstdError.InvalidArgs;
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c.subarray(0, Math.min(c.length, total - off)), off);
    off += c.length;
  }
  return out;
}

/** satp's halves in the state block: the low one is the root table's PPN (RAM is below 2^44
 *  bytes), the high one holds MODE. */
const SATP_LOW = 2 * word(L.HART_SATP);
const SATP_HIGH = (L.SATP_MODE_SV39 << 28) >>> 0;

/** The flag bits of a PTE (V..D and the two software bits); the PPN starts above them. */
const FLAG_BITS = 0x3ff;

/** fork's PTE rewrites by flag bits: the child's PTE for a private page (writable pages become
 *  read-only: copy-on-write), the parent's own (likewise, keeping A and D), and the child's
 *  PTE for a shared page (same permissions). Only meaningful for PTEs that map a page. */
const COW_CHILD_FLAGS = new Int32Array(FLAG_BITS + 1);
const COW_PARENT_FLAGS = new Int32Array(FLAG_BITS + 1);
const SHARED_CHILD_FLAGS = new Int32Array(FLAG_BITS + 1);
/** A writable page written since it was mapped or since the last fork with eager copies. */
const WRITTEN = L.PTE_V | L.PTE_W | L.PTE_D;
for (let flags = 0; flags <= FLAG_BITS; flags++) {
  const prot = pteToProt(flags);
  const cow = prot & ~Prot.Write;
  const encode = (p: ProtBits) => (p === Prot.None ? PTE_SW_NONE : makePte(0 as Pfn, protToPte(p)));
  COW_CHILD_FLAGS[flags] = encode(cow);
  SHARED_CHILD_FLAGS[flags] = encode(prot);
  COW_PARENT_FLAGS[flags] = cow !== prot ? (encode(cow) & ~L.PTE_D) | (flags & (L.PTE_A | L.PTE_D)) : flags;
}

function checkPage(where: string, va: Vaddr): void {
  if (va % PAGE_SIZE !== 0 || va < 0 || va >= USER_TOP) panic(where, `bad page address ${va.toString(16)}`);
}
