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

/** Byte offset in RAM of the PTE for `va` at `level` (2 = root) inside table `table`. */
function pteAddr(table: Pfn, va: number, level: number): number {
  const vpn = Math.floor(va / 2 ** (12 + 9 * level)) % 512;
  return table * PAGE_SIZE + vpn * 8;
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

  readPte(addr: number): number {
    return this.core.ramView.getUint32(addr, true);
  }

  writePte(addr: number, pte: number): void {
    this.core.ramView.setUint32(addr, pte >>> 0, true);
    this.core.ramView.setUint32(addr + 4, 0, true);
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
        const pageBytes = 2 ** (12 + 9 * level);
        return ptePfn(pte) * PAGE_SIZE + (va % pageBytes);
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
    const span = 2 ** (12 + 9 * level);
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

  /** Free every intermediate table (the leaves' frames are the caller's business). */
  destroy(): void {
    this.freeTables(this.root, 2);
  }

  private freeTables(table: Pfn, level: number): void {
    if (level > 0) {
      for (let i = 0; i < 512; i++) {
        const pte = this.readPte(table * PAGE_SIZE + i * 8);
        if ((pte & PTE_V) && !(pte & PTE_LEAF_MASK)) this.freeTables(ptePfn(pte), level - 1);
      }
    }
    this.frames.unref(table);
  }
}
