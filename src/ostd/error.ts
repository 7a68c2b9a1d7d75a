/** The small set of ways an OSTD operation can fail. The kernel maps each to an errno in one
 *  place (kernel/errno.ts); OSTD itself never knows about errno. */
export enum OstdError {
  /** A user virtual address is unmapped or lacks the needed permission. */
  PageFault = "PageFault",
  /** No free physical frame is left. */
  NoMemory = "NoMemory",
  /** An argument is outside what the operation accepts (unaligned, out of range). */
  InvalidArgs = "InvalidArgs",
}

/** Thrown for a broken invariant: a bug in OSTD or the kernel, never a guest's doing. */
export class Panic extends Error {
  constructor(where: string, what: string) {
    super(`panic: ${where}: ${what}`);
    this.name = "Panic";
  }
}

/** Stop with a message naming the function whose invariant broke. */
export function panic(where: string, what: string): never {
  throw new Panic(where, what);
}
