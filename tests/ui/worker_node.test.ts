// The playground's worker module (src/worker/worker.ts) under Node's worker_threads, through
// comlink's Node adapter: the same module the browser runs as a Web Worker boots the shell
// from the root file system image and runs `echo hi`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Worker } from "node:worker_threads";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { PlaygroundApi, RunState } from "../../src/worker/api.js";
import { buildWorkerBundle, repoRoot } from "./util.js";

const coreWasm = join(repoRoot, "build", "core.wasm");
const rootfsImg = join(repoRoot, "build", "rootfs.img");

describe("the worker under worker_threads", () => {
  let worker: Worker;
  let bundle = "";
  let api: Comlink.Remote<PlaygroundApi>;
  let output = "";
  const states: RunState[] = [];
  const decoder = new TextDecoder();

  beforeAll(async () => {
    expect(existsSync(coreWasm), "build/core.wasm (node scripts/build.mjs)").toBe(true);
    expect(existsSync(rootfsImg), "build/rootfs.img (node scripts/build-rootfs.mjs)").toBe(true);
    bundle = await buildWorkerBundle();
    worker = new Worker(bundle);
    api = Comlink.wrap<PlaygroundApi>(nodeEndpoint(worker));
    const toBuffer = (p: string) => {
      const b = readFileSync(p);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
    };
    const core = toBuffer(coreWasm);
    const rootfs = toBuffer(rootfsImg);
    const events = {
      output(bytes: Uint8Array) {
        output += decoder.decode(bytes, { stream: true });
        void api.ackOutput(bytes.length);
      },
      state(s: RunState) {
        states.push(s);
      },
      diagnose(line: string) {
        output += `[diagnose] ${line}\n`;
      },
    };
    const info = await api.boot(
      { core: Comlink.transfer({ bytes: core }, [core]), rootfs: Comlink.transfer({ bytes: rootfs }, [rootfs]), cols: 80, rows: 24 },
      Comlink.proxy(events),
    );
    expect(info.pid).toBe(1);
  });

  afterAll(async () => {
    await worker?.terminate();
    if (bundle) rmSync(bundle, { force: true });
  });

  async function waitFor(pred: () => boolean, what: string, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; output so far:\n${output}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it("shows the prompt, runs echo hi, and reports the exit", async () => {
    await waitFor(() => output.includes("~ # "), "the prompt");
    // Waiting at the prompt, the machine costs (next to) nothing: the worker's event loop idles.
    await new Promise((r) => setTimeout(r, 100));
    const before = worker.performance.eventLoopUtilization();
    await new Promise((r) => setTimeout(r, 500));
    expect(worker.performance.eventLoopUtilization(before).utilization).toBeLessThan(0.05);
    await api.input(new TextEncoder().encode("echo hi\r"));
    await waitFor(() => /\r\nhi\r\n/.test(output), "hi");
    const procs = await api.processes();
    expect(procs.find((p) => p.pid === 1)?.comm).toBe("sh");
    await api.input(new TextEncoder().encode("exit 3\r"));
    await waitFor(() => states.some((s) => s.kind === "exited"), "the exit");
    expect(states.find((s) => s.kind === "exited")).toEqual({ kind: "exited", status: 3 });
  });
});
