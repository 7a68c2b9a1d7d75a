// The root file system image (docs/rootfs-format.md): parse and check one, then copy it into a
// tmpfs. Images come from outside the kernel (a file, a fetch), so every field is checked and
// every failure is a RootfsImageError naming what is wrong — never a TypeError or RangeError.
import { Pod } from "../../ostd/index.js";
import { sha256Hex } from "../util/sha256.js";
import { S_IFDIR, S_IFMT } from "./types.js";
import type { TmpFs, TmpNode } from "./tmpfs.js";

/** "ASTERFS\0": the first 8 bytes of every image. */
export const ROOTFS_MAGIC = new Uint8Array([0x41, 0x53, 0x54, 0x45, 0x52, 0x46, 0x53, 0x00]);
export const ROOTFS_VERSION = 1;
/** magic (8) + version (u32) + header size (u32) + manifest length (u64) + data length (u64). */
export const ROOTFS_HEADER_SIZE = 32;

const PATH_MAX = 4096;
const NAME_MAX = 255;

export class RootfsImageError extends Error {
  constructor(message: string) {
    super(`rootfs image: ${message}`);
    this.name = "RootfsImageError";
  }
}

export type RootfsEntryType = "dir" | "file" | "symlink";

export interface RootfsEntry {
  path: string;
  type: RootfsEntryType;
  /** Permission bits only (0..0o7777); the type comes from `type`. */
  mode: number;
  uid: number;
  gid: number;
  /** File: content bytes; symlink: UTF-8 bytes of the target; dir: 0. */
  size: number;
  /** Modification time, seconds since the epoch. */
  mtime: number;
  /** Symlinks only. */
  target?: string;
  /** Files only: where the content starts in the data section. */
  offset?: number;
  /** Files only: SHA-256 of the content, lowercase hex. */
  sha256?: string;
}

export interface RootfsImage {
  version: number;
  entries: RootfsEntry[];
  /** The manifest's free-form "meta" object (what was packed, from where). */
  meta: Record<string, unknown>;
  /** The data section (a view into the image bytes). */
  data: Uint8Array;
}

export interface ParseOptions {
  /** Check each file's SHA-256 (default true). */
  verifyHashes?: boolean;
}

const ENTRY_KEYS: Record<RootfsEntryType, readonly string[]> = {
  dir: ["path", "type", "mode", "uid", "gid", "size", "mtime"],
  file: ["path", "type", "mode", "uid", "gid", "size", "mtime", "offset", "sha256"],
  symlink: ["path", "type", "mode", "uid", "gid", "size", "mtime", "target"],
};

function bad(message: string): never {
  throw new RootfsImageError(message);
}

function u64(pod: Pod, offset: number, what: string): number {
  const v = pod.getBigUint64(offset);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) bad(`${what} ${v} is too large`);
  return Number(v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function intField(e: Record<string, unknown>, key: string, min: number, max: number, where: () => string): number {
  const v = e[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v)) bad(`${where()}: "${key}" must be an integer, not ${JSON.stringify(v) ?? String(v)}`);
  if (v < min || v > max) bad(`${where()}: "${key}" ${v} is out of range [${min}, ${max}]`);
  return v;
}

/** Bytes of `s` in UTF-8 (what TextEncoder would produce), without encoding it: an image has
 *  hundreds of entries and this runs at every start-up. Lone surrogates count as U+FFFD (3). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a pair: 4 bytes for 2 code units
      i++;
    } else n += 2;
  }
  return n;
}

/** Check an absolute, normalized path: "/", or "/a/b" with no "", ".", ".." components. One
 *  pass over the characters, counting UTF-8 bytes (this runs for every entry at start-up). */
function checkPath(path: unknown, where: () => string): string {
  if (typeof path !== "string") bad(`${where()}: "path" must be a string`);
  if (path === "/") return path;
  if (path.charCodeAt(0) !== 0x2f) bad(`${where()}: path ${JSON.stringify(path)} is not absolute`);
  let bytes = 1;
  let start = 1; // first character of the current component
  let partBytes = 0;
  for (let i = 1; i <= path.length; i++) {
    const c = i < path.length ? path.charCodeAt(i) : 0x2f;
    if (c === 0x2f) {
      const len = i - start;
      if (len === 0) bad(`${where()}: path ${JSON.stringify(path)} has an empty component (a "//" or a trailing "/")`);
      if (len <= 2 && path.charCodeAt(start) === 0x2e && (len === 1 || path.charCodeAt(start + 1) === 0x2e)) bad(`${where()}: path ${JSON.stringify(path)} contains "${path.slice(start, i)}"`);
      if (partBytes > NAME_MAX) bad(`${where()}: a component of ${JSON.stringify(path)} is longer than ${NAME_MAX} bytes`);
      if (i < path.length) bytes++;
      start = i + 1;
      partBytes = 0;
      continue;
    }
    if (c === 0) bad(`${where()}: path ${JSON.stringify(path)} contains a NUL byte`);
    const n = c < 0x80 ? 1 : utf8Length(path.slice(i, i + (c >= 0xd800 && c <= 0xdbff ? 2 : 1)));
    if (n === 4) i++;
    bytes += n;
    partBytes += n;
  }
  if (bytes >= PATH_MAX) bad(`${where()}: path is longer than ${PATH_MAX - 1} bytes`);
  return path;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i === 0 ? "/" : path.slice(0, i);
}

function checkEntry(raw: unknown, index: number, dataOffset: number, dataLength: number): RootfsEntry {
  // Messages are built only when something is wrong: this runs for every entry at start-up.
  if (!isObject(raw)) bad(`entry ${index} is not an object`);
  const path = checkPath(raw.path, () => `entry ${index}`);
  const at = () => `entry ${index} (${path})`;
  const type = raw.type;
  if (type !== "dir" && type !== "file" && type !== "symlink") bad(`${at()}: "type" must be "dir", "file" or "symlink", not ${JSON.stringify(type) ?? String(type)}`);
  const allowed = ENTRY_KEYS[type];
  let keys = 0;
  for (const key in raw) {
    if (!allowed.includes(key)) bad(`${at()}: field "${key}" does not belong to a ${type}`);
    keys++;
  }
  if (keys !== allowed.length) for (const key of allowed) if (!(key in raw)) bad(`${at()}: field "${key}" is missing`);
  const entry: RootfsEntry = {
    path,
    type,
    mode: intField(raw, "mode", 0, 0o7777, at),
    uid: intField(raw, "uid", 0, 0xffff_fffe, at),
    gid: intField(raw, "gid", 0, 0xffff_fffe, at),
    size: intField(raw, "size", 0, Number.MAX_SAFE_INTEGER, at),
    // Seconds that still fit a nanosecond bigint sensibly: +-2^53 s is far past any clock.
    mtime: intField(raw, "mtime", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, at),
  };
  if (type === "dir") {
    if (entry.size !== 0) bad(`${at()}: a directory's "size" must be 0`);
  } else if (type === "symlink") {
    const target = raw.target;
    if (typeof target !== "string" || target === "") bad(`${at()}: "target" must be a non-empty string`);
    if (target.includes("\0")) bad(`${at()}: "target" contains a NUL byte`);
    const bytes = utf8Length(target);
    if (bytes >= PATH_MAX) bad(`${at()}: "target" is longer than ${PATH_MAX - 1} bytes`);
    if (entry.size !== bytes) bad(`${at()}: "size" ${entry.size} is not the target's length ${bytes}`);
    entry.target = target;
  } else {
    const offset = intField(raw, "offset", 0, Number.MAX_SAFE_INTEGER, at);
    if (offset !== dataOffset) bad(`${at()}: "offset" ${offset} should be ${dataOffset} (contents are stored in manifest order, back to back)`);
    if (offset + entry.size > dataLength) bad(`${at()}: contents (${entry.size} bytes at ${offset}) run past the end of the data section (${dataLength} bytes)`);
    const hash = raw.sha256;
    if (typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash)) bad(`${at()}: "sha256" must be 64 lowercase hex digits`);
    entry.offset = offset;
    entry.sha256 = hash;
  }
  return entry;
}

/** Parse and check an image. Throws RootfsImageError, naming the first problem found. */
export function parseRootfsImage(bytes: Uint8Array, options: ParseOptions = {}): RootfsImage {
  if (!(bytes instanceof Uint8Array)) bad("not a byte array");
  if (bytes.length < ROOTFS_HEADER_SIZE) bad(`truncated: ${bytes.length} bytes is shorter than the ${ROOTFS_HEADER_SIZE}-byte header`);
  for (let i = 0; i < ROOTFS_MAGIC.length; i++) {
    if (bytes[i] !== ROOTFS_MAGIC[i]) bad("bad magic: not an Aster root file system image");
  }
  const header = new Pod(bytes.subarray(0, ROOTFS_HEADER_SIZE));
  const version = header.getUint32(8);
  if (version !== ROOTFS_VERSION) bad(`format version ${version} is not supported (this kernel reads version ${ROOTFS_VERSION})`);
  const headerSize = header.getUint32(12);
  if (headerSize !== ROOTFS_HEADER_SIZE) bad(`header size ${headerSize} should be ${ROOTFS_HEADER_SIZE} in version ${ROOTFS_VERSION}`);
  const manifestLength = u64(header, 16, "manifest length");
  const dataLength = u64(header, 24, "data length");
  const expected = ROOTFS_HEADER_SIZE + manifestLength + dataLength;
  if (bytes.length < expected) bad(`truncated: ${bytes.length} bytes, the header promises ${expected} (manifest ${manifestLength}, data ${dataLength})`);
  if (bytes.length > expected) bad(`${bytes.length - expected} unexpected bytes after the data section`);

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(ROOTFS_HEADER_SIZE, ROOTFS_HEADER_SIZE + manifestLength));
  } catch {
    bad("the manifest is not valid UTF-8");
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    bad(`the manifest is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObject(manifest)) bad("the manifest is not a JSON object");
  if (manifest.format !== "aster-rootfs") bad(`the manifest's "format" is ${JSON.stringify(manifest.format) ?? "missing"}, not "aster-rootfs"`);
  if (manifest.version !== version) bad(`the manifest's "version" ${JSON.stringify(manifest.version) ?? "(missing)"} differs from the header's ${version}`);
  const meta = manifest.meta ?? {};
  if (!isObject(meta)) bad(`the manifest's "meta" is not an object`);
  if (!Array.isArray(manifest.entries)) bad(`the manifest's "entries" is not an array`);
  const raws: unknown[] = manifest.entries;
  if (raws.length === 0) bad("the manifest has no entries (the first must be the root directory \"/\")");

  const data = bytes.subarray(ROOTFS_HEADER_SIZE + manifestLength, expected);
  const types = new Map<string, RootfsEntryType>();
  const entries: RootfsEntry[] = [];
  let dataOffset = 0;
  raws.forEach((raw, i) => {
    const e = checkEntry(raw, i, dataOffset, dataLength);
    if (i === 0 && (e.path !== "/" || e.type !== "dir")) bad(`entry 0 must be the root directory "/", not ${e.type} ${JSON.stringify(e.path)}`);
    if (types.has(e.path)) bad(`entry ${i}: duplicate path ${JSON.stringify(e.path)}`);
    if (i > 0) {
      const parent = parentOf(e.path);
      const pt = types.get(parent);
      if (pt === undefined) bad(`entry ${i} (${e.path}): its parent ${JSON.stringify(parent)} is not listed before it`);
      if (pt !== "dir") bad(`entry ${i} (${e.path}): its parent ${JSON.stringify(parent)} is a ${pt}, not a directory`);
    }
    types.set(e.path, e.type);
    if (e.type === "file") {
      if (options.verifyHashes ?? true) {
        const got = sha256Hex(data.subarray(e.offset!, e.offset! + e.size));
        if (got !== e.sha256) bad(`entry ${i} (${e.path}): content hash mismatch (manifest ${e.sha256}, contents ${got})`);
      }
      dataOffset += e.size;
    }
    entries.push(e);
  });
  if (dataOffset !== dataLength) bad(`the data section has ${dataLength - dataOffset} bytes that no file owns`);
  return { version, entries, meta, data };
}

export interface LoadStats {
  dirs: number;
  files: number;
  symlinks: number;
  /** Bytes of file contents. */
  bytes: number;
}

/**
 * Copy a parsed image into `fs`. Directories that already exist (e.g. mount points the kernel
 * made) are kept and take the image's mode, owner and time; any other clash is an error.
 */
export function populateTmpfs(image: RootfsImage, fs: TmpFs): LoadStats {
  const stats: LoadStats = { dirs: 0, files: 0, symlinks: 0, bytes: 0 };
  const nodes = new Map<string, TmpNode>();
  const placed: Array<[TmpNode, RootfsEntry]> = [];
  for (const e of image.entries) {
    let node: TmpNode;
    if (e.path === "/") {
      node = fs.root;
    } else {
      const parent = nodes.get(parentOf(e.path));
      if (!parent) bad(`${e.path}: parent directory missing (was the image parsed with parseRootfsImage?)`);
      const name = e.path.slice(e.path.lastIndexOf("/") + 1);
      const existing = parent.children?.get(name);
      if (existing) {
        if (e.type !== "dir" || (existing.mode & S_IFMT) !== S_IFDIR) bad(`${e.path}: already exists in the target file system`);
        node = existing;
      } else if (e.type === "dir") {
        node = parent.mkdir(name, e.mode) as TmpNode;
      } else if (e.type === "symlink") {
        node = parent.symlink(name, e.target!) as TmpNode;
      } else {
        node = parent.create(name, e.mode) as TmpNode;
        if (e.size > 0) node.adopt(image.data.subarray(e.offset!, e.offset! + e.size));
      }
    }
    if (e.type === "dir") stats.dirs++;
    else if (e.type === "symlink") stats.symlinks++;
    else {
      stats.files++;
      stats.bytes += e.size;
    }
    if (e.type !== "symlink") node.chmod(e.mode);
    node.chown(e.uid, e.gid);
    if (e.type === "dir") nodes.set(e.path, node);
    placed.push([node, e]);
  }
  // Times last: adding a child stamps its directory with the current time.
  for (const [node, e] of placed) {
    const ns = BigInt(e.mtime) * 1_000_000_000n;
    node.utimes(ns, ns);
  }
  return stats;
}

/** Parse, check and load an image into `fs` in one step. File contents are views of `bytes`
 *  (copied on a file's first change), so `bytes` must not be modified afterwards. */
export function loadRootfsImage(bytes: Uint8Array, fs: TmpFs, options: ParseOptions = {}): LoadStats {
  return populateTmpfs(parseRootfsImage(bytes, options), fs);
}

/** The image's identity: SHA-256 of the whole file, lowercase hex (what rootfs.img.sha256 holds). */
export function rootfsImageId(bytes: Uint8Array): string {
  return sha256Hex(bytes);
}
