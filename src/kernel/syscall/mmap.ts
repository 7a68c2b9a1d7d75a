import { PAGE_SIZE, Prot, USER_TOP, recipe } from "../../ostd/index.js";
import { S_IFMT, S_IFREG, type FileHandle, type Inode } from "../fs/types.js";
import type { OpenFile } from "../fs/file.js";
import { readInodeAt, readWholeFile } from "../fs/whole_file.js";
import { Errno, SysError, fail } from "../errno.js";
import { pageUp } from "../mm/memory.js";
import type { PageSource } from "../mm/vma.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long, uint, ulong } from "./util.js";

export const MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_SHARED_VALIDATE = 0x03, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
export const MAP_FIXED_NOREPLACE = 0x100000;

/** Pages of a file mapping the page cache does not hold come from the file's inode, read
 *  when they are first touched (the mapping outlives the descriptor it was made through):
 *  a recipe, so a snapshot keeps the mapping's source as (name, inode). */
const inodeSource = recipe("kernel.mmapInodeSource", (name: string, inode: Inode): PageSource => ({
  name,
  fileSize(): number {
    // Only a regular file has an end to map past; one a host removed behind our back has none.
    try {
      const st = inode.stat();
      return (st.mode & S_IFMT) === S_IFREG ? st.size : Number.MAX_SAFE_INTEGER;
    } catch (e) {
      if (e instanceof SysError) return Number.MAX_SAFE_INTEGER;
      throw e;
    }
  },
  readAt(off: number, dst: Uint8Array): number {
    return readInodeAt(inode, off, dst);
  },
}));

// Snapshots made before mappings read through the inode name the open file's handle.
recipe("kernel.mmapFileSource", (name: string, handle: FileHandle): PageSource => ({
  name,
  readAt(off: number, dst: Uint8Array): number {
    const got = handle.read(off, dst.length);
    if (!(got instanceof Uint8Array)) return 0;
    dst.set(got);
    return got.length;
  },
}));

/** Files up to this size are mapped privately through the page cache (shared libraries:
 *  every process that maps libc shares its frames, as exec shares a program's). */
const PAGE_CACHE_MAX_BYTES = 16 << 20;

/** Where a private file mapping's pages come from: the page cache for a regular file of
 *  reasonable size, else the inode itself. */
function privateSourceOf(t: Thread, file: OpenFile, inode: Inode): PageSource {
  const st = inode.stat();
  if (st.size <= PAGE_CACHE_MAX_BYTES) {
    return t.kernel.execCache.get(`${st.dev}:${st.ino}:${file.path}`, st.size, st.mtimeNs, file.path, () => readWholeFile(inode, st.size));
  }
  return inodeSource(file.path, inode);
}

/** mmap(2): anonymous and file-backed mappings, private or shared (a shared mapping of a
 *  regular file writes back to it: mm/shared_file.ts). Pages are filled in on first touch. */
export function sysMmap(t: Thread, a: Args): SysResult {
  const addr = ulong(a[0]);
  const len = ulong(a[1]);
  const prot = uint(a[2]) & (Prot.Read | Prot.Write | Prot.Exec);
  const flags = uint(a[3]);
  const fd = int(a[4]);
  const offset = long(a[5]);
  const type = flags & MAP_SHARED_VALIDATE;
  if (len === 0 || type === 0 || offset % PAGE_SIZE !== 0 || offset < 0) fail(Errno.EINVAL);
  const size = pageUp(len);
  if (size > USER_TOP) fail(Errno.ENOMEM);
  const mem = t.process.mem;
  let source: PageSource | undefined;
  let label = "";
  const file = flags & MAP_ANONYMOUS ? null : t.process.fds.get(fd);
  if (file && !file.handle.mapsAnonymous) {
    // Only regular files map (of the devices, /dev/zero, above); others have no mmap on Linux.
    if (!file.inode || !file.handle.seekable || (file.inode.stat().mode & S_IFMT) !== S_IFREG) fail(Errno.ENODEV);
    if (!file.readable) fail(Errno.EACCES);
    if (type !== MAP_PRIVATE) {
      // A shared mapping: its pages are the file's (mm/shared_file.ts).
      if (prot & Prot.Write && !file.writable) fail(Errno.EACCES);
      source = t.kernel.sharedFiles.of(file);
    } else {
      source = privateSourceOf(t, file, file.inode);
    }
    label = "";
  }
  let start: number;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (addr % PAGE_SIZE !== 0 || addr + size > USER_TOP) fail(Errno.EINVAL);
    if (flags & MAP_FIXED_NOREPLACE && mem.vmas.some((v) => v.start < addr + size && v.end > addr)) fail(Errno.EEXIST);
    start = addr;
  } else {
    start = mem.findFree(size, addr % PAGE_SIZE === 0 ? addr : 0);
  }
  mem.addVma({ start, end: start + size, prot, shared: type !== MAP_PRIVATE, source, fileOffset: source ? offset : undefined, label });
  return start;
}
