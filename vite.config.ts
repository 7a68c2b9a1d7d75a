import { defineConfig } from "vite";

// The browser playground (src/ui) is served from index.html; the machine runs in a worker.
export default defineConfig({
  root: ".",
  publicDir: "public",
  build: { outDir: "dist", target: "es2022" },
  worker: { format: "es" },
});
