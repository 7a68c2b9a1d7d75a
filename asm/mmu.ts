// Sv39 address translation for user-mode accesses and the slow paths of loads, stores and
// instruction fetch (privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory System" and
// "Virtual Address Translation Process").
import {
  STATE_BASE, HART_SATP, SATP_MODE_SV39,
  PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_A, PTE_D,
  ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE,
  TRAP_LOAD_PAGE_FAULT, TRAP_STORE_PAGE_FAULT, TRAP_INSTR_PAGE_FAULT,
  TRAP_LOAD_ACCESS, TRAP_STORE_ACCESS, TRAP_INSTR_ACCESS,
} from "./layout";
import { RAM, TLB_R, TLB_R_MASK, TLB_W, TLB_W_MASK, TLB_F, TLB_F_MASK, TLB_WC, TLB_WC_MASK } from "./memmap";
import { tlbLookup, tlbInstall } from "./tlb";
import { claimSlot, invalidatePage, isCodePage, overlapsCode } from "./dcache";
import { raise, gCodeDirty } from "./trap";

/** Guest RAM size in bytes and 4 KiB pages (set by init). */
export let gRamBytes: u64 = 0;
export let gRamPages: u32 = 0;

export function setRamSize(bytes: u64): void {
  gRamBytes = bytes;
  gRamPages = <u32>(bytes >> 12);
}

/** walk() result for a fault (never a valid physical address). */
export const FAULT: u64 = <u64>-1;

const PPN_MASK: u64 = (<u64>1 << 44) - 1;

// @ts-ignore: decorator
@inline function pageFaultCause(acc: u32): u32 {
  return acc == ACCESS_READ ? TRAP_LOAD_PAGE_FAULT : acc == ACCESS_WRITE ? TRAP_STORE_PAGE_FAULT : TRAP_INSTR_PAGE_FAULT;
}

// @ts-ignore: decorator
@inline function accessFaultCause(acc: u32): u32 {
  return acc == ACCESS_READ ? TRAP_LOAD_ACCESS : acc == ACCESS_WRITE ? TRAP_STORE_ACCESS : TRAP_INSTR_ACCESS;
}

/**
 * Translate a user-mode access of kind `acc` (ACCESS_*) to va. Returns the guest physical
 * address, or FAULT after raising the page or access fault (tval = va).
 * Sets A, and D for writes, in the leaf PTE as the spec's hardware-update scheme (Svadu) does.
 */
export function walk(va: u64, acc: u32): u64 {
  // Sv39: bits 63..39 must all equal bit 38, else the address is invalid (page fault).
  const satp = load<u64>(STATE_BASE + HART_SATP);
  if (<u64>((<i64>(va << 25)) >> 25) != va || (satp >> 60) != <u64>SATP_MODE_SV39) {
    raise(pageFaultCause(acc), va, acc);
    return FAULT;
  }
  let table: u64 = (satp & PPN_MASK) << 12;
  let level: i32 = 2;
  let pte: u64 = 0;
  let pteAddr: u64 = 0;
  while (true) {
    pteAddr = table + (((va >> (12 + 9 * <u64>level)) & 511) << 3);
    if (pteAddr >= gRamBytes) {
      raise(accessFaultCause(acc), va, acc); // the PTE itself is not in memory (PMA check)
      return FAULT;
    }
    pte = load<u64>(RAM + <usize>pteAddr);
    // Invalid, W without R (reserved), or bits 63..54 set (Svnapot/Svpbmt/reserved: not
    // implemented, so reserved here): page fault.
    if ((pte & PTE_V) == 0 || (pte & (PTE_R | PTE_W)) == PTE_W || (pte >> 54) != 0) break;
    if ((pte & (PTE_R | PTE_X)) != 0) {
      // Leaf. User mode needs U and the permission of the access kind.
      const need: u64 = acc == ACCESS_READ ? PTE_R : acc == ACCESS_WRITE ? PTE_W : PTE_X;
      if ((pte & PTE_U) == 0 || (pte & need) == 0) break;
      let ppn = (pte >> 10) & PPN_MASK;
      if (level > 0) {
        const low: u64 = (<u64>1 << (9 * <u64>level)) - 1;
        if ((ppn & low) != 0) break; // misaligned superpage
        ppn |= (va >> 12) & low;
      }
      if (ppn >= <u64>gRamPages) {
        raise(accessFaultCause(acc), va, acc);
        return FAULT;
      }
      const upd = pte | PTE_A | (acc == ACCESS_WRITE ? <u64>PTE_D : 0);
      if (upd != pte) store<u64>(RAM + <usize>pteAddr, upd);
      return (ppn << 12) | (va & 0xFFF);
    }
    if (level == 0) break; // a non-leaf PTE at the last level
    level--;
    table = ((pte >> 10) & PPN_MASK) << 12;
  }
  raise(pageFaultCause(acc), va, acc);
  return FAULT;
}

/** Wasm address for a read of va (TLB, else walk and fill), or 0 after raising a fault. */
export function xlateRead(va: u64): usize {
  const a = tlbLookup(TLB_R, TLB_R_MASK, va, 0);
  if (a != 0) return a;
  const pa = walk(va, ACCESS_READ);
  if (pa == FAULT) return 0;
  tlbInstall(TLB_R, TLB_R_MASK, va, <u32>(pa >> 12));
  return RAM + <usize>pa;
}

/** Wasm address for a write of the `size` bytes at va (within one page), or 0 after raising
 *  a fault. When the bytes overlap cached decoded instructions the page's entries are
 *  dropped (setting gCodeDirty) before the caller writes. Pages holding cached code are
 *  never put in the write TLB; their translations live in TLB_WC, checked here. */
export function xlateWrite(va: u64, size: u32): usize {
  const a = tlbLookup(TLB_W, TLB_W_MASK, va, 0);
  if (a != 0) return a; // write-TLB entries never name code pages
  const vpn = va >> 12;
  const t = TLB_WC + ((<usize>vpn & TLB_WC_MASK) << 4);
  let ppn: u32;
  let addr: usize;
  if (load<u64>(t) == vpn) {
    ppn = load<u32>(t, 12);
    addr = <usize>(<u32>va + load<u32>(t, 8));
  } else {
    const pa = walk(va, ACCESS_WRITE);
    if (pa == FAULT) return 0;
    ppn = <u32>(pa >> 12);
    addr = RAM + <usize>pa;
    // A and D are set now: the read TLB, and the write TLB unless the page holds code.
    tlbInstall(TLB_R, TLB_R_MASK, va, ppn);
    if (!isCodePage(ppn)) {
      tlbInstall(TLB_W, TLB_W_MASK, va, ppn);
      return addr;
    }
    store<u64>(t, vpn);
    store<u32>(t, <u32>(addr - (<usize>va & 0xFFF)) - (<u32>va & ~0xFFF), 8);
    store<u32>(t, ppn, 12);
  }
  if (isCodePage(ppn)) {
    // Code and data may share a page: only a store over decoded instructions drops them.
    if (overlapsCode(ppn, <u32>va & 0xFFF, size)) invalidatePage(ppn);
  } else {
    // No code cached any more: move the translation to the fast write TLB.
    store<u64>(t, <u64>-1);
    tlbInstall(TLB_W, TLB_W_MASK, va, ppn);
  }
  return addr;
}

/** Load `size` bytes (1, 2, 4, 8) at va, zero-extended; any alignment, also across a page
 *  boundary (byte by byte, the second page translated on its own). On a fault raises it
 *  (tval = the address of the part that faulted) and returns 0. */
export function loadSlow(va: u64, size: u32): u64 {
  const off = <u32>va & 0xFFF;
  const a = xlateRead(va);
  if (a == 0) return 0;
  if (off + size <= 4096) {
    if (size == 1) return <u64>load<u8>(a);
    if (size == 2) return <u64>load<u16>(a);
    if (size == 4) return <u64>load<u32>(a);
    return load<u64>(a);
  }
  const a2 = xlateRead((va | 0xFFF) + 1);
  if (a2 == 0) return 0;
  const n1: u32 = 4096 - off;
  let v: u64 = 0;
  for (let i: u32 = 0; i < size; i++) {
    const b = i < n1 ? load<u8>(a + i) : load<u8>(a2 + (i - n1));
    v |= <u64>b << (<u64>i << 3);
  }
  return v;
}

/** Store the low `size` bytes of v at va; any alignment, also across a page boundary (both
 *  pages are translated before anything is written). Returns 0, or nonzero when a fault
 *  was raised (nothing written) or cached code was dropped (gCodeDirty). */
export function storeSlow(va: u64, v: u64, size: u32): u32 {
  const off = <u32>va & 0xFFF;
  const n1: u32 = off + size <= 4096 ? size : 4096 - off;
  const a = xlateWrite(va, n1);
  if (a == 0) return 1;
  if (n1 == size) {
    if (size == 1) store<u8>(a, <u8>v);
    else if (size == 2) store<u16>(a, <u16>v);
    else if (size == 4) store<u32>(a, <u32>v);
    else store<u64>(a, v);
  } else {
    const a2 = xlateWrite((va | 0xFFF) + 1, size - n1);
    if (a2 == 0) return 1;
    for (let i: u32 = 0; i < size; i++) {
      const b = <u8>(v >> (<u64>i << 3));
      if (i < n1) store<u8>(a + i, b);
      else store<u8>(a2 + (i - n1), b);
    }
  }
  return gCodeDirty;
}

/** Decoded-entry base of the page holding pc (fetch TLB, else walk for execute and claim
 *  the page's decoded-cache slot), or 0 after raising an instruction fault. */
export function fetchPage(pc: u64): usize {
  const vpn = pc >> 12;
  const t = TLB_F + ((<usize>vpn & TLB_F_MASK) << 4);
  if (load<u64>(t) == vpn) return <usize>load<u32>(t, 8);
  const pa = walk(pc, ACCESS_EXECUTE);
  if (pa == FAULT) return 0;
  const ppn = <u32>(pa >> 12);
  const base = claimSlot(ppn); // may flush the fetch TLB: fill the entry afterwards
  store<u64>(t, vpn);
  store<u32>(t, <u32>base, 8);
  store<u32>(t, ppn, 12);
  return base;
}
