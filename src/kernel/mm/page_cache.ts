// The executable cache: the bytes of recently exec'd or privately mapped files (programs, their
// interpreter, shared libraries) and the physical frames holding their pages. Every process
// running busybox then maps the same read-only text frames instead of copying 1.6 MB per exec,
// every dynamic program the same libc — and since the core caches decoded instructions by
// physical address, the decoding is shared too. Writes to a private mapping copy the frame
// first (copy-on-write: the cache holds a reference, so the frame is never written in place).
import { PAGE_SIZE, type FrameAllocator, type Pfn } from "../../ostd/index.js";
import type { PageSource } from "./vma.js";

/** Files kept (least recently used go first): a dynamic program maps several libraries. */
const MAX_FILES = 32;

/** A file's contents as a page source whose whole pages can be shared. */
export class CachedFile implements PageSource {
  /** The frame of each whole page by page index (file offset / 4096); -1 while not loaded. */
  private readonly pages: Int32Array;
  private loaded = 0;

  constructor(readonly name: string, readonly bytes: Uint8Array, readonly size: number, readonly mtimeNs: bigint, private readonly frames: FrameAllocator) {
    this.pages = new Int32Array(Math.floor(bytes.length / PAGE_SIZE)).fill(-1);
  }

  fileSize(): number {
    return this.bytes.length;
  }

  readAt(offset: number, dst: Uint8Array): number {
    const part = this.bytes.subarray(offset, offset + dst.length);
    dst.set(part);
    return part.length;
  }

  /** The shared frame holding the page at file offset `offset` (page-aligned), filled on first
   *  use; null if no frame is free. The caller takes its own reference. */
  sharedPage(offset: number): Pfn | null {
    const index = offset / PAGE_SIZE;
    if (!(index < this.pages.length)) return null; // not a whole page of the file
    let pfn = this.pages[index];
    if (pfn < 0) {
      const f = this.frames.alloc();
      if (typeof f !== "number") return null;
      this.frames.write(f, 0, this.bytes.subarray(offset, offset + PAGE_SIZE));
      this.pages[index] = pfn = f;
      this.loaded++;
    }
    return pfn as Pfn;
  }

  /** The frames of up to `count` pages from file offset `offset` (page-aligned), as a view of
   *  the cache's own table (valid until the cache changes): a frame number per page already
   *  loaded, -1 for the others. It stops at the file's last whole page. */
  loadedPages(offset: number, count: number): Int32Array {
    const first = offset / PAGE_SIZE;
    return this.pages.subarray(first, Math.min(first + count, this.pages.length));
  }

  /** The file's bytes [offset, offset + len) that exist, without a copy. */
  bytesAt(offset: number, len: number): Uint8Array {
    return this.bytes.subarray(offset, offset + len);
  }

  get pageCount(): number {
    return this.loaded;
  }

  /** Drop the cache's references (mappings keep theirs). */
  release(): void {
    for (let i = 0; i < this.pages.length; i++) {
      if (this.pages[i] >= 0) this.frames.unref(this.pages[i] as Pfn);
    }
    this.pages.fill(-1);
    this.loaded = 0;
  }
}

export class ExecCache {
  private readonly files = new Map<string, CachedFile>();
  /** The key last used (the last in the map's order), or null when unknown. */
  private newest: string | null = null;

  constructor(private readonly frames: FrameAllocator) {}

  /** The cached file for `key` if its size and mtime still match, else a fresh entry with
   *  `load()`'s bytes. Least recently used entries go first. */
  get(key: string, size: number, mtimeNs: bigint, name: string, load: () => Uint8Array): CachedFile {
    const hit = this.files.get(key);
    // (An entry restored from a snapshot older than these fields has none: it is reloaded.)
    if (hit && hit.size === size && hit.mtimeNs === mtimeNs) {
      // Most recently used last (a hit on the newest entry, the usual case, moves nothing).
      if (this.newest !== key) {
        this.files.delete(key);
        this.files.set(key, hit);
        this.newest = key;
      }
      return hit;
    }
    hit?.release();
    this.files.delete(key);
    const entry = new CachedFile(name, load(), size, mtimeNs, this.frames);
    this.files.set(key, entry);
    this.newest = key;
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
    this.newest = null;
  }
}
