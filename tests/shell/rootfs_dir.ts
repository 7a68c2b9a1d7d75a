// Unpack the root file system image (build/rootfs.img) into a host directory, with the kernel's
// own parser, so the reference (qemu-user in a chroot) runs the very same busybox and /etc as
// our kernel does. Directories, files and symlinks keep their modes and times; owners are left
// to whoever runs this (inside `unshare --map-root-user` they all appear as root).
import { chmodSync, lutimesSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseRootfsImage } from "../../src/kernel/fs/rootfs_image.js";

export interface ExtractStats { dirs: number; files: number; symlinks: number }

/** Create the image's tree under `dir` (which must exist and be empty). */
export function extractRootfs(image: Uint8Array, dir: string): ExtractStats {
  const img = parseRootfsImage(image, { verifyHashes: false });
  const stats: ExtractStats = { dirs: 0, files: 0, symlinks: 0 };
  const host = (p: string) => (p === "/" ? dir : join(dir, p));
  for (const e of img.entries) {
    const at = host(e.path);
    if (e.type === "dir") {
      mkdirSync(at, { recursive: true });
      stats.dirs++;
    } else if (e.type === "file") {
      writeFileSync(at, img.data.subarray(e.offset!, e.offset! + e.size));
      chmodSync(at, e.mode);
      utimesSync(at, e.mtime, e.mtime);
      stats.files++;
    } else {
      symlinkSync(e.target!, at);
      lutimesSync(at, e.mtime, e.mtime);
      stats.symlinks++;
    }
  }
  // Directories last, deepest first: their modes (e.g. /root 0700) and times survive the
  // creation of their contents.
  for (const e of [...img.entries].reverse()) {
    if (e.type !== "dir") continue;
    chmodSync(host(e.path), e.mode);
    utimesSync(host(e.path), e.mtime, e.mtime);
  }
  return stats;
}

/** The same, reading the image from a file. */
export function extractRootfsFile(imagePath: string, dir: string): ExtractStats {
  return extractRootfs(new Uint8Array(readFileSync(imagePath)), dir);
}

