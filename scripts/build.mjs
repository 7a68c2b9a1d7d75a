#!/usr/bin/env node
// Builds the machine core (asm/ -> build/core.wasm) and the CLI bundle (src/ -> build/aster-cli.cjs).
// Each step is skipped when its outputs are newer than all of its inputs.
//   node scripts/build.mjs          both
//   node scripts/build.mjs --asm    the core only
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, unlinkSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

function newestMtime(dir, filter) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, filter));
    else if (filter(p)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function upToDate(output, inputs) {
  if (!existsSync(output)) return false;
  const out = statSync(output).mtimeMs;
  return inputs.every((t) => t < out);
}

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
}

function buildCore() {
  const wasm = join(root, "build", "core.wasm");
  const inputs = [newestMtime(join(root, "asm"), (p) => p.endsWith(".ts") || p.endsWith(".json"))];
  if (upToDate(wasm, inputs)) return;
  mkdirSync(join(root, "build"), { recursive: true });
  // --runtime stub: the core never allocates after start-up, so no GC is linked in.
  // --noAssert: the hot loop's own checks are explicit; asserts would only cost time.
  // --importMemory: OSTD makes the memory, so a recompiled core can take over a running
  // machine (Core.upgrade).
  run(bin("asc"), [
    "asm/index.ts", "--outFile", "build/core.wasm", "--textFile", "build/core.wat",
    "--runtime", "stub", "-O3", "--noAssert", "--converge", "--exportStart", "_start",
    // The JIT tier installs compiled pages in a function table the host provides (asm/jit.ts).
    "--importTable",
    "--initialMemory", "256", "--maximumMemory", "65536", "--importMemory",
  ]);
}

/** SHA-256 over the sources that decide what a guest observes: the core, OSTD, the kernel. */
export function buildId() {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith(".test.ts")) files.push(p);
    }
  };
  for (const d of ["asm", "src/ostd", "src/kernel"]) walk(join(root, d));
  const h = createHash("sha256");
  for (const f of files.sort()) h.update(f.slice(root.length)).update(readFileSync(f));
  return h.digest("hex");
}

// The CLI is bundled into one file: loading ~80 small modules costs more start-up time than
// running a hello world. It is a CommonJS script, not an ES module, because bin/aster.cjs runs
// it through vm.Script to use V8's code cache (build/aster-cli.cache, made by the first run).
// (Type checking is `tsc --noEmit`, run by npm test.)
async function buildCli() {
  const out = join(root, "build", "aster-cli.cjs");
  const filter = (p) => p.endsWith(".ts") && !p.endsWith(".test.ts");
  const inputs = [newestMtime(join(root, "src"), filter), statSync(join(root, "asm", "layout.ts")).mtimeMs];
  if (upToDate(out, inputs)) return;
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [join(root, "src", "cli", "main.ts")],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: true,
    // Smaller source parses faster at every start; the source map keeps traces readable.
    minify: !process.env.ASTER_NO_MINIFY,
    logLevel: "warning",
    define: { __ASTER_BUILD_ID__: JSON.stringify(buildId()) },
  });
}

// `npx aster` in this checkout: npm links the bins of a project's dependencies into
// node_modules/.bin, never the project's own, so npx would find no `aster` (and try to fetch
// a package of that name). The link is made here, by `npm install` (prepare) and every build.
function linkBin() {
  const dir = join(root, "node_modules", ".bin");
  if (!existsSync(dir)) return;
  const link = join(dir, "aster");
  const target = join("..", "..", "bin", "aster.cjs");
  try {
    if (readlinkSync(link) === target) return;
    unlinkSync(link);
  } catch {
    // Nothing there yet: make the link. Something that is not a link: leave it alone.
    if (existsSync(link)) return;
  }
  symlinkSync(target, link);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const onlyAsm = process.argv.includes("--asm");
  buildCore();
  if (!onlyAsm) {
    await buildCli();
    linkBin();
  }
}
