// What if the kernel maps, protects and copies through user pages: do frames, permissions and
// faults behave as a Sv39 MMU would?
import { describe, expect, it } from "vitest";
import { testMachine } from "../test_machine.js";
import { Access, Prot } from "./vm_space.js";
import { OstdError } from "../error.js";

describe("FrameAllocator", () => {
  it("hands out zeroed frames, counts references and frees at zero", () => {
    const m = testMachine();
    const before = m.frames.free;
    const f = m.frames.alloc();
    if (typeof f !== "number") throw new Error("no frame");
    expect(m.frames.free).toBe(before - 1);
    m.frames.write(f, 10, new Uint8Array([7, 8]));
    const back = new Uint8Array(2);
    m.frames.read(f, 10, back);
    expect([...back]).toEqual([7, 8]);
    m.frames.ref(f);
    m.frames.unref(f);
    expect(m.frames.refCount(f)).toBe(1);
    m.frames.unref(f);
    expect(m.frames.free).toBe(before);
    const again = m.frames.alloc() as number;
    const z = new Uint8Array(2);
    m.frames.read(again as never, 10, z);
    expect([...z]).toEqual([0, 0]);
    expect(() => m.frames.unref(12345 as never)).toThrow(/panic: FrameAllocator.unref/);
  });

  it("copies a frame into a new one (copy-on-write), reusing freed frames", () => {
    const m = testMachine();
    const src = m.frames.alloc() as never;
    m.frames.write(src, 4090, new Uint8Array([1, 2, 3, 4, 5, 6]));
    const dirty = m.frames.alloc() as never;
    m.frames.write(dirty, 0, new Uint8Array(4096).fill(9));
    m.frames.unref(dirty);
    const copy = m.frames.allocCopy(src) as never;
    expect(copy).toBe(dirty); // most recently freed first
    const back = new Uint8Array(4096);
    m.frames.read(copy, 0, back);
    const want = new Uint8Array(4096);
    want.set([1, 2, 3, 4, 5, 6], 4090);
    expect(back).toEqual(want);
    expect(m.frames.refCount(copy)).toBe(1);
    m.frames.unref(copy);
    expect(() => m.frames.allocCopy(copy)).toThrow(/panic: FrameAllocator.allocCopy/);
  });

  it("reports NoMemory when RAM is exhausted", () => {
    const m = testMachine(1);
    let last: unknown;
    for (let i = 0; i <= m.frames.total; i++) last = m.frames.alloc();
    expect(last).toBe(OstdError.NoMemory);
  });
});

describe("VmSpace", () => {
  it("maps, reads, writes and unmaps user pages, releasing frames", () => {
    const m = testMachine();
    const base = m.frames.free;
    const vm = m.newVmSpace();
    const f = m.frames.alloc() as never;
    expect(vm.map(0x40_0000, f, Prot.Read | Prot.Write)).toBe(true);
    m.frames.unref(f);
    expect(vm.write(0x40_0ffe, new Uint8Array([1, 2]))).toBe(true);
    const b = new Uint8Array(2);
    expect(vm.read(0x40_0ffe, b)).toBe(true);
    expect([...b]).toEqual([1, 2]);
    // The copy crosses into an unmapped page: a fault, not an exception.
    expect(vm.write(0x40_0fff, new Uint8Array([1, 2]))).toBe(OstdError.PageFault);
    expect(vm.query(0x40_0123)?.prot).toBe(Prot.Read | Prot.Write);
    expect(vm.unmap(0x40_0000)).toBe(true);
    expect(vm.query(0x40_0000)).toBeNull();
    vm.destroy();
    expect(m.frames.free).toBe(base);
  });

  it("enforces page permissions on copies and keeps PROT_NONE frames", () => {
    const m = testMachine();
    const vm = m.newVmSpace();
    const f = m.frames.alloc() as never;
    vm.map(0x1000, f, Prot.Read);
    expect(vm.write(0x1000, new Uint8Array([1]))).toBe(OstdError.PageFault);
    expect(vm.readU32(0x1000)).toBe(0);
    vm.protect(0x1000, 0x2000, Prot.None);
    expect(vm.readU32(0x1000)).toBe(OstdError.PageFault);
    expect(vm.query(0x1000)?.pfn).toBe(f);
    vm.protect(0x1000, 0x2000, Prot.Read | Prot.Write);
    expect(vm.writeU64(0x1008, 0x1122334455667788n)).toBe(true);
    expect(vm.readU64(0x1008)).toBe(0x1122334455667788n);
  });

  it("lets the fault handler fill pages on demand during copies", () => {
    const m = testMachine();
    const vm = m.newVmSpace();
    const faults: Array<[number, Access]> = [];
    vm.faultHandler = (va, access) => {
      faults.push([va, access]);
      const f = m.frames.alloc() as never;
      vm.map(va - (va % 4096), f, Prot.Read | Prot.Write);
      m.frames.unref(f);
      return true;
    };
    expect(vm.write(0x7000, new TextEncoder().encode("hi\0"))).toBe(true);
    expect(faults).toEqual([[0x7000, Access.Write]]);
    const s = vm.readCString(0x7000, 10);
    expect(new TextDecoder().decode(s as Uint8Array)).toBe("hi");
    expect(vm.readCString(0x7000, 1)).toBe(OstdError.InvalidArgs);
  });

  it("copies mappings into a child space copy-on-write, across page tables", () => {
    const m = testMachine();
    const base = m.frames.free;
    const parent = m.newVmSpace();
    // Pages on both sides of a 2 MiB boundary (two level-0 tables) and one PROT_NONE page.
    const pages = [0x1f_f000, 0x20_0000, 0x20_1000];
    for (const va of pages) {
      const f = m.frames.alloc() as never;
      parent.map(va, f, Prot.Read | Prot.Write);
      m.frames.unref(f);
      expect(parent.writeU32(va, va)).toBe(true);
    }
    const none = m.frames.alloc() as never;
    parent.map(0x40_0000, none, Prot.None);
    m.frames.unref(none);
    const child = m.newVmSpace();
    expect(parent.copyInto(child, 0x1f_f000, 0x20_1000, true)).toBe(true);
    expect(parent.copyInto(child, 0x20_1000, 0x20_2000, false)).toBe(true);
    expect(parent.copyInto(child, 0x40_0000, 0x40_1000, true)).toBe(true);
    for (const va of pages) {
      const p = parent.query(va)!;
      const c = child.query(va)!;
      expect(c.pfn).toBe(p.pfn);
      expect(m.frames.refCount(p.pfn)).toBe(2);
      expect(child.readU32(va)).toBe(va);
      // Copy-on-write pages lost Write in both; the shared one kept it.
      const want = va === 0x20_1000 ? Prot.Read | Prot.Write : Prot.Read;
      expect([p.prot, c.prot]).toEqual([want, want]);
      expect(p.dirty).toBe(true);
    }
    expect(child.query(0x40_0000)).toEqual({ pfn: none, prot: Prot.None, accessed: false, dirty: false });
    expect(child.write(0x1f_f000, new Uint8Array(1))).toBe(OstdError.PageFault);
    // mprotect of a private area keeps shared frames read-only; a page of its own gets Write.
    const own = m.frames.alloc() as never;
    parent.map(0x20_2000, own, Prot.Read);
    m.frames.unref(own);
    parent.protect(0x1f_f000, 0x20_3000, Prot.Read | Prot.Write, true);
    expect(parent.query(0x1f_f000)!.prot).toBe(Prot.Read);
    expect(parent.query(0x20_2000)!.prot).toBe(Prot.Read | Prot.Write);
    parent.protect(0x20_2000, 0x20_3000, Prot.Read | Prot.Exec);
    expect(parent.query(0x20_2000)!.prot).toBe(Prot.Read | Prot.Exec);
    expect(child.residentPages()).toBe(4);
    child.unmapRange(0x1f_f000, 0x20_1000);
    expect(child.residentPages()).toBe(2);
    expect(m.frames.refCount(parent.query(0x1f_f000)!.pfn)).toBe(1);
    child.destroy();
    parent.destroy();
    expect(m.frames.free).toBe(base);
  });

  it("maps runs of frames across page tables, skipping holes and replacing old mappings", () => {
    const m = testMachine();
    const base = m.frames.free;
    const vm = m.newVmSpace();
    const a = m.frames.alloc() as never, b = m.frames.alloc() as never, c = m.frames.alloc() as never;
    vm.map(0x20_0000, c, Prot.Read | Prot.Write);
    // 0x1f_f000 (the last PTE of one table), a hole that leaves 0x20_0000 as it is, then
    // 0x20_1000 in the next table.
    expect(vm.mapFrames(0x1f_f000, new Int32Array([a, -1, b]), Prot.Read)).toBe(true);
    expect(vm.query(0x1f_f000)).toMatchObject({ pfn: a, prot: Prot.Read });
    expect(vm.query(0x20_0000)).toMatchObject({ pfn: c, prot: Prot.Read | Prot.Write });
    expect(vm.query(0x20_1000)).toMatchObject({ pfn: b, prot: Prot.Read });
    expect(vm.mapFrames(0x20_0000, new Int32Array([a]), Prot.Read | Prot.Exec)).toBe(true);
    expect(vm.query(0x20_0000)).toMatchObject({ pfn: a, prot: Prot.Read | Prot.Exec });
    expect([m.frames.refCount(a), m.frames.refCount(b), m.frames.refCount(c)]).toEqual([3, 2, 1]);
    expect(vm.write(0x1f_f000, new Uint8Array(1))).toBe(OstdError.PageFault);
    for (const f of [a, b, c]) m.frames.unref(f);
    vm.destroy();
    expect(m.frames.free).toBe(base);
  });

  it("maps a run of frames exactly as page-at-a-time map() does, for every protection", () => {
    const m = testMachine();
    const base = m.frames.free;
    const frames = Array.from({ length: 6 }, () => m.frames.alloc() as number);
    for (const prot of [Prot.None, Prot.Read, Prot.Read | Prot.Write, Prot.Read | Prot.Exec, Prot.Write | Prot.Exec]) {
      const one = m.newVmSpace(), run = m.newVmSpace();
      // Six pages from three below a 2 MiB boundary; the second is a hole.
      const start = 0x3f_d000;
      frames.forEach((f, i) => { if (i !== 1) one.map(start + i * 0x1000, f as never, prot); });
      expect(run.mapFrames(start, new Int32Array(frames.map((f, i) => (i === 1 ? -1 : f))), prot)).toBe(true);
      for (let i = 0; i < frames.length; i++) expect(run.query(start + i * 0x1000)).toEqual(one.query(start + i * 0x1000));
      one.destroy();
      run.destroy();
    }
    for (const f of frames) m.frames.unref(f as never);
    expect(m.frames.free).toBe(base);
  });

  it("gives a fork's child and parent the PTEs page-by-page copy-on-write would", () => {
    const m = testMachine();
    const base = m.frames.free;
    const parent = m.newVmSpace();
    const prots = [Prot.Read | Prot.Write, Prot.Read, Prot.None, Prot.Read | Prot.Exec, Prot.Read | Prot.Write, Prot.Read | Prot.Write | Prot.Exec];
    const start = 0x1f_e000;
    prots.forEach((prot, i) => {
      const f = m.frames.alloc() as never;
      parent.map(start + i * 0x1000, f, prot);
      m.frames.unref(f);
    });
    // A page written (dirty) and one only read (accessed), as the hart leaves them.
    expect(parent.writeU64(start, 0x1122_3344_5566_7788n)).toBe(true);
    expect(parent.readU32(start + 0x1004)).toBe(0);
    for (const cow of [false, true]) {
      const before = prots.map((_, i) => parent.query(start + i * 0x1000)!);
      const child = m.newVmSpace();
      expect(parent.copyInto(child, start, start + prots.length * 0x1000, cow)).toBe(true);
      prots.forEach((prot, i) => {
        const va = start + i * 0x1000;
        const was = before[i];
        expect(was.prot).toBe(prot);
        const keep = cow ? prot & ~Prot.Write : prot;
        expect(child.query(va)).toEqual({ pfn: was.pfn, prot: keep, accessed: keep !== Prot.None, dirty: (keep & Prot.Write) !== 0 });
        const p = parent.query(va)!;
        expect([p.pfn, p.prot, p.accessed, p.dirty]).toEqual([was.pfn, cow ? keep : was.prot, was.accessed, was.dirty]);
        expect(m.frames.refCount(was.pfn)).toBe(2);
      });
      expect(child.readU64(start)).toBe(0x1122_3344_5566_7788n);
      child.destroy();
    }
    parent.destroy();
    expect(m.frames.free).toBe(base);
  });

  it("copies pages written since the last fork at once, up to its budget, and shares the rest copy-on-write", () => {
    const m = testMachine();
    const base = m.frames.free;
    const parent = m.newVmSpace();
    const start = 0x3f_e000; // four pages across a 2 MiB boundary, a read-only one last
    for (let i = 0; i < 4; i++) {
      const f = m.frames.alloc() as never;
      parent.map(start + i * 0x1000, f, i === 3 ? Prot.Read : Prot.Read | Prot.Write);
      m.frames.unref(f);
      expect(parent.writeU32(start + i * 0x1000, i + 1)).toBe(i === 3 ? OstdError.PageFault : true);
    }
    const pfns = [0, 1, 2, 3].map((i) => parent.query(start + i * 0x1000)!.pfn);
    const first = m.newVmSpace();
    const budget = { pages: 2 };
    expect(parent.copyInto(first, start, start + 0x4000, true, budget)).toBe(true);
    expect(budget.pages).toBe(0);
    const rw = Prot.Read | Prot.Write;
    // The first two written pages: a frame of the child's own, the parent's still writable
    // (and clean: nothing written since this fork).
    for (const i of [0, 1]) {
      const p = parent.query(start + i * 0x1000)!, c = first.query(start + i * 0x1000)!;
      expect([p.pfn, p.prot, p.dirty, m.frames.refCount(p.pfn)]).toEqual([pfns[i], rw, false, 1]);
      expect([c.pfn === p.pfn, c.prot, m.frames.refCount(c.pfn)]).toEqual([false, rw, 1]);
      expect(first.readU32(start + i * 0x1000)).toBe(i + 1);
    }
    // The budget spent: the third is shared copy-on-write, the read-only one shared as it is.
    const p2 = parent.query(start + 0x2000)!, c2 = first.query(start + 0x2000)!;
    expect([p2.pfn, p2.prot, p2.dirty, c2.pfn, c2.prot, m.frames.refCount(p2.pfn)]).toEqual([pfns[2], Prot.Read, false, pfns[2], Prot.Read, 2]);
    expect([first.query(start + 0x3000)!.pfn, m.frames.refCount(pfns[3])]).toEqual([pfns[3], 2]);
    // The parent's writes after the fork stay its own.
    expect(parent.writeU32(start, 100)).toBe(true);
    expect(first.readU32(start)).toBe(1);
    expect(first.writeU32(start + 0x1000, 200)).toBe(true);
    expect(parent.readU32(start + 0x1000)).toBe(2);
    // The next fork copies only what was written since this one (page 0).
    const second = m.newVmSpace();
    expect(parent.copyInto(second, start, start + 0x4000, true, { pages: 8 })).toBe(true);
    expect(second.query(start)!.pfn).not.toBe(pfns[0]);
    expect(second.readU32(start)).toBe(100);
    expect([parent.query(start + 0x1000)!.prot, second.query(start + 0x1000)!.pfn]).toEqual([Prot.Read, pfns[1]]);
    expect(m.frames.refCount(pfns[1])).toBe(2);
    for (const s of [first, second, parent]) s.destroy();
    expect(m.frames.free).toBe(base);
  });

  it("reads and writes fixed-size values within a page and across a page boundary", () => {
    const m = testMachine();
    const vm = m.newVmSpace();
    for (const va of [0x10000, 0x11000]) {
      const f = m.frames.alloc() as never;
      vm.map(va, f, Prot.Read | Prot.Write);
      m.frames.unref(f);
    }
    for (const va of [0x10008, 0x10ffc, 0x10ffe]) {
      expect(vm.writeU64(va, 0xfedc_ba98_7654_3210n)).toBe(true);
      expect(vm.readU64(va)).toBe(0xfedc_ba98_7654_3210n);
      expect(vm.writeU32(va, 0x89ab_cdef)).toBe(true);
      expect(vm.readU32(va)).toBe(0x89ab_cdef);
    }
    expect(vm.readU64(0x11ffc)).toBe(OstdError.PageFault);
    expect(vm.writeU32(0x12000, 1)).toBe(OstdError.PageFault);
    vm.destroy();
  });

  it("rejects addresses outside Sv39 user space", () => {
    const m = testMachine();
    const vm = m.newVmSpace();
    expect(vm.read(2 ** 39, new Uint8Array(1))).toBe(OstdError.PageFault);
    expect(() => vm.map(0x1001, 0 as never, Prot.Read)).toThrow(/panic: VmSpace.map/);
  });
});
