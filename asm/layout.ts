// The one documented layout of the machine in Wasm linear memory.
//
// This file is shared verbatim by the AssemblyScript core (asm/) and by OSTD
// (src/ostd/internal/), so it must stay plain numeric constants that both
// compilers accept. Nothing outside src/ostd may import it.
//
//   0x0000_0000  AssemblyScript static data (the core allocates nothing at run time)
//   STATE_BASE   the hart state block (HART_* offsets below), 4 KiB
//   TLB_BASE     the core's private TLB arrays
//   DCACHE_BASE  the core's private decoded-instruction cache: DCACHE_SLOTS slots of DCACHE_SLOT_BYTES
//   CODEMAP_BASE a u16 per guest physical page: the number + 1 of the decoded-cache slot holding
//                its code, 0 while none does (then the core's private slot reference bits)
//   JITC_BASE    the core's private page-compiler state and output (the JIT tier, asm/jit_compile.ts)
//   JITMAP_BASE  the core's private dispatch maps of compiled pages, one per decoded-cache slot
//   JITHEAT_BASE the core's private execution counts of pages on their way to compilation
//   RAM_BASE     guest physical address 0; guest RAM extends for the size given to init()
//
// Guest physical address p lives at Wasm offset RAM_BASE + p.

export const STATE_BASE = 0x0010_0000;
export const TLB_BASE = 0x0010_1000;
export const TLB_END = 0x0020_0000;
export const DCACHE_BASE = 0x0020_0000;
export const DCACHE_SLOTS = 1024;
export const DCACHE_END = 0x0222_0000; // DCACHE_BASE + DCACHE_SLOTS * DCACHE_SLOT_BYTES
export const CODEMAP_BASE = 0x0222_0000;
export const CODEMAP_END = 0x0243_0000; // 2 MiB: a u16 per page for up to 4 GiB of RAM; 64 KiB more
export const JITC_BASE = 0x0243_0000;
export const JITC_END = 0x0257_0000;
export const JITMAP_BASE = 0x0257_0000;
export const JITMAP_END = 0x02f7_0000; // DCACHE_SLOTS * JITMAP_SLOT_BYTES
export const JITHEAT_BASE = 0x02f7_0000;
export const JITHEAT_END = 0x0338_0000; // DCACHE_SLOTS * (4096 + 64)
export const RAM_BASE = 0x0338_0000;

// Hart state block, byte offsets from STATE_BASE. All fields little-endian.
export const HART_X = 0; //         x0..x31, u64 each (x0 reads as 0; the core never writes it)
export const HART_F = 256; //       f0..f31, u64 raw bits each (singles NaN-boxed)
export const HART_PC = 512; //      u64: pc of the next instruction; on a trap, of the trapping one
export const HART_FCSR = 520; //    u64: fcsr (bits 0..4 fflags, 5..7 frm); upper bits zero
// The three fields above are the user context: OSTD copies HART_CONTEXT_WORDS u64 words
// from offset 0 to save or restore a task.
export const HART_CONTEXT_WORDS = 66;
export const HART_SATP = 528; //    u64: satp as in the privileged spec (MODE=8 for Sv39, PPN of the root table)
export const HART_INSTRET = 536; // u64: instructions retired since init (our clock; never reset)
export const HART_CAUSE = 544; //   u64: cause of the last trap (a TRAP_* value)
export const HART_TVAL = 552; //    u64: faulting address for page/access faults, instruction bits for illegal
export const HART_RESERVATION = 560; // u64: LR reservation address, or RESERVATION_NONE
export const HART_TIME_OFFSET = 568; // u64: added to instret to form the time CSR (see TIME_DIV)
export const HART_ACCESS = 576; //  u64: access kind of the last page/access fault (ACCESS_*)

export const RESERVATION_NONE = -1; // all ones as u64

// The time CSR reads (instret + time offset) / TIME_DIV: 1 instruction = 1 ns of virtual time,
// and a 10 MHz timebase as Linux uses on riscv virt machines.
export const TIME_DIV = 100;

// run(budget) return values: the RISC-V exception codes (privileged spec, mcause table)
// for traps, plus TRAP_BUDGET when the budget was spent with no trap.
export const TRAP_INSTR_MISALIGNED = 0;
export const TRAP_INSTR_ACCESS = 1;
export const TRAP_ILLEGAL = 2;
export const TRAP_BREAKPOINT = 3;
export const TRAP_LOAD_MISALIGNED = 4;
export const TRAP_LOAD_ACCESS = 5;
export const TRAP_STORE_MISALIGNED = 6;
export const TRAP_STORE_ACCESS = 7;
export const TRAP_ECALL_U = 8;
export const TRAP_INSTR_PAGE_FAULT = 12;
export const TRAP_LOAD_PAGE_FAULT = 13;
export const TRAP_STORE_PAGE_FAULT = 15;
export const TRAP_BUDGET = 64;

export const ACCESS_READ = 0;
export const ACCESS_WRITE = 1;
export const ACCESS_EXECUTE = 2;

// Sv39 (privileged spec, section "Sv39: Page-Based 39-bit Virtual-Memory System").
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;
export const SATP_MODE_SV39 = 8;
export const PTE_V = 1;
export const PTE_R = 2;
export const PTE_W = 4;
export const PTE_X = 8;
export const PTE_U = 16;
export const PTE_G = 32;
export const PTE_A = 64;
export const PTE_D = 128;

// ---- The JIT tier's contract (src/ostd/jit compiles hot guest pages to Wasm functions that
// run inside the core's memory; see docs/jit.md). Compiled code inlines the read/write TLB
// fast paths, so their placement is part of this contract (asm/memmap.ts derives from it).
export const JIT_TLB_R = TLB_BASE + 0x4000; // read TLB: 16-byte entries, u64 vpn tag, u32 addend
export const JIT_TLB_W = JIT_TLB_R + 16384 * 16; // write TLB, same shape
export const JIT_TLB_MASK = 16383; //      index mask of both
export const JIT_TLB_F = JIT_TLB_W + 16384 * 16; // fetch TLB: u64 vpn tag, u32 slot entries base, u32 ppn
export const JIT_TLB_F_MASK = 511;
export const JIT_X0_SINK = 4096; //        the rd offset decoded entries use for x0
// u32 word: why compiled code returned (JIT_EXIT_*), and the trap flag of the slow paths.
export const JIT_STATUS = TLB_END - 64;
export const JIT_EXIT_NORMAL = 0; //   pc is where to continue (or nothing ran: budget too small)
export const JIT_EXIT_MISS = 1; //     the entry offset is not an entry point of the compiled code
export const JIT_EXIT_INTERP = 2; //   the instruction at pc is not compiled: interpret it
// u32 word: when a load or store in compiled code traps, the budget left (the trapping
// instruction and the rest of its block refunded). The compiled code then throws the JIT
// tier's trap tag (docs/jit.md "Traps"); the host catches it and calls jitTrapEnd().
export const JIT_TRAP_LEFT = JIT_STATUS + 4;
// Decoded-cache slot header fields (byte offsets from the slot; entries follow the header).
export const SLOT_TAG = 0; //        u32 ppn + 1, 0 when free
export const SLOT_JIT = 4; //        u32 function-table index of the page's compiled code, 0 = none
export const SLOT_HOT = 8; //        u32 hotness counter (run entries and taken local branches)
export const SLOT_COMPILES = 12; //  u32 compilations since the slot was claimed
export const SLOT_MISSES = 16; //    u32 entries into the compiled code that missed
export const SLOT_MISS_LISTED = 20; // u32 distinct offsets in the miss list
export const SLOT_MISS_LIST = 24; // u16 x JIT_MISS_MAX: page offsets that missed (distinct)
export const JIT_MISS_MAX = 18;
export const SLOT_VERSION = 60; //   u32 claims of this slot so far: decoded code copied from the slot
//                                   elsewhere (a linked page, docs/jit.md) is current while equal
export const SLOT_HEADER_BYTES = 64;
// The page compiler's counters, jitStat(k): pages compiled, pages not compiled (failures),
// guest instructions compiled, linked pages carried, pages compiled ahead.
export const JIT_STAT_COMPILES = 0;
export const JIT_STAT_FAILURES = 1;
export const JIT_STAT_INSTRUCTIONS = 2;
export const JIT_STAT_LINKED = 3;
export const JIT_STAT_AHEAD = 4;
// Bytes from one slot to the next: slot s starts at DCACHE_BASE + s * DCACHE_SLOT_BYTES, and
// its compiled code is at index s + 1 of the function table (OSTD finds the slot of an index
// this way when it carries compiled pages over a core upgrade).
export const DCACHE_SLOT_BYTES = 32896;
// Bytes of a slot's dispatch map: slot s's at JITMAP_BASE + s * JITMAP_SLOT_BYTES, a u16 per
// dispatch slot of its compiled function (docs/jit.md "The dispatch map").
export const JITMAP_SLOT_BYTES = 10240;
