// The browser playground: index.html and src/ui are the page; the machine runs in a module
// worker (src/worker/worker.ts). The machine's assets, build/core.wasm and build/rootfs.img,
// are imported by URL (src/ui/main.ts), so they are served in development and copied, with
// content hashes, into the static site (dist/) by `vite build`. The site needs no special
// headers (no SharedArrayBuffer, no cross-origin isolation).
import { defineConfig, type Plugin } from "vite";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildId } from "./scripts/build.mjs";

const root = fileURLToPath(new URL(".", import.meta.url));

/** Build the core (when stale) and the root file system image (when missing) before serving
 *  or bundling, as the CLI does on first use. */
function machineAssets(): Plugin {
  const run = (script: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [join(root, "scripts", script), ...args], { cwd: root, stdio: "inherit" });
    if (r.status !== 0) throw new Error(`scripts/${script} failed (status ${r.status}); the playground needs build/core.wasm and build/rootfs.img`);
  };
  return {
    name: "aster-machine-assets",
    buildStart() {
      run("build.mjs", "--asm");
      if (!existsSync(join(root, "build", "rootfs.img"))) run("build-rootfs.mjs");
    },
  };
}

/**
 * In development, serve the worker as one bundle. Vite's dev server would serve its ~150
 * modules one request at a time, which makes the machine start in seconds rather than in
 * well under one; the bundle is rebuilt when a source file changes.
 */
function bundledDevWorker(): Plugin {
  let cached: Promise<string> | null = null;
  const bundle = async () => {
    const esbuild = await import("esbuild");
    const r = await esbuild.build({
      entryPoints: [join(root, "src", "worker", "worker.ts")], bundle: true, write: false, format: "esm",
      platform: "browser", target: "es2022", sourcemap: "inline", logLevel: "warning",
      define: { __ASTER_BUILD_ID__: JSON.stringify(buildId()) },
    });
    return r.outputFiles[0].text;
  };
  return {
    name: "aster-dev-worker",
    apply: "serve",
    configureServer(server) {
      server.watcher.on("change", (file) => {
        if (file.startsWith(join(root, "src")) || file.startsWith(join(root, "asm"))) cached = null;
      });
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? "/", "http://localhost");
        if (url.pathname !== "/src/worker/worker.ts" || !url.searchParams.has("worker_file")) return next();
        (cached ??= bundle()).then(
          (js) => {
            res.setHeader("content-type", "text/javascript");
            res.setHeader("cache-control", "no-cache");
            res.end(js);
          },
          (e: unknown) => {
            cached = null;
            next(e);
          },
        );
      });
    },
  };
}

export default defineConfig({
  root: ".",
  publicDir: "public",
  plugins: [machineAssets(), bundledDevWorker()],
  // The machine's build id, as the CLI bundle has it: share links name it, and a link from
  // another build is refused.
  define: { __ASTER_BUILD_ID__: JSON.stringify(buildId()) },
  // Relative URLs: the site works from any directory of any static host.
  base: "./",
  build: {
    outDir: "dist",
    target: "es2022",
    // The image must stay a file of its own (it is fetched, not inlined).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
  worker: { format: "es" },
  server: { open: false },
});
