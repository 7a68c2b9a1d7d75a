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
    process.exit(status);
  },
  (e) => {
    process.stderr.write(`aster: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  },
);
