// Dropping decoded instructions cached from physical memory the host writes. The core's code
// map says which pages have any: most frames the kernel zeroes, copies or writes never held
// code, and a call into the core for them converts two BigInts and crosses into Wasm for a
// check the host can make itself.
import type { Core } from "./core.js";
import * as L from "../../../asm/layout.js";

// One view per core's memory (the core never grows it), kept outside any class on purpose: a
// snapshot saves fields, and a view of the old core's memory must not come back with one.
let viewedCore: Core | null = null;
let codeMap: Uint8Array = new Uint8Array(0);

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
    codeMap = new Uint8Array(core.memory.buffer, L.CODEMAP_BASE, L.CODEMAP_END - L.CODEMAP_BASE);
  }
  const last = Math.floor((paddr + len - 1) / L.PAGE_SIZE);
  for (let p = Math.floor(paddr / L.PAGE_SIZE); p <= last; p++) {
    if (codeMap[p] !== 0) {
      core.exports.invalidateCode(BigInt(paddr), BigInt(len));
      return;
    }
  }
}
