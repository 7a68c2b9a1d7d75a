import { PAGE_SIZE, Prot, USER_TOP, recipe } from "../../ostd/index.js";
import type { FileHandle } from "../fs/types.js";
import { Errno, fail } from "../errno.js";
import { pageUp } from "../mm/memory.js";
import type { PageSource } from "../mm/vma.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long, uint, ulong } from "./util.js";

export const MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_SHARED_VALIDATE = 0x03, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
export const MAP_FIXED_NOREPLACE = 0x100000;

/** Pages of a private file mapping come from the open file: a recipe, so a snapshot keeps
 *  the mapping's source as (name, handle). */
const fileSource = recipe("kernel.mmapFileSource", (name: string, handle: FileHandle): PageSource => ({
  name,
  readAt(off: number, dst: Uint8Array): number {
    const got = handle.read(off, dst.length);
    if (!(got instanceof Uint8Array)) return 0;
    dst.set(got);
    return got.length;
  },
}));

/** mmap(2): anonymous and file-backed private mappings, anonymous shared ones. Pages are
 *  filled in on first touch. Writable shared file mappings are not supported (ENODEV). */
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
    if (!file.inode || !file.handle.seekable) fail(Errno.ENODEV);
    if (!file.readable) fail(Errno.EACCES);
    if (type !== MAP_PRIVATE && prot & Prot.Write) fail(Errno.ENODEV, "writable shared file mappings are not supported yet");
    source = fileSource(file.path, file.handle);
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
