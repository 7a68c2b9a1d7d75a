// The page-table walker: OSTD's read-only walk (src/ostd/debug/walk.ts) on a real Sv39 table
// in a real machine, and the memory panel's view of it (src/ui/view/walkview.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Machine, Prot, type Pfn, type VmSpace } from "../../src/ostd/index.js";
import { peekCString, peekUser, walkSv39 } from "../../src/ostd/debug/index.js";
import { splitVa, walkRows, walkSummary, flagString } from "../../src/ui/view/walkview.js";
import type { PageWalk } from "../../src/worker/api.js";
import { repoRoot } from "./util.js";

let machine: Machine;
let vm: VmSpace;
let frame: Pfn;
const VA = 0x12345000;

beforeAll(() => {
  const core = new WebAssembly.Module(readFileSync(join(repoRoot, "build", "core.wasm")));
  machine = new Machine(core, { ramBytes: 16 << 20, seed: 1n, bootEpochNs: 0n });
  vm = machine.newVmSpace();
  frame = machine.frames.alloc() as Pfn;
  machine.frames.write(frame, 0x10, new TextEncoder().encode("hello\0"));
  vm.map(VA, frame, Prot.Read | Prot.Write);
  vm.map(VA + 0x1000, machine.frames.alloc() as Pfn, Prot.None);
  vm.map(VA + 0x2000, machine.frames.alloc() as Pfn, Prot.Read | Prot.Exec);
});

const asView = (w: ReturnType<typeof walkSv39>, frameRefs: number | null = 1): PageWalk => ({ ...w, frameRefs });

describe("walking an Sv39 table", () => {
  it("follows two tables to the leaf that maps the page", () => {
    const w = walkSv39(vm, BigInt(VA + 0x123));
    expect(w.steps.map((s) => [s.level, s.kind])).toEqual([[2, "table"], [1, "table"], [0, "leaf"]]);
    expect(w.steps.map((s) => s.vpn)).toEqual([(VA >>> 30) & 511, (VA >>> 21) & 511, (VA >>> 12) & 511]);
    expect(w.fault).toBeNull();
    expect(w.leaf).toEqual({ pfn: frame, pa: frame * 4096 + 0x123, pageBytes: 4096 });
    expect(vm.query(VA)?.pfn).toBe(frame);
    const leaf = w.steps[2];
    expect(flagString(leaf.flags)).toBe("VRW-U-AD");
    expect(leaf.pte & 0x3ffn).toBe(BigInt(0b11010111));
    expect(leaf.ppn).toBe(frame);
    expect(w.steps[0].tableAddr).toBe(w.rootPfn * 4096);
    expect(w.steps[1].tableAddr).toBe(w.steps[0].ppn * 4096);
    expect(w.steps[0].pteAddr).toBe(w.steps[0].tableAddr + w.steps[0].vpn * 8);
  });

  it("stops where nothing is mapped, on PROT_NONE pages, and at non-canonical addresses", () => {
    const far = walkSv39(vm, 0x3f_0000_0000n);
    expect(far.steps.length).toBe(1);
    expect(far.fault).toMatch(/V = 0 at level 2/);
    const none = walkSv39(vm, BigInt(VA + 0x1000));
    expect(none.steps.map((s) => s.kind)).toEqual(["table", "table", "invalid"]);
    expect(none.fault).toMatch(/PROT_NONE/);
    const bad = walkSv39(vm, 0x80_0000_0000n);
    expect(bad.steps).toEqual([]);
    expect(bad.fault).toMatch(/canonical/);
    expect(walkSv39(vm, 0xffff_ffc0_0000_0000n).fault).toMatch(/V = 0 at level 2/); // canonical, upper half
  });

  it("changes nothing: no accessed bit, no fault handler", () => {
    const before = walkSv39(vm, BigInt(VA + 0x2000)).steps[2].pte;
    let faults = 0;
    vm.faultHandler = () => {
      faults++;
      return false;
    };
    expect(new TextDecoder().decode(peekUser(machine, vm, VA + 0x10, 5))).toBe("hello");
    expect(peekUser(machine, vm, VA + 0xffe, 8).length).toBe(2); // stops at the PROT_NONE page
    expect(peekUser(machine, vm, 0x5000_0000, 4).length).toBe(0);
    expect(peekCString(machine, vm, VA + 0x10, 100)).toEqual({ bytes: new TextEncoder().encode("hello"), terminated: true });
    expect(peekCString(machine, vm, VA + 0x10, 3).terminated).toBe(false);
    expect(faults).toBe(0);
    expect(walkSv39(vm, BigInt(VA + 0x2000)).steps[2].pte).toBe(before);
    vm.faultHandler = null;
  });
});

describe("the walk as the memory panel shows it", () => {
  it("has a row per level saying what each PTE means", () => {
    const rows = walkRows(asView(walkSv39(vm, BigInt(VA))));
    expect(rows.map((r) => r.level)).toEqual(["L2", "L1", "L0"]);
    expect(rows[0].index).toBe(`VPN[2] = 0x${((VA >>> 30) & 511).toString(16).padStart(3, "0")}`);
    expect(rows[0].meaning).toMatch(/^points to the level-1 table at 0x/);
    expect(rows[2].meaning).toBe(`leaf: a 4 KiB page in frame 0x${frame.toString(16)}`);
    expect(rows[2].flags.filter((f) => f.set).map((f) => f.name)).toEqual(["V", "R", "W", "U", "A", "D"]);
    expect(rows[2].pte).toMatch(/^0x[0-9a-f]{16}$/);
  });

  it("sums up where the address lands, or why it faults", () => {
    expect(walkSummary(asView(walkSv39(vm, BigInt(VA + 0x42))))).toBe(`0x${(VA + 0x42).toString(16)} → physical 0x${(frame * 4096 + 0x42).toString(16)} (frame 0x${frame.toString(16)}, offset 0x042)`);
    expect(walkSummary(asView(walkSv39(vm, BigInt(VA)), 2))).toMatch(/2 mappings share the frame\)$/);
    expect(walkSummary(asView(walkSv39(vm, 0x3f_0000_0000n), null))).toMatch(/V = 0 at level 2: nothing is mapped here — a user access here page-faults$/);
    expect(walkRows(asView(walkSv39(vm, BigInt(VA + 0x1000))))[2].meaning).toBe("not valid (PROT_NONE: the frame is kept)");
  });

  it("splits an address into its VPNs and offset", () => {
    expect(splitVa(0x3f_ffff_f123n)).toEqual({ vpn: [255, 511, 511], offset: 0x123 });
    expect(splitVa(0x1000n)).toEqual({ vpn: [0, 0, 1], offset: 0 });
  });
});
