// A process's memory (Linux's mm_struct): its areas, its page table, brk, and the page-fault
// handler that fills pages in on demand and breaks copy-on-write sharing.
import { Access, PAGE_SIZE, Prot, USER_TOP, type Machine, type ProtBits, type Vaddr, type VmSpace } from "../../ostd/index.js";
import { Errno, fail, errnoOf } from "../errno.js";
import { vmaName, type Vma, type PageSource } from "./vma.js";
import { CachedFile } from "./page_cache.js";
import { SharedFile } from "./shared_file.js";
import { alignDown, alignUp } from "../util/align.js";

export const STACK_TOP = 0x3f_ffff_f000;
export const STACK_SIZE = 8 * 1024 * 1024;
/** Top of the area mmap allocates from, downwards (below the stack and a guard gap). */
export const MMAP_TOP = STACK_TOP - STACK_SIZE - 0x1000_0000;
/** Where a static-pie executable is loaded (Linux's ELF_ET_DYN_BASE: 2/3 of the user space). */
export const ET_DYN_BASE = 0x2a_aaaa_a000;

/** At most this many pages written since the last fork are copied at fork instead of shared
 *  copy-on-write (VmSpace.copyInto): a shell writes about ten between commands. */
const FORK_EAGER_PAGES = 32;

/** How much fault-around maps (Linux's fault_around_bytes default). */
const FAULT_AROUND_BYTES = 16 * PAGE_SIZE;

export function pageDown(a: number): number {
  return alignDown(a, PAGE_SIZE);
}
export function pageUp(a: number): number {
  return alignUp(a, PAGE_SIZE);
}

export class Memory {
  readonly vm: VmSpace;
  /** Sorted by start, non-overlapping. */
  vmas: Vma[] = [];
  brkStart = 0;
  brk = 0;
  /** Processes using this memory (CLONE_VM without CLONE_THREAD shares it, e.g. vfork). */
  private users = 1;

  /** Set when the last fault failed for want of a frame (the kernel's out-of-memory rule
   *  then picks a process to kill). */
  outOfMemory = false;
  /** Set when the last fault was in a page of a mapped file wholly past its end (SIGBUS). */
  pastEndOfFile = false;

  constructor(private readonly machine: Machine) {
    this.vm = machine.newVmSpace();
    // Copies through the space fault as user accesses do: this memory fixes them.
    this.vm.faultHandler = this;
  }

  find(va: Vaddr): Vma | undefined {
    // Areas are few (tens); a linear scan beats keeping a tree in sync.
    for (const v of this.vmas) if (va >= v.start && va < v.end) return v;
    return undefined;
  }

  /** Add an area at [start, end), replacing whatever was mapped there (MAP_FIXED semantics). */
  addVma(vma: Vma): void {
    this.removeRange(vma.start, vma.end);
    let i = 0;
    while (i < this.vmas.length && this.vmas[i].start < vma.start) i++;
    this.vmas.splice(i, 0, vma);
  }

  /** Unmap [start, end): split areas at the edges and free their pages. */
  removeRange(start: number, end: number): void {
    const kept: Vma[] = [];
    for (const v of this.vmas) {
      if (v.end <= start || v.start >= end) {
        kept.push(v);
        continue;
      }
      if (v.start < start) kept.push(this.slice(v, v.start, start));
      if (v.end > end) kept.push(this.slice(v, end, v.end));
    }
    // Still in address order: the pieces of an area lie within it, in order (no sort).
    const before = this.vmas;
    this.vmas = kept;
    this.vm.unmapRange(start, end);
    // Stores through a shared file mapping reach the file when it goes.
    this.syncShared(start, end, before);
  }

  private slice(v: Vma, start: number, end: number): Vma {
    const s: Vma = { ...v, start, end };
    if (v.fileOffset !== undefined) s.fileOffset = v.fileOffset + (start - v.start);
    return s;
  }

  /** mprotect: change the protection of [start, end), which must be fully mapped. */
  protect(start: number, end: number, prot: ProtBits): void {
    for (let a = start; a < end; ) {
      const v = this.find(a);
      if (!v) fail(Errno.ENOMEM, "mprotect of an unmapped range");
      a = v.end;
    }
    const next: Vma[] = [];
    for (const v of this.vmas) {
      if (v.end <= start || v.start >= end) {
        next.push(v);
        continue;
      }
      if (v.start < start) next.push(this.slice(v, v.start, start));
      next.push({ ...this.slice(v, Math.max(v.start, start), Math.min(v.end, end)), prot });
      if (v.end > end) next.push(this.slice(v, end, v.end));
    }
    this.vmas = next; // in order, as in removeRange
    // Pages shared copy-on-write must stay read-only until the write fault copies them.
    for (const v of this.vmas) {
      if (v.end <= start || v.start >= end) continue;
      this.vm.protect(Math.max(v.start, start), Math.min(v.end, end), prot, !v.shared);
    }
  }

  /** Find a free range of `len` bytes, searching down from MMAP_TOP. */
  findFree(len: number, hint: number): number {
    if (hint && hint + len <= USER_TOP && this.isFree(hint, hint + len)) return hint;
    let top = MMAP_TOP;
    for (let i = this.vmas.length - 1; i >= -1; i--) {
      const v = this.vmas[i];
      const lo = v ? v.end : PAGE_SIZE * 16;
      if (v && v.start >= top) continue;
      if (top - lo >= len) return top - len;
      if (v) top = Math.min(top, v.start);
    }
    fail(Errno.ENOMEM, "address space exhausted");
  }

  private isFree(start: number, end: number): boolean {
    return this.vmas.every((v) => v.end <= start || v.start >= end);
  }

  /** brk(2): move the program break; returns the (possibly unchanged) break. */
  setBrk(addr: number): number {
    if (addr < this.brkStart) return this.brk;
    const oldEnd = pageUp(this.brk);
    const newEnd = pageUp(addr);
    if (newEnd > oldEnd) {
      if (!this.isFree(oldEnd, newEnd)) return this.brk;
      const heap = this.vmas.find((v) => v.label === "[heap]");
      if (heap) heap.end = newEnd;
      else this.addVma({ start: pageUp(this.brkStart), end: newEnd, prot: Prot.Read | Prot.Write, shared: false, label: "[heap]" });
    } else if (newEnd < oldEnd) {
      this.removeRange(newEnd, oldEnd);
      const heap = this.vmas.find((v) => v.label === "[heap]");
      if (heap) heap.end = newEnd;
    }
    this.brk = addr;
    return addr;
  }

  /**
   * The page-fault handler, for faults from user mode and from kernel copies. Fills a missing
   * page from its area (zeros or file bytes) and breaks copy-on-write. Returns false when the
   * access is not allowed: the fault is then the process's (SIGSEGV) or the copy's (EFAULT).
   */
  handleFault(va: Vaddr, access: Access): boolean {
    const v = this.find(va);
    if (!v) return false;
    const need = access === Access.Write ? Prot.Write : access === Access.Execute ? Prot.Exec : Prot.Read;
    if ((v.prot & need) === 0) return false;
    const page = pageDown(va);
    const frames = this.machine.frames;
    const info = this.vm.query(page);
    // (An ELF segment's area, with fileEnd, reads zeros after the file's bytes instead.)
    if (!info && v.source?.fileSize && v.fileEnd === undefined && v.fileOffset! + (page - v.start) >= pageUp(v.source.fileSize())) {
      this.pastEndOfFile = true;
      return false;
    }
    if (v.source instanceof SharedFile) return this.mapSharedFile(v, v.source, page, info !== null);
    if (!info && this.mapShared(v, page, access)) return true;
    if (!info) {
      const pfn = frames.alloc();
      if (typeof pfn !== "number") return this.noMemory();
      if (v.source) this.fill(v, page, pfn);
      const mapped = this.vm.map(page, pfn, v.prot);
      frames.unref(pfn);
      return mapped === true || this.noMemory();
    }
    if (access === Access.Write && (info.prot & Prot.Write) === 0) {
      if (frames.refCount(info.pfn) === 1) {
        this.vm.protectPage(page, v.prot);
        return true;
      }
      const copy = frames.allocCopy(info.pfn);
      if (typeof copy !== "number") return this.noMemory();
      const mapped = this.vm.map(page, copy, v.prot);
      frames.unref(copy);
      return mapped === true || this.noMemory();
    }
    return false;
  }

  /** A fault in a shared file mapping: map the file's page, the frame every mapping of it
   *  shares (writable if the area is), or give the write permission the area has (a page
   *  mapped before an mprotect that allowed writing). */
  private mapSharedFile(v: Vma, source: SharedFile, page: number, present: boolean): boolean {
    if (present) {
      this.vm.protectPage(page, v.prot);
      return true;
    }
    const pfn = source.frame(v.fileOffset! + (page - v.start));
    if (pfn === null) return this.noMemory();
    return this.vm.map(page, pfn, v.prot) === true || this.noMemory();
  }

  /** Write back the shared file pages areas in [start, end) map (msync, and after unmapping). */
  syncShared(start: number, end: number, areas: Vma[] = this.vmas): void {
    const done = new Set<SharedFile>();
    for (const v of areas) {
      if (!(v.source instanceof SharedFile) || v.end <= start || v.start >= end || done.has(v.source)) continue;
      done.add(v.source);
      v.source.writeBack();
    }
  }

  private noMemory(): false {
    this.outOfMemory = true;
    return false;
  }

  /**
   * At exec: map, read-only, every page of a cached executable's area whose frame the cache
   * already holds — the pages earlier runs touched. Linux's fault-around maps page-cache pages
   * near a fault for the same reason: a page fault costs far more than mapping a page, and a
   * program run again touches mostly the same text. Writes still copy (copy-on-write).
   */
  mapCached(v: Vma): void {
    if (!(v.source instanceof CachedFile) || v.shared) return;
    const offset = v.fileOffset!;
    if (offset % PAGE_SIZE !== 0 || offset < 0) return;
    // Pages wholly inside the file data (a segment's partial last page is zero-filled, so it
    // is not the cache's page).
    const count = Math.floor((Math.min(v.end, v.fileEnd ?? v.end) - v.start) / PAGE_SIZE);
    if (count <= 0) return;
    this.vm.mapFrames(v.start, v.source.loadedPages(offset, count), v.prot & ~Prot.Write);
  }

  /**
   * A read or execute fault on a whole page of a cached executable: map the cache's frame
   * read-only (a later write copies it), and with it the other pages of the same aligned
   * 64 KiB that are not mapped yet (Linux's fault-around, with its read-ahead: the window's
   * pages are loaded into the cache). A program's first run then takes a fault per 16 pages
   * of text it touches, not one per page.
   */
  private mapShared(v: Vma, page: number, access: Access): boolean {
    if (!(v.source instanceof CachedFile) || v.shared || access === Access.Write) return false;
    const offset = v.fileOffset! + (page - v.start);
    const fileEnd = Math.min(v.end, v.fileEnd ?? v.end);
    if (offset % PAGE_SIZE !== 0 || page + PAGE_SIZE > fileEnd) return false;
    const pfn = v.source.sharedPage(offset);
    if (pfn === null) return false;
    const lo = Math.max(v.start, alignDown(page, FAULT_AROUND_BYTES));
    const hi = Math.min(pageDown(fileEnd), lo + FAULT_AROUND_BYTES);
    const frames = new Int32Array((hi - lo) / PAGE_SIZE).fill(-1);
    for (let p = lo, i = 0; p < hi; p += PAGE_SIZE, i++) {
      // Around the fault, only what a free frame allows (the faulting page comes first).
      frames[i] = p === page ? pfn : (v.source.sharedPage(offset + (p - page)) ?? -1);
    }
    return this.vm.mapFrames(lo, frames, v.prot & ~Prot.Write, true) === true && this.vm.query(page) !== null;
  }

  private fill(v: Vma, page: number, pfn: Parameters<Machine["frames"]["write"]>[0]): void {
    const fileEnd = v.fileEnd ?? v.end;
    if (page >= fileEnd) return;
    const n = Math.min(PAGE_SIZE, fileEnd - page);
    const offset = v.fileOffset! + (page - v.start);
    // A cached executable's bytes go straight into the frame (the frame is fresh: what the
    // file lacks stays zero).
    if (v.source instanceof CachedFile) return this.machine.frames.write(pfn, 0, v.source.bytesAt(offset, n));
    const buf = new Uint8Array(n);
    v.source!.readAt(offset, buf);
    this.machine.frames.write(pfn, 0, buf);
  }

  /** A copy-on-write duplicate for fork(): private pages are shared read-only by both. */
  fork(): Memory {
    const child = new Memory(this.machine);
    child.vmas = this.vmas.map((v) => ({ ...v }));
    child.brkStart = this.brkStart;
    child.brk = this.brk;
    const eager = { pages: FORK_EAGER_PAGES };
    for (const v of this.vmas) {
      const r = this.vm.copyInto(child.vm, v.start, v.end, !v.shared, v.shared ? null : eager);
      if (r !== true) {
        child.release();
        fail(errnoOf(r));
      }
    }
    return child;
  }

  /** Another process shares this memory (CLONE_VM). */
  share(): Memory {
    this.users++;
    return this;
  }

  /** A process stops using this memory (exit, execve); the last one frees it. */
  release(): void {
    if (--this.users > 0) return;
    const areas = this.vmas;
    this.vm.destroy();
    this.vmas = [];
    this.syncShared(0, USER_TOP, areas);
  }

  /** Lines of /proc/PID/maps. */
  maps(): string {
    const hex = (n: number, w: number) => n.toString(16).padStart(w, "0");
    return this.vmas
      .map((v) => {
        const perms = `${v.prot & Prot.Read ? "r" : "-"}${v.prot & Prot.Write ? "w" : "-"}${v.prot & Prot.Exec ? "x" : "-"}${v.shared ? "s" : "p"}`;
        const name = vmaName(v);
        return `${hex(v.start, 8)}-${hex(v.end, 8)} ${perms} ${hex(v.fileOffset ?? 0, 8)} 00:00 0${name ? " ".repeat(19) + name : ""}\n`;
      })
      .join("");
  }
}

export type { PageSource };
