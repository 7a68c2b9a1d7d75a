#!/usr/bin/env -S node --v8-pool-size=1
// The `aster` command: runs the compiled CLI, build/aster-cli.cjs (built by `npm install` /
// `npm run build`).
//
// One V8 worker thread (--v8-pool-size=1; Node's default is four). The machine runs on the
// main thread; the workers compile (the core's and hot guest pages' optimized Wasm, the
// kernel's optimized JavaScript) and help the garbage collector. With more of them than one
// spare core they take the main thread's core too: on a 2-core machine 300 fork+exec+wait
// ran ~20% faster with one worker (median of 5 interleaved runs, 570/s against 460/s), the
// sieve too (1.75-1.84 s against 2.0-2.5 s), sha256 and strings alike. It is a Node option,
// read only at start, hence this line; scripts/bench.mjs runs the CLI with the options it
// names here.
//
// Start-up time is most of a short run, so this file is CommonJS (an ES module entry would
// start Node's ES module loader, about 10 ms here), and the bundle is a classic script run
// through vm.Script with V8's code cache: the first run that runs a program saves the code V8
// compiled for it (build/aster-cli.cache), and later runs load that instead of compiling again.
// The cache records the bundle's size and mtime and the Node version; a rebuilt bundle or
// another Node makes a fresh one. (V8 itself only checks the source's length, so the stamp is
// what keeps a stale cache from being used.)
"use strict";
const { accessSync, constants, existsSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const vm = require("node:vm");

// ASTER_TRACE_STARTUP=1 prints when each start-up phase ended, in ms since the process began.
const mark = process.env.ASTER_TRACE_STARTUP ? (what) => process.stderr.write(`aster: startup ${(process.uptime() * 1000).toFixed(1)} ms ${what}\n`) : undefined;
mark?.("entry script runs");

const buildDir = join(__dirname, "..", "build");
const entry = join(buildDir, "aster-cli.cjs");
const cacheFile = join(buildDir, "aster-cli.cache");
if (!existsSync(entry) || !existsSync(join(buildDir, "core.wasm"))) {
  process.stderr.write("aster: not built yet; run `npm install` (or `npm run build`) in " + join(buildDir, "..") + "\n");
  process.exit(70);
}

const source = readFileSync(entry, "utf8");
const bundle = statSync(entry);
const stamp = Buffer.from(`${bundle.size}:${bundle.mtimeMs}:${process.version}\n`);

/** The cached code if it was made for this very bundle and Node; else undefined. */
function readCache() {
  try {
    const data = readFileSync(cacheFile);
    if (data.length > stamp.length && data.subarray(0, stamp.length).equals(stamp)) return data.subarray(stamp.length);
  } catch {
    // no cache yet
  }
  return undefined;
}

/** Save what V8 compiled so far (atomically: other runs may be reading). Best effort: a
 *  read-only install just runs without a cache. */
function writeCache(script) {
  try {
    accessSync(buildDir, constants.W_OK); // before the work of serializing
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([stamp, script.createCachedData()]));
    renameSync(tmp, cacheFile);
  } catch {
    // not writable
  }
}

/**
 * Exit with `status` now. process.exit() waits for the compiles V8 has running on its worker
 * thread (the core's optimized code takes ~50 ms), so a run that ends soon after V8 started
 * optimizing would wait for code it never uses. A WASI program's proc_exit ends the process
 * at once with its status (Node's documented `returnOnExit: false`), so the CLI exits through
 * one: a module of three instructions that calls proc_exit with the i32 at address 0. Only on
 * Linux, where writes to process.stdout and stderr are synchronous (files, pipes and
 * terminals), so nothing written is lost; the process's 'exit' listeners (the terminal's mode)
 * run first. Anywhere else, or if WASI is missing, process.exit.
 */
function exitNow(status) {
  if (process.platform !== "linux") process.exit(status);
  let wasi, instance;
  try {
    const warn = process.emitWarning; // WASI is experimental in Node 20: no warning for it
    process.emitWarning = () => {};
    try {
      const { WASI } = require("node:wasi");
      wasi = new WASI({ version: "preview1", returnOnExit: false });
    } finally {
      process.emitWarning = warn;
    }
    instance = new WebAssembly.Instance(new WebAssembly.Module(PROC_EXIT_MODULE), wasi.getImportObject());
  } catch {
    process.exit(status);
  }
  process.exitCode = status;
  process.emit("exit", status);
  new DataView(instance.exports.memory.buffer).setInt32(0, status, true);
  wasi.start(instance); // does not return
  process.exit(status);
}
// (module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))) (memory (export "memory") 1)
//   (func (export "_start") (call 0 (i32.load (i32.const 0)))))
const PROC_EXIT_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00, // types: (i32) -> (), () -> ()
  0x02, 0x24, 0x01, 0x16, ...Buffer.from("wasi_snapshot_preview1"), 0x09, ...Buffer.from("proc_exit"), 0x00, 0x00, // import
  0x03, 0x02, 0x01, 0x01, // function 1: type 1
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: min 1 page
  0x07, 0x13, 0x02, 0x06, ...Buffer.from("memory"), 0x02, 0x00, 0x06, ...Buffer.from("_start"), 0x00, 0x01, // exports
  0x0a, 0x0b, 0x01, 0x09, 0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x10, 0x00, 0x0b, // code
]);

const cachedData = readCache();
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: entry, cachedData });
const cli = { exports: {} };
script.runInThisContext()(cli.exports, require, cli, entry, buildDir);
const { runCli } = cli.exports;
mark?.("bundle loaded");

runCli(process.argv.slice(2), buildDir, mark).then(
  ({ status, ranProgram }) => {
    if (ranProgram && (cachedData === undefined || script.cachedDataRejected)) writeCache(script);
    mark?.("exit");
    exitNow(status);
  },
  (e) => {
    process.stderr.write(`aster: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  },
);
