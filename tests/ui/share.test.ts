// Sharing from the playground's worker side, in process: a session with typed commands and an
// upload is shared as a link; the link boots a new machine that replays it (paced, then at full
// speed) to the same output, and then takes more input; the continued run shares again with
// both parts. Links from another build are refused with what differs (or replayed anyway), and
// a run the debugger stepped cannot be shared.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Playground } from "../../src/worker/playground.js";
import type { BootOptions, ReplayResult } from "../../src/worker/api.js";
import { decodeLink, encodeLink } from "../../src/worker/link.js";
import { repoRoot } from "./util.js";

const buffer = (p: string) => {
  const b = readFileSync(join(repoRoot, "build", p));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
};
const enc = new TextEncoder();
const dec = new TextDecoder();

/** A playground with its terminal output and replay outcome collected. */
async function start(options: Omit<BootOptions, "cols" | "rows">) {
  const pg = new Playground();
  const t = { pg, out: "", ended: null as ReplayResult | null };
  const info = await pg.boot({ cols: 80, rows: 24, ...options }, {
    output: (b) => {
      t.out += dec.decode(b);
      pg.ackOutput(b.length);
    },
    state: () => undefined,
    diagnose: (line) => (t.out += `[diagnose] ${line}\n`),
    replayEnded: (r) => (t.ended = r),
  });
  return { ...t, info, t };
}

async function until(pred: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const PROMPT = "/ # ";
const assets = () => ({ core: { bytes: buffer("core.wasm") }, rootfs: { bytes: buffer("rootfs.img") } });

async function type(t: { pg: Playground; out: string }, cmd: string): Promise<void> {
  const at = t.out.length;
  for (const ch of `${cmd}\r`) {
    t.pg.input(enc.encode(ch));
    await new Promise((r) => setTimeout(r, 3));
  }
  await until(() => t.out.slice(at).includes(`\n${PROMPT}`), `the prompt after ${cmd}`);
}

describe("share links from the playground", () => {
  it("replay a shared session, then take over; sharing again includes both parts", async () => {
    const a = await start({ ...assets(), argv: ["/bin/sh"], cwd: "/", ramMiB: 64 });
    await until(() => a.t.out.includes(PROMPT), "the prompt");
    await type(a.t, "echo one; date +%s");
    expect(a.pg.upload("/tmp", "up.sh", enc.encode("#!/bin/sh\necho uploaded\n"))).toMatchObject({ ok: true });
    await type(a.t, "/tmp/up.sh; sleep 0.2; echo slept");
    const shared = a.pg.share();
    if (!shared.ok) throw new Error(shared.error);
    expect(shared.fragment).toMatch(/^v1\./);
    const rec = decodeLink(shared.fragment);
    expect(rec.exitStatus).toBeNull();
    expect(rec.events.filter((e) => e.kind === "file")).toHaveLength(1);
    expect(rec.events.filter((e) => e.kind === "idle")).not.toHaveLength(0);

    // Replayed in a new machine: paced by the recorded waits, to the same output.
    const b = await start({ ...assets(), replay: { link: shared.fragment } });
    expect(b.info.replay).toMatchObject({ argv: ["/bin/sh"], cwd: "/", files: [{ path: "/tmp/up.sh", size: 24 }], exitStatus: null });
    expect(b.pg.upload("/tmp", "x", enc.encode("x"))).toEqual({ ok: false, error: "a replay is running: files can be added once it has finished" });
    expect(b.pg.share()).toMatchObject({ ok: false, error: expect.stringMatching(/replay is still running/) });
    await until(() => b.t.ended !== null, "the end of the replay");
    expect(b.t.ended).toMatchObject({ ok: true });
    expect(b.t.out).toBe(a.t.out);
    // Taking over: the recording goes on.
    await type(b.t, "echo two");
    const again = b.pg.share();
    if (!again.ok) throw new Error(again.error);
    expect(again.events).toBeGreaterThan(rec.events.length);

    // The continued run, replayed at full speed.
    const c = await start({ ...assets(), replay: { link: again.fragment } });
    c.pg.skipReplay();
    await until(() => c.t.ended !== null, "the end of the second replay");
    expect(c.t.ended).toMatchObject({ ok: true });
    expect(c.t.out).toBe(b.t.out);
    expect(c.t.out).toContain("uploaded\r\n");
    expect(c.t.out).toMatch(/two\r\n/);
  });

  it("refuse a link from another build, naming it, and replay it anyway when asked", async () => {
    const a = await start({ ...assets(), argv: ["/bin/sh"], cwd: "/", ramMiB: 64 });
    await until(() => a.t.out.includes(PROMPT), "the prompt");
    await type(a.t, "echo hi");
    const shared = a.pg.share();
    if (!shared.ok) throw new Error(shared.error);
    const foreign = encodeLink({ ...decodeLink(shared.fragment), build: "f".repeat(64) });
    const probe = new Playground();
    const report = await probe.inspectLink(foreign, assets());
    expect(report).toMatchObject({ ok: true, mismatch: expect.stringMatching(/another build of the machine \(recorded on ffffffffffff…, this is /) });
    expect(await probe.inspectLink(shared.fragment.slice(0, -30), assets())).toMatchObject({ ok: false, error: expect.stringMatching(/cut short|damaged/) });
    await expect(start({ ...assets(), replay: { link: foreign } })).rejects.toThrow(/another build of the machine.*refusing to replay it here/);
    const forced = await start({ ...assets(), replay: { link: foreign, force: true } });
    forced.pg.skipReplay();
    await until(() => forced.t.ended !== null, "the forced replay's end");
    expect(forced.t.ended).toMatchObject({ ok: true });
    expect(forced.t.out).toBe(a.t.out);
  });

  it("report a replay that diverges, and refuse to share what follows", async () => {
    const a = await start({ ...assets(), argv: ["/bin/sh"], cwd: "/", ramMiB: 64 });
    await until(() => a.t.out.includes(PROMPT), "the prompt");
    await type(a.t, "echo hi");
    const shared = a.pg.share();
    if (!shared.ok) throw new Error(shared.error);
    const rec = decodeLink(shared.fragment);
    const input = rec.events.find((e) => e.kind === "input" && (e.data as Uint8Array)[0] === "h".charCodeAt(0))!;
    input.data = enc.encode("H");
    const b = await start({ ...assets(), replay: { link: encodeLink(rec) } });
    b.pg.skipReplay();
    await until(() => b.t.ended !== null, "the replay's end");
    expect(b.t.ended).toMatchObject({ ok: false, message: expect.stringMatching(/replay diverged at instruction \d+/) });
    expect(b.pg.share()).toMatchObject({ ok: false, error: expect.stringMatching(/cannot be shared: its replay diverged/) });
  });

  it("refuse to share a run the debugger single-stepped", async () => {
    const a = await start({ ...assets(), argv: ["/bin/sh"], cwd: "/", ramMiB: 64 });
    await until(() => a.t.out.includes(PROMPT), "the prompt");
    a.pg.pause();
    a.pg.step(1);
    a.pg.resume();
    expect(a.pg.share()).toMatchObject({ ok: false, error: expect.stringMatching(/the debugger single-stepped a thread, which a replay cannot reproduce/) });
  });
});
