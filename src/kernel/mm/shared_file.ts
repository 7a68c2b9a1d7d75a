// Shared file mappings (mmap MAP_SHARED of a regular file): every mapping of a page of the
// file, in any process, maps the same frame, so a store through one is seen by all, and the
// frames are written back to the file:
//   - on msync, on munmap, when a process's memory goes (exit, exec);
//   - before the file is read or written through a descriptor (read, pread, write, ...), and
//     the pages a descriptor write changed are loaded again afterwards, so that read(2) sees
//     stores through the mapping and the mapping sees write(2)s, as with Linux's page cache.
// Frames no mapping uses any more are let go after a write-back; a later fault loads the page
// from the file again.
import { PAGE_SIZE, type FrameAllocator, type Pfn } from "../../ostd/index.js";
import { O_WRONLY, type OpenFile } from "../fs/file.js";
import { readInodeAt } from "../fs/whole_file.js";
import type { Inode } from "../fs/types.js";
import type { PageSource } from "./vma.js";
import { SysError } from "../errno.js";

/** The pages of one file that shared mappings use. */
export class SharedFile implements PageSource {
  /** Frame of each page loaded, by page index (file offset / 4096); the map holds a reference. */
  private readonly pages = new Map<number, Pfn>();

  constructor(readonly name: string, private readonly inode: Inode, private readonly frames: FrameAllocator) {}

  fileSize(): number {
    try {
      return this.inode.stat().size;
    } catch (e) {
      if (e instanceof SysError) return 0; // a host file removed behind our back
      throw e;
    }
  }

  /** PageSource: a copy of file bytes (used only where a private copy is wanted). */
  readAt(offset: number, dst: Uint8Array): number {
    this.writeBack();
    return readInodeAt(this.inode, offset, dst);
  }

  /** The frame of the page at file offset `offset` (page-aligned), loaded from the file on
   *  first use; null if no frame is free. The caller takes its own reference. */
  frame(offset: number): Pfn | null {
    const index = offset / PAGE_SIZE;
    let pfn = this.pages.get(index);
    if (pfn === undefined) {
      const f = this.frames.alloc();
      if (typeof f !== "number") return null;
      const bytes = new Uint8Array(PAGE_SIZE);
      readInodeAt(this.inode, offset, bytes);
      this.frames.write(f, 0, bytes);
      this.pages.set(index, (pfn = f));
    }
    return pfn;
  }

  /** Write every loaded page back to the file (as far as the file goes: a mapping past the
   *  end of the file does not grow it), then let go of the frames no mapping uses. */
  writeBack(): void {
    if (this.pages.size === 0) return;
    try {
      const size = this.inode.stat().size;
      const h = this.inode.open(O_WRONLY);
      try {
        const bytes = new Uint8Array(PAGE_SIZE);
        for (const [index, pfn] of this.pages) {
          const at = index * PAGE_SIZE;
          if (at < size) {
            this.frames.read(pfn, 0, bytes);
            h.write(at, bytes.subarray(0, Math.min(PAGE_SIZE, size - at)));
          }
        }
      } finally {
        h.close?.();
      }
    } catch (e) {
      // A host file removed (or made read-only) behind our back: its pages have nowhere to go.
      if (!(e instanceof SysError)) throw e;
    }
    for (const [index, pfn] of this.pages) {
      if (this.frames.refCount(pfn) === 1) {
        this.frames.unref(pfn);
        this.pages.delete(index);
      }
    }
  }

  /** Bytes [offset, offset + len) of the file were written through a descriptor: load the
   *  loaded pages among them again. */
  written(offset: number, len: number): void {
    if (this.pages.size === 0 || len <= 0) return;
    const bytes = new Uint8Array(PAGE_SIZE);
    for (let index = Math.floor(offset / PAGE_SIZE); index * PAGE_SIZE < offset + len; index++) {
      const pfn = this.pages.get(index);
      if (pfn === undefined) continue;
      bytes.fill(0);
      readInodeAt(this.inode, index * PAGE_SIZE, bytes);
      this.frames.write(pfn, 0, bytes);
    }
  }
}

/** The kernel's shared file pages, by file (device and inode number). */
export class SharedFiles {
  private readonly files = new Map<string, SharedFile>();

  constructor(private readonly frames: FrameAllocator) {}

  /** The shared pages of an open regular file, made on its first shared mapping. */
  of(file: OpenFile): SharedFile {
    const key = file.fileKey() as string;
    let f = this.files.get(key);
    if (!f) this.files.set(key, (f = new SharedFile(file.path, file.inode!, this.frames)));
    return f;
  }

  /** Before a descriptor reads or writes `file`: stores made through shared mappings reach
   *  the file first. */
  sync(file: OpenFile): SharedFile | null {
    if (this.files.size === 0 || !file.inode) return null;
    const f = this.files.get(file.fileKey() as string);
    f?.writeBack();
    return f ?? null;
  }
}
