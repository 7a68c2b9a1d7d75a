// Snapshot files: a whole machine (CPU, memory, kernel objects) that resumes exactly where it
// stopped. The container names what the machine image needs to be restored faithfully — the
// build and the root file system (by hash), the RAM size and terminal kind — and refuses
// anything else with a message saying what differs.
//
//   "ASTERSNP"  magic (8 bytes)
//   u32 LE      container version (SNAPSHOT_VERSION)
//   u32 LE      length of the header JSON
//   header      JSON (SnapshotHeader), UTF-8
//   payload     the machine image (ostd/snapshot/machine.ts), deflate-compressed (fflate; the
//               same bytes in Node and every browser, synchronous, no wasm)
//
// A snapshot's identity is the SHA-256 of the whole file (snapshotHash); the header carries the
// SHA-256 of the compressed payload so corruption is caught before anything is decompressed.
import { deflateSync, inflateSync } from "fflate";
import { SnapshotError } from "../ostd/index.js";
import { sha256Hex } from "../kernel/util/sha256.js";
import { restoreKernel, saveKernel } from "../kernel/snapshot/index.js";
import { parseRootfsImage } from "../kernel/fs/rootfs_image.js";
import type { ByteSource } from "../ostd/index.js";
import { snapshotExternals, type Session } from "./session.js";

export { SnapshotError };

const MAGIC = [0x41, 0x53, 0x54, 0x45, 0x52, 0x53, 0x4e, 0x50]; // "ASTERSNP"
export const SNAPSHOT_FORMAT = "aster-snapshot";
export const SNAPSHOT_VERSION = 1;

/** How the saved machine was configured: a restore builds the same machine before filling it. */
export interface SnapshotConfig {
  memMiB: number;
  /** The guest's terminal: a tty (line discipline) or plain streams, and whether output was a
   *  terminal (isatty on stdout). */
  tty: boolean;
  outputIsTty: boolean;
  seed: string;
  bootEpochNs: string;
  argv: string[];
  env: string[];
  cwd: string;
}

export interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  /** SHA-256 of the machine build (core + kernel): restoring on another build is refused. */
  build: string;
  /** SHA-256 of the root file system image, or null for none: file contents the snapshot did
   *  not change are taken from it, so it must be the same image. */
  rootfs: string | null;
  config: SnapshotConfig;
  /** Instructions retired when saved. */
  instret: string;
  /** Bytes of the machine image before compression. */
  rawBytes: number;
  /** SHA-256 of the compressed payload. */
  payload: string;
}

export interface Snapshot {
  header: SnapshotHeader;
  /** The uncompressed machine image. */
  image: Uint8Array;
  /** SHA-256 of the whole snapshot file. */
  hash: string;
}

/** The SHA-256 (hex) that identifies a snapshot file; a recording started from it names it. */
export function snapshotHash(file: Uint8Array): string {
  return sha256Hex(file);
}

/** Files of the root file system image by size, so copies of them (the executable cache keeps
 *  one of every program it runs) are saved as references into the image. */
function imageFiles(rootfsImage: Uint8Array | null): ByteSource | undefined {
  if (!rootfsImage) return undefined;
  const bySize = new Map<number, number[]>();
  const parsed = parseRootfsImage(rootfsImage, { verifyHashes: false });
  const base = parsed.data.byteOffset - rootfsImage.byteOffset;
  for (const e of parsed.entries) {
    if (e.type !== "file" || e.size < 4096) continue;
    const list = bySize.get(e.size) ?? [];
    list.push(base + e.offset!);
    bySize.set(e.size, list);
  }
  return (bytes) => {
    for (const at of bySize.get(bytes.length) ?? []) {
      const file = rootfsImage.subarray(at, at + bytes.length);
      let same = true;
      for (let i = 0; i < bytes.length && same; i++) same = file[i] === bytes[i];
      if (same) return { name: "rootfs.image", offset: rootfsImage.byteOffset + at };
    }
    return null;
  };
}

/** Whole pages of the image's files, by a hash of their contents, so RAM pages holding a
 *  program's text (mapped from the executable cache) are saved as references into the image. */
function imagePages(rootfsImage: Uint8Array | null): ByteSource | undefined {
  if (!rootfsImage) return undefined;
  const parsed = parseRootfsImage(rootfsImage, { verifyHashes: false });
  const base = parsed.data.byteOffset - rootfsImage.byteOffset;
  const byHash = new Map<number, number[]>();
  for (const e of parsed.entries) {
    if (e.type !== "file") continue;
    for (let off = 0; off + 4096 <= e.size; off += 4096) {
      const at = base + e.offset! + off;
      const h = pageHash(rootfsImage.subarray(at, at + 4096));
      const list = byHash.get(h);
      if (list) list.push(at);
      else byHash.set(h, [at]);
    }
  }
  return (page) => {
    for (const at of byHash.get(pageHash(page)) ?? []) {
      const candidate = rootfsImage.subarray(at, at + 4096);
      let same = true;
      for (let i = 0; i < 4096 && same; i++) same = candidate[i] === page[i];
      if (same) return { name: "rootfs.image", offset: rootfsImage.byteOffset + at };
    }
    return null;
  };
}

/** FNV-1a over a page's bytes (sampled every 4th byte: a filter, every hit is compared). */
function pageHash(p: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < p.length; i += 4) h = Math.imul(h ^ p[i] ^ (p[i + 1] << 8) ^ (p[i + 2] << 16) ^ (p[i + 3] << 24), 0x01000193);
  return h >>> 0;
}

/** Save `session`'s whole machine. Call between slices (not while runSlice runs). */
export function saveSnapshot(session: Session, meta: { build: string; rootfs: string | null; rootfsImage: Uint8Array | null; config: SnapshotConfig }): { file: Uint8Array; header: SnapshotHeader; hash: string } {
  const { image } = saveKernel(session.kernel, snapshotExternals(meta.rootfsImage), imageFiles(meta.rootfsImage), imagePages(meta.rootfsImage));
  const payload = deflateSync(image, { level: 6 });
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, build: meta.build, rootfs: meta.rootfs, config: meta.config,
    instret: session.machine.clock.instret().toString(), rawBytes: image.length, payload: sha256Hex(payload),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const file = new Uint8Array(16 + json.length + payload.length);
  file.set(MAGIC, 0);
  const dv = new DataView(file.buffer);
  dv.setUint32(8, SNAPSHOT_VERSION, true);
  dv.setUint32(12, json.length, true);
  file.set(json, 16);
  file.set(payload, 16 + json.length);
  return { file, header, hash: snapshotHash(file) };
}

/** Parse and check a snapshot file (magic, version, integrity); decompresses the image. */
export function readSnapshot(file: Uint8Array): Snapshot {
  if (file.length < 16 || !MAGIC.every((b, i) => file[i] === b)) throw new SnapshotError("not an Aster snapshot (bad magic)");
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const version = dv.getUint32(8, true);
  if (version !== SNAPSHOT_VERSION) throw new SnapshotError(`snapshot format version ${version} is not supported (this build reads version ${SNAPSHOT_VERSION})`);
  const jsonLen = dv.getUint32(12, true);
  if (16 + jsonLen > file.length) throw new SnapshotError("snapshot is truncated (its header is cut off)");
  let header: SnapshotHeader;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(file.subarray(16, 16 + jsonLen))) as SnapshotHeader;
  } catch {
    throw new SnapshotError("snapshot is corrupt (its header is not valid JSON)");
  }
  if (!header || header.format !== SNAPSHOT_FORMAT || typeof header.payload !== "string" || typeof header.build !== "string" || !header.config) {
    throw new SnapshotError("snapshot is corrupt (its header lacks required fields)");
  }
  const payload = file.subarray(16 + jsonLen);
  if (sha256Hex(payload) !== header.payload) {
    throw new SnapshotError("snapshot is truncated or corrupt (its contents do not match the checksum in its header)");
  }
  let image: Uint8Array;
  try {
    image = inflateSync(payload);
  } catch (e) {
    throw new SnapshotError(`snapshot is corrupt (it does not decompress: ${e instanceof Error ? e.message : String(e)})`);
  }
  if (image.length !== header.rawBytes) throw new SnapshotError("snapshot is corrupt (decompressed size differs from its header)");
  return { header, image, hash: snapshotHash(file) };
}

/** Refuse a snapshot from another build or root file system, naming what differs. */
export function checkSnapshotFits(h: SnapshotHeader, build: string, rootfs: string | null): void {
  if (h.build !== build) {
    throw new SnapshotError(`the snapshot was saved by another build of the machine (${h.build.slice(0, 12)}, this is ${build.slice(0, 12)}); its kernel objects and memory only make sense to that build`);
  }
  if (h.rootfs !== rootfs) {
    throw new SnapshotError(`the snapshot was saved on root file system ${h.rootfs?.slice(0, 12) ?? "(none)"}, but this one is ${rootfs?.slice(0, 12) ?? "(none)"}; refusing to restore on other files`);
  }
}

/** Read a snapshot file for a boot and refuse one from another build or root file system. */
export function openSnapshot(file: Uint8Array, build: string, rootfsImage: Uint8Array | null): Snapshot {
  const s = readSnapshot(file);
  checkSnapshotFits(s.header, build, rootfsImage ? sha256Hex(rootfsImage) : null);
  return s;
}

/** Fill `session` (constructed from the snapshot's config with `restore` set, not started)
 *  with the saved machine. Used by Session itself. */
export function restoreInto(session: Session, image: Uint8Array, rootfsImage: Uint8Array | null): void {
  restoreKernel(session.kernel, image, snapshotExternals(rootfsImage));
}
