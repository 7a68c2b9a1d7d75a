// The decoded-instruction cache ("decode once") and the code map.
//
// Any page may go in any slot: the code map (CODEMAP_BASE, a u16 per guest physical page) holds
// the number + 1 of the slot tagged with the page, 0 while none is. A page that needs a slot
// takes a free one, else the one a clock hand picks: it passes over the slots, clearing each
// one's reference bit (set when the fetch TLB is filled with the slot, i.e. each time the page
// is entered after a TLB miss), and takes the first it finds clear. (Slots used to be
// direct-mapped on the page number: a program whose code spans more pages than there are slots,
// like python, had pages throw each other out by the hundred thousand, decoded again each time
// and losing their compiled code.)
//
// Invariant kept with the write TLB: no write-TLB entry exists for a page whose code-map entry
// is set (claiming a slot flushes the write TLB; the store slow path never installs one for a
// marked page), so every guest store into such a page takes the slow path (mmu.ts xlateWrite),
// which drops the page's entries when the stored bytes overlap a decoded instruction
// (overlapsCode). Stores to data that merely shares a page with code leave the decoded code
// alone.
//
// Freeing a slot only clears its tag (and the fetch TLB, the only other thing pointing at
// it); the entries are wiped when the slot is claimed again.
import { DCACHE, CODEMAP, SLOT_REFS, DCACHE_STATS, SLOT_BYTES, SLOT_HEADER, SLOT_ENTRIES, NSLOTS, JITHEAT, JITHEAT_SLOT_BYTES } from "./memmap";
import { OP_PAGE_END, E_OP, E_RUN } from "./ops";
import { flushWriteTlb, flushFetchTlb } from "./tlb";
import { setCodeDirty } from "./trap";
import { SLOT_JIT, SLOT_VERSION } from "./layout";

/** The slot holding page ppn's decoded code, or 0. */
// @ts-ignore: decorator
@inline function slotOf(ppn: u32): usize {
  const s = <usize>load<u16>(CODEMAP + (<usize>ppn << 1));
  return s == 0 ? 0 : DCACHE + (s - 1) * <usize>SLOT_BYTES;
}

/** Where the clock hand points: the next slot it looks at (in memory: a new instance of the
 *  core goes on from there, not from slot 0, where it would take slots whose bits it cleared
 *  before the free ones beyond). */
const HAND: usize = DCACHE_STATS + 8;

/** The decoded-instruction cache's counters since init: 0 pages given a slot (each decoded
 *  anew), 1 of those that took a slot from another page, 2 the slots. */
export function dcacheStat(k: u32): u32 {
  return k < 2 ? load<u32>(DCACHE_STATS + (<usize>k << 2)) : NSLOTS;
}

/** A slot to reuse: a free one, or the first whose reference bit the hand finds clear. */
function victim(): u32 {
  // Two rounds at most: the first clears every bit it passes.
  for (let i: u32 = 0; i < 2 * NSLOTS; i++) {
    const s = load<u32>(HAND);
    store<u32>(HAND, s + 1 == NSLOTS ? 0 : s + 1);
    if (load<u32>(DCACHE + <usize>s * SLOT_BYTES) == 0) return s;
    const ref = SLOT_REFS + <usize>s;
    if (load<u8>(ref) == 0) return s;
    store<u8>(ref, 0);
  }
  return load<u32>(HAND);
}

/** Base of the decoded entries for physical page ppn (entry of page offset o at base + 8*o),
 *  claiming and wiping a slot for it if no slot holds it. */
export function claimSlot(ppn: u32): usize {
  const held = <usize>load<u16>(CODEMAP + (<usize>ppn << 1));
  if (held != 0) {
    store<u8>(SLOT_REFS + held - 1, 1);
    return DCACHE + (held - 1) * <usize>SLOT_BYTES + SLOT_HEADER;
  }
  const s = victim();
  const slot = DCACHE + <usize>s * SLOT_BYTES;
  const base = slot + SLOT_HEADER;
  const tag = load<u32>(slot);
  store<u32>(DCACHE_STATS, load<u32>(DCACHE_STATS) + 1);
  if (tag != 0) {
    store<u32>(DCACHE_STATS, load<u32>(DCACHE_STATS, 4) + 1, 4);
    // Evict the previous page: forget its code-map entry and every fetch-TLB entry naming
    // this slot.
    store<u16>(CODEMAP + (<usize>(tag - 1) << 1), 0);
    flushFetchTlb();
  }
  memory.fill(base, 0, (SLOT_ENTRIES - 1) << 4);
  memory.fill(JITHEAT + <usize>s * JITHEAT_SLOT_BYTES, 0, JITHEAT_SLOT_BYTES);
  // A fresh page: no compiled code, hotness, execution counts and miss records start over (layout.ts SLOT_*);
  // the version counts the claim, so copies of the slot's former code are seen to be stale.
  const version = load<u32>(slot, SLOT_VERSION) + 1;
  memory.fill(slot + 4, 0, SLOT_HEADER - 4);
  store<u32>(slot, version, SLOT_VERSION);
  const sentinel = base + ((SLOT_ENTRIES - 1) << 4);
  store<u8>(sentinel, <u8>OP_PAGE_END, E_OP);
  store<u16>(sentinel, 0, E_RUN);
  store<u32>(slot, ppn + 1);
  store<u16>(CODEMAP + (<usize>ppn << 1), <u16>(s + 1));
  store<u8>(SLOT_REFS + <usize>s, 1);
  // The page now holds cached code: guest stores to it must take the slow path.
  flushWriteTlb();
  return base;
}

/** The physical page number a slot base (from claimSlot) belongs to. */
// @ts-ignore: decorator
@inline export function slotPpn(base: usize): u32 {
  return load<u32>(base - SLOT_HEADER) - 1;
}

/** Guest memory of physical page ppn changed: drop its decoded instructions. */
export function invalidatePage(ppn: u32): void {
  const slot = slotOf(ppn);
  if (slot == 0) return;
  store<u16>(CODEMAP + (<usize>ppn << 1), 0);
  store<u32>(slot, 0);
  store<u32>(slot, 0, SLOT_JIT); // its compiled code goes with its decoded entries
  flushFetchTlb();
  setCodeDirty();
}

/** Forget every page's compiled code and JIT records, keeping the decoded entries (a new
 *  instance of the core adopting this memory has a function table of its own). */
export function forgetCompiledCode(): void {
  for (let s: u32 = 0; s < NSLOTS; s++) {
    const slot = DCACHE + <usize>s * SLOT_BYTES;
    // (A slot never claimed is zero already: not writing it keeps its memory untouched.)
    if (load<u32>(slot, SLOT_VERSION) != 0) memory.fill(slot + 4, 0, SLOT_VERSION - 4); // the version stays
  }
}

/** fence.i (Zifencei): drop every decoded instruction. */
export function invalidateAllCode(): void {
  for (let s: u32 = 0; s < NSLOTS; s++) {
    const slot = DCACHE + <usize>s * SLOT_BYTES;
    const tag = load<u32>(slot);
    if (tag != 0) {
      store<u16>(CODEMAP + (<usize>(tag - 1) << 1), 0);
      store<u32>(slot, 0);
      store<u32>(slot, 0, SLOT_JIT);
    }
  }
  flushFetchTlb();
  setCodeDirty();
}

/** Whether bytes [off, off + size) of page ppn (within the page) overlap a cached decoded
 *  instruction: one starting in [off - 2, off + size) (instructions are 2 or 4 bytes and
 *  start at even offsets; a page-straddling one is never cached). */
export function overlapsCode(ppn: u32, off: u32, size: u32): bool {
  const slot = slotOf(ppn);
  if (slot == 0) return false;
  const base = slot + SLOT_HEADER;
  const first: u32 = off >= 2 ? (off - 2) & ~1 : 0;
  const last = off + size - 1;
  for (let o = first; o <= last; o += 2) {
    if (load<u8>(base + (<usize>o << 3), E_OP) != 0) return true;
  }
  return false;
}

/** Whether decoded code from physical page ppn is cached (the code-map byte). */
// @ts-ignore: decorator
@inline export function isCodePage(ppn: u32): bool {
  return load<u16>(CODEMAP + (<usize>ppn << 1)) != 0;
}
