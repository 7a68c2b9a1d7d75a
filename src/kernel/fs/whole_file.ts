// Reading a file in the kernel, not through a descriptor: whole (execve's program and
// interpreter, the page cache of mmap'd files) or a range (the pages of mapped files).
import { Errno, SysError, fail } from "../errno.js";
import { O_RDONLY } from "./file.js";
import type { Inode } from "./types.js";
import { concatBytes } from "../util/concat.js";

/** Read a whole file through its inode: in one read when the size is known (one copy of a
 *  1.6 MB busybox, not a copy per chunk and another to join them). */
export function readWholeFile(inode: Inode, size = 0): Uint8Array {
  const h = inode.open(O_RDONLY);
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const part = h.read(total, Math.max(size + 1 - total, 1 << 20));
      if (!(part instanceof Uint8Array)) fail(Errno.EIO, "executable read would block");
      if (part.length === 0) break;
      chunks.push(part);
      total += part.length;
    }
    return concatBytes(chunks);
  } finally {
    h.close?.();
  }
}

/** File bytes at `offset` into `dst`; returns how many there were (the rest of `dst` is left
 *  as it is). None if the file cannot be opened any more (a host file removed behind our back:
 *  a mapped page of it then reads as zeros). */
export function readInodeAt(inode: Inode, offset: number, dst: Uint8Array): number {
  let h;
  try {
    h = inode.open(O_RDONLY);
  } catch (e) {
    if (e instanceof SysError) return 0;
    throw e;
  }
  try {
    const got = h.read(offset, dst.length);
    if (!(got instanceof Uint8Array)) return 0;
    dst.set(got);
    return got.length;
  } finally {
    h.close?.();
  }
}
