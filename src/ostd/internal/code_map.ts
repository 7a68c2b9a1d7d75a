// Dropping decoded instructions cached from physical memory the host writes. The core's code
// map says which pages have any: most frames the kernel zeroes, copies or writes never held
// code, and a call into the core for them converts two BigInts and crosses into Wasm for a
// check the host can make itself.
import type { Core } from "./core.js";
import * as L from "../../../asm/layout.js";

// One view per core's memory (the core never grows it), kept outside any class on purpose: a
// snapshot saves fields, and a view of the old core's memory must not come back with one.
let viewedCore: Core | null = null;
let codeMap: Uint16Array = new Uint16Array(0);

/**
 * What the core's invalidateCode(paddr, len) does, skipping the call when no page of the range
 * has cached code — where the core would return without a change. (It would also clear the
 * "code dropped" flag, which only means something while the hart runs and is cleared when a
 * run starts; the host calls this only between runs.)
 */
export function invalidateCode(core: Core, paddr: number, len: number): void {
  if (len <= 0) return;
  if (viewedCore !== core) {
    viewedCore = core;
    // A u16 per page: its decoded-cache slot + 1, or 0 (layout.ts).
    codeMap = new Uint16Array(core.memory.buffer, L.CODEMAP_BASE, (2 ** 32 / L.PAGE_SIZE));
  }
  const last = Math.floor((paddr + len - 1) / L.PAGE_SIZE);
  for (let p = Math.floor(paddr / L.PAGE_SIZE); p <= last; p++) {
    if (codeMap[p] !== 0) {
      core.exports.invalidateCode(BigInt(paddr), BigInt(len));
      return;
    }
  }
}
