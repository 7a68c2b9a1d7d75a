#!/usr/bin/env node
// The `aster` command: runs the compiled CLI (built by `npm install` / `npm run build`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "build", "aster-cli.mjs");
if (!existsSync(entry) || !existsSync(join(root, "build", "core.wasm"))) {
  process.stderr.write("aster: not built yet; run `npm install` (or `npm run build`) in " + root + "\n");
  process.exit(70);
}
await import(entry);
