// The playground's entry. It starts what takes longest at once — the machine's worker, and
// fetching its assets (build/core.wasm, build/rootfs.img) to compile in the worker — and loads
// the page itself (xterm.js, the panels: page.ts) meanwhile.
import * as Comlink from "comlink";
import coreUrl from "../../build/core.wasm?url";
import rootfsUrl from "../../build/rootfs.img?url";
import type { PlaygroundApi } from "../worker/api.js";
import { fatal } from "./fatal.js";
import "./style.css";

const started = performance.now();

function fetchBytes(url: string, what: string): Promise<ArrayBuffer> {
  return fetch(url).then((r) => {
    if (!r.ok) throw new Error(`could not fetch the ${what} (${url}): HTTP ${r.status}`);
    return r.arrayBuffer();
  }, (e: unknown) => {
    throw new Error(`could not fetch the ${what} (${url}): ${e instanceof Error ? e.message : String(e)}`);
  });
}

function start(): void {
  let worker: Worker;
  try {
    worker = new Worker(new URL("../worker/worker.ts", import.meta.url), { type: "module", name: "aster-machine" });
  } catch (e) {
    return fatal(`this browser cannot start a module worker: ${e instanceof Error ? e.message : String(e)}`);
  }
  const workerFailed = new Promise<never>((_, reject) => {
    worker.addEventListener("error", (e) => reject(new Error(`the machine's worker failed${e.message ? `: ${e.message}` : " to load"}`)));
  });
  workerFailed.catch(() => undefined);
  const api = Comlink.wrap<PlaygroundApi>(worker);
  const prepared = Promise.all([fetchBytes(coreUrl, "machine core (core.wasm)"), fetchBytes(rootfsUrl, "root file system image (rootfs.img)")])
    .then(([core, rootfs]) => {
      performance.mark("aster:fetched");
      return api.prepare(Comlink.transfer({ bytes: core }, [core]), Comlink.transfer({ bytes: rootfs }, [rootfs]));
    });
  prepared.catch(() => undefined);
  import("./page.js").then(
    (page) => {
      performance.mark("aster:page");
      return page.startPage({ worker, prepared, workerFailed, started });
    },
    (e: unknown) => fatal(`the page's code failed to load: ${e instanceof Error ? e.message : String(e)}`),
  ).catch((e: unknown) => fatal(e instanceof Error ? e.message : String(e)));
}

start();
