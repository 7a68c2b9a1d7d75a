// The kernel's side of a machine snapshot: the kernel object is the root of the saved graph
// (processes, threads, files, open file descriptions, pipes, terminals, timers, futexes,
// signal state all hang off it), and OSTD saves it together with the machine.
import { markConstructed, restoreMachine, saveMachine, type ByteSource, type Externals, type MachineImageInfo } from "../../ostd/index.js";
import type { Kernel } from "../kernel.js";
import { registerKernelClasses } from "./classes.js";

/** Call right after constructing a kernel (before boot or restore) when it may be saved or
 *  restored into: records what construction made, so a snapshot can name it. */
export function prepareSnapshots(kernel: Kernel): void {
  registerKernelClasses();
  markConstructed(kernel.machine, kernel);
}

/** The whole machine and kernel, uncompressed. Call between slices. */
export function saveKernel(kernel: Kernel, externals: Externals, bytesFrom?: ByteSource, pagesFrom?: ByteSource): { image: Uint8Array; info: MachineImageInfo } {
  registerKernelClasses();
  kernel.machine.world.deliver();
  return saveMachine(kernel.machine, kernel, externals, bytesFrom, pagesFrom);
}

/** Make a freshly constructed, prepared kernel (same RAM size and terminal kind as the one
 *  that saved) into the saved one. */
export function restoreKernel(kernel: Kernel, image: Uint8Array, externals: Externals): void {
  registerKernelClasses();
  restoreMachine(kernel.machine, kernel, image, externals);
}
