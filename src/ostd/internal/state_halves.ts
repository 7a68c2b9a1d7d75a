// The hart state block as 32-bit halves: the per-run reads (retired instructions, the access
// kind of a fault, which table satp names) as Numbers, without making a BigInt for each.
import type { Core } from "./core.js";

// One view per core (a view of the core's own state view), kept outside any class on purpose:
// a snapshot saves fields, and a view of the old core's memory must not come back with one.
let viewedCore: Core | null = null;
let viewedHalves: Uint32Array = new Uint32Array(0);

/** The state block as little-endian u32 words: word w of Core.state is halves 2w (low), 2w+1. */
export function stateHalves(core: Core): Uint32Array {
  if (viewedCore !== core) {
    viewedCore = core;
    viewedHalves = new Uint32Array(core.state.buffer, core.state.byteOffset, core.state.length * 2);
  }
  return viewedHalves;
}

/** State word `w` (below 2^53, as counters and addresses are) as a Number. */
export function stateNumber(core: Core, w: number): number {
  const h = stateHalves(core);
  return h[2 * w] + h[2 * w + 1] * 2 ** 32;
}
