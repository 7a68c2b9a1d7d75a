// A small WebAssembly binary writer: just what the page compiler emits (one function per
// module, structured control with named labels, integer and memory instructions).
// Encoding per the WebAssembly core specification, "Binary Format".
import { ByteSink } from "../byte_sink.js";

export const I32 = 0x7f;
export const I64 = 0x7e;
const FUNC = 0x60;
const EMPTY = 0x40;

/** Opcodes used by the compiler (spec "Instructions" section of the binary format). */
export const Op = {
  unreachable: 0x00, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d,
  brTable: 0x0e, return: 0x0f, call: 0x10, returnCall: 0x12, returnCallIndirect: 0x13, drop: 0x1a, select: 0x1b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, i64Load: 0x29, i64Load8S: 0x30, i64Load8U: 0x31, i64Load16S: 0x32, i64Load16U: 0x33,
  i64Load32S: 0x34, i64Load32U: 0x35, i32Store: 0x36, i64Store: 0x37, i64Store8: 0x3c, i64Store16: 0x3d,
  i64Store32: 0x3e,
  i32Const: 0x41, i64Const: 0x42,
  i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32LtU: 0x49,
  i64Eqz: 0x50, i64Eq: 0x51, i64Ne: 0x52, i64LtS: 0x53, i64LtU: 0x54, i64GeS: 0x59, i64GeU: 0x5a,
  i32Add: 0x6a, i32Sub: 0x6b, i32And: 0x71, i32Shl: 0x74, i32ShrU: 0x76,
  i64Add: 0x7c, i64Sub: 0x7d, i64Mul: 0x7e, i64And: 0x83, i64Or: 0x84, i64Xor: 0x85, i64Shl: 0x86,
  i64ShrS: 0x87, i64ShrU: 0x88,
  i32WrapI64: 0xa7, i64ExtendI32S: 0xac, i64ExtendI32U: 0xad, i64Extend32S: 0xc4,
} as const;

/** The Wasm binary format's writes on top of the shared byte buffer. */
export class Bytes extends ByteSink {
  /** A Wasm u32 (unsigned LEB128; negatives wrap, as u32 values do). */
  u32(v: number): this {
    return this.uleb(v >>> 0);
  }
  /** Signed LEB128 of a safe integer (bigint for wider i64 constants). */
  sleb(v: number | bigint): this {
    this.room(10);
    if (typeof v === "number" && Number.isSafeInteger(v)) {
      for (;;) {
        const low = v & 0x7f; // two's complement low bits, also for negatives
        v = Math.floor(v / 128);
        const done = (v === 0 && (low & 0x40) === 0) || (v === -1 && (low & 0x40) !== 0);
        this.buf[this.length++] = done ? low : low | 0x80;
        if (done) return this;
      }
    }
    let x = BigInt(v);
    for (;;) {
      const low = Number(x & 0x7fn);
      x >>= 7n;
      const done = (x === 0n && (low & 0x40) === 0) || (x === -1n && (low & 0x40) !== 0);
      this.buf[this.length++] = done ? low : low | 0x80;
      if (done) return this;
    }
  }
  vec(v: Bytes): this { return this.u32(v.length).bytes(v.view()); }
  name(s: string): this { this.u32(s.length); for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i)); return this; }
}

/** One function body with a stack of named labels, so branches name their target and the
 *  relative depth is computed here. */
export class FuncBody extends Bytes {
  private labels: Array<string | number> = [];
  /** Stack position of each named label in scope (names are unique while in scope). */
  private readonly where = new Map<string | number, number>();
  private readonly localTypes: number[] = [];

  /** Declare a local of `type` after the params; returns its index. */
  constructor(readonly paramCount: number) { super(); }
  local(type: number): number {
    this.localTypes.push(type);
    return this.paramCount + this.localTypes.length - 1;
  }

  op(code: number): this { return this.byte(code); }
  get(i: number): this { return this.byte(Op.localGet).u32(i); }
  set(i: number): this { return this.byte(Op.localSet).u32(i); }
  tee(i: number): this { return this.byte(Op.localTee).u32(i); }
  i32(v: number): this { return this.byte(Op.i32Const).sleb(v | 0); }
  i64(v: number | bigint): this {
    return this.byte(Op.i64Const).sleb(typeof v === "number" && Number.isSafeInteger(v) ? v : BigInt.asIntN(64, BigInt(v)));
  }
  /** A load or store with alignment hint 0 (guest accesses may be unaligned) and offset. */
  mem(code: number, offset: number): this { return this.byte(code).u32(0).u32(offset); }
  call(fn: number): this { return this.byte(Op.call).u32(fn); }

  private push(label: string | number): void {
    if (label !== "") {
      if (this.where.has(label)) throw new Error(`jit: label ${label} already in scope`);
      this.where.set(label, this.labels.length);
    }
    this.labels.push(label);
  }
  block(label: string | number, type = EMPTY): this { this.push(label); return this.byte(Op.block).byte(type); }
  loop(label: string | number): this { this.push(label); return this.byte(Op.loop).byte(EMPTY); }
  if(label: string | number = "", type = EMPTY): this { this.push(label); return this.byte(Op.if).byte(type); }
  else(): this { return this.byte(Op.else); }
  end(): this {
    const label = this.labels.pop();
    if (label !== undefined && label !== "") this.where.delete(label);
    return this.byte(Op.end);
  }
  depth(label: string | number): number {
    const i = this.where.get(label);
    if (i === undefined) throw new Error(`jit: no label ${label}`);
    return this.labels.length - 1 - i;
  }
  br(label: string | number): this { return this.byte(Op.br).u32(this.depth(label)); }
  brIf(label: string | number): this { return this.byte(Op.brIf).u32(this.depth(label)); }
  brTable(targets: Array<string | number>, fallback: string | number): this {
    this.byte(Op.brTable).u32(targets.length);
    for (const t of targets) this.u32(this.depth(t));
    return this.u32(this.depth(fallback));
  }

  /** The body as the code section wants it: size, locals, instructions. */
  encode(): Bytes {
    const body = new Bytes();
    const groups: Array<[number, number]> = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    body.u32(groups.length);
    for (const [n, t] of groups) body.u32(n).byte(t);
    body.bytes(this.view()).byte(Op.end);
    return new Bytes().vec(body);
  }
}

export interface FuncType { params: number[]; results: number[] }
export interface FuncImport { module: string; name: string; type: number }

/** A module importing a memory (env.memory), a function table (env.table) and functions, defining `bodies` (of types
 *  `fnTypes`) and exporting the first as "f". */
export function moduleBytes(types: FuncType[], imports: FuncImport[], fnTypes: number[], bodies: FuncBody[]): Uint8Array {
  const out = new Bytes().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const section = (id: number, content: Bytes): void => { out.byte(id).vec(content); };
  const ty = new Bytes().u32(types.length);
  for (const t of types) {
    ty.byte(FUNC).u32(t.params.length).bytes(t.params).u32(t.results.length).bytes(t.results);
  }
  section(1, ty);
  const im = new Bytes().u32(imports.length + 2);
  im.name("env").name("memory").byte(0x02).byte(0x00).u32(1); // memory, min 1 page, no max
  im.name("env").name("table").byte(0x01).byte(0x70).byte(0x00).u32(1); // funcref table, min 1
  for (const i of imports) im.name(i.module).name(i.name).byte(0x00).u32(i.type);
  section(2, im);
  const fs = new Bytes().u32(fnTypes.length);
  for (const t of fnTypes) fs.u32(t);
  section(3, fs);
  section(7, new Bytes().u32(1).name("f").byte(0x00).u32(imports.length));
  const code = new Bytes().u32(bodies.length);
  for (const body of bodies) code.bytes(body.encode().view());
  section(10, code);
  return out.finish();
}

/** A custom section (id 0) of that name whose payload is one u32: appended to a module, it
 *  changes its bytes, not its code. */
export function customSection(name: string, payload: number): Uint8Array {
  return new Bytes().byte(0).vec(new Bytes().name(name).u32(payload)).finish();
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
