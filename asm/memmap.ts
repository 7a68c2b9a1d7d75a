// The core's private use of the regions layout.ts reserves for it (TLB_BASE..TLB_END and
// DCACHE_BASE..DCACHE_END). Nothing outside asm/ reads these; only layout.ts is a contract.
import {
  STATE_BASE, TLB_BASE, TLB_END, DCACHE_BASE, DCACHE_END, CODEMAP_BASE, RAM_BASE, JITMAP_BASE, JITMAP_END,
  JITMAP_SLOT_BYTES as L_JITMAP_SLOT_BYTES,
  JIT_TLB_R, JIT_TLB_W, JIT_TLB_MASK, JIT_TLB_F, JIT_TLB_F_MASK, JIT_X0_SINK, JIT_STATUS, JIT_TRAP_LEFT, SLOT_HEADER_BYTES, SLOT_MISS_LIST, JIT_MISS_MAX, SLOT_VERSION, DCACHE_SLOT_BYTES,
  JITC_BASE, JITC_END, JITHEAT_BASE, JITHEAT_END, DCACHE_SLOTS, CODEMAP_END,
} from "./layout";

// layout.ts constants typed as Wasm addresses.
export const STATE: usize = <usize>STATE_BASE;
export const RAM: usize = <usize>RAM_BASE;
export const DCACHE: usize = <usize>DCACHE_BASE;
export const DCACHE_LIMIT: usize = <usize>DCACHE_END;
export const CODEMAP: usize = <usize>CODEMAP_BASE;
/** After the code map's u16 per page (1 Mi pages): a byte per decoded-cache slot, set when the
 *  slot is used (the clock that picks a slot to reuse, dcache.ts, clears it as it passes). */
export const SLOT_REFS: usize = CODEMAP + 0x20_0000;
/** The cache's counters and clock hand, kept in memory so that they carry over a core
 *  upgrade: u32 pages given a slot, u32 of those that took it from another page, u32 the slot
 *  the clock looks at next. */
export const DCACHE_STATS: usize = SLOT_REFS + 0x8000;

// Register operands in decoded entries are byte offsets from STATE_BASE (x[i] = 8*i,
// f[i] = HART_F + 8*i). A destination of x0 is redirected to this sink so the executor can
// store unconditionally and x0 in the state block stays zero (ISA spec, "x0 hardwired to 0").
export const X0_SINK_OFF: u32 = <u32>(TLB_BASE - STATE_BASE); // 4096: the first word of TLB_BASE
// The word compiled code and the JIT slow paths report through (layout.ts JIT_STATUS).
export const JSTATUS: usize = <usize>JIT_STATUS;
// The budget left at a fault compiled code threw at (layout.ts JIT_TRAP_LEFT; exec.ts jitTrapEnd).
export const JTRAP_LEFT: usize = <usize>JIT_TRAP_LEFT;

// Scratch decoded entries for running fewer instructions than a cached run holds (budget
// tail) or an instruction that straddles a page boundary: SCRATCH_MAX entries of 32 bytes
// of address space each plus one sentinel.
export const SCRATCH: usize = TLB_BASE + 0x100;
export const SCRATCH_MAX: u32 = 64;
export const SCRATCH_END: usize = SCRATCH + 32 * 65 + 32;

// Scratch list of entry addresses used while decoding a run (at most 2048 per page).
export const DECODE_LIST: usize = TLB_BASE + 0x1000;
export const DECODE_LIST_END: usize = DECODE_LIST + 4 * 2048;

// Direct-mapped TLBs, one per access kind. Entry = 16 bytes:
//   +0 u64 tag: the virtual page number (va >> 12) or all ones when empty
//   +8 u32 addend: Wasm address = u32(va) + addend (wrapping)       (read / write TLBs)
//   +8 u32 slot: decoded-page base, +12 u32 ppn                     (fetch TLB)
// The read and write TLBs reach 64 MiB each, so a program sweeping a large array (a sieve
// over 20 MB) does not walk the page table on every page of every sweep. Flushing them stays
// cheap through their install logs (tlb.ts).
export const TLB_ENTRY: u32 = 16;
export const TLB_R: usize = <usize>JIT_TLB_R; // placement shared with compiled code (layout.ts)
export const TLB_R_MASK: u32 = <u32>JIT_TLB_MASK;
export const TLB_W: usize = <usize>JIT_TLB_W;
export const TLB_W_MASK: u32 = <u32>JIT_TLB_MASK;
export const TLB_F: usize = <usize>JIT_TLB_F;
export const TLB_F_MASK: u32 = <u32>JIT_TLB_F_MASK;
// Write translations for pages holding cached code (never in TLB_W): +8 u32 addend, +12 u32 ppn.
export const TLB_WC: usize = TLB_F + 512 * 16;
export const TLB_WC_MASK: u32 = 255;
// Install logs of the read and write TLBs: u32 count, then up to TLB_LOG_CAP entry indices
// (a count above TLB_LOG_CAP means "too many to list": the next flush clears the whole TLB).
export const TLB_LOG_CAP: u32 = 1023;
export const TLB_R_LOG: usize = TLB_WC + 256 * 16;
export const TLB_W_LOG: usize = TLB_R_LOG + 4 * (TLB_LOG_CAP + 1);
export const TLB_ALL_END: usize = TLB_W_LOG + 4 * (TLB_LOG_CAP + 1);

// Decoded-instruction cache: DCACHE_SLOTS slots, any page in any slot (the code map names a
// page's slot; dcache.ts). A slot is a 64-byte header (u32 tag = ppn + 1, 0 when free) then one
// 16-byte entry per halfword of the page (a decoded instruction lives at the entry of its first
// halfword; with the C extension any halfword may start one) plus one sentinel entry for "fell
// off the end of the page".
export const SLOT_HEADER: u32 = <u32>SLOT_HEADER_BYTES;
export const SLOT_ENTRIES: u32 = 2049;
export const SLOT_BYTES: u32 = <u32>DCACHE_SLOT_BYTES; // 64 + 2049*16 rounded up to a multiple of 64
export const NSLOTS: u32 = <u32>DCACHE_SLOTS;

// The page compiler's region (layout.ts JITC_BASE..JITC_END), kept across a core upgrade:
//   stats: u32 compiles, failures, instructions, linked, ahead (asm/jit_compile.ts)
//   per page of the function being compiled (home + linked): a flags byte and a u16 block
//     index + 1 per halfword; a worklist; blocks; labels; jump targets; the br_table targets
//   the function body written, the leave helper's entry, the module, its dispatch map (staged:
//     copied to the slot's JITMAP entry once installed); the order its blocks are laid out in
export const JITC: usize = <usize>JITC_BASE;
export const JITC_STATS: usize = JITC + 0x18000; //    64 bytes
export const JITC_PAGE_FLAGS: usize = JITC + 0x19000; // 3 x 2048 bytes
export const JITC_PAGE_INDEX: usize = JITC + 0x1b000; // 3 x 2048 x u16
export const JITC_WORK: usize = JITC + 0x1e000; //       u16 x 4096
export const JITC_BLOCKS: usize = JITC + 0x20000; //     JITC_BLOCKS_MAX x 12 bytes
export const JITC_BLOCKS_MAX: u32 = 8192;
export const JITC_LABELS: usize = JITC + 0x38000; //     i32 x JITC_LABELS_MAX
export const JITC_LABELS_MAX: u32 = 8448;
export const JITC_BLOCK_WHERE: usize = JITC + 0x41000; // u32 x JITC_BLOCKS_MAX
export const JITC_JUMPS: usize = JITC + 0x49000; //      JITC_JUMPS_MAX x 16 bytes (i64 delta, u32 offset)
export const JITC_JUMPS_MAX: u32 = 2048;
export const JITC_TABLE: usize = JITC + 0x51000; //      i32 x 3 x 2048
export const JITC_BODY: usize = JITC + 0x57000; //       the page function's instructions
export const JITC_BODY_CAP: u32 = 0x40000;
export const JITC_LEAVE: usize = JITC + 0x97000; //      the leave helper's code-section entry
export const JITC_LEAVE_CAP: u32 = 0x400;
export const JITC_MODULE: usize = JITC + 0x98000; //     the module handed to the host
export const JITC_MODULE_CAP: u32 = 0x44000;
// Dispatch maps (layout.ts JITMAP_BASE): slot s's compiled function finds the block of a
// dispatch slot (a halfword of one of its pages) at JITMAP_BASE + s * JITMAP_SLOT_BYTES.
export const JITMAP_SLOT_BYTES: u32 = <u32>L_JITMAP_SLOT_BYTES;
export const JITMAP_ENTRIES: u32 = JITMAP_SLOT_BYTES / 2;
export const JITMAP: usize = <usize>JITMAP_BASE;
export const JITC_MAP_STAGE: usize = JITC + 0xdc000; //  the dispatch map being written (u16 x JITMAP_ENTRIES)
export const JITC_USED_END: usize = JITC + 0xdc000 + <usize>JITMAP_SLOT_BYTES;
// The order the function's blocks are laid out in (jit_emit.ts orderBlocks): each block's
// position, the block at each position, and the depth-first search's stack (u16 block, u16
// instructions looked at, i32 page offset of the next).
export const JITC_ORDER: usize = JITC + 0xdf000; //       u16 x JITC_BLOCKS_MAX
export const JITC_ORDER_BLOCK: usize = JITC + 0xe3000; // u16 x JITC_BLOCKS_MAX
export const JITC_ORDER_STACK: usize = JITC + 0xe7000; // 8 bytes x JITC_BLOCKS_MAX
export const JITC_ORDER_END: usize = JITC + 0xf7000;
// Entry bitmaps: per slot, the page offsets its compilations since it was claimed entered at.
export const JITC_ENTRY_BITS: usize = JITC + 0x100000; // NSLOTS x 256 bytes

// Execution counts (layout.ts JITHEAT_BASE): per decoded-cache slot, a u16 per halfword of its
// page counting the runs the interpreter started there (entries, and taken jumps and branches
// within the page) once the page is a quarter of the way to the JIT threshold, then a u32 of
// all those counts. The page compiler leaves the code the counts show to be rare to the
// interpreter (jit_pages.ts "Heat"). Cleared when the slot is claimed.
export const JITHEAT: usize = <usize>JITHEAT_BASE;
export const JITHEAT_SLOT_BYTES: u32 = 4096 + 64;
export const JITHEAT_TOTAL: u32 = 4096; // offset of the u32 sum in a slot's counts
/** Runs counted in a page before the page compiler uses its counts. */
export const HEAT_MIN_TOTAL: u32 = 256;

// Compile-time sanity checks of the private map against layout.ts.
// @ts-ignore: decorator
@inline export function memmapOk(): bool {
  return TLB_ALL_END <= <usize>TLB_END && SCRATCH_END <= DECODE_LIST && DECODE_LIST_END <= TLB_R &&
    <usize>NSLOTS * SLOT_BYTES <= DCACHE_LIMIT - DCACHE &&
    SLOT_HEADER + SLOT_ENTRIES * 16 <= SLOT_BYTES &&
    TLB_R == TLB_BASE + 0x4000 && TLB_F == TLB_W + 16384 * 16 && TLB_ALL_END <= <usize>JIT_STATUS && X0_SINK_OFF == <u32>JIT_X0_SINK &&
    SLOT_MISS_LIST + JIT_MISS_MAX * 2 <= SLOT_VERSION && SLOT_VERSION + 4 <= SLOT_HEADER_BYTES &&
    JITC_ORDER_END <= JITC_ENTRY_BITS && JITC_ENTRY_BITS + <usize>NSLOTS * 256 <= <usize>JITC_END && JITC_USED_END <= <usize>JITC_END &&
    SLOT_REFS + <usize>NSLOTS <= DCACHE_STATS && DCACHE_STATS + 12 <= <usize>CODEMAP_END && NSLOTS < 0xFFFF &&
    JITC_BLOCKS + <usize>JITC_BLOCKS_MAX * 12 <= JITC_LABELS && JITC_LABELS + <usize>JITC_LABELS_MAX * 4 <= JITC_BLOCK_WHERE &&
    JITC_BLOCK_WHERE + <usize>JITC_BLOCKS_MAX * 4 <= JITC_JUMPS && JITC_JUMPS + <usize>JITC_JUMPS_MAX * 16 <= JITC_TABLE &&
    JITC_TABLE + 3 * 2048 * 4 <= JITC_BODY && JITC_BODY + <usize>JITC_BODY_CAP <= JITC_LEAVE &&
    JITC_LEAVE + <usize>JITC_LEAVE_CAP <= JITC_MODULE && JITC_MODULE + <usize>JITC_MODULE_CAP <= JITC_MAP_STAGE &&
    JITMAP + <usize>NSLOTS * JITMAP_SLOT_BYTES <= <usize>JITMAP_END &&
    JITHEAT + <usize>NSLOTS * JITHEAT_SLOT_BYTES <= <usize>JITHEAT_END &&
    JITC_USED_END <= JITC_ORDER && JITC_ORDER + <usize>JITC_BLOCKS_MAX * 2 <= JITC_ORDER_BLOCK &&
    JITC_ORDER_BLOCK + <usize>JITC_BLOCKS_MAX * 2 <= JITC_ORDER_STACK &&
    JITC_ORDER_STACK + <usize>JITC_BLOCKS_MAX * 8 <= JITC_ORDER_END;
}
