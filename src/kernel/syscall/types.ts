// What a system call handler is and may return.
import type { WaitQueue } from "../../ostd/index.js";
import type { Thread } from "../process/process.js";

/** The call cannot finish yet: sleep on `queues` (and/or until `deadline`, virtual ns) and run
 *  the system call again when woken. Handlers keep progress in thread.restart. */
export class Block {
  constructor(readonly queues: WaitQueue[], readonly deadline: number | null, readonly what: string) {}
}

/** The handler set up the thread's registers itself (execve, exit): write nothing to a0. */
export const NO_RETURN = Symbol("no-return");

export type SysResult = number | bigint | Block | typeof NO_RETURN;

/** Six argument registers a0..a5, as unsigned 64-bit values. */
export type Args = [bigint, bigint, bigint, bigint, bigint, bigint];

export type Handler = (t: Thread, a: Args) => SysResult;
