// The panels' other view models: the process tree, number formatting and address parsing,
// the chart's scaling. Pure functions, no DOM.
import { describe, expect, it } from "vitest";
import { commandLine, describeState, processTree } from "../../src/ui/view/proctree.js";
import { bytes, count, fpValue, hex, parseAddress } from "../../src/ui/view/format.js";
import { Series, niceMax, polyline } from "../../src/ui/view/chart.js";
import type { ProcessInfo } from "../../src/worker/api.js";

const proc = (pid: number, ppid: number, state: ProcessInfo["state"] = "S", extra: Partial<ProcessInfo> = {}): ProcessInfo => ({
  pid, ppid, pgid: pid, sid: 1, state, waitingOn: "", comm: "sh", argv: ["sh"], instret: 0, residentPages: 0, threads: [], foreground: false, ...extra,
});

describe("the process tree", () => {
  it("puts children under their parents, depth first, in pid order", () => {
    const rows = processTree([proc(5, 2), proc(1, 0), proc(2, 1), proc(3, 1), proc(9, 7)]);
    expect(rows.map((r) => [r.p.pid, r.depth])).toEqual([[1, 0], [2, 1], [5, 2], [3, 1], [9, 0]]);
  });

  it("names states the way a student reads them", () => {
    expect(describeState(proc(1, 0, "S", { waitingOn: "wait4" }))).toBe("sleeping (wait4)");
    expect(describeState(proc(1, 0, "R"))).toBe("running");
    expect(describeState(proc(1, 0, "T"))).toBe("stopped");
    expect(describeState(proc(1, 0, "Z"))).toBe("zombie");
    expect(commandLine(proc(1, 0, "Z", { argv: [], comm: "ls" }))).toBe("[ls]");
    expect(commandLine(proc(1, 0, "S", { argv: ["/bin/sh", "-l"] }))).toBe("/bin/sh -l");
  });
});

describe("formatting", () => {
  it("parses addresses as hex, or decimal after #", () => {
    expect(parseAddress("0x3fffffe520")).toBe(0x3fffffe520n);
    expect(parseAddress("3fff_ffe5_20")).toBe(0x3fffffe520n);
    expect(parseAddress("#4096")).toBe(4096n);
    expect(parseAddress("ffffffffffffffff")).toBe(0xffffffffffffffffn);
    expect(parseAddress("1ffffffffffffffff")).toBeNull();
    expect(parseAddress("sp")).toBeNull();
    expect(parseAddress("")).toBeNull();
  });

  it("writes numbers, sizes and FP registers", () => {
    expect(hex(255, 4)).toBe("0x00ff");
    expect(hex(-1n)).toBe("0xffffffffffffffff");
    expect(count(1234567)).toBe("1.23 M");
    expect(count(999)).toBe("999");
    expect(bytes(4096)).toBe("4 KiB");
    expect(bytes(1536)).toBe("1.5 KiB");
    expect(bytes(64 * 1024 * 1024)).toBe("64 MiB");
    expect(fpValue(0x3ff8000000000000n)).toBe("1.5");
    expect(fpValue(0xffffffff40490fdbn)).toMatch(/^3\.14159\d*f$/);
  });
});

describe("the stats chart", () => {
  it("keeps a bounded window and scales it", () => {
    const s = new Series(3);
    for (const v of [1, 2, 3, 4]) s.push(v);
    expect(s.values).toEqual([2, 3, 4]);
    expect(s.last).toBe(4);
    expect(niceMax(37)).toBe(50);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(100)).toBe(100);
    expect(polyline([0, 50, 100], 3, 100, 10, 100)).toEqual([[0, 10], [50, 5], [100, 0]]);
    expect(polyline([100], 3, 100, 10, 100)).toEqual([[100, 0]]);
  });
});
