// Virtual memory areas: what a process has asked for (mmap, brk, ELF segments, stack), as
// opposed to what is mapped right now (the page table, filled in lazily on faults).
import type { ProtBits } from "../../ostd/index.js";

/** Where the contents of a file-backed area come from. */
export interface PageSource {
  /** Copy file bytes at `offset` into `dst`; returns how many were available (rest stays 0). */
  readAt(offset: number, dst: Uint8Array): number;
  /** Shown in /proc/PID/maps. */
  readonly name: string;
  /** The file's size now, for sources mmap makes: a page of such a mapping wholly past the end
   *  of the file is not there (SIGBUS), as on Linux. */
  fileSize?(): number;
}

export interface Vma {
  start: number;
  end: number;
  prot: ProtBits;
  /** MAP_SHARED: writes are seen by every process sharing the frames (fork keeps them shared). */
  shared: boolean;
  /** File-backed areas: file offset of `start`, and the virtual address where file data ends
   *  (an ELF segment's bss after filesz reads as zeros). */
  source?: PageSource;
  fileOffset?: number;
  fileEnd?: number;
  /** "[heap]", "[stack]", or "" (the source's name is used for file areas). */
  label: string;
}

export function vmaName(v: Vma): string {
  return v.label || v.source?.name || "";
}
