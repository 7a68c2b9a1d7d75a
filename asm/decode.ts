// Decoding RV64GC instructions into entries (ops.ts), a run at a time.
//
// A run is the straight-line sequence starting at an entry: it continues through
// instructions that may fall through (conditional branches included) and ends after a
// jump, ecall/ebreak, fence.i or an illegal instruction, or at the page end. Each entry's
// `run` field counts the instructions from it to the end of its run, so the executor
// charges a whole run against the budget at once and refunds exactly on an early exit:
//   run(x) = 1                 if x ends its run
//   run(x) = 1 + run(next(x))  otherwise, where run(sentinel / straddle / undecoded) = 0.
// Entries never change until their slot is wiped, so the equations stay true: a run is
// decoded up to its end (or up to an entry decoded before) in one go.
//
// Encodings follow the unprivileged ISA spec (RV32I/RV64I base, "M", "A", "F", "D", "C",
// "Zicsr", "Zifencei" chapters and the opcode map); reserved encodings decode to
// OP_ILLEGAL with the instruction bits as tval.
import { HART_F } from "./layout";
import { RAM, X0_SINK_OFF, SCRATCH, SCRATCH_MAX, DECODE_LIST } from "./memmap";
import * as O from "./ops";
import { E_OP, E_STEP, E_RUN, E_IMM, E_RD, E_RS1, E_RS2, E_AUX, endsRun, farOp } from "./ops";
import { slotPpn } from "./dcache";
import { walk, FAULT } from "./mmu";
import { ACCESS_EXECUTE } from "./layout";

// Operand offsets (see ops.ts).
// @ts-ignore: decorator
@inline function xd(r: u32): u32 { return r == 0 ? X0_SINK_OFF : r << 3; }
// @ts-ignore: decorator
@inline function xs(r: u32): u32 { return r << 3; }
// @ts-ignore: decorator
@inline function fr(r: u32): u32 { return <u32>HART_F + (r << 3); }

function put(e: usize, op: u32, step: u32, imm: i32, rd: u32, rs1: u32, rs2: u32, aux: u32): void {
  if (step == 16) op = O.compressedOp(op);
  store<u8>(e, <u8>op, E_OP);
  store<u8>(e, <u8>step, E_STEP);
  store<u16>(e, 0, E_RUN);
  store<i32>(e, imm, E_IMM);
  store<u16>(e, <u16>rd, E_RD);
  store<u16>(e, <u16>rs1, E_RS1);
  store<u16>(e, <u16>rs2, E_RS2);
  store<u16>(e, <u16>aux, E_AUX);
}

function illegal(e: usize, bits: u32, step: u32): void {
  put(e, O.OP_ILLEGAL, step, <i32>bits, 0, 0, 0, 0);
}

// @ts-ignore: decorator
@inline function inPage(off: u32, imm: i32): bool {
  const t = <i32>off + imm;
  return t >= 0 && t < 4096;
}

/** Static rounding modes 5 and 6 are reserved (spec "Floating-Point Control and Status
 *  Register"); 7 (DYN) is checked against frm when the instruction executes. */
// @ts-ignore: decorator
@inline function rmOk(rm: u32): bool {
  return rm < 5 || rm == 7;
}

/** Put an FP op that takes a rounding mode: imm = the raw bits for a run-time illegal trap. */
function putFpRm(e: usize, op: u32, inst: u32, rd: u32, rs1: u32, rs2: u32, rs3: u32): void {
  const rm = (inst >> 12) & 7;
  if (!rmOk(rm)) { illegal(e, inst, 32); return; }
  put(e, op, 32, <i32>inst, rd, rs1, rs2, rs3 | (rm << 12));
}

/** Decode the 32-bit instruction `inst` at page offset `off` into entry e. `local` allows
 *  the same-page forms of jumps and branches (false for entries outside their page). */
export function decode32(inst: u32, e: usize, off: u32, local: bool): void {
  const opc = inst & 0x7F;
  const rd = (inst >> 7) & 31;
  const f3 = (inst >> 12) & 7;
  const rs1 = (inst >> 15) & 31;
  const rs2 = (inst >> 20) & 31;
  const f7 = inst >> 25;
  const immI = <i32>inst >> 20;
  switch (opc) {
    case 0x37: { // LUI
      if (rd == 0) put(e, O.OP_NOP, 32, 0, 0, 0, 0, 0);
      else put(e, O.OP_LI, 32, <i32>(inst & 0xFFFFF000), xd(rd), 0, 0, 0);
      return;
    }
    case 0x17: { // AUIPC
      put(e, rd == 0 ? O.OP_NOP : O.OP_AUIPC, 32, <i32>(inst & 0xFFFFF000), xd(rd), 0, 0, 0);
      return;
    }
    case 0x6F: { // JAL
      const imm = (((<i32>inst) >> 31) << 20) | <i32>(((inst >> 12) & 255) << 12) |
        <i32>(((inst >> 20) & 1) << 11) | <i32>(((inst >> 21) & 1023) << 1);
      let op = O.OP_JAL;
      if (local && inPage(off, imm)) op = rd == 0 ? O.OP_J_L : O.OP_JAL_L;
      put(e, op, 32, imm, xd(rd), 0, 0, 0);
      return;
    }
    case 0x67: { // JALR
      if (f3 != 0) break;
      put(e, O.OP_JALR, 32, immI, xd(rd), xs(rs1), 0, 0);
      return;
    }
    case 0x63: { // BRANCH
      if (f3 == 2 || f3 == 3) break;
      const imm = (((<i32>inst) >> 31) << 12) | <i32>(((inst >> 7) & 1) << 11) |
        <i32>(((inst >> 25) & 63) << 5) | <i32>(((inst >> 8) & 15) << 1);
      let op: u32 = f3 == 0 ? O.OP_BEQ : f3 == 1 ? O.OP_BNE : O.OP_BLT + (f3 - 4);
      if (local && inPage(off, imm)) {
        if (rs2 == 0 && f3 == 0) op = O.OP_BEQZ_L;
        else if (rs2 == 0 && f3 == 1) op = O.OP_BNEZ_L;
        else op += O.LOCAL_DELTA;
      }
      put(e, op, 32, imm, 0, xs(rs1), xs(rs2), 0);
      return;
    }
    case 0x03: { // LOAD
      if (f3 == 7) break;
      put(e, loadOp(f3), 32, immI, xd(rd), xs(rs1), 0, 0);
      return;
    }
    case 0x23: { // STORE
      if (f3 > 3) break;
      const imm = ((<i32>inst >> 25) << 5) | <i32>((inst >> 7) & 31);
      put(e, O.OP_SB + f3, 32, imm, 0, xs(rs1), xs(rs2), 0);
      return;
    }
    case 0x13: { // OP-IMM
      let op: u32 = 0;
      let imm = immI;
      switch (f3) {
        case 0: op = rs1 == 0 ? O.OP_LI : imm == 0 ? O.OP_MV : O.OP_ADDI; break;
        case 2: op = O.OP_SLTI; break;
        case 3: op = O.OP_SLTIU; break;
        case 4: op = O.OP_XORI; break;
        case 6: op = O.OP_ORI; break;
        case 7: op = O.OP_ANDI; break;
        case 1: if ((inst >> 26) == 0) { op = O.OP_SLLI; imm = <i32>rs2 | <i32>((inst >> 20) & 32); } break;
        case 5: {
          if ((inst >> 26) == 0) op = O.OP_SRLI;
          else if ((inst >> 26) == 0x10) op = O.OP_SRAI;
          imm = <i32>((inst >> 20) & 63);
          break;
        }
      }
      if (op == 0) break;
      if (rd == 0) op = O.OP_NOP; // HINTs (spec "HINT Instructions")
      put(e, op, 32, imm, xd(rd), xs(rs1), 0, 0);
      return;
    }
    case 0x1B: { // OP-IMM-32
      let op: u32 = 0;
      if (f3 == 0) op = O.OP_ADDIW;
      else if (f3 == 1 && f7 == 0) op = O.OP_SLLIW;
      else if (f3 == 5 && f7 == 0) op = O.OP_SRLIW;
      else if (f3 == 5 && f7 == 0x20) op = O.OP_SRAIW;
      if (op == 0) break;
      put(e, op, 32, op == O.OP_ADDIW ? immI : <i32>rs2, xd(rd), xs(rs1), 0, 0);
      return;
    }
    case 0x33: { // OP
      let op: u32 = 0;
      if (f7 == 0) {
        op = f3 == 0 ? O.OP_ADD : f3 == 1 ? O.OP_SLL : f3 == 2 ? O.OP_SLT : f3 == 3 ? O.OP_SLTU :
          f3 == 4 ? O.OP_XOR : f3 == 5 ? O.OP_SRL : f3 == 6 ? O.OP_OR : O.OP_AND;
      } else if (f7 == 0x20) {
        if (f3 == 0) op = O.OP_SUB;
        else if (f3 == 5) op = O.OP_SRA;
      } else if (f7 == 1) {
        op = O.OP_MUL + f3;
      }
      if (op == 0) break;
      put(e, op, 32, 0, xd(rd), xs(rs1), xs(rs2), 0);
      return;
    }
    case 0x3B: { // OP-32
      let op: u32 = 0;
      if (f7 == 0) {
        if (f3 == 0) op = O.OP_ADDW;
        else if (f3 == 1) op = O.OP_SLLW;
        else if (f3 == 5) op = O.OP_SRLW;
      } else if (f7 == 0x20) {
        if (f3 == 0) op = O.OP_SUBW;
        else if (f3 == 5) op = O.OP_SRAW;
      } else if (f7 == 1) {
        if (f3 == 0) op = O.OP_MULW;
        else if (f3 >= 4) op = O.OP_DIVW + (f3 - 4);
      }
      if (op == 0) break;
      put(e, op, 32, 0, xd(rd), xs(rs1), xs(rs2), 0);
      return;
    }
    case 0x0F: { // MISC-MEM
      if (f3 == 0) { put(e, O.OP_NOP, 32, 0, 0, 0, 0, 0); return; } // FENCE: one hart, no-op
      if (f3 == 1) { put(e, O.OP_FENCE_I, 32, 0, 0, 0, 0, 0); return; }
      break;
    }
    case 0x73: { // SYSTEM
      if (f3 == 0) {
        if (inst == 0x00000073) { put(e, O.OP_ECALL, 32, 0, 0, 0, 0, 0); return; }
        if (inst == 0x00100073) { put(e, O.OP_EBREAK, 32, 0, 0, 0, 0, 0); return; }
        break; // xRET, WFI, SFENCE.VMA...: not available in U-mode
      }
      if (f3 == 4) break;
      put(e, O.OP_CSR, 32, <i32>inst, xd(rd), xs(rs1), rs1, f3);
      return;
    }
    case 0x2F: { // AMO
      if (f3 != 2 && f3 != 3) break;
      const f5 = inst >> 27;
      const d = f3 == 3;
      if (f5 == 2) {
        if (rs2 != 0) break;
        put(e, d ? O.OP_LR_D : O.OP_LR_W, 32, 0, xd(rd), xs(rs1), 0, 0);
        return;
      }
      if (f5 == 3) {
        put(e, d ? O.OP_SC_D : O.OP_SC_W, 32, 0, xd(rd), xs(rs1), xs(rs2), 0);
        return;
      }
      if (f5 == 0 || f5 == 1 || f5 == 4 || f5 == 8 || f5 == 12 || f5 == 16 || f5 == 20 || f5 == 24 || f5 == 28) {
        put(e, d ? O.OP_AMO_D : O.OP_AMO_W, 32, 0, xd(rd), xs(rs1), xs(rs2), f5);
        return;
      }
      break;
    }
    case 0x07: { // LOAD-FP
      if (f3 == 2) { put(e, O.OP_FLW, 32, immI, fr(rd), xs(rs1), 0, 0); return; }
      if (f3 == 3) { put(e, O.OP_FLD, 32, immI, fr(rd), xs(rs1), 0, 0); return; }
      break;
    }
    case 0x27: { // STORE-FP
      const imm = ((<i32>inst >> 25) << 5) | <i32>((inst >> 7) & 31);
      if (f3 == 2) { put(e, O.OP_FSW, 32, imm, 0, xs(rs1), fr(rs2), 0); return; }
      if (f3 == 3) { put(e, O.OP_FSD, 32, imm, 0, xs(rs1), fr(rs2), 0); return; }
      break;
    }
    case 0x43: case 0x47: case 0x4B: case 0x4F: { // FMADD, FMSUB, FNMSUB, FNMADD
      const fmt = f7 & 3;
      if (fmt > 1) break;
      const op = (fmt == 0 ? O.OP_FMADD_S : O.OP_FMADD_D) + ((opc >> 2) & 3);
      putFpRm(e, op, inst, fr(rd), fr(rs1), fr(rs2), fr(inst >> 27));
      return;
    }
    case 0x53: { // OP-FP
      if (decodeOpFp(inst, e, f7, f3, rd, rs1, rs2)) return;
      break;
    }
  }
  illegal(e, inst, 32);
}

// @ts-ignore: decorator
@inline function loadOp(f3: u32): u32 {
  // funct3: 0 LB, 1 LH, 2 LW, 3 LD, 4 LBU, 5 LHU, 6 LWU (ops are numbered in this order).
  return O.OP_LB + f3;
}

function decodeOpFp(inst: u32, e: usize, f7: u32, f3: u32, rd: u32, rs1: u32, rs2: u32): bool {
  const d: u32 = f7 & 1; // fmt: 0 = S, 1 = D (H and Q are not implemented)
  switch (f7) {
    case 0x00: case 0x01: case 0x04: case 0x05: case 0x08: case 0x09: case 0x0C: case 0x0D: {
      const op = (d ? O.OP_FADD_D : O.OP_FADD_S) + (f7 >> 2);
      putFpRm(e, op, inst, fr(rd), fr(rs1), fr(rs2), 0);
      return true;
    }
    case 0x2C: case 0x2D: {
      if (rs2 != 0) return false;
      putFpRm(e, d ? O.OP_FSQRT_D : O.OP_FSQRT_S, inst, fr(rd), fr(rs1), 0, 0);
      return true;
    }
    case 0x10: case 0x11: {
      if (f3 > 2) return false;
      put(e, (d ? O.OP_FSGNJ_D : O.OP_FSGNJ_S) + f3, 32, 0, fr(rd), fr(rs1), fr(rs2), 0);
      return true;
    }
    case 0x14: case 0x15: {
      if (f3 > 1) return false;
      put(e, (d ? O.OP_FMIN_D : O.OP_FMIN_S) + f3, 32, 0, fr(rd), fr(rs1), fr(rs2), 0);
      return true;
    }
    case 0x20: { // FCVT.S.D
      if (rs2 != 1) return false;
      putFpRm(e, O.OP_FCVT_S_D, inst, fr(rd), fr(rs1), 0, 0);
      return true;
    }
    case 0x21: { // FCVT.D.S
      if (rs2 != 0) return false;
      putFpRm(e, O.OP_FCVT_D_S, inst, fr(rd), fr(rs1), 0, 0);
      return true;
    }
    case 0x50: case 0x51: { // FLE (0), FLT (1), FEQ (2)
      if (f3 > 2) return false;
      const base = d ? O.OP_FEQ_D : O.OP_FEQ_S;
      const op = f3 == 2 ? base : f3 == 1 ? base + 1 : base + 2;
      put(e, op, 32, 0, xd(rd), fr(rs1), fr(rs2), 0);
      return true;
    }
    case 0x60: case 0x61: { // FCVT.{W,WU,L,LU}.{S,D}
      if (rs2 > 3) return false;
      putFpRm(e, (d ? O.OP_FCVT_W_D : O.OP_FCVT_W_S) + rs2, inst, xd(rd), fr(rs1), 0, 0);
      return true;
    }
    case 0x68: case 0x69: { // FCVT.{S,D}.{W,WU,L,LU}
      if (rs2 > 3) return false;
      putFpRm(e, (d ? O.OP_FCVT_D_W : O.OP_FCVT_S_W) + rs2, inst, fr(rd), xs(rs1), 0, 0);
      return true;
    }
    case 0x70: case 0x71: { // FMV.X.{W,D} (funct3 0), FCLASS (funct3 1)
      if (rs2 != 0 || f3 > 1) return false;
      const op = d ? (f3 == 0 ? O.OP_FMV_X_D : O.OP_FCLASS_D) : (f3 == 0 ? O.OP_FMV_X_W : O.OP_FCLASS_S);
      put(e, op, 32, 0, xd(rd), fr(rs1), 0, 0);
      return true;
    }
    case 0x78: case 0x79: { // FMV.{W,D}.X
      if (rs2 != 0 || f3 != 0) return false;
      put(e, d ? O.OP_FMV_D_X : O.OP_FMV_W_X, 32, 0, fr(rd), xs(rs1), 0, 0);
      return true;
    }
  }
  return false;
}

// @ts-ignore: decorator
@inline function sext(v: u32, bits: u32): i32 {
  return (<i32>(v << (32 - bits))) >> (32 - bits);
}

/** Decode the 16-bit RVC instruction h at page offset off into entry e (spec "C" chapter,
 *  RV64 column of the quadrant tables). */
export function decode16(h: u32, e: usize, off: u32, local: bool): void {
  const f3 = h >> 13;
  const rdp = 8 + ((h >> 2) & 7); // rd' / rs2'
  const rs1p = 8 + ((h >> 7) & 7); // rs1' / rd'
  const r = (h >> 7) & 31; // rd / rs1 (full)
  const r2 = (h >> 2) & 31; // rs2 (full)
  const imm6 = sext(((h >> 2) & 31) | ((h >> 7) & 32), 6);
  switch (h & 3) {
    case 0: {
      switch (f3) {
        case 0: { // C.ADDI4SPN
          const nz = ((h >> 7) & 0x30) | ((h >> 1) & 0x3C0) | ((h >> 4) & 4) | ((h >> 2) & 8);
          if (nz == 0) break; // includes the all-zero instruction
          put(e, O.OP_ADDI, 16, <i32>nz, xd(rdp), xs(2), 0, 0);
          return;
        }
        case 1: case 3: case 5: case 7: { // C.FLD, C.LD, C.FSD, C.SD
          const uimm = <i32>(((h >> 7) & 0x38) | ((h << 1) & 0xC0));
          if (f3 == 1) put(e, O.OP_FLD, 16, uimm, fr(rdp), xs(rs1p), 0, 0);
          else if (f3 == 3) put(e, O.OP_LD, 16, uimm, xd(rdp), xs(rs1p), 0, 0);
          else if (f3 == 5) put(e, O.OP_FSD, 16, uimm, 0, xs(rs1p), fr(rdp), 0);
          else put(e, O.OP_SD, 16, uimm, 0, xs(rs1p), xs(rdp), 0);
          return;
        }
        case 2: case 6: { // C.LW, C.SW
          const uimm = <i32>(((h >> 7) & 0x38) | ((h >> 4) & 4) | ((h << 1) & 0x40));
          if (f3 == 2) put(e, O.OP_LW, 16, uimm, xd(rdp), xs(rs1p), 0, 0);
          else put(e, O.OP_SW, 16, uimm, 0, xs(rs1p), xs(rdp), 0);
          return;
        }
      }
      break; // funct3 4: reserved
    }
    case 1: {
      switch (f3) {
        case 0: { // C.ADDI (rd = 0 or imm = 0: NOP / HINT)
          if (r == 0 || imm6 == 0) put(e, O.OP_NOP, 16, 0, 0, 0, 0, 0);
          else put(e, O.OP_ADDI, 16, imm6, xd(r), xs(r), 0, 0);
          return;
        }
        case 1: { // C.ADDIW
          if (r == 0) break;
          put(e, O.OP_ADDIW, 16, imm6, xd(r), xs(r), 0, 0);
          return;
        }
        case 2: { // C.LI
          if (r == 0) put(e, O.OP_NOP, 16, 0, 0, 0, 0, 0);
          else put(e, O.OP_LI, 16, imm6, xd(r), 0, 0, 0);
          return;
        }
        case 3: {
          if (r == 2) { // C.ADDI16SP
            const nz = ((h >> 3) & 0x200) | ((h >> 2) & 0x10) | ((h << 1) & 0x40) | ((h << 4) & 0x180) | ((h << 3) & 0x20);
            if (nz == 0) break;
            put(e, O.OP_ADDI, 16, sext(nz, 10), xd(2), xs(2), 0, 0);
            return;
          }
          // C.LUI
          if (imm6 == 0) break;
          if (r == 0) put(e, O.OP_NOP, 16, 0, 0, 0, 0, 0);
          else put(e, O.OP_LI, 16, imm6 << 12, xd(r), 0, 0, 0);
          return;
        }
        case 4: {
          const f2 = (h >> 10) & 3;
          const sh = <i32>(((h >> 2) & 31) | ((h >> 7) & 32));
          if (f2 == 0) { put(e, O.OP_SRLI, 16, sh, xd(rs1p), xs(rs1p), 0, 0); return; }
          if (f2 == 1) { put(e, O.OP_SRAI, 16, sh, xd(rs1p), xs(rs1p), 0, 0); return; }
          if (f2 == 2) { put(e, O.OP_ANDI, 16, imm6, xd(rs1p), xs(rs1p), 0, 0); return; }
          const f = (h >> 5) & 3;
          let op: u32 = 0;
          if ((h & 0x1000) == 0) op = f == 0 ? O.OP_SUB : f == 1 ? O.OP_XOR : f == 2 ? O.OP_OR : O.OP_AND;
          else if (f == 0) op = O.OP_SUBW;
          else if (f == 1) op = O.OP_ADDW;
          else break;
          put(e, op, 16, 0, xd(rs1p), xs(rs1p), xs(rdp), 0);
          return;
        }
        case 5: { // C.J
          const imm = sext(((h >> 1) & 0x800) | ((h >> 7) & 0x10) | ((h >> 1) & 0x300) | ((h << 2) & 0x400) |
            ((h >> 1) & 0x40) | ((h << 1) & 0x80) | ((h >> 2) & 0xE) | ((h << 3) & 0x20), 12);
          put(e, local && inPage(off, imm) ? O.OP_J_L : O.OP_JAL, 16, imm, X0_SINK_OFF, 0, 0, 0);
          return;
        }
        case 6: case 7: { // C.BEQZ, C.BNEZ
          const imm = sext(((h >> 4) & 0x100) | ((h >> 7) & 0x18) | ((h << 1) & 0xC0) | ((h >> 2) & 6) | ((h << 3) & 0x20), 9);
          let op: u32;
          if (local && inPage(off, imm)) op = f3 == 6 ? O.OP_BEQZ_L : O.OP_BNEZ_L;
          else op = f3 == 6 ? O.OP_BEQ : O.OP_BNE;
          put(e, op, 16, imm, 0, xs(rs1p), 0, 0);
          return;
        }
      }
      break;
    }
    case 2: {
      switch (f3) {
        case 0: { // C.SLLI
          const sh = <i32>(((h >> 2) & 31) | ((h >> 7) & 32));
          if (r == 0) put(e, O.OP_NOP, 16, 0, 0, 0, 0, 0);
          else put(e, O.OP_SLLI, 16, sh, xd(r), xs(r), 0, 0);
          return;
        }
        case 1: case 3: { // C.FLDSP, C.LDSP
          const uimm = <i32>(((h >> 7) & 0x20) | ((h >> 2) & 0x18) | ((h << 4) & 0x1C0));
          if (f3 == 1) { put(e, O.OP_FLD, 16, uimm, fr(r), xs(2), 0, 0); return; }
          if (r == 0) break;
          put(e, O.OP_LD, 16, uimm, xd(r), xs(2), 0, 0);
          return;
        }
        case 2: { // C.LWSP
          if (r == 0) break;
          const uimm = <i32>(((h >> 7) & 0x20) | ((h >> 2) & 0x1C) | ((h << 4) & 0xC0));
          put(e, O.OP_LW, 16, uimm, xd(r), xs(2), 0, 0);
          return;
        }
        case 4: {
          if ((h & 0x1000) == 0) {
            if (r2 == 0) { // C.JR
              if (r == 0) break;
              put(e, O.OP_JALR, 16, 0, X0_SINK_OFF, xs(r), 0, 0);
            } else if (r == 0) put(e, O.OP_NOP, 16, 0, 0, 0, 0, 0); // C.MV HINT
            else put(e, O.OP_MV, 16, 0, xd(r), xs(r2), 0, 0);
            return;
          }
          if (r2 == 0) {
            if (r == 0) put(e, O.OP_EBREAK, 16, 0, 0, 0, 0, 0);
            else put(e, O.OP_JALR, 16, 0, xd(1), xs(r), 0, 0); // C.JALR
            return;
          }
          if (r == 0) put(e, O.OP_NOP, 16, 0, 0, 0, 0, 0); // C.ADD HINT
          else put(e, O.OP_ADD, 16, 0, xd(r), xs(r), xs(r2), 0);
          return;
        }
        case 5: case 7: { // C.FSDSP, C.SDSP
          const uimm = <i32>(((h >> 7) & 0x38) | ((h >> 1) & 0x1C0));
          put(e, f3 == 5 ? O.OP_FSD : O.OP_SD, 16, uimm, 0, xs(2), f3 == 5 ? fr(r2) : xs(r2), 0);
          return;
        }
        case 6: { // C.SWSP
          const uimm = <i32>(((h >> 7) & 0x3C) | ((h >> 1) & 0xC0));
          put(e, O.OP_SW, 16, uimm, 0, xs(2), xs(r2), 0);
          return;
        }
      }
      break;
    }
  }
  illegal(e, h, 16);
}

/** Decode the run starting at entry e of the page whose entries start at base (claimSlot),
 *  then fill in the run lengths backwards (see the top of this file). */
export function decodeRun(e: usize, base: usize): void {
  const page = RAM + (<usize>slotPpn(base) << 12);
  let off = <u32>((e - base) >> 3);
  let cur = e;
  let n: u32 = 0;
  let tail: u32 = 0;
  while (true) {
    // Stop at an entry decoded before (this includes the page-end sentinel).
    if (load<u8>(cur, E_OP) != 0) { tail = <u32>load<u16>(cur, E_RUN); break; }
    const h = <u32>load<u16>(page + off);
    if ((h & 3) == 3) {
      if (off == 4094) { // the instruction continues in the next page: never cached
        put(cur, O.OP_STRADDLE, 32, 0, 0, 0, 0, 0);
        tail = 0;
        break;
      }
      decode32(load<u32>(page + off), cur, off, true);
    } else {
      decode16(h, cur, off, true);
    }
    store<u32>(DECODE_LIST + (<usize>n << 2), <u32>cur);
    n++;
    if (endsRun(<u32>load<u8>(cur, E_OP))) { tail = 0; break; }
    const step = <u32>load<u8>(cur, E_STEP);
    cur += step;
    off += step >> 3;
  }
  let run = tail;
  const count = n;
  while (n > 0) {
    n--;
    const x = <usize>load<u32>(DECODE_LIST + (<usize>n << 2));
    run = endsRun(<u32>load<u8>(x, E_OP)) ? 1 : run + 1;
    store<u16>(x, <u16>run, E_RUN);
  }
  // Fuse each new entry with the instruction after it where ops.ts has a pair for them.
  // The entry after it is decoded by now (this run's next, or the entry the run met).
  for (let i: u32 = 0; i < count; i++) {
    const x = <usize>load<u32>(DECODE_LIST + (<usize>i << 2));
    const op = <u32>load<u8>(x, E_OP);
    if (endsRun(op)) continue;
    const f = O.fusedOp(op, O.plainOp(<u32>load<u8>(x + <usize>load<u8>(x, E_STEP), E_OP)));
    if (f != 0) store<u8>(x, <u8>f, E_OP);
  }
}

/**
 * Build a scratch run for the instructions at entry e (pc) when the budget left (rem) is
 * smaller than e's run, or e is a page-straddling instruction: copies at most
 * min(rem, SCRATCH_MAX) entries of e's run (same spacing, so pc arithmetic holds, jumps
 * turned into their far forms) and closes them with OP_STEP_END. Returns SCRATCH, or 0
 * after raising an instruction fault (straddling fetch).
 */
export function prepareScratch(e: usize, pc: u64, rem: u32): usize {
  if (<u32>load<u8>(e, E_OP) == O.OP_STRADDLE) {
    const lo = <u32>load<u16>(RAM + (<usize>slotPpn(e - (4094 << 3)) << 12) + 4094);
    const pa2 = walk(pc + 2, ACCESS_EXECUTE);
    if (pa2 == FAULT) return 0;
    const inst = lo | (<u32>load<u16>(RAM + <usize>pa2) << 16);
    decode32(inst, SCRATCH, 0, false);
    store<u16>(SCRATCH, 1, E_RUN);
    store<u8>(SCRATCH + 32, <u8>O.OP_STEP_END, E_OP);
    return SCRATCH;
  }
  const max = rem < SCRATCH_MAX ? rem : SCRATCH_MAX;
  let src = e;
  let k: u32 = 0;
  while (k < max) {
    const op = <u32>load<u8>(src, E_OP);
    if (op <= O.OP_STRADDLE) break; // end of the cached run
    const dst = SCRATCH + (src - e);
    store<u64>(dst, load<u64>(src));
    store<u64>(dst, load<u64>(src, 8), 8);
    store<u8>(dst, <u8>farOp(op), E_OP);
    k++;
    src += <usize>load<u8>(src, E_STEP);
    if (endsRun(op)) break;
  }
  store<u8>(SCRATCH + (src - e), <u8>O.OP_STEP_END, E_OP);
  let p = SCRATCH;
  for (let i: u32 = 0; i < k; i++) {
    store<u16>(p, <u16>(k - i), E_RUN);
    p += <usize>load<u8>(p, E_STEP);
  }
  return SCRATCH;
}
