// The page-table walker's view model: one row per level of the Sv39 walk, and the summary of
// where the address lands. Pure.
import type { PageWalk, PteFlagsView, WalkStepView } from "../../worker/api.js";
import { bytes, hex } from "./format.js";

export const FLAG_NAMES = ["V", "R", "W", "X", "U", "G", "A", "D"] as const;

export interface WalkRow {
  level: string;
  /** "VPN[2] = 0x0ff" */
  index: string;
  pteAddr: string;
  pte: string;
  ppn: string;
  /** Each flag and whether it is set, in PTE bit order. */
  flags: Array<{ name: string; set: boolean }>;
  /** What this PTE means for the walk. */
  meaning: string;
  kind: WalkStepView["kind"];
}

export function flagList(f: PteFlagsView): Array<{ name: string; set: boolean }> {
  return FLAG_NAMES.map((name) => ({ name, set: f[name] }));
}

/** "VRW-UAD" style: set flags by letter, clear ones as "-". */
export function flagString(f: PteFlagsView): string {
  return FLAG_NAMES.map((n) => (f[n] ? n : "-")).join("");
}

function meaning(s: WalkStepView, w: PageWalk): string {
  if (s.kind === "table") return `points to the level-${s.level - 1} table at ${hex(s.ppn * 4096)}`;
  if (s.kind === "leaf") {
    const size = bytes(2 ** (12 + 9 * s.level));
    return w.leaf ? `leaf: a ${size} page in frame ${hex(w.leaf.pfn)}` : `leaf (${size})`;
  }
  return s.flags.rsw & 1 && s.level === 0 ? "not valid (PROT_NONE: the frame is kept)" : "not valid: the walk stops";
}

export function walkRows(w: PageWalk): WalkRow[] {
  return w.steps.map((s) => ({
    level: `L${s.level}`,
    index: `VPN[${s.level}] = ${hex(s.vpn, 3)}`,
    pteAddr: hex(s.pteAddr),
    pte: hex(s.pte, 16),
    ppn: hex(s.ppn),
    flags: flagList(s.flags),
    meaning: meaning(s, w),
    kind: s.kind,
  }));
}

/** VPN[2], VPN[1], VPN[0] and the page offset of a virtual address. */
export function splitVa(va: bigint): { vpn: [number, number, number]; offset: number } {
  const v = Number(BigInt.asUintN(39, va));
  const vpn = (l: number) => Math.floor(v / 2 ** (12 + 9 * l)) % 512;
  return { vpn: [vpn(2), vpn(1), vpn(0)], offset: v % 4096 };
}

/** One line: where the address lands, or why a user access would fault. */
export function walkSummary(w: PageWalk): string {
  if (w.leaf && !w.fault) {
    const refs = w.frameRefs ?? 1;
    const leaf = w.steps[w.steps.length - 1];
    const sharing = refs > 1 ? `, ${refs} mappings share the frame${leaf.flags.W ? "" : " (copy-on-write if the area is private and writable)"}` : "";
    return `${hex(w.va)} → physical ${hex(w.leaf.pa)} (frame ${hex(w.leaf.pfn)}, offset ${hex(w.leaf.pa % 4096, 3)}${sharing})`;
  }
  return `${hex(w.va)}: ${w.fault ?? "no mapping"} — a user access here page-faults`;
}
