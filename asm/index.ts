// The machine's public API (being written): the exports OSTD may call.
//
//   init(ramBytes)       grow memory to RAM_BASE + ramBytes (a multiple of 64 KiB), reset the
//                        hart state, TLB, decoded-instruction cache and code map.
//   run(budget)          execute until a trap or until `budget` instructions have retired;
//                        returns a TRAP_* code (layout.ts). On a trap, HART_PC is the trapping
//                        instruction, HART_CAUSE/HART_TVAL/HART_ACCESS say why, and the trapping
//                        instruction is not counted as retired. HART_INSTRET is exact on return.
//   adopt(ramBytes, keepCompiled)  take over a memory another instance of the core initialized
//                        (a recompiled core swapped in between run() calls): keeps the hart
//                        state and caches in memory, sets up this instance's own; compiled
//                        pages are forgotten unless keepCompiled (the host reinstalls them).
//   flushTlb()           forget all translations (after satp changes or PTEs are edited).
//   flushTlbPage(va)     forget the translations of one virtual page.
//   invalidateCode(paddr, len)  the host wrote guest physical memory directly: drop decoded
//                        instructions cached for those pages.
export { init, adopt, run, flushTlb, flushTlbPage, invalidateCode } from "./hart";
//   jitTrapEnd()         compiled code threw the JIT tier's trap tag at a faulting load or
//                        store (the exception unwound run()): finish that run; returns what
//                        run() would have (a TRAP_* code).
export { jitTrapEnd } from "./exec";
//   setJitThreshold(n)   compile a page after n entries into it (0 = never: the default).
//   setJitFpDense(on)    compile FP-dense pages too (tests).
//   jitStat(k)           the page compiler's counters (layout.ts JIT_STAT_*).
//   jitLoad, jitStore, jitMulDiv, jitFp  slow paths compiled code imports (asm/jit.ts); nothing else calls them.
//   jitCalls()           calls into compiled code so far (tests).
// It imports env.jitInstall(index, module, length): instantiate the compiled module (bytes in
// this memory) and put its function at `index` of the table; 1 when done.
export { setJitThreshold, jitLoad, jitStore, jitMulDiv, jitFp, jitCalls } from "./jit";
export { jitStat } from "./jit_compile";
//   dcacheStat(k)        the decoded-instruction cache's counters (asm/dcache.ts): 0 pages
//                        decoded into a slot, 1 slots taken from another page, 2 the slots.
export { dcacheStat } from "./dcache";
export { setJitFpDense } from "./jit_pages";
