// The worker entry: exposes the Playground (api.ts) over comlink. In a browser it is a module
// Web Worker; under Node it runs in worker_threads through comlink's Node adapter. The same
// module serves both: Node's module is imported dynamically so browsers never see it.
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { Playground } from "./playground.js";

const api = new Playground();

if ("WorkerGlobalScope" in globalThis) {
  Comlink.expose(api);
} else {
  const name = "node:worker_threads";
  const { parentPort } = (await import(/* @vite-ignore */ name)) as typeof import("node:worker_threads");
  if (!parentPort) throw new Error("src/worker/worker.ts must run as a worker thread");
  Comlink.expose(api, nodeEndpoint(parentPort as unknown as Parameters<typeof nodeEndpoint>[0]));
}
