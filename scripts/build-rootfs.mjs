#!/usr/bin/env node
// Builds the root file system image build/rootfs.img (format: docs/rootfs-format.md):
// Debian trixie's riscv64 busybox-static, its applet links, and our /etc (rootfs/).
//
//   node scripts/build-rootfs.mjs            build when an input changed (else "up to date")
//   node scripts/build-rootfs.mjs --force    rebuild the image from the cached .deb
//   node scripts/build-rootfs.mjs --refresh  ask the archive again for the newest busybox-static
//
// The .deb comes from `apt-get download` through a private apt configuration in .cache/apt/:
// its own state, cache, lists and sources, so the machine's apt state is never touched. The
// archive's address is read at run time from the machine's own apt sources, and the Release
// file's signature is checked with the machine's Debian keyring (see fetchDeb below).
//
// Exit status: 0 built or up to date; 69 something the build needs is not there (a tool, the
// network) — the message says what and how to fix it; 1 anything else (a failed check).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  accessSync, chownSync, constants, existsSync, lstatSync, mkdirSync, readFileSync,
  readdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync,
} from "node:fs";
import { basename, delimiter, dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SCRIPT = fileURLToPath(import.meta.url);
const SUITE = "trixie";
const ARCH = "riscv64";
const PACKAGE = "busybox-static";
const APT_DIR = join(root, ".cache", "apt");
const WORK = join(root, ".cache", "rootfs");
const ROOTFS_SRC = join(root, "rootfs");
const OUT = join(root, "build", "rootfs.img");

export const MAGIC = Buffer.from("ASTERFS\0", "latin1");
export const FORMAT_VERSION = 1;
export const HEADER_SIZE = 32;
/** The keyring Debian's own apt uses when a source names none. */
const DEFAULT_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";
export const EX_UNAVAILABLE = 69;

export class BuildError extends Error {
  constructor(message, code = 1) {
    super(message);
    this.code = code;
  }
}

/** Progress messages go to stdout, or to stderr for a caller whose stdout is its answer
 *  (scripts/debian-root.mjs prints a folder). */
let logStream = process.stdout;
export function logToStderr() {
  logStream = process.stderr;
}
const log = (msg) => logStream.write(`build-rootfs: ${msg}\n`);
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

/** Is `cmd` an executable on PATH? Returns its path or null. */
function which(cmd) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return null;
}

function need(cmd, debianPackage, why) {
  const p = which(cmd);
  if (!p) throw new BuildError(`${cmd} is not installed; it is needed to ${why}. Install it with: apt-get install ${debianPackage}`, EX_UNAVAILABLE);
  return p;
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...options });
  if (r.error) throw new BuildError(`${cmd} could not run: ${r.error.message}`, EX_UNAVAILABLE);
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}`, stdout: r.stdout ?? "" };
}

// ---------------------------------------------------------------------------------------------
// The machine's apt sources: where Debian's archive is, and which keyring vouches for it.

/** Parse deb822 `.sources` text into entries {types, uris, suites, components, signedBy}. */
export function parseDeb822Sources(text, file = "") {
  const entries = [];
  for (const para of text.split(/\n[ \t]*\n/)) {
    const fields = {};
    let key = null;
    for (const line of para.split("\n")) {
      if (line.startsWith("#")) continue;
      if (/^[ \t]/.test(line)) {
        if (key) fields[key] += `\n${line}`; // continuation (e.g. an inline Signed-By key)
        continue;
      }
      const m = /^([A-Za-z0-9-]+):(.*)$/.exec(line);
      if (!m) continue;
      key = m[1].toLowerCase();
      fields[key] = m[2].trim();
    }
    if (!fields.uris) continue;
    if (/^(no|false|0)$/i.test(fields.enabled ?? "")) continue;
    const words = (k) => (fields[k] ?? "").split(/\s+/).filter(Boolean);
    for (const uri of words("uris")) {
      entries.push({
        types: words("types"), uri, suites: words("suites"), components: words("components"),
        signedBy: fields["signed-by"] || undefined, file,
      });
    }
  }
  return entries;
}

/** Parse one-line-style `sources.list` text (`deb [opts] URI suite comp...`). */
export function parseOneLineSources(text, file = "") {
  const entries = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    const m = /^(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const opts = {};
    for (const o of (m[2] ?? "").trim().split(/\s+/).filter(Boolean)) {
      const [k, v = ""] = o.split("=");
      opts[k.toLowerCase()] = v;
    }
    if (/^(no|false)$/i.test(opts.enabled ?? "")) continue;
    entries.push({
      types: [m[1]], uri: m[3], suites: [m[4]], components: m[5].split(/\s+/).filter(Boolean),
      signedBy: opts["signed-by"] || undefined, file,
    });
  }
  return entries;
}

const isSecurity = (e) => e.suites.some((s) => /-security$/.test(s)) || /-security\/?$/.test(e.uri) || /\/updates$/.test(e.suites[0] ?? "");

/**
 * The machine's Debian main archive among its sources: a `deb` entry with component main that
 * is not the security archive, preferring a URI whose path is /debian and Debian's keyring.
 */
export function pickDebianArchive(entries) {
  const candidates = entries.filter((e) => e.types.includes("deb") && e.components.includes("main") && !isSecurity(e));
  const score = (e) => {
    let s = 0;
    try {
      if (/\/debian\/?$/.test(new URL(e.uri).pathname)) s += 2;
    } catch {
      // an apt-only URI form (e.g. mirror+file:): keep it, unranked
    }
    if (!e.signedBy || /debian-archive-keyring/.test(e.signedBy)) s += 1;
    return s;
  };
  let best = null;
  for (const e of candidates) if (!best || score(e) > score(best)) best = e;
  return best;
}

function machineSources() {
  const etc = "/etc/apt";
  const entries = [];
  const partsDir = join(etc, "sources.list.d");
  const parts = existsSync(partsDir) ? readdirSync(partsDir).sort() : [];
  for (const f of parts) {
    const p = join(partsDir, f);
    if (f.endsWith(".sources")) entries.push(...parseDeb822Sources(readFileSync(p, "utf8"), p));
    else if (f.endsWith(".list")) entries.push(...parseOneLineSources(readFileSync(p, "utf8"), p));
  }
  const list = join(etc, "sources.list");
  if (existsSync(list)) entries.push(...parseOneLineSources(readFileSync(list, "utf8"), list));
  return entries;
}

function debianArchive() {
  if (process.env.ASTER_DEBIAN_ARCHIVE) {
    return { uri: process.env.ASTER_DEBIAN_ARCHIVE, suites: [], signedBy: undefined, file: "$ASTER_DEBIAN_ARCHIVE" };
  }
  const picked = pickDebianArchive(machineSources());
  if (!picked) {
    throw new BuildError(
      "found no Debian archive in this machine's apt sources (/etc/apt/sources.list, /etc/apt/sources.list.d/): " +
      "add the Debian archive there, or name one with ASTER_DEBIAN_ARCHIVE=<archive URI>", EX_UNAVAILABLE);
  }
  return picked;
}

// ---------------------------------------------------------------------------------------------
// A private apt: everything under .cache/apt/<name>/, nothing of the machine's state.

/** Write a private apt configuration; returns the path of its apt.conf. */
function privateApt(name, { uri, suites, arch, signedBy }) {
  const dir = join(APT_DIR, name);
  for (const d of ["state/lists/partial", "cache/archives/partial", "etc/sources.list.d", "etc/preferences.d", "etc/trusted.gpg.d", "log"]) {
    mkdirSync(join(dir, d), { recursive: true });
  }
  if (!existsSync(join(dir, "state/status"))) writeFileSync(join(dir, "state/status"), "");
  const signed = signedBy.includes("\n") ? signedBy : ` ${signedBy}`;
  // Targets: only the Packages index (not Contents, DEP-11, translations that hooks may add).
  writeFileSync(join(dir, "etc/sources.list.d/aster.sources"),
    `Types: deb\nURIs: ${uri}\nSuites: ${suites.join(" ")}\nComponents: main\nTargets: Packages\nSigned-By:${signed}\n`);
  const q = (p) => `"${p}"`;
  const conf = [
    `Dir::State ${q(join(dir, "state"))};`,
    `Dir::State::lists ${q(join(dir, "state/lists"))};`,
    `Dir::State::status ${q(join(dir, "state/status"))};`,
    `Dir::State::extended_states ${q(join(dir, "state/extended_states"))};`,
    `Dir::Cache ${q(join(dir, "cache"))};`,
    `Dir::Cache::archives ${q(join(dir, "cache/archives"))};`,
    `Dir::Cache::pkgcache "";`,
    `Dir::Cache::srcpkgcache "";`,
    `Dir::Log ${q(join(dir, "log"))};`,
    `Dir::Etc::sourcelist ${q(join(dir, "etc/sources.list"))};`,
    `Dir::Etc::sourceparts ${q(join(dir, "etc/sources.list.d"))};`,
    `Dir::Etc::preferences ${q(join(dir, "etc/preferences"))};`,
    `Dir::Etc::preferencesparts ${q(join(dir, "etc/preferences.d"))};`,
    `Dir::Etc::trusted ${q(join(dir, "etc/trusted.gpg"))};`,
    `Dir::Etc::trustedparts ${q(join(dir, "etc/trusted.gpg.d"))};`,
    `APT::Architecture "${arch}";`,
    `APT::Architectures { "${arch}"; };`,
    `Acquire::Languages "none";`,
    // A failed fetch is an error, not a warning that leaves stale lists in use.
    `APT::Update::Error-Mode "any";`,
    // The machine's hooks act on the machine's state: none of them run for this apt.
    `#clear APT::Update::Pre-Invoke;`,
    `#clear APT::Update::Post-Invoke;`,
    `#clear APT::Update::Post-Invoke-Success;`,
    `#clear DPkg::Pre-Invoke;`,
    `#clear DPkg::Post-Invoke;`,
    `#clear DPkg::Pre-Install-Pkgs;`,
    "",
  ].join("\n");
  const path = join(dir, "apt.conf");
  writeFileSync(path, conf);
  return path;
}

/** What went wrong in an apt run, from its output. */
export function classifyAptFailure(out) {
  if (/BADSIG|bad signature/i.test(out)) return "badsig";
  if (/NO_PUBKEY|EXPKEYSIG|KEYEXPIRED|REVKEYSIG|public key is not available|is not signed|Missing key|not signed by/i.test(out)) return "key";
  if (/Could not resolve|Temporary failure resolving|Failed to fetch|Could not connect|Connection failed|Connection timed out|Network is unreachable|Unable to connect|Cannot initiate the connection|No route to host/i.test(out)) return "network";
  return "other";
}

function aptUpdate(conf) {
  const r = run("apt-get", ["-c", conf, "-q", "update"]);
  const lists = join(dirname(conf), "state/lists");
  const havePackages = existsSync(lists) && readdirSync(lists).some((f) => /_Packages(\.\w+)?$/.test(f));
  return { ok: r.status === 0 && havePackages && !/^(E|W): /m.test(r.out), out: r.out };
}

/** The chain of trust when the machine's keyring lacks trixie's keys: see the report in fetchDeb. */
function bootstrapKeyring(archive, keyring, failed) {
  const suites = archive.suites.filter((s) => !/-(security|backports)$/.test(s));
  if (suites.length === 0) {
    log(`the keyring ${failed} cannot verify ${SUITE}, and there is no suite of the machine's own to fetch a newer keyring from`);
    return null;
  }
  const native = run("dpkg", ["--print-architecture"]).stdout.trim() || "amd64";
  log(`the keyring ${failed} cannot verify ${SUITE}; fetching debian-archive-keyring from the machine's own suites (${suites.join(", ")}), verified by the machine's keyring ${keyring}`);
  const conf = privateApt("bootstrap", { uri: archive.uri, suites, arch: native, signedBy: keyring });
  const up = aptUpdate(conf);
  if (!up.ok) {
    log(`could not read the machine's own suites with its keyring:\n${indent(up.out)}`);
    return null;
  }
  const dl = downloadDir("bootstrap-dl");
  const r = run("apt-get", ["-c", conf, "-q", "download", "debian-archive-keyring"], { cwd: dl });
  const deb = readdirSync(dl).find((f) => f.endsWith(".deb"));
  if (r.status !== 0 || !deb) {
    log(`apt-get download debian-archive-keyring failed:\n${indent(r.out)}`);
    return null;
  }
  const x = join(APT_DIR, "bootstrap-keyring");
  rmSync(x, { recursive: true, force: true });
  const ex = run("dpkg-deb", ["-x", join(dl, deb), x]);
  const ring = join(x, "usr/share/keyrings/debian-archive-keyring.gpg");
  if (ex.status !== 0 || !existsSync(ring)) return null;
  log(`using ${relative(root, ring)} from ${deb}`);
  return ring;
}

const indent = (s) => s.trimEnd().split("\n").map((l) => `    ${l}`).join("\n");

/** A fresh, empty folder for `apt-get download` (its output goes to the current folder). */
function downloadDir(name) {
  const dl = join(APT_DIR, name);
  rmSync(dl, { recursive: true, force: true });
  mkdirSync(dl, { recursive: true });
  // As root, apt downloads as the unprivileged user _apt (its sandbox): let it write here.
  if (process.getuid?.() === 0) {
    const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("_apt:"));
    if (line) chownSync(dl, Number(line.split(":")[2]), 0);
  }
  return dl;
}

/** Packages-index fields of the candidate version of `pkg`. */
export function candidate(conf, pkg) {
  const r = run("apt-cache", ["-c", conf, "show", "--no-all-versions", pkg]);
  if (r.status !== 0) throw new BuildError(`${pkg} is not in ${SUITE}/main for ${ARCH}:\n${indent(r.out)}`);
  const f = {};
  for (const m of r.stdout.matchAll(/^([A-Za-z0-9-]+): (.*)$/gm)) f[m[1]] ??= m[2];
  if (!/^[0-9a-f]{64}$/.test(f.SHA256 ?? "")) throw new BuildError(`the Packages index has no SHA256 for ${pkg}`);
  return f;
}

/**
 * A private apt configuration for riscv64 trixie whose package index is up to date.
 * Signatures: apt verifies trixie's InRelease against the keyring the machine's own source
 * entry names (Signed-By; else Debian's default keyring), then the Packages index by the hash
 * in InRelease, then each .deb by the hash in Packages; downloadPackage checks that last hash
 * again itself. If that keyring does not hold trixie's keys (an older machine), we fetch the
 * debian-archive-keyring package from the machine's own suites — which its keyring does
 * verify — and try trixie with the keyring inside it. Verification is never turned off: if
 * neither keyring verifies trixie, this throws. `why` says what the packages are for.
 */
export function openDebianArchive(why) {
  need("apt-get", "apt", why);
  need("dpkg-deb", "dpkg", "unpack .deb packages");
  const archive = debianArchive();
  // Signed-By is a keyring file or an inline key; a list of fingerprints (keys in the machine's
  // trusted.gpg.d, which this private apt does not read) falls back to Debian's keyring.
  const named = archive.signedBy && (archive.signedBy.includes("/") || archive.signedBy.includes("\n")) ? archive.signedBy : undefined;
  let keyring = process.env.ASTER_ROOTFS_KEYRING || named || DEFAULT_KEYRING;
  if (!keyring.includes("\n") && !existsSync(keyring)) {
    throw new BuildError(`the Debian archive keyring ${keyring} (named by ${archive.file}) is missing: apt-get install debian-archive-keyring`, EX_UNAVAILABLE);
  }
  log(`Debian archive from ${archive.file}; suite ${SUITE}, ${ARCH}; keyring ${keyring.includes("\n") ? "(inline in the source entry)" : keyring}`);
  let conf = privateApt("trixie", { uri: archive.uri, suites: [SUITE], arch: ARCH, signedBy: keyring });
  let up = aptUpdate(conf);
  if (!up.ok && classifyAptFailure(up.out) === "key") {
    // The machine's own keyring: what its apt trusts for its own suites.
    const ring = bootstrapKeyring(archive, named || DEFAULT_KEYRING, keyring);
    if (ring) {
      keyring = ring;
      conf = privateApt("trixie", { uri: archive.uri, suites: [SUITE], arch: ARCH, signedBy: keyring });
      up = aptUpdate(conf);
    }
  }
  if (!up.ok) {
    const kind = classifyAptFailure(up.out);
    const msg = {
      network: ["the Debian archive cannot be reached (no network?)", EX_UNAVAILABLE],
      key: [`SIGNATURE CHECK FAILED: no keyring at hand verifies ${SUITE}'s Release file. Verification stays on; ` +
        "update this machine's debian-archive-keyring (apt-get update && apt-get install debian-archive-keyring) and build again", 1],
      badsig: [`SIGNATURE CHECK FAILED: ${SUITE}'s Release file has a BAD signature (tampered or corrupt download)`, 1],
      other: ["apt-get update failed", 1],
    }[kind];
    throw new BuildError(`${msg[0]}. apt said:\n${indent(up.out)}`, msg[1]);
  }
  return conf;
}

/** Download `pkg` (riscv64, trixie) into `dest`, check its hash against the signed index, and
 *  return its record: { package, version, architecture, suite, sha256, file }. */
export function downloadPackage(conf, pkg, dest) {
  const info = candidate(conf, pkg);
  const dl = downloadDir("download");
  const r = run("apt-get", ["-c", conf, "-q", "download", pkg], { cwd: dl });
  const file = readdirSync(dl).find((f) => f.endsWith(".deb"));
  if (r.status !== 0 || !file) {
    const net = classifyAptFailure(r.out) === "network";
    throw new BuildError(`apt-get download ${pkg} failed${net ? " (no network?)" : ""}:\n${indent(r.out)}`, net ? EX_UNAVAILABLE : 1);
  }
  const bytes = readFileSync(join(dl, file));
  const got = sha256(bytes);
  if (got !== info.SHA256) throw new BuildError(`${file}: sha256 ${got} is not the signed index's ${info.SHA256}`);
  mkdirSync(dest, { recursive: true });
  const name = `${pkg}_${info.Version.replace(/^\d+:/, "")}_${ARCH}.deb`;
  writeFileSync(join(dest, name), bytes);
  rmSync(dl, { recursive: true, force: true });
  log(`downloaded ${name} (${bytes.length} bytes, sha256 ${got}), verified against ${SUITE}'s signed index`);
  return { package: pkg, version: info.Version, architecture: info.Architecture, suite: SUITE, sha256: got, file: name };
}

/** Download busybox-static for riscv64 from trixie (see openDebianArchive for the checks). */
function fetchDeb() {
  const conf = openDebianArchive("download busybox-static from Debian");
  const record = downloadPackage(conf, PACKAGE, WORK);
  writeFileSync(join(WORK, `${PACKAGE}.json`), JSON.stringify(record, null, 2) + "\n");
  return record;
}

/** The record of `pkg`'s .deb cached in `dir` (downloadPackage's, saved as PKG.json), if the
 *  .deb is there and intact; else null. */
export function cachedPackage(dir, pkg) {
  const recPath = join(dir, `${pkg}.json`);
  if (!existsSync(recPath)) return null;
  try {
    const rec = JSON.parse(readFileSync(recPath, "utf8"));
    const p = join(dir, rec.file);
    if (existsSync(p) && sha256(readFileSync(p)) === rec.sha256) return rec;
  } catch {
    // a broken record: fetch again
  }
  return null;
}

/** The cached busybox .deb, if there is one and it is intact. */
function cachedDeb() {
  return cachedPackage(WORK, PACKAGE);
}

// ---------------------------------------------------------------------------------------------
// The applets: busybox itself knows where each one goes (`busybox --list-full`).

const APPLET_RE = /^(bin|sbin|usr\/bin|usr\/sbin)\/[A-Za-z0-9_.+[\]-]+$/;

export function parseAppletList(text) {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const applets = [];
  for (const l of lines) {
    if (!l.includes("/")) continue; // "linuxrc": the initrd entry point, installed at / — not ours
    if (!APPLET_RE.test(l)) throw new BuildError(`unexpected line in busybox --list-full: ${JSON.stringify(l)}`);
    if (l !== "bin/busybox") applets.push(l);
  }
  if (!applets.includes("bin/sh") || applets.length < 50) {
    throw new BuildError(`busybox --list-full gave ${applets.length} applets${applets.includes("bin/sh") ? "" : " and no bin/sh"}: not a usable list`);
  }
  return applets;
}

function appletList(busybox, debSha) {
  const cache = join(WORK, `applets-${debSha.slice(0, 16)}.txt`);
  if (existsSync(cache)) return parseAppletList(readFileSync(cache, "utf8"));
  let text = null;
  let tried = "";
  if (which("qemu-riscv64")) {
    const r = run("qemu-riscv64", [busybox, "--list-full"], { timeout: 60_000 });
    if (r.status === 0) text = r.stdout;
    else tried = `qemu-riscv64 ${busybox} --list-full failed (status ${r.status}):\n${indent(r.out)}\n`;
  }
  const cli = join(root, "build", "aster-cli.cjs");
  if (text === null && existsSync(cli) && existsSync(join(root, "build", "core.wasm"))) {
    // Our own machine runs the same binary: the fallback when qemu-user is not installed.
    const r = run(process.execPath, [join(root, "bin", "aster.cjs"), "--mount", `${dirname(busybox)}:/x`, "--", "/x/busybox", "--list-full"],
      { timeout: 120_000, input: "" });
    if (r.status === 0) text = r.stdout;
    else tried += `the aster CLI could not run busybox --list-full (status ${r.status}):\n${indent(r.out)}\n`;
  }
  if (text === null) {
    throw new BuildError(`${tried}cannot list busybox's applets: it is a riscv64 program and nothing here runs it. ` +
      "Install qemu-user (apt-get install qemu-user), or build the aster CLI (npm run build)", EX_UNAVAILABLE);
  }
  const applets = parseAppletList(text);
  writeFileSync(cache, applets.join("\n") + "\n");
  return applets;
}

// ---------------------------------------------------------------------------------------------
// The tree and the image.

/** Sort key that puts every directory right before its contents. */
const treeKey = (p) => p.replaceAll("/", "\0");
export const treeOrder = (a, b) => (treeKey(a) < treeKey(b) ? -1 : treeKey(a) > treeKey(b) ? 1 : 0);

/**
 * Encode an image. `entries`: {path, type, mode, uid?, gid?, mtime, target?, content?}; the
 * root "/" and every parent must be present. Returns the image bytes.
 */
export function encodeImage(entries, meta = {}) {
  const sorted = [...entries].sort((a, b) => treeOrder(a.path, b.path));
  const chunks = [];
  let offset = 0;
  const lines = sorted.map((e) => {
    const base = { path: e.path, type: e.type, mode: e.mode, uid: e.uid ?? 0, gid: e.gid ?? 0 };
    let m;
    if (e.type === "dir") m = { ...base, size: 0, mtime: e.mtime };
    else if (e.type === "symlink") m = { ...base, size: Buffer.byteLength(e.target), mtime: e.mtime, target: e.target };
    else {
      const content = Buffer.from(e.content);
      m = { ...base, size: content.length, mtime: e.mtime, offset, sha256: sha256(content) };
      chunks.push(content);
      offset += content.length;
    }
    return JSON.stringify(m);
  });
  const manifest = Buffer.from(`{"format":"aster-rootfs","version":${FORMAT_VERSION},"meta":${JSON.stringify(meta)},"entries":[\n${lines.join(",\n")}\n]}\n`);
  const header = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(FORMAT_VERSION, 8);
  header.writeUInt32LE(HEADER_SIZE, 12);
  header.writeBigUInt64LE(BigInt(manifest.length), 16);
  header.writeBigUInt64LE(BigInt(offset), 24);
  return Buffer.concat([header, manifest, ...chunks]);
}

/** Every file, folder and symlink under rootfs/, as [relative path, kind, mode, content/target]. */
function ourFiles(dir = ROOTFS_SRC, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const rel = relative(ROOTFS_SRC, p);
    const st = lstatSync(p);
    if (st.isDirectory()) {
      out.push([rel, "dir", 0o755, null]);
      ourFiles(p, out);
    } else if (st.isSymbolicLink()) out.push([rel, "symlink", 0o777, readlinkSync(p)]);
    else if (st.isFile()) out.push([rel, "file", st.mode & 0o111 ? 0o755 : 0o644, readFileSync(p)]);
    else throw new BuildError(`rootfs/${rel}: only files, folders and symlinks can go into the image`);
  }
  return out;
}

/** The hash of everything the image is made from: the stamp. */
function inputsHash(debSha) {
  const h = createHash("sha256");
  h.update(`format ${FORMAT_VERSION}\nscript ${sha256(readFileSync(SCRIPT))}\ndeb ${debSha}\n`);
  for (const [rel, kind, mode, data] of ourFiles()) {
    h.update(`${kind} ${mode.toString(8)} ${rel} ${data === null ? "" : sha256(Buffer.from(data))}\n`);
  }
  return h.digest("hex");
}

/** The mount points and standard folders, with their modes. */
const DIRS = {
  "/": 0o755, "/bin": 0o755, "/sbin": 0o755, "/usr": 0o755, "/usr/bin": 0o755, "/usr/sbin": 0o755,
  "/usr/share": 0o755, "/usr/share/doc": 0o755, "/usr/share/doc/busybox-static": 0o755,
  "/etc": 0o755, "/root": 0o700, "/tmp": 0o1777, "/dev": 0o755, "/proc": 0o755, "/sys": 0o755,
  "/var": 0o755, "/run": 0o755,
};

function buildTree(rec) {
  const x = join(WORK, "extract");
  rmSync(x, { recursive: true, force: true });
  const r = run("dpkg-deb", ["-x", join(WORK, rec.file), x]);
  if (r.status !== 0) throw new BuildError(`dpkg-deb -x ${rec.file} failed:\n${indent(r.out)}`);
  const bb = ["usr/bin/busybox", "bin/busybox"].map((p) => join(x, p)).find((p) => existsSync(p));
  if (!bb) throw new BuildError(`${rec.file} has no busybox binary (usr/bin/busybox)`);
  const binary = readFileSync(bb);
  // An ELF64 little-endian executable for RISC-V (e_machine 243).
  if (binary.length < 64 || binary.readUInt32BE(0) !== 0x7f454c46 || binary[4] !== 2 || binary[5] !== 1 || binary.readUInt16LE(18) !== 243) {
    throw new BuildError(`${rec.file}: ${relative(x, bb)} is not a riscv64 ELF executable`);
  }
  // One time for every entry, from the package itself: the image is the same on every machine.
  const mtime = Math.floor(statSync(bb).mtimeMs / 1000);
  const copyright = join(x, "usr/share/doc/busybox-static/copyright");
  const byPath = new Map();
  const add = (e) => {
    const old = byPath.get(e.path);
    if (old && !(old.type === "dir" && e.type === "dir")) throw new BuildError(`${e.path} would be in the image twice (${old.type} and ${e.type})`);
    byPath.set(e.path, { uid: 0, gid: 0, mtime, ...e });
  };
  for (const [path, mode] of Object.entries(DIRS)) add({ path, type: "dir", mode });
  add({ path: "/bin/busybox", type: "file", mode: 0o755, content: binary });
  if (existsSync(copyright)) add({ path: "/usr/share/doc/busybox-static/copyright", type: "file", mode: 0o644, content: readFileSync(copyright) });
  for (const a of appletList(bb, rec.sha256)) add({ path: `/${a}`, type: "symlink", mode: 0o777, target: "/bin/busybox" });
  for (const [rel, kind, mode, data] of ourFiles()) {
    const path = `/${rel.split("\\").join("/")}`;
    if (kind === "dir") add({ path, type: "dir", mode: DIRS[path] ?? mode });
    else if (kind === "symlink") add({ path, type: "symlink", mode, target: data });
    else add({ path, type: "file", mode, content: data });
  }
  rmSync(x, { recursive: true, force: true });
  return [...byPath.values()];
}

function writeAtomic(path, data) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function main(argv = process.argv.slice(2)) {
  const t0 = performance.now();
  const force = argv.includes("--force");
  const refresh = argv.includes("--refresh");
  for (const a of argv) if (!["--force", "--refresh"].includes(a)) throw new BuildError(`unknown option ${a} (options: --force, --refresh)`);
  let rec = refresh ? null : cachedDeb();
  const stampPath = `${OUT}.stamp`;
  if (rec && !force && existsSync(OUT) && existsSync(stampPath)) {
    try {
      const stamp = JSON.parse(readFileSync(stampPath, "utf8"));
      if (stamp.inputs === inputsHash(rec.sha256) && stamp.image === sha256(readFileSync(OUT))) {
        log(`${relative(root, OUT)} is up to date (sha256 ${stamp.image}, ${rec.package} ${rec.version})`);
        return 0;
      }
    } catch {
      // unreadable stamp: rebuild
    }
  }
  if (!rec) rec = fetchDeb();
  else need("dpkg-deb", "dpkg", "unpack .deb packages");
  const entries = buildTree(rec);
  const meta = { builder: "scripts/build-rootfs.mjs", packages: [{ name: rec.package, version: rec.version, architecture: rec.architecture, suite: rec.suite, sha256: rec.sha256 }] };
  const image = encodeImage(entries, meta);
  const id = sha256(image);
  mkdirSync(dirname(OUT), { recursive: true });
  writeAtomic(OUT, image);
  writeAtomic(`${OUT}.sha256`, `${id}  ${basename(OUT)}\n`);
  writeAtomic(stampPath, JSON.stringify({ inputs: inputsHash(rec.sha256), image: id }) + "\n");
  const count = (t) => entries.filter((e) => e.type === t).length;
  log(`wrote ${relative(root, OUT)}: ${image.length} bytes, ${entries.length} entries (${count("dir")} dirs, ${count("file")} files, ${count("symlink")} symlinks), ` +
    `${rec.package} ${rec.version}, sha256 ${id} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exit(main());
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    process.stderr.write(`build-rootfs: error: ${e.message}\n`);
    process.exit(e.code);
  }
}
