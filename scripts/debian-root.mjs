#!/usr/bin/env node
// A folder with Debian trixie's riscv64 packages unpacked, for running Debian's own dynamically
// linked programs (bash, lua, sqlite3, python3) on our machine and under qemu-riscv64 in the
// tests (tests/debian). Debian's /usr is merged, so the folder gets `lib -> usr/lib` as
// base-files would make it (the programs' interpreter is /lib/ld-linux-riscv64-lp64d.so.1).
//
//   node scripts/debian-root.mjs PACKAGE...            print the folder (built if needed)
//   node scripts/debian-root.mjs --deps PACKAGE...     the packages and all they depend on
//   node scripts/debian-root.mjs --refresh PACKAGE...  ask the archive for newer versions first
//
// Packages come through the same private apt configuration and the same signature checks as
// the root file system image's busybox (scripts/build-rootfs.mjs); each .deb is cached in
// .cache/debs/ with its record, and the folder, build/debian-root/<hash of the .debs>/, is
// made once per set of packages. Without the network, cached packages still do.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BuildError, cachedPackage, candidate, downloadPackage, logToStderr, openDebianArchive } from "./build-rootfs.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const DEBS = join(root, ".cache", "debs");
const ROOTS = join(root, "build", "debian-root");

const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

/** The package names a Depends or Pre-Depends field asks for: of each alternative the first,
 *  without its version or architecture qualifier. */
export function parseDepends(field) {
  if (!field) return [];
  return field.split(",").map((dep) => dep.split("|")[0].trim().replace(/\s*\(.*\)\s*$/, "").replace(/:\w+$/, "")).filter(Boolean);
}

/** `packages` and everything they depend on (Depends and Pre-Depends, the first alternative
 *  of each), as the archive's index says. A dependency the index has no package of (a virtual
 *  one, like awk) is left out with a note on stderr; a named package it lacks is an error. */
export function withDependencies(packages, conf = openDebianArchive(`look up the dependencies of ${packages.join(", ")}`)) {
  const seen = new Set();
  const missing = new Set();
  const todo = [...packages];
  while (todo.length) {
    const pkg = todo.pop();
    if (seen.has(pkg) || missing.has(pkg)) continue;
    seen.add(pkg);
    let f;
    try {
      f = candidate(conf, pkg);
    } catch (e) {
      if (!(e instanceof BuildError) || packages.includes(pkg)) throw e;
      process.stderr.write(`debian-root: leaving out ${pkg} (no package of that name: a virtual one?)\n`);
      seen.delete(pkg);
      missing.add(pkg);
      continue;
    }
    for (const dep of [...parseDepends(f["Pre-Depends"]), ...parseDepends(f.Depends)]) if (!seen.has(dep)) todo.push(dep);
  }
  return [...seen].sort();
}

/**
 * The folder holding `packages` unpacked (downloaded first where not cached, or all of them
 * with `refresh`; `conf`, an archive already open). Throws BuildError (code 69 when apt or the
 * network is not there).
 */
export function debianRoot(packages, { refresh = false, conf = null } = {}) {
  const records = [];
  for (const pkg of [...packages].sort()) {
    let rec = refresh ? null : cachedPackage(DEBS, pkg);
    if (!rec) {
      conf ??= openDebianArchive(`download ${packages.join(", ")} from Debian`);
      rec = downloadPackage(conf, pkg, DEBS);
      writeFileSync(join(DEBS, `${pkg}.json`), JSON.stringify(rec, null, 2) + "\n");
    }
    records.push(rec);
  }
  const dir = join(ROOTS, sha256(records.map((r) => r.sha256).join("\n")).slice(0, 16));
  if (existsSync(join(dir, ".complete"))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const rec of records) {
    const r = spawnSync("dpkg-deb", ["-x", join(DEBS, rec.file), tmp], { encoding: "utf8" });
    if (r.status !== 0) throw new BuildError(`dpkg-deb -x ${rec.file} failed: ${r.stderr}`);
  }
  if (!existsSync(join(tmp, "lib"))) symlinkSync("usr/lib", join(tmp, "lib"));
  writeFileSync(join(tmp, ".complete"), records.map((r) => `${r.package} ${r.version} ${r.sha256}`).join("\n") + "\n");
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const refresh = args.includes("--refresh");
  const deps = args.includes("--deps");
  const named = args.filter((a) => a !== "--refresh" && a !== "--deps");
  if (!named.length) {
    process.stderr.write("usage: node scripts/debian-root.mjs [--deps] [--refresh] PACKAGE...\n");
    process.exit(2);
  }
  logToStderr();
  try {
    const conf = deps ? openDebianArchive(`look up the dependencies of ${named.join(", ")}`) : null;
    const packages = deps ? withDependencies(named, conf) : named;
    if (deps) process.stderr.write(`debian-root: ${packages.join(" ")}\n`);
    process.stdout.write(debianRoot(packages, { refresh, conf }) + "\n");
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    process.stderr.write(`debian-root: error: ${e.message}\n`);
    process.exit(e.code);
  }
}
