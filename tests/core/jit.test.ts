// The JIT tier (src/ostd/jit, asm/jit.ts) against the interpreter: compiled code must retire
// exactly the same instructions, stop at exactly the same points and trap exactly alike.
// Every Hart here compiles a page on its first entry (threshold 1); the reference Hart never
// compiles. jitCalls() shows that compiled code really ran.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hart, L, CODE_VA, DATA_VA, R, W, X, U } from "./harness.js";
import { jitDefaults, setJitDefaults, type JitOptions } from "../../src/ostd/jit/index.js";

let saved: JitOptions;
beforeAll(() => { saved = jitDefaults(); });
afterAll(() => setJitDefaults(saved));

function hart(threshold: number): Hart {
  setJitDefaults({ threshold, strict: true });
  return new Hart();
}

const REGS = ["ra", "sp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "s2", "s3"];
function state(h: Hart) {
  return { pc: h.pc, instret: h.instret, regs: REGS.map((r) => h.x(r)) };
}

/** Run `src` to its ecall on a Hart that never compiles and on one compiling at `threshold`;
 *  the states must match. Returns the compiling Hart. */
function matchesInterpreter(src: string, threshold = 1, opts: Parameters<Hart["load"]>[1] = {}): Hart {
  const ref = hart(0);
  ref.load(src, opts);
  ref.runToTrap();
  const h = hart(threshold);
  h.load(src, opts);
  h.runToTrap();
  expect(state(h)).toEqual(state(ref));
  return h;
}

// Loops, local and far branches, calls across pages and within the page (jalr to a local
// target), byte loads and shifts (a decoder loop like the one in libgcc's FDE code), a jump
// table, stores, compressed and 32-bit code.
const PROGRAM = `
  li s0, 0
  li s1, 60
  la s3, data
1:
  addi s0, s0, 3
  c.addi s0, 1
  andi t0, s1, 3
  beqz t0, 2f
  xor s0, s0, s1
  call far
  call near
2:
  lbu t1, 0(s3)
  lbu t2, 1(s3)
  slli t2, t2, 8
  or t1, t1, t2
  add s0, s0, t1
  sb s0, 2(s3)
  andi t0, s1, 1
  slli t0, t0, 2
  lla t2, table
  add t2, t2, t0
  jr t2
table:
  j 3f
  j 4f
3:
  addi s0, s0, 7
4:
  addi s1, s1, -1
  bnez s1, 1b
  mv a0, s0
  ecall
near:
  srli t1, s0, 3
  add s0, s0, t1
  ret
data:
  .byte 1, 2, 3, 4
  .skip 5000
far:
  slli t1, s0, 1
  c.add s0, t1
  srli s0, s0, 1
  mulw t1, s0, s1
  divuw t1, t1, s1
  addw s0, s0, t1
  ret
`;

describe("JIT", () => {
  it("runs the program to the same state as the interpreter, in compiled code", () => {
    const h = matchesInterpreter(PROGRAM, 1, { codeFlags: R | W | X | U });
    expect(h.jit.stats.compiles).toBeGreaterThan(0);
    expect(h.ex.jitCalls()).toBeGreaterThan(10);
  });

  it("lays blocks out by their jumps, not their addresses: jumps back to blocks that close no loop, and falls through to blocks laid out elsewhere", () => {
    // In address order "mid" and "tail" come before "top", which jumps to both: laid out in
    // reverse postorder they come after it, and those jumps are plain branches forward.
    const src = `
  li s0, 0
  li s1, 400
  j top
mid:
  addi s0, s0, 5
tail:
  xori s0, s0, 3
  addi s1, s1, -1
  bnez s1, top
  mv a0, s0
  ecall
top:
  andi t0, s1, 1
  addi s0, s0, 1
  beqz t0, mid
  slli t1, s0, 1
  add s0, s0, t1
  j tail
`;
    // "latch" falls through into "head", which the search reaches first (from "top", the
    // loop's first block in address order): laid out after "head", "latch" must jump back to
    // it instead of falling into whatever follows.
    const loop = `
  li s0, 0
  li s1, 400
top:
  addi s0, s0, 1
  j head
latch:
  addi s1, s1, -1
  xori s0, s0, 5
  andi t0, s1, 3
  beqz t0, top
head:
  addi s0, s0, 3
  bnez s1, latch
  mv a0, s0
  ecall
`;
    for (const program of [src, loop]) {
      // Compiled on the first entry (the loop's entries found by misses), and once hot with
      // the loop's entries listed; both must stay in compiled code for most of the loop.
      for (const threshold of [1, 30]) {
        const h = matchesInterpreter(program, threshold);
        expect(h.jit.stats.compiles).toBeGreaterThan(0);
        expect(h.ex.jitCalls()).toBeGreaterThan(0);
      }
    }
  });

  it("stops after exactly n instructions for every n, also inside compiled blocks", () => {
    const ref = hart(0);
    ref.load(PROGRAM, { codeFlags: R | W | X | U });
    const h = hart(1);
    h.load(PROGRAM, { codeFlags: R | W | X | U });
    // Budgets 1, 2, 3, ... 9, 1, 2, ...: stops land at every position of every block.
    let k = 0;
    for (;;) {
      const n = (k++ % 9) + 1;
      const a = ref.run(n);
      const b = h.run(n);
      expect(b).toBe(a);
      expect(state(h)).toEqual(state(ref));
      if (a !== L.TRAP_BUDGET) break;
    }
    expect(h.ex.jitCalls()).toBeGreaterThan(10);
  });

  it("larger budget splits give the same states", () => {
    for (const n of [7, 31, 100, 997]) {
      const ref = hart(0);
      ref.load(PROGRAM, { codeFlags: R | W | X | U });
      const h = hart(1);
      h.load(PROGRAM, { codeFlags: R | W | X | U });
      for (;;) {
        const a = ref.run(n);
        expect(h.run(n)).toBe(a);
        expect(state(h)).toEqual(state(ref));
        if (a !== L.TRAP_BUDGET) break;
      }
    }
  });

  it("a page fault in compiled code: pc is the load, instret exact, tval and cause as interpreted", () => {
    const src = `
      li s1, 0
    1:
      addi s1, s1, 1
      ld t0, 0(a1)
      add s2, s2, t0
      addi a1, a1, 8
      j 1b`;
    const run = (h: Hart) => {
      h.load(src);
      h.setX("a1", DATA_VA + 0x10000 - 64); // walks off the end of the mapped data
      return h.runToTrap(1_000_000, L.TRAP_LOAD_PAGE_FAULT);
    };
    const ref = hart(0);
    run(ref);
    const h = hart(1);
    run(h);
    expect(state(h)).toEqual(state(ref));
    expect([h.cause, h.tval, h.access]).toEqual([ref.cause, ref.tval, ref.access]);
    expect(h.tval).toBe(BigInt(DATA_VA + 0x10000));
    expect(h.ex.jitCalls()).toBeGreaterThan(0);
    // A store that faults: nothing stored, pc at the store.
    const st = `
    1:
      addi s1, s1, 1
      sd s1, 0(a1)
      addi a1, a1, 8
      j 1b`;
    for (const x of [ref, h]) {
      x.load(st);
      x.setX("a1", DATA_VA + 0x10000 - 64);
      x.setX("s1", 0n);
      x.runToTrap(1_000_000, L.TRAP_STORE_PAGE_FAULT);
    }
    expect(state(h)).toEqual(state(ref));
    expect(h.tval).toBe(ref.tval);
  });

  it("misaligned and page-crossing accesses take the slow path and stay exact", () => {
    const src = `
      li s1, 300
    1:
      ld t0, 0(a1)
      sw t0, 3(a2)
      lhu t1, 5(a1)
      add s2, s2, t0
      add s2, s2, t1
      addi s1, s1, -1
      bnez s1, 1b
      ecall`;
    const go = (h: Hart) => {
      h.load(src);
      h.setX("a1", DATA_VA + 0x1000 - 3); // crosses into the next page
      h.setX("a2", DATA_VA + 0x3000 - 2);
      h.runToTrap();
    };
    const ref = hart(0);
    go(ref);
    const h = hart(1);
    go(h);
    expect(state(h)).toEqual(state(ref));
    expect(h.readPhys(0x200000, 0x4000)).toEqual(ref.readPhys(0x200000, 0x4000));
  });

  it("self-modifying code after the page was compiled: the new instruction runs", () => {
    const LI_A0_2 = 0x00200513; // addi a0, zero, 2
    const src = `.option norvc
      li s2, 0
      li s5, 20
    loop:
    patch:
      li a0, 1
      add s2, s2, a0
      addi s5, s5, -1
      bnez s5, loop
      bnez s3, done
      li s3, 1
      li s5, 5
      lla t0, patch
      sw s4, 0(t0)
      j loop
    done:
      ecall`;
    for (const fence of [false, true]) {
      const code = fence ? src.replace("sw s4, 0(t0)", "sw s4, 0(t0)\n      fence.i") : src;
      const ref = hart(0);
      ref.load(code, { codeFlags: R | W | X | U });
      ref.setX("s4", LI_A0_2);
      ref.runToTrap();
      const h = hart(1);
      h.load(code, { codeFlags: R | W | X | U });
      h.setX("s4", LI_A0_2);
      h.runToTrap();
      expect(h.x("s2")).toBe(20n + 10n);
      expect(state(h)).toEqual(state(ref));
      expect(h.ex.jitCalls()).toBeGreaterThan(0);
    }
  });

  it("a frame freed and reused for other code drops the compiled code", () => {
    const h = hart(1);
    h.load(`
      li s1, 50
    1:
      addi a0, a0, 1
      addi s1, s1, -1
      bnez s1, 1b
      ecall`);
    h.runToTrap();
    expect(h.x("a0")).toBe(50n);
    const calls = h.ex.jitCalls();
    expect(calls).toBeGreaterThan(0);
    // The host writes different code into the same frame (invalidateCode), as exec does.
    h.setX("a0", 0n);
    h.load(`
      li s1, 50
    1:
      addi a0, a0, 3
      addi s1, s1, -1
      bnez s1, 1b
      ecall`);
    h.runToTrap();
    expect(h.x("a0")).toBe(150n);
    expect(h.ex.jitCalls()).toBeGreaterThan(calls);
  });

  it("one compiled frame mapped at two addresses (two processes) runs right at both", () => {
    const src = `
      auipc s2, 0
      li s1, 30
    1:
      addi a0, a0, 1
      jal t0, 2f
    2:
      addi s1, s1, -1
      bnez s1, 1b
      ecall`;
    const run = (h: Hart) => {
      h.load(src);
      const other = 0x5000_0000;
      h.map(other, 0x100000, R | X | U); // the same frame, another virtual page
      h.ex.flushTlb();
      h.runToTrap();
      const first = state(h);
      h.pc = BigInt(other);
      h.setX("a0", 0n);
      h.runToTrap();
      return [first, state(h)];
    };
    const ref = hart(0);
    const want = run(ref);
    const h = hart(1);
    const got = run(h);
    expect(got).toEqual(want);
    expect(got[1].regs[REGS.indexOf("s2")]).toBe(0x5000_0000n);
    expect(h.jit.stats.compiles).toBeGreaterThan(0);
    expect(h.ex.jitCalls()).toBeGreaterThan(0);
  });

  it("fence.i and ecall inside a compiled loop are left to the interpreter, exactly", () => {
    const src = `
      li s1, 40
    1:
      addi a0, a0, 2
      fence.i
      addi a0, a0, -1
      andi t0, s1, 7
      bnez t0, 2f
      csrr t1, instret
      add s2, s2, t1
    2:
      addi s1, s1, -1
      bnez s1, 1b
      ecall`;
    const h = matchesInterpreter(src);
    expect(h.x("a0")).toBe(40n);
  });

  it("an instruction straddling the page end inside a compiled loop is interpreted, without recompiling again and again", () => {
    // The loop starts 8 bytes before a page end; \`addi a1\` straddles it (offset 0xffe).
    const src = `
      li s1, 400
    1:
      c.addi a0, 1
      c.addi a0, 1
      c.addi a0, 1
      addi a1, a1, 100
      addi s1, s1, -1
      bnez s1, 1b
      ecall`;
    const h = matchesInterpreter(src, 1, { base: CODE_VA + 0xff4 });
    expect(h.x("a1")).toBe(40000n);
    expect(h.ex.jitCalls()).toBeGreaterThan(400);
    // The first compilation, and one more that makes the straddling offset a stub handing it
    // to the interpreter (not a miss: misses would recompile every 64 entries, 6 times).
    expect(h.jit.stats.compiles).toBeLessThanOrEqual(3);
  });

  it("a page entered at several offsets from another page compiles once, with all of them", () => {
    // Three functions on the second page, called in turn from a loop on the first: the
    // offsets the interpreter enters the page at just before it gets hot are entry points of
    // its first compilation, so none of them misses later and costs a recompilation.
    const src = `
      li s1, 3000
    1:
      call fa
      call fb
      call fc
      addi s1, s1, -1
      bnez s1, 1b
      ecall
      .skip 4096
    fa:
      addi a0, a0, 1
      ret
    fb:
      addi a0, a0, 2
      ret
    fc:
      addi a0, a0, 3
      ret`;
    const h = matchesInterpreter(src, 3000);
    expect(h.x("a0")).toBe(18000n);
    expect(h.ex.jitCalls()).toBeGreaterThan(100);
    expect(h.jit.stats.compiles).toBe(2); // each page once
  });

  // Linked pages (compile.ts LinkedPage): a page's compiled code carries the compiled pages it
  // calls, and enters them only while the fetch TLB maps them to the slot whose code it copied
  // and that slot's version is unchanged. In these programs "spin" makes the second page hot,
  // and compiled, before the loop on the first page is.
  /** The second page: fa and fb, which the loops call, and spin. */
  const CALLEE_PAGE = `
      .balign 4096
    fa:
      addi a0, a0, 1
      ret
    spin:
      li t1, 2000
    3:
      addi t1, t1, -1
      bnez t1, 3b
      ret
    fb:
      addi a1, a1, 2
      ret`;
  const CALLS_ACROSS = `.option norvc
      jal spin
      li s1, 3000
    1:
      jal fa
      jal fb
      addi s1, s1, -1
      bnez s1, 1b
      ecall${CALLEE_PAGE}`;

  it("a loop calling into another page carries that page: the same state, linked", () => {
    const h = matchesInterpreter(CALLS_ACROSS, 3000);
    expect(h.x("a0")).toBe(3000n);
    expect(h.x("a1")).toBe(6000n);
    expect(h.jit.stats.linked).toBeGreaterThan(0);
  });

  /** The dispatch map of the function installed last (the loop's page: the pages it carries
   *  are compiled before it) as u16s, and whether any entry is written. */
  function lastMap(h: Hart): { written: boolean } {
    const index = [...(h.jit as unknown as { pages: Map<number, Uint8Array> }).pages.keys()].pop()!;
    const at = L.JITMAP_BASE + (index - 1) * L.JITMAP_SLOT_BYTES;
    const map = new Uint16Array(h.bytes.buffer, at, L.JITMAP_SLOT_BYTES / 2);
    return { written: map.some((v) => v !== 0) };
  }

  it("dispatches through the slot's map: a loop and the page it carries", () => {
    const h = matchesInterpreter(CALLS_ACROSS, 3000);
    expect(h.jit.stats.linked).toBe(1);
    expect(lastMap(h).written).toBe(true);
  });

  it("a function over more halfwords than a dispatch map holds dispatches over every slot", () => {
    // Three pages whose code runs from their first halfwords to their last: the loop's page
    // carries the two it calls, 3 x ~2048 dispatch slots, more than JITMAP_SLOT_BYTES / 2.
    const src = `.option norvc
      li s1, 3000
    1:
      jal fa
      jal fb
      j 2f
      .skip 4000
    2:
      addi s1, s1, -1
      bnez s1, 1b
      ecall
      .balign 4096
    fa:
      addi a0, a0, 1
      j 3f
      .skip 4072
    3:
      addi a0, a0, 2
      ret
      .balign 4096
    fb:
      addi a1, a1, 1
      j 4f
      .skip 4072
    4:
      addi a1, a1, 2
      ret`;
    const h = matchesInterpreter(src, 3000);
    expect(h.x("a0")).toBe(9000n);
    expect(h.x("a1")).toBe(9000n);
    expect(h.jit.stats.linked).toBe(2);
    expect(lastMap(h).written).toBe(false);
  });

  it("a linked page whose code the program rewrites runs the new code", () => {
    // Halfway, the loop stores "addi a0, a0, 5" over fa's first instruction: the copy carried
    // by the loop's compiled page is stale from then on (the slot's version changed).
    const src = `.option norvc
      jal spin
      li s1, 3000
      la s3, fa
      li s4, 0x00550513
    1:
      jal fa
      jal fb
      addi s1, s1, -1
      li t0, 1500
      bne s1, t0, 2f
      sw s4, 0(s3)
    2:
      bnez s1, 1b
      ecall${CALLEE_PAGE}`;
    const h = matchesInterpreter(src, 3000, { codeFlags: R | W | X | U });
    expect(h.x("a0")).toBe(1500n + 1500n * 5n);
    expect(h.jit.stats.linked).toBeGreaterThan(0);
  });

  // Compiled ahead (index.ts compileAhead): when the loop gets hot first, the page it calls is
  // compiled then too, if it is a quarter of the way to its own threshold, so the loop can
  // carry it.
  /** A loop of 3000 calls of `callee` on the second page and `pad` instructions of its own,
   *  after `first` (instructions run once); `more`: more code on the second page. */
  const loopCalling = (callee: string, pad: number, first = "", more = ""): string => `.option norvc
      ${first}
      li s1, 3000
    1:
      jal ${callee}
      ${"addi a2, a2, 1\n".repeat(pad)}
      addi s1, s1, -1
      bnez s1, 1b
      ecall
      .balign 4096
    warm:
      addi a0, a0, 1
      addi a0, a0, 1
      addi a0, a0, 1
      addi a0, a0, 1
      ret
    cold:
      addi a1, a1, 1
      ret
      ${more}`;

  it("a loop that gets hot before the page it calls compiles that page ahead and carries it", () => {
    const h = matchesInterpreter(loopCalling("warm", 8), 3000);
    expect(h.x("a0")).toBe(12000n);
    expect(h.jit.stats.ahead).toBe(1);
    expect(h.jit.stats.linked).toBe(1);
    expect(h.jit.stats.compiles).toBe(2);
  });

  it("a called page too big to compile ahead is left alone, and the loop's own page compiles right", () => {
    // The second page's run starts cover over 400 instructions (a long function run once),
    // so compiling it ahead fails; the loop's page must still get its own code.
    const src = loopCalling("warm", 8, "jal big", `big:\n${"addi a1, a1, 1\n".repeat(450)}ret`);
    const h = matchesInterpreter(src, 3000);
    expect(h.x("a0")).toBe(12000n);
    expect(h.x("a1")).toBe(450n);
    expect(h.jit.stats.ahead).toBe(0);
    expect(h.jit.stats.linked).toBe(0);
    expect(h.jit.stats.compiles).toBe(2); // each page once, when hot itself: none missed
    expect(h.jit.stats.failures).toBe(0); // not compiling ahead is no failure
  });

  it("a page called less than a quarter as much as the hot loop is not compiled ahead", () => {
    const h = matchesInterpreter(loopCalling("cold", 20), 3000);
    expect(h.x("a1")).toBe(3000n);
    expect(h.jit.stats.ahead).toBe(0);
    expect(h.jit.stats.linked).toBe(0);
  });

  it("a linked page mapped to another frame between runs runs that frame's code", () => {
    const run = (h: Hart): bigint => {
      const code = h.load(CALLS_ACROSS);
      h.runToTrap(20_000, L.TRAP_BUDGET);
      // Page two again, in another frame, with fa adding 7.
      const page = code.slice(4096, 8192);
      const fa = new DataView(page.buffer);
      expect(fa.getUint32(0, true)).toBe(0x00150513); // addi a0, a0, 1
      fa.setUint32(0, 0x00750513, true); //                addi a0, a0, 7
      h.writePhys(0x180000, page);
      h.map(CODE_VA + 4096, 0x180000, R | X | U);
      h.ex.flushTlb();
      h.runToTrap();
      return h.x("a0");
    };
    const want = run(hart(0));
    const h = hart(3000);
    expect(run(h)).toBe(want);
    expect(want).toBeGreaterThan(3000n);
    expect(h.jit.stats.linked).toBeGreaterThan(0);
  });
});

// A function called now and then whose loop runs thousands of times per call, with a long
// prologue run once per call: libgcc's FDE registration at every static busybox start has
// this shape. The prologue starts a run once per call, the loop's head thousands of times.
// The first `long` calls run the loop `loops` times; the rest once, so the prologue then
// runs as often as the loop.
function onceAndLoop(calls: number, long: number, loops: number): string {
  return `
  li s2, ${calls}
  li s3, ${long}
1:
  li a2, 1
  blez s3, 5f
  li a2, ${loops}
5:
  addi s3, s3, -1
  jal fn
  addi s2, s2, -1
  bnez s2, 1b
  mv a0, s0
  ecall
fn:
${"  addi s0, s0, 1\n".repeat(60)}
4:
  addi s0, s0, 3
  addi a2, a2, -1
  bnez a2, 4b
  ret
`;
}

describe("JIT: what is compiled is what runs often", () => {
  // Threshold 800K: the page's runs are counted from 200K instructions on, some 20 calls and
  // 200K loop iterations, so the prologue and the caller are cold (under 1/4096 of the runs);
  // the entry watch (the last 50K) sees a whole call, so every way in is listed.
  it("leaves code run once per call of a hot loop's function to the interpreter", () => {
    const h = matchesInterpreter(onceAndLoop(40, 40, 10_000), 800_000);
    expect(h.x("a0")).toBe(40n * 60n + 40n * 10_000n * 3n);
    expect(h.jit.stats.compiles).toBe(1);
    expect(h.jit.stats.instructions).toBeLessThan(20); // the loop and the return, not the prologue
    // Compiled whole (at a threshold reached before any run is counted), the page has it all.
    const whole = matchesInterpreter(onceAndLoop(40, 40, 10_000), 1);
    expect(whole.jit.stats.instructions).toBeGreaterThan(60);
  });

  it("compiles the page again, whole, when code it left to the interpreter runs often later", () => {
    const h = matchesInterpreter(onceAndLoop(3040, 40, 10_000), 800_000);
    expect(h.x("a0")).toBe(3040n * 60n + (40n * 10_000n + 3000n) * 3n);
    expect(h.jit.stats.compiles).toBe(2);
    expect(h.jit.stats.instructions).toBeGreaterThan(70); // the second time with the prologue
    expect(h.jit.stats.failures).toBe(0);
  });
});
