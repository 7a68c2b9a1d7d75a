#!/usr/bin/env node
// A folder with Debian trixie's riscv64 packages unpacked, for running Debian's own dynamically
// linked programs (bash, lua, sqlite3, python3) on our machine and under qemu-riscv64 in the
// tests (tests/debian). Debian's /usr is merged, so the folder gets `lib -> usr/lib` as
// base-files would make it (the programs' interpreter is /lib/ld-linux-riscv64-lp64d.so.1).
//
//   node scripts/debian-root.mjs PACKAGE...            print the folder (built if needed)
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
import { BuildError, cachedPackage, downloadPackage, logToStderr, openDebianArchive } from "./build-rootfs.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const DEBS = join(root, ".cache", "debs");
const ROOTS = join(root, "build", "debian-root");

const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

/**
 * The folder holding `packages` unpacked (downloaded first where not cached, or all of them
 * with `refresh`). Throws BuildError (code 69 when apt or the network is not there).
 */
export function debianRoot(packages, { refresh = false } = {}) {
  const records = [];
  let conf = null;
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
  const packages = args.filter((a) => a !== "--refresh");
  if (!packages.length) {
    process.stderr.write("usage: node scripts/debian-root.mjs [--refresh] PACKAGE...\n");
    process.exit(2);
  }
  logToStderr();
  try {
    process.stdout.write(debianRoot(packages, { refresh }) + "\n");
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    process.stderr.write(`debian-root: error: ${e.message}\n`);
    process.exit(e.code);
  }
}
