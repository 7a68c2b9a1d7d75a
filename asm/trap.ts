// Trap reporting shared by the slow paths and the executor.
import { STATE_BASE, HART_CAUSE, HART_TVAL, HART_ACCESS } from "./layout";

/** Nonzero while a trap raised by a slow path has not been handed back by run(). The
 *  cause, tval and access kind are already in the state block. */
export let gTrap: u32 = 0;

/** Set when a store removed cached decoded instructions (self-modifying code): the executor
 *  must leave the current run and look its next instruction up again. */
export let gCodeDirty: u32 = 0;

export function raise(cause: u32, tval: u64, access: u32): void {
  store<u64>(STATE_BASE + HART_CAUSE, <u64>cause);
  store<u64>(STATE_BASE + HART_TVAL, tval);
  store<u64>(STATE_BASE + HART_ACCESS, <u64>access);
  gTrap = 1;
}

export function clearTrap(): void {
  gTrap = 0;
}

export function setCodeDirty(): void {
  gCodeDirty = 1;
}

export function clearCodeDirty(): void {
  gCodeDirty = 0;
}
