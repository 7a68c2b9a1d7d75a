// A disassembler for RV64GC (RV64IMAFD + Zicsr + Zifencei + C), for the CPU panel. Output
// follows GNU objdump's conventions — ABI register names, the common pseudo-instructions
// (li, mv, ret, beqz, fmv.d, frflags, ...), compressed instructions shown as the instruction
// they expand to — except that immediate forms keep their spec names (addi, not objdump
// 2.40's "add a0,a1,-1") and branch targets are written 0x-prefixed.
//
// Pure: no DOM, no machine. tests/ui/disasm.test.ts checks it against riscv64-linux-gnu-objdump.

export const X_NAMES = [
  "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
  "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
];
export const F_NAMES = [
  "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
  "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
];
const CSR_NAMES: Record<number, string> = {
  0x001: "fflags", 0x002: "frm", 0x003: "fcsr", 0xc00: "cycle", 0xc01: "time", 0xc02: "instret",
  0xc80: "cycleh", 0xc81: "timeh", 0xc82: "instreth",
  // The vector extension's (not RV64GC's, but glibc probes vlenb).
  0x008: "vstart", 0x009: "vxsat", 0x00a: "vxrm", 0x00f: "vcsr", 0xc20: "vl", 0xc21: "vtype", 0xc22: "vlenb",
};
const RM = ["rne", "rtz", "rdn", "rup", "rmm", "0x5", "0x6", "dyn"];

/** One decoded instruction. */
export interface Insn {
  /** Address it was decoded at. */
  pc: bigint;
  /** 2 (compressed) or 4. */
  length: 2 | 4;
  /** The raw instruction (16 or 32 bits). */
  raw: number;
  mnemonic: string;
  /** Operands, comma-separated without spaces (objdump style). */
  operands: string;
  /** Branch or jump target, for the panel to mark. */
  target?: bigint;
  /** Not a valid RV64GC instruction (shown as .word / .short). */
  invalid?: boolean;
}

const x = (r: number) => X_NAMES[r];
const f = (r: number) => F_NAMES[r];
const hex = (v: number | bigint) => `0x${v.toString(16)}`;
/** Sign-extend the low `bits` bits of `v`. */
const sext = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);
const bits = (v: number, hi: number, lo: number) => (v >>> lo) & ((1 << (hi - lo + 1)) - 1);

function op(pc: bigint, length: 2 | 4, raw: number, mnemonic: string, operands = "", target?: bigint): Insn {
  return { pc, length, raw, mnemonic, operands, target };
}

function invalid(pc: bigint, length: 2 | 4, raw: number): Insn {
  const text = length === 4 ? `0x${(raw >>> 0).toString(16).padStart(8, "0")}` : `0x${raw.toString(16).padStart(4, "0")}`;
  return { pc, length, raw, mnemonic: length === 4 ? ".word" : ".short", operands: text, invalid: true };
}

// ---- 32-bit instructions: immediates (privileged-spec figure "RISC-V base instruction formats")

const immI = (w: number) => w >> 20;
const immS = (w: number) => ((w >> 25) << 5) | bits(w, 11, 7);
const immB = (w: number) => sext((bits(w, 31, 31) << 12) | (bits(w, 7, 7) << 11) | (bits(w, 30, 25) << 5) | (bits(w, 11, 8) << 1), 13);
const immJ = (w: number) => sext((bits(w, 31, 31) << 20) | (bits(w, 19, 12) << 12) | (bits(w, 20, 20) << 11) | (bits(w, 30, 21) << 1), 21);

/** A decoded 32-bit instruction's fields, plus the address for pc-relative targets. */
interface Fields {
  w: number;
  pc: bigint;
  len: 2 | 4;
  rd: number;
  rs1: number;
  rs2: number;
  f3: number;
  f7: number;
}

const target = (pc: bigint, off: number) => BigInt.asUintN(64, pc + BigInt(off));

function decodeJal(d: Fields): Insn {
  const t = target(d.pc, immJ(d.w));
  if (d.rd === 0) return op(d.pc, d.len, d.w, "j", hex(t), t);
  if (d.rd === 1) return op(d.pc, d.len, d.w, "jal", hex(t), t);
  return op(d.pc, d.len, d.w, "jal", `${x(d.rd)},${hex(t)}`, t);
}

function decodeJalr(d: Fields): Insn {
  const imm = immI(d.w);
  if (d.f3 !== 0) return invalid(d.pc, d.len, d.w);
  if (d.rd === 0 && d.rs1 === 1 && imm === 0) return op(d.pc, d.len, d.w, "ret");
  if (d.rd === 0 && imm === 0) return op(d.pc, d.len, d.w, "jr", x(d.rs1));
  if (d.rd === 1 && imm === 0) return op(d.pc, d.len, d.w, "jalr", x(d.rs1));
  if (d.rd === 0) return op(d.pc, d.len, d.w, "jr", `${imm}(${x(d.rs1)})`);
  if (d.rd === 1) return op(d.pc, d.len, d.w, "jalr", `${imm}(${x(d.rs1)})`);
  if (imm === 0) return op(d.pc, d.len, d.w, "jalr", `${x(d.rd)},${x(d.rs1)}`);
  return op(d.pc, d.len, d.w, "jalr", `${x(d.rd)},${imm}(${x(d.rs1)})`);
}

function decodeBranch(d: Fields): Insn {
  const names = ["beq", "bne", "", "", "blt", "bge", "bltu", "bgeu"];
  const name = names[d.f3];
  if (!name) return invalid(d.pc, d.len, d.w);
  const t = target(d.pc, immB(d.w));
  const zeroForms: Record<string, string> = { beq: "beqz", bne: "bnez", blt: "bltz", bge: "bgez" };
  if (d.rs2 === 0 && zeroForms[name]) return op(d.pc, d.len, d.w, zeroForms[name], `${x(d.rs1)},${hex(t)}`, t);
  if (d.rs1 === 0 && name === "blt") return op(d.pc, d.len, d.w, "bgtz", `${x(d.rs2)},${hex(t)}`, t);
  if (d.rs1 === 0 && name === "bge") return op(d.pc, d.len, d.w, "blez", `${x(d.rs2)},${hex(t)}`, t);
  return op(d.pc, d.len, d.w, name, `${x(d.rs1)},${x(d.rs2)},${hex(t)}`, t);
}

function decodeLoad(d: Fields, fp: boolean): Insn {
  const names = fp ? ["", "", "flw", "fld", "", "", "", ""] : ["lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", ""];
  const name = names[d.f3];
  if (!name) return invalid(d.pc, d.len, d.w);
  return op(d.pc, d.len, d.w, name, `${fp ? f(d.rd) : x(d.rd)},${immI(d.w)}(${x(d.rs1)})`);
}

function decodeStore(d: Fields, fp: boolean): Insn {
  const names = fp ? ["", "", "fsw", "fsd", "", "", "", ""] : ["sb", "sh", "sw", "sd", "", "", "", ""];
  const name = names[d.f3];
  if (!name) return invalid(d.pc, d.len, d.w);
  return op(d.pc, d.len, d.w, name, `${fp ? f(d.rs2) : x(d.rs2)},${immS(d.w)}(${x(d.rs1)})`);
}

function decodeOpImm(d: Fields, word: boolean): Insn {
  const imm = immI(d.w);
  const rd = x(d.rd), rs = x(d.rs1);
  const o = (m: string, ops: string) => op(d.pc, d.len, d.w, m, ops);
  const shamt = word ? bits(d.w, 24, 20) : bits(d.w, 25, 20);
  const shiftHigh = word ? d.f7 : d.f7 & ~1;
  if (word) {
    switch (d.f3) {
      case 0: return imm === 0 ? o("sext.w", `${rd},${rs}`) : o("addiw", `${rd},${rs},${imm}`);
      case 1: return shiftHigh === 0 ? o("slliw", `${rd},${rs},${hex(shamt)}`) : invalid(d.pc, d.len, d.w);
      case 5:
        if (shiftHigh === 0) return o("srliw", `${rd},${rs},${hex(shamt)}`);
        if (shiftHigh === 0x20) return o("sraiw", `${rd},${rs},${hex(shamt)}`);
        return invalid(d.pc, d.len, d.w);
      default: return invalid(d.pc, d.len, d.w);
    }
  }
  switch (d.f3) {
    case 0:
      if (d.rd === 0 && d.rs1 === 0 && imm === 0) return o("nop", "");
      if (d.rs1 === 0) return o("li", `${rd},${imm}`);
      if (imm === 0) return o("mv", `${rd},${rs}`);
      return o("addi", `${rd},${rs},${imm}`);
    case 1: return shiftHigh === 0 ? o("slli", `${rd},${rs},${hex(shamt)}`) : invalid(d.pc, d.len, d.w);
    case 2: return o("slti", `${rd},${rs},${imm}`);
    case 3: return imm === 1 ? o("seqz", `${rd},${rs}`) : o("sltiu", `${rd},${rs},${imm}`);
    case 4: return imm === -1 ? o("not", `${rd},${rs}`) : o("xori", `${rd},${rs},${imm}`);
    case 5:
      if (shiftHigh === 0) return o("srli", `${rd},${rs},${hex(shamt)}`);
      if (shiftHigh === 0x20) return o("srai", `${rd},${rs},${hex(shamt)}`);
      return invalid(d.pc, d.len, d.w);
    case 6: return o("ori", `${rd},${rs},${imm}`);
    default: return o("andi", `${rd},${rs},${imm}`);
  }
}

const OP_NAMES: Record<number, string[]> = {
  0x00: ["add", "sll", "slt", "sltu", "xor", "srl", "or", "and"],
  0x20: ["sub", "", "", "", "", "sra", "", ""],
  0x01: ["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"],
};
const OP32_NAMES: Record<number, string[]> = {
  0x00: ["addw", "sllw", "", "", "", "srlw", "", ""],
  0x20: ["subw", "", "", "", "", "sraw", "", ""],
  0x01: ["mulw", "", "", "", "divw", "divuw", "remw", "remuw"],
};

function decodeOp(d: Fields, word: boolean): Insn {
  const name = (word ? OP32_NAMES : OP_NAMES)[d.f7]?.[d.f3];
  if (!name) return invalid(d.pc, d.len, d.w);
  const rd = x(d.rd), rs1 = x(d.rs1), rs2 = x(d.rs2);
  const o = (m: string, ops: string) => op(d.pc, d.len, d.w, m, ops);
  if (name === "sub" && d.rs1 === 0) return o("neg", `${rd},${rs2}`);
  if (name === "subw" && d.rs1 === 0) return o("negw", `${rd},${rs2}`);
  if (name === "sltu" && d.rs1 === 0) return o("snez", `${rd},${rs2}`);
  if (name === "slt" && d.rs2 === 0) return o("sltz", `${rd},${rs1}`);
  if (name === "slt" && d.rs1 === 0) return o("sgtz", `${rd},${rs2}`);
  return o(name, `${rd},${rs1},${rs2}`);
}

function fenceSet(v: number): string {
  return ["i", "o", "r", "w"].filter((_, i) => v & (8 >> i)).join("") || "0";
}

function decodeMiscMem(d: Fields): Insn {
  if (d.f3 === 1) return op(d.pc, d.len, d.w, "fence.i");
  if (d.f3 !== 0) return invalid(d.pc, d.len, d.w);
  const fm = bits(d.w, 31, 28), pred = bits(d.w, 27, 24), succ = bits(d.w, 23, 20);
  if (fm === 8 && pred === 3 && succ === 3) return op(d.pc, d.len, d.w, "fence.tso");
  // Zihintpause: "fence w,0" is the spin-loop hint (objdump 2.40 shows "fence w,unknown").
  if (fm === 0 && pred === 1 && succ === 0 && d.rd === 0 && d.rs1 === 0) return op(d.pc, d.len, d.w, "pause");
  if (pred === 15 && succ === 15) return op(d.pc, d.len, d.w, "fence");
  return op(d.pc, d.len, d.w, "fence", `${fenceSet(pred)},${fenceSet(succ)}`);
}

function decodeSystem(d: Fields): Insn {
  const o = (m: string, ops = "") => op(d.pc, d.len, d.w, m, ops);
  if (d.f3 === 0) {
    if (d.w === 0x00000073) return o("ecall");
    if (d.w === 0x00100073) return o("ebreak");
    return invalid(d.pc, d.len, d.w);
  }
  if (d.f3 === 4) return invalid(d.pc, d.len, d.w);
  if (d.w === (0xc0001073 | 0)) return { ...op(d.pc, d.len, d.w, "unimp"), invalid: true }; // csrw cycle, zero
  const csr = bits(d.w, 31, 20);
  const name = CSR_NAMES[csr] ?? hex(csr);
  const imm = d.f3 >= 5;
  const src = imm ? String(d.rs1) : x(d.rs1);
  const kind = ["", "rw", "rs", "rc"][d.f3 & 3];
  const rd = x(d.rd);
  // The F-extension CSRs and counters have their own pseudo-instructions.
  const fpName = csr === 1 ? "flags" : csr === 2 ? "rm" : csr === 3 ? "csr" : null;
  if (kind === "rs" && !imm && d.rs1 === 0) {
    if (fpName) return o(`fr${fpName}`, rd);
    if (csr >= 0xc00 && csr <= 0xc02) return o(`rd${name}`, rd);
    return o("csrr", `${rd},${name}`);
  }
  if (kind === "rw" && fpName && (!imm || csr !== 3)) {
    const m = `fs${fpName}${imm ? "i" : ""}`;
    return d.rd === 0 ? o(m, src) : o(m, `${rd},${src}`);
  }
  if (d.rd === 0) return o(`csr${kind.slice(1)}${imm ? "i" : ""}`, `${name},${src}`);
  return o(`csrr${kind.slice(1)}${imm ? "i" : ""}`, `${rd},${name},${src}`);
}

const AMO: Record<number, string> = {
  0x00: "amoadd", 0x01: "amoswap", 0x02: "lr", 0x03: "sc", 0x04: "amoxor", 0x08: "amoor", 0x0c: "amoand",
  0x10: "amomin", 0x14: "amomax", 0x18: "amominu", 0x1c: "amomaxu",
};

function decodeAmo(d: Fields): Insn {
  const name = AMO[d.f7 >> 2];
  const width = d.f3 === 2 ? "w" : d.f3 === 3 ? "d" : null;
  if (!name || !width || (name === "lr" && d.rs2 !== 0)) return invalid(d.pc, d.len, d.w);
  const order = ["", ".rl", ".aq", ".aqrl"][d.f7 & 3];
  const m = `${name}.${width}${order}`;
  if (name === "lr") return op(d.pc, d.len, d.w, m, `${x(d.rd)},(${x(d.rs1)})`);
  return op(d.pc, d.len, d.w, m, `${x(d.rd)},${x(d.rs2)},(${x(d.rs1)})`);
}

const withRm = (ops: string, rm: number) => (rm === 7 ? ops : `${ops},${RM[rm]}`);

function decodeFma(d: Fields, opcode: number): Insn {
  const fmt = bits(d.w, 26, 25);
  if (fmt > 1) return invalid(d.pc, d.len, d.w);
  const name = { 0x43: "fmadd", 0x47: "fmsub", 0x4b: "fnmsub", 0x4f: "fnmadd" }[opcode]!;
  const rs3 = bits(d.w, 31, 27);
  return op(d.pc, d.len, d.w, `${name}.${fmt ? "d" : "s"}`, withRm(`${f(d.rd)},${f(d.rs1)},${f(d.rs2)},${f(rs3)}`, d.f3));
}

function decodeOpFp(d: Fields): Insn {
  const fmt = d.f7 & 3;
  if (fmt > 1) return invalid(d.pc, d.len, d.w);
  const s = fmt ? "d" : "s";
  const rm = d.f3;
  const o = (m: string, ops: string) => op(d.pc, d.len, d.w, m, ops);
  const bad = () => invalid(d.pc, d.len, d.w);
  const rd = f(d.rd), rs1 = f(d.rs1), rs2 = f(d.rs2);
  switch (d.f7 >> 2) {
    case 0x00: return o(`fadd.${s}`, withRm(`${rd},${rs1},${rs2}`, rm));
    case 0x01: return o(`fsub.${s}`, withRm(`${rd},${rs1},${rs2}`, rm));
    case 0x02: return o(`fmul.${s}`, withRm(`${rd},${rs1},${rs2}`, rm));
    case 0x03: return o(`fdiv.${s}`, withRm(`${rd},${rs1},${rs2}`, rm));
    case 0x0b: return d.rs2 === 0 ? o(`fsqrt.${s}`, withRm(`${rd},${rs1}`, rm)) : bad();
    case 0x04: {
      const names = ["fsgnj", "fsgnjn", "fsgnjx"];
      const alias = ["fmv", "fneg", "fabs"];
      if (rm > 2) return bad();
      return d.rs1 === d.rs2 ? o(`${alias[rm]}.${s}`, `${rd},${rs1}`) : o(`${names[rm]}.${s}`, `${rd},${rs1},${rs2}`);
    }
    case 0x05: return rm < 2 ? o(`${rm ? "fmax" : "fmin"}.${s}`, `${rd},${rs1},${rs2}`) : bad();
    case 0x08:
      // fcvt.s.d rounds; fcvt.d.s is exact, and objdump leaves its rounding mode out.
      if (fmt === 0 && d.rs2 === 1) return o("fcvt.s.d", withRm(`${rd},${rs1}`, rm));
      if (fmt === 1 && d.rs2 === 0) return o("fcvt.d.s", `${rd},${rs1}`);
      return bad();
    case 0x14: {
      const names = ["fle", "flt", "feq"];
      return rm < 3 ? o(`${names[rm]}.${s}`, `${x(d.rd)},${rs1},${rs2}`) : bad();
    }
    case 0x18: {
      const t = ["w", "wu", "l", "lu"][d.rs2];
      return t ? o(`fcvt.${t}.${s}`, withRm(`${x(d.rd)},${rs1}`, rm)) : bad();
    }
    case 0x1a: {
      const t = ["w", "wu", "l", "lu"][d.rs2];
      if (!t) return bad();
      // Integer to double is exact for 32-bit sources: objdump omits the rounding mode.
      const exact = fmt === 1 && d.rs2 < 2;
      return o(`fcvt.${s}.${t}`, exact ? `${rd},${x(d.rs1)}` : withRm(`${rd},${x(d.rs1)}`, rm));
    }
    case 0x1c:
      if (d.rs2 !== 0) return bad();
      if (rm === 0) return o(`fmv.x.${fmt ? "d" : "w"}`, `${x(d.rd)},${rs1}`);
      if (rm === 1) return o(`fclass.${s}`, `${x(d.rd)},${rs1}`);
      return bad();
    case 0x1e:
      return d.rs2 === 0 && rm === 0 ? o(`fmv.${fmt ? "d" : "w"}.x`, `${rd},${x(d.rs1)}`) : bad();
    default: return bad();
  }
}

function decode32(w: number, pc: bigint): Insn {
  const d: Fields = { w, pc, len: 4, rd: bits(w, 11, 7), rs1: bits(w, 19, 15), rs2: bits(w, 24, 20), f3: bits(w, 14, 12), f7: bits(w, 31, 25) };
  const opcode = w & 0x7f;
  switch (opcode) {
    case 0x37: return op(pc, 4, w, "lui", `${x(d.rd)},${hex(w >>> 12)}`);
    case 0x17: return op(pc, 4, w, "auipc", `${x(d.rd)},${hex(w >>> 12)}`);
    case 0x6f: return decodeJal(d);
    case 0x67: return decodeJalr(d);
    case 0x63: return decodeBranch(d);
    case 0x03: return decodeLoad(d, false);
    case 0x07: return decodeLoad(d, true);
    case 0x23: return decodeStore(d, false);
    case 0x27: return decodeStore(d, true);
    case 0x13: return decodeOpImm(d, false);
    case 0x1b: return decodeOpImm(d, true);
    case 0x33: return decodeOp(d, false);
    case 0x3b: return decodeOp(d, true);
    case 0x0f: return decodeMiscMem(d);
    case 0x73: return decodeSystem(d);
    case 0x2f: return decodeAmo(d);
    case 0x43: case 0x47: case 0x4b: case 0x4f: return decodeFma(d, opcode);
    case 0x53: return decodeOpFp(d);
    default: return invalid(pc, 4, w);
  }
}

// ---- Compressed instructions (unprivileged spec, "C" Standard Extension): each is decoded
// to the 32-bit instruction it expands to, then shown as that instruction.

/** Encoders for the expansion. */
const encI = (opcode: number, rd: number, f3: number, rs1: number, imm: number) => ((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode;
const encS = (opcode: number, f3: number, rs1: number, rs2: number, imm: number) =>
  (((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | opcode;
const encR = (opcode: number, rd: number, f3: number, rs1: number, rs2: number, f7: number) => (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode;
const encB = (f3: number, rs1: number, rs2: number, imm: number) =>
  (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | 0x63;
const encJ = (rd: number, imm: number) =>
  (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20) | (((imm >> 12) & 0xff) << 12) | (rd << 7) | 0x6f;

/** The 32-bit equivalent of a compressed instruction, or null if it is reserved/illegal. */
export function expandCompressed(h: number): number | null {
  const q = h & 3, f3 = bits(h, 15, 13);
  const r3 = (v: number) => v + 8;
  const rdp = r3(bits(h, 4, 2)), rs1p = r3(bits(h, 9, 7));
  const rd = bits(h, 11, 7), rs2 = bits(h, 6, 2);
  // Offsets of the register-based loads and stores (scaled by 4 or 8).
  const offW = (bits(h, 5, 5) << 6) | (bits(h, 12, 10) << 3) | (bits(h, 6, 6) << 2);
  const offD = (bits(h, 6, 5) << 6) | (bits(h, 12, 10) << 3);
  const imm6 = sext((bits(h, 12, 12) << 5) | bits(h, 6, 2), 6);
  if (q === 0) {
    switch (f3) {
      case 0: {
        const nz = (bits(h, 10, 7) << 6) | (bits(h, 12, 11) << 4) | (bits(h, 5, 5) << 3) | (bits(h, 6, 6) << 2);
        return nz === 0 ? null : encI(0x13, rdp, 0, 2, nz);
      }
      case 1: return encI(0x07, rdp, 3, rs1p, offD);
      case 2: return encI(0x03, rdp, 2, rs1p, offW);
      case 3: return encI(0x03, rdp, 3, rs1p, offD);
      case 5: return encS(0x27, 3, rs1p, rdp, offD);
      case 6: return encS(0x23, 2, rs1p, rdp, offW);
      case 7: return encS(0x23, 3, rs1p, rdp, offD);
      default: return null;
    }
  }
  if (q === 1) {
    switch (f3) {
      case 0: return encI(0x13, rd, 0, rd, imm6);
      case 1: return rd === 0 ? null : encI(0x1b, rd, 0, rd, imm6);
      case 2: return encI(0x13, rd, 0, 0, imm6);
      case 3: {
        if (rd === 2) {
          const nz = sext((bits(h, 12, 12) << 9) | (bits(h, 4, 3) << 7) | (bits(h, 5, 5) << 6) | (bits(h, 2, 2) << 5) | (bits(h, 6, 6) << 4), 10);
          return nz === 0 ? null : encI(0x13, 2, 0, 2, nz);
        }
        if (imm6 === 0) return null;
        return ((imm6 & 0xfffff) << 12) | (rd << 7) | 0x37;
      }
      case 4: {
        const sub = bits(h, 11, 10);
        const shamt = (bits(h, 12, 12) << 5) | bits(h, 6, 2);
        if (sub === 0) return encI(0x13, rs1p, 5, rs1p, shamt);
        if (sub === 1) return encI(0x13, rs1p, 5, rs1p, shamt | 0x400);
        if (sub === 2) return encI(0x13, rs1p, 7, rs1p, imm6);
        const rs2p = r3(bits(h, 4, 2));
        const fn = bits(h, 6, 5);
        if (bits(h, 12, 12) === 0) {
          return [encR(0x33, rs1p, 0, rs1p, rs2p, 0x20), encR(0x33, rs1p, 4, rs1p, rs2p, 0), encR(0x33, rs1p, 6, rs1p, rs2p, 0), encR(0x33, rs1p, 7, rs1p, rs2p, 0)][fn];
        }
        if (fn === 0) return encR(0x3b, rs1p, 0, rs1p, rs2p, 0x20);
        if (fn === 1) return encR(0x3b, rs1p, 0, rs1p, rs2p, 0);
        return null;
      }
      case 5: {
        const off = sext((bits(h, 12, 12) << 11) | (bits(h, 8, 8) << 10) | (bits(h, 10, 9) << 8) | (bits(h, 6, 6) << 7) |
          (bits(h, 7, 7) << 6) | (bits(h, 2, 2) << 5) | (bits(h, 11, 11) << 4) | (bits(h, 5, 3) << 1), 12);
        return encJ(0, off);
      }
      default: {
        const off = sext((bits(h, 12, 12) << 8) | (bits(h, 6, 5) << 6) | (bits(h, 2, 2) << 5) | (bits(h, 11, 10) << 3) | (bits(h, 4, 3) << 1), 9);
        return encB(f3 === 6 ? 0 : 1, rs1p, 0, off);
      }
    }
  }
  if (q === 2) {
    const ldsp = (bits(h, 4, 2) << 6) | (bits(h, 12, 12) << 5) | (bits(h, 6, 5) << 3);
    const lwsp = (bits(h, 3, 2) << 6) | (bits(h, 12, 12) << 5) | (bits(h, 6, 4) << 2);
    const sdsp = (bits(h, 9, 7) << 6) | (bits(h, 12, 10) << 3);
    const swsp = (bits(h, 8, 7) << 6) | (bits(h, 12, 9) << 2);
    switch (f3) {
      case 0: return encI(0x13, rd, 1, rd, (bits(h, 12, 12) << 5) | bits(h, 6, 2));
      case 1: return encI(0x07, rd, 3, 2, ldsp);
      case 2: return rd === 0 ? null : encI(0x03, rd, 2, 2, lwsp);
      case 3: return rd === 0 ? null : encI(0x03, rd, 3, 2, ldsp);
      case 4:
        if (bits(h, 12, 12) === 0) {
          if (rs2 === 0) return rd === 0 ? null : encI(0x67, 0, 0, rd, 0);
          return encR(0x33, rd, 0, 0, rs2, 0);
        }
        if (rs2 === 0) return rd === 0 ? 0x00100073 : encI(0x67, 1, 0, rd, 0);
        return encR(0x33, rd, 0, rd, rs2, 0);
      case 5: return encS(0x27, 3, 2, rs2, sdsp);
      case 6: return encS(0x23, 2, 2, rs2, swsp);
      default: return encS(0x23, 3, 2, rs2, sdsp);
    }
  }
  return null;
}

/**
 * Decode the instruction at `bytes[offset]` (address `pc`). Returns null if fewer bytes than
 * the instruction needs are left.
 */
export function decodeAt(bytes: Uint8Array, offset: number, pc: bigint): Insn | null {
  if (offset + 2 > bytes.length) return null;
  const lo = bytes[offset] | (bytes[offset + 1] << 8);
  if ((lo & 3) !== 3) {
    // All-zero bits are the defined illegal instruction: objdump calls it unimp.
    if (lo === 0) return { pc, length: 2, raw: 0, mnemonic: "unimp", operands: "", invalid: true };
    const w = expandCompressed(lo);
    if (w === null) return invalid(pc, 2, lo);
    const i = { ...decode32(w, pc), length: 2 as const, raw: lo };
    // c.mv is add rd, x0, rs2 and is shown as mv; a 32-bit add from x0 is shown as an add.
    if ((lo & 0xf003) === 0x8002 && bits(lo, 6, 2) !== 0) return { ...i, mnemonic: "mv", operands: `${x(bits(lo, 11, 7))},${x(bits(lo, 6, 2))}` };
    return i;
  }
  if (offset + 4 > bytes.length) return null;
  const w = (lo | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) | 0;
  if ((lo & 0x1f) === 0x1f) return invalid(pc, 4, w); // 48-bit and longer encodings: not in RV64GC
  return decode32(w, pc);
}

/** Decode a run of instructions from `bytes`, which start at address `base`. */
export function disassemble(bytes: Uint8Array, base: bigint): Insn[] {
  const out: Insn[] = [];
  let off = 0;
  for (;;) {
    const i = decodeAt(bytes, off, base + BigInt(off));
    if (!i) return out;
    out.push(i);
    off += i.length;
  }
}

/**
 * The instructions around `pc` in `bytes` (which start at `base`). Instructions are 2 or 4
 * bytes long, so decoding backwards is ambiguous: start as early as possible at an offset
 * whose instruction stream runs into pc exactly.
 */
export function disassembleAround(bytes: Uint8Array, base: bigint, pc: bigint): Insn[] {
  const at = Number(pc - base);
  if (at < 0 || at >= bytes.length) return disassemble(bytes, base);
  for (let start = at % 2; start <= at; start += 2) {
    const run = disassemble(bytes.subarray(start), base + BigInt(start));
    if (run.some((i) => i.pc === pc)) return run;
  }
  return disassemble(bytes.subarray(at), pc);
}

/** `mnemonic operands`, as one line of text. */
export function formatInsn(i: Insn): string {
  return i.operands ? `${i.mnemonic} ${i.operands}` : i.mnemonic;
}
