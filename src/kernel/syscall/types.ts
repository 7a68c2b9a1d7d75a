// What a system call handler is and may return.
import type { WaitQueue } from "../../ostd/index.js";
import type { Thread } from "../process/process.js";
import type { SysError } from "../errno.js";

/** The call cannot finish yet: sleep on `queues` (and/or until `deadline`, virtual ns) and run
 *  the system call again when woken. Handlers keep progress in thread.restart. */
export class Block {
  constructor(readonly queues: WaitQueue[], readonly deadline: number | null, readonly what: string) {}
}

/** The handler set up the thread's registers itself (execve, exit): write nothing to a0. */
export const NO_RETURN = Symbol("no-return");

/** A handler may also return its SysError instead of throwing it (see errno.ts's `failed`):
 *  the same -errno, without the cost of unwinding, for failures that are routine. */
export type SysResult = number | bigint | Block | SysError | typeof NO_RETURN;

/** Six argument registers a0..a5, as unsigned 64-bit values. */
export type Args = [bigint, bigint, bigint, bigint, bigint, bigint];

export type Handler = (t: Thread, a: Args) => SysResult;
