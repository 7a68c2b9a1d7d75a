// The World's record/replay rules, on a machine with no tasks: which idle waits are logged,
// how a paced replay holds them, and that nothing from the host slips into a replay.
import { describe, expect, it } from "vitest";
import { testMachine } from "./test_machine.js";

describe("World", () => {
  it("logs waits cut short (quantized, capped at the timer), not waits that ran to a timer", () => {
    const m = testMachine();
    m.world.timerWaitOver(5_000_000);
    expect(m.clock.now()).toBe(5_000_000);
    m.world.pushIdle(1_500_000, 9_000_000);
    m.world.pushIdle(8_000_000, 7_300_000);
    expect(m.world.log.map((e) => [e.kind, e.data])).toEqual([["idle", 2_000_000], ["idle", 7_300_000]]);
    expect(m.clock.now()).toBe(5_000_000 + 2_000_000 + 7_300_000);
  });

  it("files from the host are logged and handed to the file sink; refused during a replay", () => {
    const m = testMachine();
    const seen: string[] = [];
    m.world.onFile((f) => (seen.push(f.path), f.path === "/bad" ? "no" : null));
    const bytes = new Uint8Array([1, 2]);
    expect(m.world.pushFile({ path: "/a", mode: 0o100644, bytes })).toBeNull();
    bytes[0] = 9; // the log keeps its own copy
    expect(m.world.pushFile({ path: "/bad", mode: 0o100644, bytes })).toBe("no");
    expect(m.world.log.map((e) => e.kind)).toEqual(["file", "file"]);
    expect((m.world.log[0].data as { bytes: Uint8Array }).bytes).toEqual(new Uint8Array([1, 2]));

    const r = testMachine();
    const applied: string[] = [];
    r.world.onFile((f) => (applied.push(f.path), null));
    r.world.startReplay([...m.world.log]);
    expect(r.world.pushFile({ path: "/c", mode: 0o100644, bytes })).toMatch(/a replay is running/);
    r.world.deliver();
    expect(applied).toEqual(["/a", "/bad"]);
  });

  it("a paced replay holds each logged idle wait until the host has waited it out", () => {
    const m = testMachine();
    m.world.startReplay([
      { step: 0, kind: "idle", data: 3_000_000 },
      { step: 0, kind: "input", data: new Uint8Array([65]) },
    ], false);
    const got: number[] = [];
    m.world.onInput((b) => got.push(...b));
    m.world.pace = true;
    m.world.deliver();
    expect(m.world.heldIdleNs).toBe(3_000_000);
    expect(got).toEqual([]);
    m.world.deliver(); // still held
    expect(got).toEqual([]);
    m.world.timerWaitOver(3_000_000);
    expect(m.world.heldIdleNs).toBeNull();
    m.world.deliver();
    expect(got).toEqual([65]);
    expect(m.clock.now()).toBe(3_000_000);
    // The log is done: the World is live, and host input counts again.
    expect(m.world.isReplaying).toBe(false);
    m.world.pushInput(new Uint8Array([66]));
    m.world.deliver();
    expect(got).toEqual([65, 66]);
    expect(m.world.log.map((e) => e.kind)).toEqual(["idle", "input", "input"]);
  });
});
