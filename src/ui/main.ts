// The playground's entry. It starts what takes longest at once — the machine's worker, which
// fetches and compiles the core, loads the root file system image and boots the shell — and
// loads the page itself (xterm.js, the panels: page.ts) meanwhile. The shell's first output
// waits in the client until the terminal is there.
import coreUrl from "../../build/core.wasm?url";
import rootfsUrl from "../../build/rootfs.img?url";
import { PlaygroundClient } from "./client.js";
import { fatal } from "./fatal.js";
import { linkInUrl } from "./replay.js";
import type { BootInfo } from "../worker/api.js";
import type { Start } from "./page.js";
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
  const assets = { core: { url: new URL(coreUrl, location.href).href }, rootfs: { url: new URL(rootfsUrl, location.href).href } };
  const link = linkInUrl();
  const booted = (info: BootInfo) => {
    performance.mark("aster:booted");
    return { info, size };
  };
  // A share link: replayed at once when it matches this build and image; otherwise the page
  // asks (info null) before anything boots.
  const booting: Start["booting"] = link
    ? client.api.inspectLink(link, assets).then((report) => report.ok && !report.mismatch
      ? client.boot({ ...size, replay: { link } }).then((info) => ({ ...booted(info), link: { fragment: link, report } }))
      : { info: null, size, link: { fragment: link, report } })
    : client.boot({ ...assets, ...size }).then(booted);
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
// A link pasted into the address bar of an open playground changes only the fragment: load it.
addEventListener("hashchange", () => {
  if (linkInUrl()) location.reload();
});
