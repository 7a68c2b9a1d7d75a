// The CPU panel's debugger, in process (no worker): pause the machine, single-step a thread
// (src/kernel/debug/step.ts) — one instruction, or one whole system call — and stop at
// breakpoints (src/worker/runner.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Playground } from "../../src/worker/playground.js";
import type { PlaygroundEvents, RunState } from "../../src/worker/api.js";
import { decodeAt } from "../../src/ui/view/disasm.js";
import { repoRoot } from "./util.js";

const buffer = (p: string) => {
  const b = readFileSync(join(repoRoot, "build", p));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
};

interface Booted {
  pg: Playground;
  states: RunState[];
  output: () => string;
}

async function boot(argv: string[]): Promise<Booted> {
  const pg = new Playground();
  const states: RunState[] = [];
  let out = "";
  const events: PlaygroundEvents = {
    output: (b) => {
      out += new TextDecoder().decode(b);
      pg.ackOutput(b.length);
    },
    state: (s) => states.push(s),
    diagnose: (l) => (out += l),
  };
  await pg.boot({ core: { bytes: buffer("core.wasm") }, rootfs: { bytes: buffer("rootfs.img") }, argv, cwd: "/", cols: 80, rows: 24, ramMiB: 64 }, events);
  return { pg, states, output: () => out };
}

const until = async (pred: () => boolean, what: string, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** Where the instruction at pc goes next when it is not a jump or a taken branch. */
function fallThrough(pg: Playground, pid: number): bigint {
  const cpu = pg.cpu(pid)!;
  const insn = decodeAt(cpu.code, Number(cpu.pc - cpu.codeBase), cpu.pc)!;
  return cpu.pc + BigInt(insn.length);
}

describe("the debugger", () => {
  let spin: Booted;
  beforeAll(async () => {
    spin = await boot(["/bin/sh", "-c", "i=0; while :; do i=$((i+1)); done"]);
    // Well into the loop (the shell starts in about 2 M instructions; a round is ~15 k).
    await until(() => spin.pg.stats().instret > 30_000_000, "the loop to run", 60_000);
  });

  it("pauses the machine: nothing runs until it continues", async () => {
    const { pg } = spin;
    expect(pg.pause()).toEqual({ kind: "paused", reason: "user", pid: null, pc: null });
    const a = pg.stats().instret;
    await new Promise((r) => setTimeout(r, 50));
    expect(pg.stats().instret).toBe(a);
    expect(pg.step(99).error).toMatch(/no live process 99/);
  });

  it("steps one instruction at a time", () => {
    const { pg } = spin;
    const seen: bigint[] = [];
    for (let i = 0; i < 2000; i++) {
      const before = pg.cpu(1)!;
      const next = fallThrough(pg, 1);
      const insn = decodeAt(before.code, Number(before.pc - before.codeBase), before.pc)!;
      const r = pg.step(1);
      expect(r).toEqual({ ok: true, outcome: "instruction" });
      const after = pg.cpu(1)!;
      expect(after.instret).toBe(before.instret + 1);
      if (!insn.target && !["ret", "jr", "jalr"].includes(insn.mnemonic)) expect(after.pc).toBe(next);
      seen.push(after.pc);
    }
    // The shell's interpreter loops: some pc comes round again.
    expect(new Set(seen.map(String)).size).toBeLessThan(seen.length);
    expect(pg.runState()).toMatchObject({ kind: "paused", reason: "step", pid: 1 });
  });

  it("stops at a breakpoint, again each time round the loop", async () => {
    const { pg, states } = spin;
    for (let i = 0; i < 7; i++) pg.step(1);
    const bp = pg.cpu(1)!.pc;
    pg.setBreakpoints(1, [bp]);
    for (let round = 0; round < 3; round++) {
      const n = states.length;
      pg.resume();
      await until(() => states.slice(n).some((s) => s.kind === "paused"), `breakpoint hit ${round + 1}`);
      expect(states.slice(n).find((s) => s.kind === "paused")).toEqual({ kind: "paused", reason: "breakpoint", pid: 1, pc: bp });
      expect(pg.cpu(1)!.pc).toBe(bp);
    }
    pg.setBreakpoints(1, []);
    pg.resume();
    expect(pg.runState()).toEqual({ kind: "running" });
    const a = pg.stats().instret;
    await until(() => pg.stats().instret > a + 1_000_000, "the loop to run freely again");
    pg.signal(1, 9);
    await until(() => states.some((s) => s.kind === "exited"), "the exit");
    expect(states.find((s) => s.kind === "exited")).toEqual({ kind: "exited", status: 137 });
  });

  it("steps over a system call as one step, stopping right after the ecall", async () => {
    const { pg, output } = await boot(["/bin/busybox", "yes", "abc"]);
    await until(() => output().includes("abc\r\nabc"), "yes to write");
    pg.pause();
    let outcome = "";
    let before = pg.cpu(1)!;
    for (let i = 0; i < 100_000 && outcome !== "syscall"; i++) {
      before = pg.cpu(1)!;
      outcome = pg.step(1).outcome ?? "";
    }
    expect(outcome).toBe("syscall");
    const ecall = decodeAt(before.code, Number(before.pc - before.codeBase), before.pc)!;
    expect(ecall.mnemonic).toBe("ecall");
    const after = pg.cpu(1)!;
    expect(after.pc).toBe(before.pc + 4n);
    expect(after.instret).toBe(before.instret);
    pg.signal(1, 9);
  });

  it("says why a sleeping thread cannot step", async () => {
    const { pg, output } = await boot(["/bin/sh"]);
    await until(() => output().includes("# "), "the prompt");
    await new Promise((r) => setTimeout(r, 50));
    pg.pause();
    const r = pg.step(1);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/^pid 1 cannot run now: it is waiting \(.+\): continue to let it wake$/);
    pg.resume();
    pg.signal(1, 9);
  });
});
