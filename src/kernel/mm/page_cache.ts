// The executable cache: the bytes of recently exec'd files and the physical frames holding their
// pages. Every process running busybox then maps the same read-only text frames instead of
// copying 1.6 MB per exec — and since the core caches decoded instructions by physical address,
// the decoding is shared too. Writes to a private mapping copy the frame first (copy-on-write:
// the cache holds a reference, so the frame is never written in place).
import type { FrameAllocator, Pfn } from "../../ostd/index.js";
import type { PageSource } from "./vma.js";

const MAX_FILES = 16;

/** A file's contents as a page source whose whole pages can be shared. */
export class CachedFile implements PageSource {
  private readonly pages = new Map<number, Pfn>();

  constructor(readonly name: string, readonly bytes: Uint8Array, readonly stamp: string, private readonly frames: FrameAllocator) {}

  readAt(offset: number, dst: Uint8Array): number {
    const part = this.bytes.subarray(offset, offset + dst.length);
    dst.set(part);
    return part.length;
  }

  /** The shared frame holding the page at file offset `offset` (page-aligned), filled on first
   *  use; null if no frame is free. The caller takes its own reference. */
  sharedPage(offset: number): Pfn | null {
    let pfn = this.pages.get(offset);
    if (pfn === undefined) {
      const f = this.frames.alloc();
      if (typeof f !== "number") return null;
      this.frames.write(f, 0, this.bytes.subarray(offset, offset + 4096));
      this.pages.set(offset, (pfn = f));
    }
    return pfn;
  }

  /** The frame already holding the page at file offset `offset`, if any (nothing is loaded). */
  cachedPage(offset: number): Pfn | undefined {
    return this.pages.get(offset);
  }

  get pageCount(): number {
    return this.pages.size;
  }

  /** Drop the cache's references (mappings keep theirs). */
  release(): void {
    for (const pfn of this.pages.values()) this.frames.unref(pfn);
    this.pages.clear();
  }
}

export class ExecCache {
  private readonly files = new Map<string, CachedFile>();

  constructor(private readonly frames: FrameAllocator) {}

  /** The cached file for `key` if its stamp (size, mtime) still matches, else a fresh entry
   *  with `load()`'s bytes. Least recently used entries go first. */
  get(key: string, stamp: string, name: string, load: () => Uint8Array): CachedFile {
    const hit = this.files.get(key);
    if (hit && hit.stamp === stamp) {
      this.files.delete(key);
      this.files.set(key, hit);
      return hit;
    }
    hit?.release();
    this.files.delete(key);
    const entry = new CachedFile(name, load(), stamp, this.frames);
    this.files.set(key, entry);
    while (this.files.size > MAX_FILES) {
      const [oldest, f] = this.files.entries().next().value as [string, CachedFile];
      f.release();
      this.files.delete(oldest);
    }
    return entry;
  }

  /** Frames held by the cache (/proc/meminfo's Cached). */
  get frameCount(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.pageCount;
    return n;
  }

  /** Forget everything (like writing 3 to /proc/sys/vm/drop_caches). */
  drop(): void {
    for (const f of this.files.values()) f.release();
    this.files.clear();
  }
}
