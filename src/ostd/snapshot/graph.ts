// A serializer for object graphs: plain objects, arrays, Map, Set, ArrayBuffers and typed
// arrays, bigint, instances of registered classes, registered constants and recipe-made
// closures, with shared references and cycles preserved. The kernel keeps its whole state as
// such objects (blocking calls are re-run, so there are no continuations to save), which is
// what makes a whole-kernel snapshot one call.
//
// Anything else — an unregistered class, a bare closure, a WeakMap, a symbol-keyed field —
// makes save() fail with the path from the root to it, so a new kind of kernel state cannot be
// silently dropped from snapshots.
//
// Format: string table, then one record per object in discovery order (ids are positions),
// then the root value. Values are tagged: small tags for undefined/null/booleans, zigzag
// integers, f64, interned strings, bigints (as interned hex), and object references by id.
import { ByteReader, ByteWriter } from "./bytes.js";
import { SnapshotError } from "./error.js";
import { registry } from "./registry.js";

const enum Tag { Undef, Null, True, False, Int, F64, Str, BigPos, BigNeg, Ref }
const enum Rec { Plain, NullProto, Class, Array, Map, Set, Buffer, Typed, Recipe, External, Boot, InPlace, BufferFrom }

type TypedCtor = { new (buffer: ArrayBuffer, byteOffset: number, length: number): ArrayBufferView; BYTES_PER_ELEMENT?: number };
const TYPED: Record<string, TypedCtor> = {
  Uint8Array, Int8Array, Uint8ClampedArray, Uint16Array, Int16Array, Uint32Array, Int32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
  DataView: DataView as unknown as TypedCtor,
};
const typedNames = new Map<object, string>(Object.entries(TYPED).map(([k, v]) => [v.prototype as object, k]));

/** Objects the graph may point at but does not own (the Wasm core, host sinks, the root file
 *  system image): saved by name, and supplied again, by the same names, on restore. */
export type Externals = Record<string, object>;

/** Finds a buffer's bytes inside a named external ArrayBuffer (e.g. a file of the root file
 *  system image that the kernel copied, like the executable cache's busybox): the snapshot then
 *  says "a copy of those bytes" instead of holding them again. Null when not found. */
export type ByteSource = (bytes: Uint8Array) => { name: string; offset: number } | null;

/**
 * Names for the objects and closures a fresh machine and kernel already have once they are
 * constructed (before anything runs): the terminal's hooks, the host sinks, the synthetic file
 * systems, the World. Built by a walk in a fixed order, so two constructions with the same
 * configuration give every such object the same name. A snapshot refers to these by name and
 * restore fills the fresh ones in place — so the closures the constructors made (which capture
 * those very objects) stay valid, and host wiring (the terminal's sink, exit) is the new host's.
 */
export type BootNames = Map<object, string>;

export function nameBootObjects(root: unknown): BootNames {
  const names: BootNames = new Map();
  const queue: Array<[unknown, string]> = [[root, ""]];
  for (let i = 0; i < queue.length; i++) {
    const [o, path] = queue[i];
    if ((typeof o !== "object" && typeof o !== "function") || o === null || names.has(o)) continue;
    if (o instanceof ArrayBuffer || ArrayBuffer.isView(o)) continue;
    names.set(o, path);
    if (typeof o === "function") continue;
    const proto = Object.getPrototypeOf(o) as object | null;
    if (Array.isArray(o)) {
      o.forEach((v, j) => queue.push([v, `${path}[${j}]`]));
    } else if (proto === Map.prototype) {
      let j = 0;
      for (const [k, v] of o as Map<unknown, unknown>) {
        queue.push([k, `${path}<k${j}>`], [v, `${path}<v${j}>`]);
        j++;
      }
    } else if (proto === Set.prototype) {
      let j = 0;
      for (const v of o as Set<unknown>) queue.push([v, `${path}<m${j++}>`]);
    } else {
      const cls = registry.classOf(proto);
      if (proto !== Object.prototype && proto !== null && !cls && !registry.recipeOf(o)) {
        names.delete(o); // not ours to fill in place (the Wasm core, host objects)
        continue;
      }
      for (const k of Object.keys(o)) {
        // Transient fields are the host's wiring and history, never saved: not named either.
        if (!cls?.transient || !(k in cls.transient)) queue.push([(o as Record<string, unknown>)[k], `${path}.${k}`]);
      }
      cls?.children?.(o).forEach((v, j) => queue.push([v, `${path}<c${j}>`]));
    }
  }
  return names;
}

/** With `problems`, save() does not stop at the first thing it cannot save: it lists them all
 *  there (and saves them as empty objects), for a developer finding what to convert. */
export function saveGraph(root: unknown, externals: Externals, problems?: string[], boot?: BootNames, bytesFrom?: ByteSource): Uint8Array {
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const ids = new Map<object, number>();
  const objects: object[] = [];
  const parent: number[] = [];
  const via: string[] = [];
  const externalNames = new Map<object, string>();
  for (const [k, v] of Object.entries(externals)) externalNames.set(v, k);
  const body = new ByteWriter();

  const str = (s: string): number => {
    let id = stringIds.get(s);
    if (id === undefined) {
      id = strings.length;
      strings.push(s);
      stringIds.set(s, id);
    }
    return id;
  };
  const pathOf = (id: number, key: string): string => {
    const parts = [key];
    for (let i = id; i >= 0; i = parent[i]) parts.push(via[i]);
    return parts.reverse().join("");
  };
  const fail = (id: number, key: string, what: string): never => {
    throw new SnapshotError(`cannot save ${pathOf(id, key)}: ${what}`);
  };

  const value = (v: unknown, from: number, key: string): void => {
    switch (typeof v) {
      case "undefined": return void body.byte(Tag.Undef);
      case "boolean": return void body.byte(v ? Tag.True : Tag.False);
      case "number":
        if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
          body.byte(Tag.Int);
          return body.svar(v);
        }
        body.byte(Tag.F64);
        return body.f64le(v);
      case "string":
        body.byte(Tag.Str);
        return void body.uleb(str(v));
      case "bigint":
        body.byte(v < 0n ? Tag.BigNeg : Tag.BigPos);
        return void body.uleb(str((v < 0n ? -v : v).toString(16)));
      case "symbol":
        return fail(from, key, "a symbol");
      case "object":
      case "function": {
        if (v === null) return void body.byte(Tag.Null);
        let id = ids.get(v);
        if (id === undefined) {
          id = objects.length;
          ids.set(v, id);
          objects.push(v);
          parent.push(from);
          via.push(key);
        }
        body.byte(Tag.Ref);
        return void body.uleb(id);
      }
    }
  };

  const fields = (o: object, id: number, skip: Record<string, unknown> | null, dropFunctions: boolean): void => {
    if (Object.getOwnPropertySymbols(o).length) fail(id, "", "it has symbol-keyed fields");
    const keys = Object.keys(o).filter((k) => !(skip && k in skip) && !(dropFunctions && typeof (o as Record<string, unknown>)[k] === "function"));
    body.uleb(keys.length);
    for (const k of keys) {
      body.uleb(str(k));
      value((o as Record<string, unknown>)[k], id, `.${k}`);
    }
  };

  value(root, -1, "");
  const rootLen = body.length;
  // Records follow the root in id order; encoding one may discover more objects.
  for (let id = 0; id < objects.length; id++) {
    if (!problems) {
      encodeRecord(objects[id], id);
      continue;
    }
    const mark = body.length;
    try {
      encodeRecord(objects[id], id);
    } catch (e) {
      if (!(e instanceof SnapshotError)) throw e;
      problems.push(e.message);
      body.truncate(mark);
      body.byte(Rec.Plain);
      body.uleb(0);
    }
  }

  function encodeRecord(o: object, id: number): void {
    const ext = externalNames.get(o) ?? registry.constantName(o);
    if (ext !== undefined) {
      body.byte(Rec.External);
      body.uleb(str(ext));
      return;
    }
    const bootName = boot?.get(o);
    if (bootName !== undefined) {
      // A closure or frozen object from construction is the same in the fresh machine; any
      // other constructed object is saved with its current contents, restored in place.
      if (typeof o === "function" || Object.isFrozen(o)) {
        body.byte(Rec.Boot);
        return void body.uleb(str(bootName));
      }
      body.byte(Rec.InPlace);
      body.uleb(str(bootName));
      if (registry.recipeOf(o)) {
        body.byte(Rec.Plain);
        return fields(o, id, null, true);
      }
    }
    const made = registry.recipeOf(o);
    if (made) {
      body.byte(Rec.Recipe);
      body.uleb(str(made.name));
      body.uleb(made.args.length);
      made.args.forEach((a, i) => value(a, id, `<${made.name} arg ${i}>`));
      if (typeof o === "function") return void body.uleb(0);
      return fields(o, id, null, true);
    }
    if (typeof o === "function") return fail(id, "", `a function (${o.name || "anonymous"}) that is neither a registered constant nor made by a recipe`);
    if (Array.isArray(o)) {
      if (Object.getPrototypeOf(o) !== Array.prototype) fail(id, "", "an array subclass");
      body.byte(Rec.Array);
      body.uleb(o.length);
      for (let i = 0; i < o.length; i++) value(o[i], id, `[${i}]`);
      return;
    }
    if (o instanceof ArrayBuffer) {
      const found = o.byteLength >= 4096 ? bytesFrom?.(new Uint8Array(o)) : null;
      if (found) {
        body.byte(Rec.BufferFrom);
        body.uleb(str(found.name));
        body.uleb(found.offset);
        return void body.uleb(o.byteLength);
      }
      // Only up to the last nonzero byte: the frame allocator's tables are mostly zero.
      const all = new Uint8Array(o);
      let end = all.length;
      while (end > 0 && all[end - 1] === 0) end--;
      body.byte(Rec.Buffer);
      body.uleb(all.length);
      return body.blob(all.subarray(0, end));
    }
    if (ArrayBuffer.isView(o)) {
      const t = typedNames.get(Object.getPrototypeOf(o) as object);
      if (!t) return fail(id, "", "an unknown kind of typed array");
      if (!(o.buffer instanceof ArrayBuffer)) return fail(id, "", "a view of shared or machine memory");
      body.byte(Rec.Typed);
      body.uleb(str(t));
      value(o.buffer, id, ".buffer");
      body.uleb(o.byteOffset);
      return void body.uleb(t === "DataView" ? o.byteLength : (o as unknown as { length: number }).length);
    }
    const proto = Object.getPrototypeOf(o) as object | null;
    if (proto === Map.prototype) {
      const m = o as Map<unknown, unknown>;
      body.byte(Rec.Map);
      body.uleb(m.size);
      let i = 0;
      for (const [k, v] of m) {
        value(k, id, `<key ${i}>`);
        value(v, id, typeof k === "string" || typeof k === "number" ? `.get(${JSON.stringify(k)})` : `<value ${i}>`);
        i++;
      }
      return;
    }
    if (proto === Set.prototype) {
      const s = o as Set<unknown>;
      body.byte(Rec.Set);
      body.uleb(s.size);
      let i = 0;
      for (const v of s) value(v, id, `<member ${i++}>`);
      return;
    }
    if (proto === Object.prototype || proto === null) {
      body.byte(proto === null ? Rec.NullProto : Rec.Plain);
      return fields(o, id, null, false);
    }
    const cls = registry.classOf(proto);
    if (!cls) {
      const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? "?";
      return fail(id, "", `an instance of ${name}, which is not a registered class`);
    }
    body.byte(Rec.Class);
    body.uleb(str(cls.name));
    fields(o, id, cls.transient, false);
  }

  const head = new ByteWriter();
  head.uleb(strings.length);
  const utf8 = new TextEncoder();
  for (const s of strings) head.blob(utf8.encode(s));
  head.uleb(objects.length);
  head.uleb(rootLen);
  head.bytes(body.finish());
  return head.finish();
}

/** An object restored in place loses whatever the fresh construction put there and the
 *  snapshot does not have (closures and transient fields excepted: those stay). */
function clearForFill(p: Parsed, o: Record<string, unknown>): void {
  if (o instanceof Map || o instanceof Set) return o.clear();
  if (Array.isArray(o)) {
    o.length = p.vals!.length;
    return;
  }
  const keep = new Set(p.keys);
  const transient = p.kind === Rec.Class ? registry.classNamed(p.name!)?.transient : null;
  for (const k of Object.keys(o)) {
    if (!keep.has(k) && typeof o[k] !== "function" && !(transient && k in transient)) delete o[k];
  }
}

class Ref {
  constructor(readonly id: number) {}
}
type Val = undefined | null | boolean | number | string | bigint | Ref;

interface Parsed {
  kind: Rec;
  /** Restored into this existing object (made by the fresh machine's constructors). */
  target?: object;
  name?: string;
  keys?: string[];
  vals?: Val[];
  args?: Val[];
  bytes?: Uint8Array;
  offset?: number;
  length?: number;
}

/** `boot`: the fresh machine's constructed objects by name (nameBootObjects on a machine and
 *  kernel constructed with the same configuration as the one that saved). */
export function loadGraph(bytes: Uint8Array, externals: Externals, boot?: Map<string, object>): unknown {
  const r = new ByteReader(bytes, "snapshot object graph");
  const dec = new TextDecoder("utf-8", { fatal: true });
  const nStrings = r.uvar();
  const strings: string[] = [];
  for (let i = 0; i < nStrings; i++) {
    try {
      strings.push(dec.decode(r.blob()));
    } catch (e) {
      if (e instanceof SnapshotError) throw e;
      throw new SnapshotError("snapshot object graph is corrupt (a string is not UTF-8)");
    }
  }
  const nObjects = r.uvar();
  const rootLen = r.uvar();
  const corrupt = (what: string): never => {
    throw new SnapshotError(`snapshot object graph is corrupt (${what} at offset ${r.pos})`);
  };
  const s = (): string => {
    const i = r.uvar();
    return i < nStrings ? strings[i] : corrupt(`string index ${i}`);
  };
  const val = (): Val => {
    const tag = r.u8();
    switch (tag) {
      case Tag.Undef: return undefined;
      case Tag.Null: return null;
      case Tag.True: return true;
      case Tag.False: return false;
      case Tag.Int: return r.svar();
      case Tag.F64: return r.f64le();
      case Tag.Str: return s();
      case Tag.BigPos:
      case Tag.BigNeg: {
        const hex = s();
        if (!/^[0-9a-f]+$/.test(hex)) corrupt("a bigint");
        const b = BigInt(`0x${hex}`);
        return tag === Tag.BigNeg ? -b : b;
      }
      case Tag.Ref: {
        const id = r.uvar();
        return id < nObjects ? new Ref(id) : corrupt(`object id ${id}`);
      }
      default: return corrupt(`value tag ${tag}`);
    }
  };
  const fieldList = (p: Parsed): void => {
    const n = r.uvar();
    p.keys = [];
    p.vals = [];
    for (let i = 0; i < n; i++) {
      p.keys.push(s());
      p.vals.push(val());
    }
  };

  const rootStart = r.pos;
  const root = val();
  if (r.pos - rootStart !== rootLen) corrupt("the root value");
  const recs: Parsed[] = [];
  const bootObject = (name: string): object => {
    const o = boot?.get(name);
    if (o === undefined) throw new SnapshotError(`snapshot refers to ${name || "the root"} of a freshly constructed machine, which this one does not have (was it saved with another configuration?)`);
    return o;
  };
  for (let id = 0; id < nObjects; id++) {
    let kind = r.u8() as Rec;
    let target: object | undefined;
    if (kind === Rec.InPlace) {
      target = bootObject(s());
      kind = r.u8() as Rec;
    }
    const p: Parsed = { kind, target };
    switch (kind) {
      case Rec.Plain: case Rec.NullProto: fieldList(p); break;
      case Rec.Class: p.name = s(); fieldList(p); break;
      case Rec.Array: case Rec.Set: {
        const n = r.uvar();
        p.vals = [];
        for (let i = 0; i < n; i++) p.vals.push(val());
        break;
      }
      case Rec.Map: {
        const n = r.uvar();
        p.vals = [];
        for (let i = 0; i < 2 * n; i++) p.vals.push(val());
        break;
      }
      case Rec.Buffer: {
        p.length = r.uvar();
        p.bytes = r.blob();
        if (p.bytes.length > p.length || p.length > 2 ** 31) corrupt("a buffer size");
        break;
      }
      case Rec.BufferFrom: p.name = s(); p.offset = r.uvar(); p.length = r.uvar(); break;
      case Rec.Typed: p.name = s(); p.vals = [val()]; p.offset = r.uvar(); p.length = r.uvar(); break;
      case Rec.Recipe: {
        p.name = s();
        const n = r.uvar();
        p.args = [];
        for (let i = 0; i < n; i++) p.args.push(val());
        fieldList(p);
        break;
      }
      case Rec.External: case Rec.Boot: p.name = s(); break;
      default: corrupt(`record kind ${kind}`);
    }
    recs.push(p);
  }
  if (!r.done) corrupt("trailing bytes");

  // 1. Shells: every object exists (empty) before any is filled, so cycles need no order.
  const objs: unknown[] = new Array(nObjects);
  const classes: (Record<string, () => unknown> | null)[] = new Array(nObjects).fill(null);
  recs.forEach((p, id) => {
    if (p.target) {
      objs[id] = p.target;
      const o = p.target;
      const proto = Object.getPrototypeOf(o) as object | null;
      const ok = p.kind === Rec.Map ? o instanceof Map : p.kind === Rec.Set ? o instanceof Set : p.kind === Rec.Array ? Array.isArray(o)
        : p.kind === Rec.Class ? registry.classNamed(p.name!)?.proto === proto
          : p.kind === Rec.Plain ? proto === Object.prototype || registry.recipeOf(o) !== undefined : p.kind === Rec.NullProto && proto === null;
      if (!ok) corrupt(`object ${id} does not match its counterpart in the fresh machine`);
      return;
    }
    switch (p.kind) {
      case Rec.Boot: objs[id] = bootObject(p.name!); break;
      case Rec.Plain: objs[id] = {}; break;
      case Rec.NullProto: objs[id] = Object.create(null); break;
      case Rec.Class: {
        const c = registry.classNamed(p.name!);
        if (!c) throw new SnapshotError(`snapshot holds an instance of ${p.name}, a class this build does not have`);
        objs[id] = Object.create(c.proto);
        classes[id] = c.transient;
        break;
      }
      case Rec.Array: objs[id] = new Array(p.vals!.length); break;
      case Rec.Map: objs[id] = new Map(); break;
      case Rec.Set: objs[id] = new Set(); break;
      case Rec.Buffer: {
        const buf = new Uint8Array(p.length!);
        buf.set(p.bytes!);
        objs[id] = buf.buffer;
        break;
      }
      case Rec.BufferFrom: {
        const src = Object.prototype.hasOwnProperty.call(externals, p.name!) ? externals[p.name!] : undefined;
        if (!(src instanceof ArrayBuffer)) throw new SnapshotError(`snapshot takes bytes from ${p.name}, which this machine does not provide`);
        if (p.offset! + p.length! > src.byteLength) corrupt(`a range of ${p.name}`);
        objs[id] = src.slice(p.offset!, p.offset! + p.length!);
        break;
      }
      case Rec.External: {
        const e = Object.prototype.hasOwnProperty.call(externals, p.name!) ? externals[p.name!] : registry.constantNamed(p.name!);
        if (e === undefined) throw new SnapshotError(`snapshot refers to ${p.name}, which this machine does not provide`);
        objs[id] = e;
        break;
      }
    }
  });
  const resolve = (v: Val): unknown => (v instanceof Ref ? build(v.id) : v);
  // 2. Typed arrays (their buffers are complete) and recipes (their arguments exist).
  const building = new Set<number>();
  function build(id: number): unknown {
    if (objs[id] !== undefined) return objs[id];
    const p = recs[id];
    if (building.has(id)) corrupt(`a cycle among recipe arguments (object ${id})`);
    building.add(id);
    if (p.kind === Rec.Typed) {
      const buf = resolve(p.vals![0]);
      const ctor = TYPED[p.name!];
      if (!ctor || !(buf instanceof ArrayBuffer)) corrupt(`typed array ${id}`);
      const width = p.name === "DataView" ? 1 : ctor.BYTES_PER_ELEMENT!;
      if (p.offset! + p.length! * width > (buf as ArrayBuffer).byteLength || p.offset! % width) corrupt(`typed array ${id} bounds`);
      objs[id] = new ctor(buf as ArrayBuffer, p.offset!, p.length!);
    } else if (p.kind === Rec.Recipe) {
      objs[id] = registry.rebuild(p.name!, p.args!.map(resolve));
    }
    building.delete(id);
    return objs[id];
  }
  for (let id = 0; id < nObjects; id++) build(id);
  // 3. Fill.
  recs.forEach((p, id) => {
    const o = objs[id] as Record<string, unknown>;
    if (p.target) clearForFill(p, o);
    switch (p.kind) {
      case Rec.Plain: case Rec.NullProto: case Rec.Class: case Rec.Recipe: {
        p.keys!.forEach((k, i) => {
          if (k === "__proto__") corrupt("a __proto__ field");
          o[k] = resolve(p.vals![i]);
        });
        // Transient fields of a fresh object keep what its constructor (and host) set.
        const t = classes[id];
        if (t && !p.target) for (const k of Object.keys(t)) o[k] = t[k]();
        break;
      }
      case Rec.Array: p.vals!.forEach((v, i) => ((o as unknown as unknown[])[i] = resolve(v))); break;
      case Rec.Set: for (const v of p.vals!) (o as unknown as Set<unknown>).add(resolve(v)); break;
      case Rec.Map:
        for (let i = 0; i < p.vals!.length; i += 2) (o as unknown as Map<unknown, unknown>).set(resolve(p.vals![i]), resolve(p.vals![i + 1]));
        break;
    }
  });
  return resolve(root);
}
