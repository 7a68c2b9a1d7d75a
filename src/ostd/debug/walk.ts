// Read-only introspection of a user address space for the playground's memory and CPU panels:
// the Sv39 walk of one virtual address, level by level, and side-effect-free reads of user
// memory. Nothing here changes the machine: no A/D bits are set, no fault handler runs, no
// frame is allocated. Only the playground's worker imports this (through ./index.ts); the
// kernel never sees a PTE.
//
//   38        30 29        21 20        12 11            0
//  +------------+------------+------------+---------------+
//  |   VPN[2]   |   VPN[1]   |   VPN[0]   |  page offset  |
//  +------------+------------+------------+---------------+
import type { Machine } from "../machine.js";
import type { VmSpace } from "../mm/vm_space.js";
import type { Pfn } from "../mm/frame.js";
import type { PageTable } from "../internal/page_table.js";
import { PTE_SW_NONE } from "../internal/page_table.js";
import { PAGE_SIZE, PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_G, PTE_A, PTE_D } from "../../../asm/layout.js";

/** The flag bits of one PTE, by their privileged-spec names. */
export interface PteFlags {
  V: boolean;
  R: boolean;
  W: boolean;
  X: boolean;
  U: boolean;
  G: boolean;
  A: boolean;
  D: boolean;
  /** The two bits reserved for software (RSW, bits 8–9). */
  rsw: number;
}

/** One step of the walk: the PTE read at one level. */
export interface WalkStep {
  /** 2 (root) to 0. */
  level: number;
  /** VPN[level] of the address: the index into the table. */
  vpn: number;
  /** Physical address of the table read at this level. */
  tableAddr: number;
  /** Physical address of the PTE (tableAddr + vpn * 8). */
  pteAddr: number;
  /** The whole 64-bit PTE. */
  pte: bigint;
  /** PPN field (bits 10–53). */
  ppn: number;
  flags: PteFlags;
  /** "table": points at the next level; "leaf": maps the page; "invalid": the walk stops. */
  kind: "table" | "leaf" | "invalid";
}

/** The outcome of walking one virtual address, as the hart would for a user access. */
export interface WalkResult {
  /** The address walked (u64). */
  va: bigint;
  /** Physical page number of the root table (satp.PPN). */
  rootPfn: number;
  steps: WalkStep[];
  /** Where the address lands, when a valid leaf maps it. */
  leaf: { pfn: number; pa: number; pageBytes: number } | null;
  /** Why the hart would fault on a user access, or null when a leaf maps the page. */
  fault: string | null;
}

function flagsOf(pte: number): PteFlags {
  return {
    V: (pte & PTE_V) !== 0, R: (pte & PTE_R) !== 0, W: (pte & PTE_W) !== 0, X: (pte & PTE_X) !== 0,
    U: (pte & PTE_U) !== 0, G: (pte & PTE_G) !== 0, A: (pte & PTE_A) !== 0, D: (pte & PTE_D) !== 0,
    rsw: (pte >>> 8) & 3,
  };
}

// VmSpace keeps its table private so the kernel cannot reach a PTE; this module is OSTD's own
// debugging view and reads it (bracket access is TypeScript's sanctioned escape hatch).
function tableOf(vm: VmSpace): PageTable {
  return vm["table"];
}

/**
 * Walk `va` through `vm`'s Sv39 table the way the privileged spec's algorithm does (4.3.2):
 * from satp.PPN, read PTE = table + VPN[i] * 8; stop on V = 0 or the reserved W-without-R;
 * a PTE with R or X is a leaf; otherwise descend. Reads only; never faults or sets A/D.
 * Addresses outside the canonical Sv39 range (bits 63–39 equal to bit 38) fault at once.
 */
export function walkSv39(vm: VmSpace, va: bigint): WalkResult {
  const table = tableOf(vm);
  const result: WalkResult = { va: BigInt.asUintN(64, va), rootPfn: table.root, steps: [], leaf: null, fault: null };
  const signed = BigInt.asIntN(64, va);
  if (signed >= 1n << 38n || signed < -(1n << 38n)) {
    result.fault = "not a canonical Sv39 address: bits 63–39 must all equal bit 38";
    return result;
  }
  const low = Number(BigInt.asUintN(39, va));
  let base = table.root * PAGE_SIZE;
  for (let level = 2; level >= 0; level--) {
    const vpn = Math.floor(low / 2 ** (12 + 9 * level)) % 512;
    const pteAddr = base + vpn * 8;
    const lo = table.readPte(pteAddr);
    const hi = table.readPte(pteAddr + 4);
    const pte = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
    const ppn = Number((pte >> 10n) & ((1n << 44n) - 1n));
    const flags = flagsOf(lo);
    const step: WalkStep = { level, vpn, tableAddr: base, pteAddr, pte, ppn, flags, kind: "invalid" };
    result.steps.push(step);
    if (!flags.V) {
      result.fault = level === 0 && (lo & PTE_SW_NONE)
        ? "V = 0: the page is mapped PROT_NONE (OSTD keeps its frame in the PPN, marked in RSW)"
        : `V = 0 at level ${level}: nothing is mapped here`;
      return result;
    }
    if (flags.W && !flags.R) {
      result.fault = `W without R at level ${level}: a reserved encoding`;
      return result;
    }
    if (flags.R || flags.X) {
      step.kind = "leaf";
      const pageBytes = 2 ** (12 + 9 * level);
      if (level > 0 && ppn % 2 ** (9 * level) !== 0) {
        result.fault = `misaligned superpage at level ${level}`;
        return result;
      }
      result.leaf = { pfn: ppn + Math.floor((low % pageBytes) / PAGE_SIZE), pa: ppn * PAGE_SIZE + (low % pageBytes), pageBytes };
      if (!flags.U) result.fault = "U = 0: a supervisor page, not accessible from user mode";
      return result;
    }
    step.kind = "table";
    if (level === 0) {
      result.fault = "a pointer PTE at level 0: the walk runs out of levels";
      return result;
    }
    base = ppn * PAGE_SIZE;
  }
  return result;
}

/** The frame and page offset backing user address `va` for reading, or null when no valid
 *  user-readable (R or X) leaf maps it. No side effects. */
function readableFrame(vm: VmSpace, va: number): { pfn: Pfn; offset: number } | null {
  if (va < 0 || va >= 2 ** 38) return null;
  const w = walkSv39(vm, BigInt(va));
  if (!w.leaf || w.fault) return null;
  const f = w.steps[w.steps.length - 1].flags;
  if (!f.R && !f.X) return null;
  return { pfn: w.leaf.pfn as Pfn, offset: va % PAGE_SIZE };
}

/**
 * Copy up to `len` bytes of user memory at `va` without touching the machine: unlike
 * VmSpace.read it runs no fault handler (a page not yet faulted in stays so) and sets no
 * A bit. Stops at the first byte that is not mapped readable; returns the bytes copied.
 */
export function peekUser(machine: Machine, vm: VmSpace, va: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let done = 0;
  while (done < len) {
    const at = readableFrame(vm, va + done);
    if (!at) break;
    const n = Math.min(len - done, PAGE_SIZE - at.offset);
    machine.frames.read(at.pfn, at.offset, out.subarray(done, done + n));
    done += n;
  }
  return out.subarray(0, done);
}

/** A NUL-terminated string of at most `max` bytes at `va`, read as peekUser does. Returns
 *  the bytes before the NUL and whether the NUL was found within `max` bytes. */
export function peekCString(machine: Machine, vm: VmSpace, va: number, max: number): { bytes: Uint8Array; terminated: boolean } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < max) {
    const n = Math.min(max - total, PAGE_SIZE - ((va + total) % PAGE_SIZE));
    const part = peekUser(machine, vm, va + total, n);
    const nul = part.indexOf(0);
    if (nul >= 0) {
      chunks.push(part.subarray(0, nul));
      return { bytes: concat(chunks), terminated: true };
    }
    chunks.push(part);
    total += part.length;
    if (part.length < n) break;
  }
  return { bytes: concat(chunks), terminated: false };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
