// Sv39 page tables in guest physical memory (privileged spec, "Sv39").
//
//   38        30 29        21 20        12 11            0
//  +------------+------------+------------+---------------+
//  |   VPN[2]   |   VPN[1]   |   VPN[0]   |  page offset  |   virtual address
//  +------------+------------+------------+---------------+
//
// satp.PPN names the root table; each table is one 4 KiB frame of 512 8-byte PTEs. A PTE with
// any of R/W/X set is a leaf. We only build 4 KiB leaves, but walk() accepts superpages.
// Guest RAM is below 4 GiB, so a PPN (bits 10..53 of the PTE) fits in the low 32-bit word and
// the high word is always zero: PTEs are read and written as u32.
import type { Core } from "./core.js";
import type { FrameAllocator, Pfn } from "../mm/frame.js";
import { OstdError, panic } from "../error.js";
import { PAGE_SIZE, PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_A, PTE_D } from "../../../asm/layout.js";

export const PTE_LEAF_MASK = PTE_R | PTE_W | PTE_X;
/** Software bit (RSW, ignored by the hardware) on a level-0 PTE with V clear: the page is
 *  mapped PROT_NONE and the PPN is still its frame. */
export const PTE_SW_NONE = 1 << 8;

/** Bytes spanned by one PTE at each level (4 KiB, 2 MiB, 1 GiB). */
const SPAN = [2 ** 12, 2 ** 21, 2 ** 30];

/** VPN[level] of `va`. A user address is below 2^38, so va / span fits an unsigned 32-bit
 *  integer and `>>> 0` is the floor (much cheaper than Math.floor on this hot path). */
function vpn(va: number, level: number): number {
  return ((va / SPAN[level]) >>> 0) & 511;
}

/** Byte offset in RAM of the PTE for `va` at `level` (2 = root) inside table `table`. */
function pteAddr(table: Pfn, va: number, level: number): number {
  return table * PAGE_SIZE + vpn(va, level) * 8;
}

export function ptePfn(pte: number): Pfn {
  return (pte >>> 10) as Pfn;
}

export function makePte(pfn: Pfn, flags: number): number {
  return ((pfn << 10) | flags | PTE_V) >>> 0;
}

export class PageTable {
  readonly root: Pfn;

  constructor(private readonly core: Core, private readonly frames: FrameAllocator) {
    const root = frames.alloc();
    if (typeof root !== "number") panic("PageTable", "no frame for a root page table");
    this.root = root;
  }

  /** The low word of the PTE at RAM byte address `addr` (the high word is always zero). */
  readPte(addr: number): number {
    return this.core.ram32[addr >>> 2];
  }

  writePte(addr: number, pte: number): void {
    const ram32 = this.core.ram32;
    const w = addr >>> 2;
    ram32[w] = pte;
    ram32[w + 1] = 0;
  }

  /**
   * Return the RAM address of the level-0 PTE for `va`, creating intermediate tables when
   * `alloc` is set. Returns null if a table is missing and `alloc` is false, NoMemory if one
   * cannot be allocated. Panics if a superpage is in the way (we never create them).
   */
  walk(va: number, alloc: boolean): number | null | OstdError.NoMemory {
    let table = this.root;
    for (let level = 2; level > 0; level--) {
      const addr = pteAddr(table, va, level);
      const pte = this.readPte(addr);
      if (pte & PTE_V) {
        if (pte & PTE_LEAF_MASK) panic("PageTable.walk", `superpage at level ${level} for ${va.toString(16)}`);
        table = ptePfn(pte);
        continue;
      }
      if (!alloc) return null;
      const next = this.frames.alloc();
      if (typeof next !== "number") return next;
      this.writePte(addr, makePte(next, 0));
      table = next;
    }
    return pteAddr(table, va, 0);
  }

  /**
   * Translate `va` as the hardware would for a user access of the given kind, setting A (and D
   * for writes). Returns the physical address, or null on a fault (missing, not U, or lacking
   * the permission).
   */
  translate(va: number, needed: number, setDirty: boolean): number | null {
    if (va < 0 || va >= 2 ** 38) return null; // upper half is never user memory here
    let table = this.root;
    for (let level = 2; level >= 0; level--) {
      const addr = pteAddr(table, va, level);
      const pte = this.readPte(addr);
      if (!(pte & PTE_V)) return null;
      if (pte & PTE_LEAF_MASK) {
        if ((pte & PTE_U) === 0 || (pte & needed) !== needed) return null;
        const updated = pte | PTE_A | (setDirty ? PTE_D : 0);
        if (updated !== pte) this.writePte(addr, updated);
        return ptePfn(pte) * PAGE_SIZE + (va % SPAN[level]);
      }
      table = ptePfn(pte);
    }
    return null;
  }

  /** Visit every leaf PTE (valid, or PROT_NONE) whose page starts in [start, end). */
  forEachLeaf(start: number, end: number, visit: (va: number, pteAddr: number, pte: number) => void): void {
    this.visit(this.root, 2, 0, start, end, visit);
  }

  private visit(table: Pfn, level: number, base: number, start: number, end: number,
    fn: (va: number, pteAddr: number, pte: number) => void): void {
    const span = SPAN[level];
    const first = Math.max(0, Math.floor((start - base) / span));
    const last = Math.min(511, Math.floor((end - 1 - base) / span));
    for (let i = first; i <= last; i++) {
      const addr = table * PAGE_SIZE + i * 8;
      const pte = this.readPte(addr);
      const va = base + i * span;
      if (!(pte & PTE_V)) {
        if (level === 0 && (pte & PTE_SW_NONE)) fn(va, addr, pte);
        continue;
      }
      if (pte & PTE_LEAF_MASK) fn(va, addr, pte);
      else if (level > 0) this.visit(ptePfn(pte), level - 1, va, start, end, fn);
    }
  }

  /**
   * Every existing level-0 table that covers part of [start, end), as four numbers appended to
   * `out`: its frame, `first`..`last` the indices of its PTEs inside the range, and the address
   * index 0 maps. Batch operations (fork, unmap, mprotect) work a whole table at a time this way
   * instead of walking from the root for every page, looping over the list with plain locals
   * (which V8 keeps in registers; a callback's captured variables live in a heap context).
   */
  leafTables(start: number, end: number, out: number[]): number[] {
    if (end > start) this.collectTables(this.root, 2, 0, start, end, out);
    return out;
  }

  private collectTables(table: Pfn, level: number, base: number, start: number, end: number, out: number[]): void {
    const span = SPAN[level];
    const first = Math.max(0, Math.floor((start - base) / span));
    const last = Math.min(511, Math.floor((end - 1 - base) / span));
    if (level === 0) {
      if (first <= last) out.push(table, first, last, base);
      return;
    }
    const ram32 = this.core.ram32;
    for (let i = first; i <= last; i++) {
      const pte = ram32[(table * PAGE_SIZE + i * 8) >>> 2];
      if ((pte & PTE_V) && !(pte & PTE_LEAF_MASK)) this.collectTables(ptePfn(pte), level - 1, base + i * span, start, end, out);
    }
  }

  /** Free every table and drop the reference of every leaf PTE (valid, or PROT_NONE): one
   *  pass over the tree when a whole address space goes. */
  destroy(): void {
    this.freeTables(this.root, 2);
  }

  private freeTables(table: Pfn, level: number): void {
    const ram32 = this.core.ram32;
    const frames = this.frames;
    const base = (table * PAGE_SIZE) >>> 2;
    // Most entries of a table are empty (an exec'd busybox fills about one table in six), so
    // the scan skips four entries at a time while their low words are all zero: half the
    // time of testing each one, when a fork, an exec and an exit each free a whole tree.
    for (let g = 0; g < 1024; g += 8) {
      const w = base + g;
      if ((ram32[w] | ram32[w + 2] | ram32[w + 4] | ram32[w + 6]) === 0) continue;
      for (let i = g; i < g + 8; i += 2) {
        const pte = ram32[base + i];
        if (pte === 0) continue;
        if (!(pte & PTE_V)) {
          if (level === 0 && (pte & PTE_SW_NONE)) frames.unref(ptePfn(pte));
        } else if (pte & PTE_LEAF_MASK) {
          frames.unref(ptePfn(pte));
        } else if (level > 0) {
          this.freeTables(ptePfn(pte), level - 1);
        }
      }
    }
    frames.unref(table);
  }
}
