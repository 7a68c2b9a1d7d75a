// The playground's entry. It starts what takes longest at once — the machine's worker, which
// fetches and compiles the core, loads the root file system image and boots the shell — and
// loads the page itself (xterm.js, the panels: page.ts) meanwhile. The shell's first output
// waits in the client until the terminal is there.
import coreUrl from "../../build/core.wasm?url";
import rootfsUrl from "../../build/rootfs.img?url";
import { PlaygroundClient } from "./client.js";
import { fatal } from "./fatal.js";
import "./style.css";

const started = performance.now();

/** The terminal's size before xterm.js has measured it (its font's cell is about 8.4 × 17 px);
 *  corrected, with SIGWINCH, once known. */
function estimateSize(): { cols: number; rows: number } {
  const el = document.getElementById("terminal")!;
  return { cols: Math.max(20, Math.floor(el.clientWidth / 8.43)), rows: Math.max(5, Math.floor(el.clientHeight / 17)) };
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
  const client = new PlaygroundClient(worker);
  // Asset URLs are resolved here: the worker's own location is a different directory.
  const size = estimateSize();
  const booting = client.boot({
    core: { url: new URL(coreUrl, location.href).href }, rootfs: { url: new URL(rootfsUrl, location.href).href }, ...size,
  }).then((info) => {
    performance.mark("aster:booted");
    return { info, size };
  });
  booting.catch(() => undefined);
  import("./page.js").then(
    (page) => {
      performance.mark("aster:page");
      return page.startPage({ client, booting, workerFailed, started });
    },
    (e: unknown) => fatal(`the page's code failed to load: ${e instanceof Error ? e.message : String(e)}`),
  ).catch((e: unknown) => fatal(e instanceof Error ? e.message : String(e)));
}

start();
