// The seam between the page and the worker (src/worker/api.ts, src/ui/client.ts) over a fake
// transport: a MessageChannel with a stand-in worker on the other end. Output is batched per
// frame and acknowledged once shown, input crosses as transferred bytes, events that come
// before the page attaches wait for it, and errors reach the page with their message.
import { afterEach, describe, expect, it } from "vitest";
import * as Comlink from "comlink";
import { PlaygroundClient } from "../../src/ui/client.js";
import type { BootOptions, PlaygroundEvents, RunState } from "../../src/worker/api.js";

/** A stand-in for the worker's Playground: records calls, and lets the test emit events. */
class FakeWorker {
  events: PlaygroundEvents | null = null;
  inputs: Uint8Array[] = [];
  acked = 0;
  bootOptions: BootOptions | null = null;
  async boot(options: BootOptions, events: PlaygroundEvents) {
    if (options.cols < 1) throw new Error("the terminal has no columns");
    this.bootOptions = options;
    this.events = events;
    return { pid: 1, ramBytes: 1 << 20, bootMs: 1 };
  }
  input(bytes: Uint8Array) {
    this.inputs.push(bytes);
  }
  ackOutput(n: number) {
    this.acked += n;
  }
}

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function connect() {
  const ch = new MessageChannel();
  channels.push(ch);
  const fake = new FakeWorker();
  Comlink.expose(fake, ch.port1 as unknown as Comlink.Endpoint);
  const frames: Array<() => void> = [];
  const client = new PlaygroundClient(ch.port2 as unknown as Comlink.Endpoint, (cb) => frames.push(cb));
  const writes: Array<{ bytes: Uint8Array; done: () => void }> = [];
  const states: RunState[] = [];
  const lines: string[] = [];
  const attach = () => client.attach({ write: (bytes, done) => writes.push({ bytes, done }) }, { state: (s) => states.push(s), diagnose: (l) => lines.push(l) });
  const runFrames = () => {
    for (const f of frames.splice(0)) f();
  };
  return { fake, client, frames, writes, states, lines, attach, runFrames };
}

const settle = async (pred: () => boolean) => {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(pred()).toBe(true);
};
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const enc = new TextEncoder();

describe("the page–worker seam", () => {
  it("boots with transferred assets", async () => {
    const { fake, client } = connect();
    const core = new Uint8Array([0, 0x61, 0x73, 0x6d]).buffer;
    const info = await client.boot({ core: { bytes: core }, rootfs: { url: "/rootfs.img" }, cols: 80, rows: 24 });
    expect(info.pid).toBe(1);
    expect(core.byteLength).toBe(0); // transferred, not copied
    expect(fake.bootOptions?.core).toEqual({ bytes: new Uint8Array([0, 0x61, 0x73, 0x6d]).buffer });
    expect(fake.bootOptions?.rootfs).toEqual({ url: "/rootfs.img" });
  });

  it("writes everything that arrived before a frame in one piece, and acknowledges it once shown", async () => {
    const { fake, client, writes, attach, runFrames, frames } = connect();
    attach();
    await client.boot({ cols: 80, rows: 24 });
    for (const s of ["he", "llo", "\r\n"]) fake.events!.output(enc.encode(s));
    await settle(() => frames.length === 1);
    expect(writes).toEqual([]);
    runFrames();
    expect(writes.length).toBe(1);
    expect(text(writes[0].bytes)).toBe("hello\r\n");
    expect(fake.acked).toBe(0);
    writes[0].done();
    await settle(() => fake.acked === 7);
    expect(client.written).toBe(7);
  });

  it("holds output and events that come before the page attaches", async () => {
    const { fake, client, writes, states, lines, attach, runFrames, frames } = connect();
    await client.boot({ cols: 80, rows: 24 });
    fake.events!.output(enc.encode("early "));
    fake.events!.state({ kind: "paused", reason: "user", pid: null, pc: null });
    fake.events!.diagnose("aster: sh (pid 1) killed by SIGSEGV");
    fake.events!.output(enc.encode("bird"));
    await new Promise((r) => setTimeout(r, 30));
    expect(frames.length).toBe(0);
    attach();
    expect(states).toEqual([{ kind: "paused", reason: "user", pid: null, pc: null }]);
    expect(lines).toEqual(["aster: sh (pid 1) killed by SIGSEGV"]);
    runFrames();
    expect(writes.map((w) => text(w.bytes))).toEqual(["early bird"]);
  });

  it("sends input as transferred bytes, and nothing for an empty read", async () => {
    const { fake, client } = connect();
    const keys = enc.encode("ls\r");
    client.input(keys);
    expect(keys.byteLength).toBe(0);
    client.input(new Uint8Array(0));
    await settle(() => fake.inputs.length === 1);
    expect(text(fake.inputs[0])).toBe("ls\r");
  });

  it("passes the worker's errors to the page with their message", async () => {
    const { client } = connect();
    await expect(client.boot({ cols: 0, rows: 24 })).rejects.toThrow("the terminal has no columns");
  });
});
