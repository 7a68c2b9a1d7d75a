// The machine side of a snapshot: guest RAM (only frames in use that are not all zero), the
// hart state block, module counters, and the object graph of everything else — OSTD's own
// objects (frame allocator, clock, timers, scheduler, World) and whatever root the kernel
// hands in. Restoring builds a fresh core, writes RAM and the hart back, and drops every
// cache the core keeps (TLB, decoded instructions) so nothing stale survives.
import type { Core } from "../internal/core.js";
import type { Machine } from "../machine.js";
import * as L from "../../../asm/layout.js";
import { ByteReader, ByteWriter } from "./bytes.js";
import { SnapshotError } from "./error.js";
import { loadGraph, nameBootObjects, saveGraph, type BootNames, type ByteSource, type Externals } from "./graph.js";
import { registerOstdClasses } from "./ostd_classes.js";
import { counters } from "./registry.js";

/** "ASTERMS1": a machine image (inside the compressed snapshot container). */
const MAGIC = [0x41, 0x53, 0x54, 0x45, 0x52, 0x4d, 0x53, 0x31];
const STATE_BYTES = 4096;
const CORE = "ostd.core";

function coreOf(machine: Machine): Core {
  return (machine as unknown as { core: Core }).core;
}

const bootNames = new WeakMap<Machine, BootNames>();

/**
 * Remember what construction made: call once the machine and the kernel's `root` are
 * constructed, before anything runs (and before boot). A machine that will be saved, and the
 * fresh machine a snapshot is restored into, must both have been marked at that point.
 */
export function markConstructed(machine: Machine, root: unknown): void {
  registerOstdClasses();
  bootNames.set(machine, nameBootObjects({ machine, root }));
}

export interface MachineImageInfo {
  ramBytes: number;
  /** Frames whose bytes were saved (in use and not all zero). */
  pagesSaved: number;
  graphBytes: number;
}

/**
 * Save the whole machine and `root` (the kernel's state, which must reach everything it
 * needs) as one uncompressed image. `externals` name host objects the graph may point at;
 * restore must supply the same names. The machine must be between slices (not inside
 * runSlice), with no host event waiting to be delivered.
 */
export function saveMachine(machine: Machine, root: unknown, externals: Externals, bytesFrom?: ByteSource, pagesFrom?: ByteSource): { image: Uint8Array; info: MachineImageInfo } {
  registerOstdClasses();
  const boot = bootNames.get(machine);
  if (!boot) throw new SnapshotError("this machine was not marked after construction (markConstructed), so it cannot be saved");
  if (machine.world.hasPending) throw new SnapshotError("host input is waiting to be delivered; save between slices after world.deliver()");
  const core = coreOf(machine);
  const w = new ByteWriter();
  w.bytes(new Uint8Array(MAGIC));
  w.uleb(core.ramBytes);
  w.bytes(new Uint8Array(core.state.buffer, L.STATE_BASE, STATE_BYTES));
  const pages = machine.frames.total;
  const used: number[] = [];
  const words = new Uint32Array(core.ram.buffer, core.ram.byteOffset, core.ramBytes / 4);
  for (let pfn = 0; pfn < pages; pfn++) {
    if (machine.frames.refCount(pfn as never) === 0) continue;
    const base = pfn * (L.PAGE_SIZE / 4);
    let zero = true;
    for (let i = base; i < base + L.PAGE_SIZE / 4; i++) {
      if (words[i] !== 0) {
        zero = false;
        break;
      }
    }
    if (!zero) used.push(pfn);
  }
  w.uleb(used.length);
  let prev = 0;
  const utf8 = new TextEncoder();
  for (const pfn of used) {
    w.uleb(pfn - prev);
    prev = pfn;
    const page = core.ram.subarray(pfn * L.PAGE_SIZE, (pfn + 1) * L.PAGE_SIZE);
    // A page that is a copy of bytes the restorer has anyway (a program's text, from the root
    // file system image) is saved as where to copy it from.
    const from = pagesFrom?.(page);
    if (from) {
      w.byte(1);
      w.blob(utf8.encode(from.name));
      w.uleb(from.offset);
    } else {
      w.byte(0);
      w.bytes(page);
    }
  }
  const c = counters.save();
  w.uleb(c.length);
  for (const [name, v] of c) {
    w.blob(new TextEncoder().encode(name));
    w.uleb(v);
  }
  const graph = saveGraph({ machine, root }, { ...externals, [CORE]: core }, undefined, boot, bytesFrom);
  w.blob(graph);
  return { image: w.finish(), info: { ramBytes: core.ramBytes, pagesSaved: used.length, graphBytes: graph.length } };
}

/**
 * Restore saveMachine()'s image into `machine`, freshly constructed (with the same RAM size)
 * together with the kernel `root`, both marked (markConstructed) and nothing run yet. The
 * machine and root objects stay the same objects; their contents become the snapshot's.
 */
export function restoreMachine(machine: Machine, root: unknown, image: Uint8Array, externals: Externals): void {
  registerOstdClasses();
  const names = bootNames.get(machine);
  if (!names) throw new SnapshotError("restore needs a freshly constructed machine marked with markConstructed");
  if (machine.clock.instret() !== 0n) throw new SnapshotError("restore needs a machine that has not run yet");
  const r = new ByteReader(image, "machine image");
  const magic = r.bytes(8);
  if (!MAGIC.every((b, i) => magic[i] === b)) throw new SnapshotError("not a machine image (bad magic)");
  const ramBytes = r.uvar();
  if (ramBytes <= 0 || ramBytes % 65536 !== 0 || ramBytes > 4 * 2 ** 30) throw new SnapshotError(`machine image has a bad RAM size ${ramBytes}`);
  const state = r.bytes(STATE_BYTES);
  const core = coreOf(machine);
  if (core.ramBytes !== ramBytes) throw new SnapshotError(`the snapshot's machine has ${ramBytes >> 20} MiB of RAM, this one ${core.ramBytes >> 20} MiB`);
  new Uint8Array(core.state.buffer, L.STATE_BASE, STATE_BYTES).set(state);
  const pages = ramBytes / L.PAGE_SIZE;
  const n = r.uvar();
  let pfn = 0;
  for (let i = 0; i < n; i++) {
    pfn += r.uvar();
    if (pfn >= pages) throw new SnapshotError(`machine image is corrupt (page ${pfn} is beyond RAM)`);
    const kind = r.u8();
    if (kind === 0) {
      core.ram.set(r.bytes(L.PAGE_SIZE), pfn * L.PAGE_SIZE);
    } else if (kind === 1) {
      const name = new TextDecoder().decode(r.blob());
      const offset = r.uvar();
      const src = Object.prototype.hasOwnProperty.call(externals, name) ? externals[name] : undefined;
      if (!(src instanceof ArrayBuffer)) throw new SnapshotError(`machine image takes pages from ${name}, which this machine does not provide`);
      if (offset + L.PAGE_SIZE > src.byteLength) throw new SnapshotError(`machine image is corrupt (page ${pfn} comes from beyond the end of ${name})`);
      core.ram.set(new Uint8Array(src, offset, L.PAGE_SIZE), pfn * L.PAGE_SIZE);
    } else {
      throw new SnapshotError(`machine image is corrupt (page ${pfn} has kind ${kind})`);
    }
  }
  const nc = r.uvar();
  const saved: Array<[string, number]> = [];
  for (let i = 0; i < nc; i++) saved.push([new TextDecoder().decode(r.blob()), r.uvar()]);
  const graph = r.blob();
  if (!r.done) throw new SnapshotError("machine image is corrupt (trailing bytes)");
  const byName = new Map<string, object>();
  for (const [o, name] of names) byName.set(name, o);
  const out = loadGraph(graph, { ...externals, [CORE]: core }, byName) as { machine: Machine; root: unknown };
  if (!out || typeof out !== "object" || out.machine !== machine || out.root !== root) throw new SnapshotError("machine image is corrupt (its root is not a machine and kernel)");
  counters.restore(saved);
  // The fresh core's caches are empty, but say so explicitly: the TLB tag (satp) and every
  // decoded instruction must come from the restored state, never from before.
  core.exports.flushTlb();
  core.exports.invalidateCode(0n, BigInt(ramBytes));
}
