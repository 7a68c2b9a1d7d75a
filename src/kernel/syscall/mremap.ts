import { PAGE_SIZE } from "../../ostd/index.js";
import { Errno, fail, errnoOf } from "../errno.js";
import { pageUp } from "../mm/memory.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { uint, ulong } from "./util.js";

const MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MREMAP_DONTUNMAP = 4;

/** mremap(2): shrink in place, grow in place when the space after is free, or move the pages
 *  (their frames, not copies) to a new range with MREMAP_MAYMOVE. */
export function sysMremap(t: Thread, a: Args): SysResult {
  const old = ulong(a[0]);
  const oldSize = pageUp(ulong(a[1]));
  const newSize = pageUp(ulong(a[2]));
  const flags = uint(a[3]);
  if (old % PAGE_SIZE || flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP) || newSize === 0) fail(Errno.EINVAL);
  if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) fail(Errno.EINVAL, "MREMAP_FIXED and MREMAP_DONTUNMAP are not supported yet");
  const mem = t.process.mem;
  const vma = mem.find(old);
  if (!vma || old + oldSize > vma.end) fail(Errno.EFAULT);
  if (newSize <= oldSize) {
    if (newSize < oldSize) mem.removeRange(old + newSize, old + oldSize);
    return old;
  }
  const growEnd = old + newSize;
  const next = mem.vmas.find((v) => v.start >= old + oldSize && v.start < growEnd);
  if (!next && vma.end === old + oldSize) {
    vma.end = growEnd;
    return old;
  }
  if (!(flags & MREMAP_MAYMOVE)) fail(Errno.ENOMEM);
  const dest = mem.findFree(newSize, 0);
  const moved = { ...vma, start: dest, end: dest + newSize };
  if (vma.fileOffset !== undefined) moved.fileOffset = vma.fileOffset + (old - vma.start);
  if (vma.fileEnd !== undefined) moved.fileEnd = vma.fileEnd - old + dest;
  const pages: Array<[number, ReturnType<typeof mem.vm.query>]> = [];
  mem.vm.forEachPage(old, old + oldSize, (va, info) => pages.push([va, info]));
  mem.addVma(moved);
  for (const [va, info] of pages) {
    const r = mem.vm.map(dest + (va - old), info!.pfn, info!.prot);
    if (r !== true) fail(errnoOf(r));
  }
  mem.removeRange(old, old + oldSize);
  return dest;
}
