// The object-graph serializer: what it keeps (sharing, cycles, Map/Set order, typed arrays
// over shared buffers, bigint, -0, NaN, class instances, recipes, constructed objects restored
// in place) and what it refuses, naming the path to it.
import { describe, expect, it } from "vitest";
import { loadGraph, nameBootObjects, saveGraph } from "./graph.js";
import { recipe, registerClass, registerConstant } from "./registry.js";
import { SnapshotError } from "./error.js";

class Point {
  constructor(public x: number, public y: bigint) {}
  norm(): number {
    return Math.abs(this.x);
  }
}
registerClass("test.Point", Point);
class Unregistered {
  a = 1;
}
class WithHost {
  state = 1;
  sink: (() => void) | null = () => {};
}
registerClass("test.WithHost", WithHost, { transient: { sink: () => null } });
const TABLE = { kind: "table" };
registerConstant("test.table", TABLE);
const adder = recipe("test.adder", (box: { n: number }, k: number) => () => box.n + k);

const roundTrip = <T>(v: T): T => loadGraph(saveGraph(v, {}), {}) as T;

describe("object graph snapshots", () => {
  it("keeps values, sharing and cycles", () => {
    const shared = { s: "shared" };
    const buf = new ArrayBuffer(16);
    const root: Record<string, unknown> = {
      n: [0, -0, 1.5, NaN, -Infinity, 2 ** 60, -7], b: [1n, -(2n ** 70n), 0xffff_ffff_ffff_ffffn], s: "ünï ✓", u: undefined, z: null, t: true,
      a: shared, c: shared, m: new Map<unknown, unknown>([["k", 1], [shared, "obj key"]]), set: new Set([3, shared, 1]),
      u8: new Uint8Array(buf, 4, 8), u32: new Uint32Array(buf), big: new BigUint64Array([5n]), p: new Point(-3, 9n), table: TABLE,
    };
    root.self = root;
    (root.u8 as Uint8Array).set([1, 2, 3]);
    const r = roundTrip(root);
    expect(r.self).toBe(r);
    expect(r.a).toBe(r.c);
    expect(Object.is((r.n as number[])[1], -0)).toBe(true);
    expect(r.n).toEqual(root.n);
    expect(r.b).toEqual(root.b);
    expect(r.s).toBe(root.s);
    expect("u" in r && r.u === undefined).toBe(true);
    expect([...(r.m as Map<unknown, unknown>).keys()][1]).toBe(r.a);
    expect([...(r.set as Set<unknown>)]).toEqual([3, r.a, 1]);
    expect((r.u8 as Uint8Array).buffer).toBe((r.u32 as Uint32Array).buffer);
    expect([...(r.u8 as Uint8Array).subarray(0, 3)]).toEqual([1, 2, 3]);
    expect((r.u32 as Uint32Array)[1]).toBe(new Uint32Array(buf)[1]);
    expect(r.p).toBeInstanceOf(Point);
    expect((r.p as Point).norm()).toBe(3);
    expect(r.table).toBe(TABLE);
  });

  it("rebuilds recipe-made closures from their arguments", () => {
    const box = { n: 40 };
    const r = roundTrip({ box, f: adder(box, 2) });
    expect(r.f()).toBe(42);
    r.box.n = 1;
    expect(r.f()).toBe(3);
  });

  it("refuses closures, unregistered classes and weak maps, naming the path", () => {
    const fail = (v: unknown) => {
      try {
        saveGraph(v, {});
      } catch (e) {
        expect(e).toBeInstanceOf(SnapshotError);
        return (e as Error).message;
      }
      throw new Error("saved");
    };
    expect(fail({ a: { b: [1, () => 2] } })).toBe("cannot save .a.b[1]: a function (anonymous) that is neither a registered constant nor made by a recipe");
    expect(fail({ m: new Map([["k", new Unregistered()]]) })).toMatch(/^cannot save \.m\.get\("k"\): an instance of Unregistered/);
    expect(fail({ w: new WeakMap() })).toMatch(/cannot save \.w: an instance of WeakMap/);
    const problems: string[] = [];
    saveGraph({ f: () => 1, g: new Unregistered() }, {}, problems);
    expect(problems).toHaveLength(2);
  });

  it("restores constructed objects in place and keeps their transient fields", () => {
    const make = () => ({ host: new WithHost(), list: [1, 2], map: new Map([["a", 1]]) });
    const saved = make();
    const boot = nameBootObjects(saved);
    saved.host.state = 7;
    saved.list.push(3);
    saved.map.set("b", 2);
    const bytes = saveGraph(saved, {}, undefined, boot);
    const fresh = make();
    const sink = fresh.host.sink;
    const byName = new Map([...nameBootObjects(fresh)].map(([o, n]) => [n, o]));
    const r = loadGraph(bytes, {}, byName) as ReturnType<typeof make>;
    expect(r).toBe(fresh);
    expect(r.host.state).toBe(7);
    expect(r.host.sink).toBe(sink);
    expect(r.list).toEqual([1, 2, 3]);
    expect([...r.map]).toEqual([["a", 1], ["b", 2]]);
  });

  it("reports corrupt and truncated graphs as SnapshotError", () => {
    const bytes = saveGraph({ a: [1, 2, { b: "x".repeat(50) }], c: new Map([[1, 2n]]) }, {});
    for (let n = 0; n < bytes.length; n++) expect(() => loadGraph(bytes.subarray(0, n), {})).toThrow(SnapshotError);
    for (let i = 0; i < bytes.length; i++) {
      const bad = bytes.slice();
      bad[i] ^= 0xff;
      try {
        loadGraph(bad, {});
      } catch (e) {
        expect(e).toBeInstanceOf(SnapshotError);
      }
    }
  });
});
