// Decoded-instruction entries and the operation ids the executor switches on.
//
// Entry (16 bytes, see memmap.ts for where entries live):
//   +0  u8  op        an OP_* below; 0 = not decoded yet
//   +1  u8  step      bytes to the next entry: 8 * instruction length (16 for RVC, 32 otherwise)
//   +2  u16 run       instructions from this one to the end of its run (see decode.ts)
//   +4  i32 imm       immediate; for ops that can trap as illegal at run time, the raw bits
//   +8  u16 rd        destination: byte offset from STATE_BASE (x0 -> X0_SINK_OFF)
//   +10 u16 rs1       sources: byte offsets from STATE_BASE (x0 -> 0, which always reads 0)
//   +12 u16 rs2
//   +14 u16 aux       rs3 offset | rm << 12 for FP; funct5 for AMOs; funct3 for CSR ops
// The layout leaves room for a later JIT: an op id that enters compiled code could keep a
// function-table index in imm.

export const E_OP = 0;
export const E_STEP = 1;
export const E_RUN = 2;
export const E_IMM = 4;
export const E_RD = 8;
export const E_RS1 = 10;
export const E_RS2 = 12;
export const E_AUX = 14;

// Control ops (never counted as instructions).
export const OP_DECODE: u32 = 0; // not decoded yet: back to block entry, which decodes
export const OP_PAGE_END: u32 = 1; // sentinel after the last halfword of a page
export const OP_STEP_END: u32 = 2; // sentinel closing a scratch run
export const OP_STRADDLE: u32 = 3; // a 32-bit instruction crossing the page end: never cached
// Instructions.
export const OP_ILLEGAL: u32 = 4; // imm = instruction bits
export const OP_NOP: u32 = 5;
export const OP_LI: u32 = 6; // rd = sext(imm): lui, c.li, addi rd,x0,imm
export const OP_AUIPC: u32 = 7;
export const OP_JAL: u32 = 8; // target in another page
export const OP_JAL_L: u32 = 9; // target in the same page
export const OP_JALR: u32 = 10;
export const OP_BEQ: u32 = 11; // branches, target in another page
export const OP_BNE: u32 = 12;
export const OP_BLT: u32 = 13;
export const OP_BGE: u32 = 14;
export const OP_BLTU: u32 = 15;
export const OP_BGEU: u32 = 16;
export const OP_BEQ_L: u32 = 17; // branches, target in the same page (OP_Bxx + LOCAL_DELTA)
export const OP_BNE_L: u32 = 18;
export const OP_BLT_L: u32 = 19;
export const OP_BGE_L: u32 = 20;
export const OP_BLTU_L: u32 = 21;
export const OP_BGEU_L: u32 = 22;
export const LOCAL_DELTA: u32 = 6;
export const OP_LB: u32 = 23;
export const OP_LH: u32 = 24;
export const OP_LW: u32 = 25;
export const OP_LD: u32 = 26;
export const OP_LBU: u32 = 27;
export const OP_LHU: u32 = 28;
export const OP_LWU: u32 = 29;
export const OP_SB: u32 = 30;
export const OP_SH: u32 = 31;
export const OP_SW: u32 = 32;
export const OP_SD: u32 = 33;
export const OP_ADDI: u32 = 34;
export const OP_SLTI: u32 = 35;
export const OP_SLTIU: u32 = 36;
export const OP_XORI: u32 = 37;
export const OP_ORI: u32 = 38;
export const OP_ANDI: u32 = 39;
export const OP_SLLI: u32 = 40;
export const OP_SRLI: u32 = 41;
export const OP_SRAI: u32 = 42;
export const OP_ADD: u32 = 43;
export const OP_SUB: u32 = 44;
export const OP_SLL: u32 = 45;
export const OP_SLT: u32 = 46;
export const OP_SLTU: u32 = 47;
export const OP_XOR: u32 = 48;
export const OP_SRL: u32 = 49;
export const OP_SRA: u32 = 50;
export const OP_OR: u32 = 51;
export const OP_AND: u32 = 52;
export const OP_ADDIW: u32 = 53;
export const OP_SLLIW: u32 = 54;
export const OP_SRLIW: u32 = 55;
export const OP_SRAIW: u32 = 56;
export const OP_ADDW: u32 = 57;
export const OP_SUBW: u32 = 58;
export const OP_SLLW: u32 = 59;
export const OP_SRLW: u32 = 60;
export const OP_SRAW: u32 = 61;
export const OP_MUL: u32 = 62;
export const OP_MULH: u32 = 63;
export const OP_MULHSU: u32 = 64;
export const OP_MULHU: u32 = 65;
export const OP_DIV: u32 = 66;
export const OP_DIVU: u32 = 67;
export const OP_REM: u32 = 68;
export const OP_REMU: u32 = 69;
export const OP_MULW: u32 = 70;
export const OP_DIVW: u32 = 71;
export const OP_DIVUW: u32 = 72;
export const OP_REMW: u32 = 73;
export const OP_REMUW: u32 = 74;
export const OP_FENCE_I: u32 = 75;
export const OP_ECALL: u32 = 76;
export const OP_EBREAK: u32 = 77;
export const OP_CSR: u32 = 78; // imm = raw bits, aux = funct3, rs2 = uimm for the *I forms
export const OP_LR_W: u32 = 79;
export const OP_LR_D: u32 = 80;
export const OP_SC_W: u32 = 81;
export const OP_SC_D: u32 = 82;
export const OP_AMO_W: u32 = 83; // aux = funct5
export const OP_AMO_D: u32 = 84;
export const OP_FLW: u32 = 85;
export const OP_FLD: u32 = 86;
export const OP_FSW: u32 = 87;
export const OP_FSD: u32 = 88;
// FP ops with a rounding mode: imm = raw bits (for the illegal-rm trap), aux = rs3 | rm << 12.
export const OP_FMADD_S: u32 = 89;
export const OP_FMSUB_S: u32 = 90;
export const OP_FNMSUB_S: u32 = 91;
export const OP_FNMADD_S: u32 = 92;
export const OP_FMADD_D: u32 = 93;
export const OP_FMSUB_D: u32 = 94;
export const OP_FNMSUB_D: u32 = 95;
export const OP_FNMADD_D: u32 = 96;
export const OP_FADD_S: u32 = 97;
export const OP_FSUB_S: u32 = 98;
export const OP_FMUL_S: u32 = 99;
export const OP_FDIV_S: u32 = 100;
export const OP_FSQRT_S: u32 = 101;
export const OP_FADD_D: u32 = 102;
export const OP_FSUB_D: u32 = 103;
export const OP_FMUL_D: u32 = 104;
export const OP_FDIV_D: u32 = 105;
export const OP_FSQRT_D: u32 = 106;
export const OP_FSGNJ_S: u32 = 107;
export const OP_FSGNJN_S: u32 = 108;
export const OP_FSGNJX_S: u32 = 109;
export const OP_FSGNJ_D: u32 = 110;
export const OP_FSGNJN_D: u32 = 111;
export const OP_FSGNJX_D: u32 = 112;
export const OP_FMIN_S: u32 = 113;
export const OP_FMAX_S: u32 = 114;
export const OP_FMIN_D: u32 = 115;
export const OP_FMAX_D: u32 = 116;
export const OP_FCVT_S_D: u32 = 117;
export const OP_FCVT_D_S: u32 = 118;
export const OP_FEQ_S: u32 = 119;
export const OP_FLT_S: u32 = 120;
export const OP_FLE_S: u32 = 121;
export const OP_FEQ_D: u32 = 122;
export const OP_FLT_D: u32 = 123;
export const OP_FLE_D: u32 = 124;
export const OP_FCVT_W_S: u32 = 125;
export const OP_FCVT_WU_S: u32 = 126;
export const OP_FCVT_L_S: u32 = 127;
export const OP_FCVT_LU_S: u32 = 128;
export const OP_FCVT_W_D: u32 = 129;
export const OP_FCVT_WU_D: u32 = 130;
export const OP_FCVT_L_D: u32 = 131;
export const OP_FCVT_LU_D: u32 = 132;
export const OP_FCVT_S_W: u32 = 133;
export const OP_FCVT_S_WU: u32 = 134;
export const OP_FCVT_S_L: u32 = 135;
export const OP_FCVT_S_LU: u32 = 136;
export const OP_FCVT_D_W: u32 = 137;
export const OP_FCVT_D_WU: u32 = 138;
export const OP_FCVT_D_L: u32 = 139;
export const OP_FCVT_D_LU: u32 = 140;
export const OP_FMV_X_W: u32 = 141;
export const OP_FCLASS_S: u32 = 142;
export const OP_FMV_X_D: u32 = 143;
export const OP_FCLASS_D: u32 = 144;
export const OP_FMV_W_X: u32 = 145;
export const OP_FMV_D_X: u32 = 146;
// Specialisations of common forms.
export const OP_MV: u32 = 147; // addi rd, rs1, 0 / c.mv
export const OP_J_L: u32 = 148; // jal x0 within the page (also c.j)
export const OP_BEQZ_L: u32 = 149; // beq rs1, x0 within the page
export const OP_BNEZ_L: u32 = 150; // bne rs1, x0 within the page
// Compressed (RVC) forms of the non-jump ops: the same operation with an entry step of 16,
// so each handler advances to the next entry by a constant (no load of the step on the
// loop-carried path). OP_X_C = OP_X + ... listed explicitly; see compressedOp().
export const OP_NOP_C: u32 = 151;
export const OP_LI_C: u32 = 152;
export const OP_MV_C: u32 = 153;
export const OP_ADDI_C: u32 = 154;
export const OP_ADDIW_C: u32 = 155;
export const OP_SLLI_C: u32 = 156;
export const OP_SRLI_C: u32 = 157;
export const OP_SRAI_C: u32 = 158;
export const OP_ANDI_C: u32 = 159;
export const OP_ADD_C: u32 = 160;
export const OP_SUB_C: u32 = 161;
export const OP_XOR_C: u32 = 162;
export const OP_OR_C: u32 = 163;
export const OP_AND_C: u32 = 164;
export const OP_ADDW_C: u32 = 165;
export const OP_SUBW_C: u32 = 166;
export const OP_LW_C: u32 = 167;
export const OP_LD_C: u32 = 168;
export const OP_SW_C: u32 = 169;
export const OP_SD_C: u32 = 170;
export const OP_FLD_C: u32 = 171;
export const OP_FSD_C: u32 = 172;
export const OP_BEQ_C: u32 = 173; // c.beqz / c.bnez to another page
export const OP_BNE_C: u32 = 174;
export const OP_BEQZ_L_C: u32 = 175;
export const OP_BNEZ_L_C: u32 = 176;
export const OP_COUNT: u32 = 177; // plain ops; fused pairs follow

// Fused pairs ("superinstructions"). Dispatching an op costs more than most ops do (an
// indirect jump that the host often mispredicts), so an entry whose instruction is
// commonly followed by a given one gets a fused op that executes both: OP_F_A__B runs A at
// its entry and B at the next entry (entry + step of A), each with its own fields, which
// stay as decoded. The next entry keeps its own op, so jumps into it need nothing special.
// Only entries of a run's interior are fused (A falls through or traps; B may be a local
// branch), so budgets, traps and pc stay exact: a trap in B is reported at B's entry.
// The pairs are the most frequent adjacent pairs, as our ops, in the dynamic instruction
// streams of the bench programs (sieve, sha256, strings, nbody) and of busybox gzip and
// md5sum, built by GCC for rv64gc. Op ids are a byte, so at most 256 - OP_COUNT of them.
export const OP_FUSED_BASE: u32 = 177;
export const OP_F_SRLI_C__ADD_C: u32 = 177;
export const OP_F_SLLI__SRLI_C: u32 = 178;
export const OP_F_ADD_C__SB: u32 = 179;
export const OP_F_SB__ADDW_C: u32 = 180;
export const OP_F_ADDW_C__BLTU_L: u32 = 181;
export const OP_F_MV_C__MV_C: u32 = 182;
export const OP_F_SRLIW__SLLIW: u32 = 183;
export const OP_F_ADDIW__ADDIW: u32 = 184;
export const OP_F_SLLIW__OR_C: u32 = 185;
export const OP_F_ADD__LBU: u32 = 186;
export const OP_F_ADDI_C__ADDIW: u32 = 187;
export const OP_F_ADDI_C__ADDI_C: u32 = 188;
export const OP_F_FSD__FLD: u32 = 189;
export const OP_F_ANDI__BNEZ_L_C: u32 = 190;
export const OP_F_SLLIW__SRLIW: u32 = 191;
export const OP_F_ADDIW__BLTU_L: u32 = 192;
export const OP_F_ADDIW__ANDI: u32 = 193;
export const OP_F_LBU__ADDIW: u32 = 194;
export const OP_F_ADDI_C__LBU: u32 = 195;
export const OP_F_LBU__ADDI_C: u32 = 196;
export const OP_F_LBU__BNE_L: u32 = 197;
export const OP_F_SLLI_C__ADD_C: u32 = 198;
export const OP_F_FLD__FLD: u32 = 199;
export const OP_F_LD_C__LD_C: u32 = 200;
export const OP_F_ADDIW__ADDI_C: u32 = 201;
export const OP_F_SD_C__SD_C: u32 = 202;
export const OP_F_ADDW_C__XOR: u32 = 203;
export const OP_F_OR__OR: u32 = 204;
export const OP_F_ADDW_C__SRLIW: u32 = 205;
export const OP_F_LBU__BEQZ_L_C: u32 = 206;
export const OP_F_MV_C__ADDIW: u32 = 207;
export const OP_F_OR_C__MV_C: u32 = 208;
export const OP_F_ADDW__ADDW: u32 = 209;
export const OP_F_LW__ADDW_C: u32 = 210;
export const OP_F_XOR__ADDW_C: u32 = 211;
export const OP_F_ADDIW_C__ADDIW: u32 = 212;
export const OP_F_ADDIW__ADDIW_C: u32 = 213;
export const OP_F_SLLIW__SLLIW: u32 = 214;
export const OP_F_SRLIW__SRLIW: u32 = 215;
export const OP_F_ADDW__XOR: u32 = 216;
export const OP_F_ADDI_C__BNE_L: u32 = 217;
export const OP_F_LW_C__SRLIW: u32 = 218;
export const OP_F_ADD_C__LW_C: u32 = 219;
export const OP_F_SRLIW__OR: u32 = 220;
export const OP_F_ADDI_C__MV_C: u32 = 221;
export const OP_F_SB__BNE_L: u32 = 222;
export const OP_F_ADDI_C__SD_C: u32 = 223;
export const OP_F_LD_C__ADDI: u32 = 224;
export const OP_F_ADD__SB: u32 = 225;
export const OP_F_ADDI_C__ADD: u32 = 226;
export const OP_F_ADD__ADD: u32 = 227;
export const OP_F_ADD_C__LHU: u32 = 228;
export const OP_F_AND__XOR: u32 = 229;
export const OP_F_XOR__ADDW: u32 = 230;
export const OP_F_SD_C__ADDI_C: u32 = 231;
export const OP_F_ADDIW_C__ADDI_C: u32 = 232;
export const OP_F_XOR__AND: u32 = 233;
export const OP_F_ADDW__ADDW_C: u32 = 234;
export const OP_F_XOR_C__ADDW_C: u32 = 235;
export const OP_F_LBU__LBU: u32 = 236;
export const OP_F_XOR__AND_C: u32 = 237;
export const OP_F_XOR__XOR_C: u32 = 238;
export const OP_F_XOR_C__XOR: u32 = 239;
export const OP_F_ADDI_C__ADDIW_C: u32 = 240;
export const OP_F_AND_C__SLLI_C: u32 = 241;
export const OP_F_LHU__BGEU_L: u32 = 242;
export const OP_F_OR__SLLIW: u32 = 243;
export const OP_F_ADDW__ADDIW_C: u32 = 244;
export const OP_F_SLLIW__OR: u32 = 245;
export const OP_F_SW_C__ADDI_C: u32 = 246;
export const OP_F_LW__LW_C: u32 = 247;
export const OP_F_AND__OR: u32 = 248;
export const OP_F_ADDW_C__ADDIW: u32 = 249;
export const OP_F_OR__ADDW: u32 = 250;
export const OP_F_MV_C__ADDW_C: u32 = 251;
export const OP_F_ADDIW_C__ADDIW_C: u32 = 252;
export const OP_FUSED_END: u32 = 253;

export function fusedOp(a: u32, b: u32): u32 {
  switch (a) {
    case OP_SRLI_C: {
      if (b == OP_ADD_C) return OP_F_SRLI_C__ADD_C;
      break;
    }
    case OP_SLLI: {
      if (b == OP_SRLI_C) return OP_F_SLLI__SRLI_C;
      break;
    }
    case OP_ADD_C: {
      if (b == OP_SB) return OP_F_ADD_C__SB;
      if (b == OP_LW_C) return OP_F_ADD_C__LW_C;
      if (b == OP_LHU) return OP_F_ADD_C__LHU;
      break;
    }
    case OP_SB: {
      if (b == OP_ADDW_C) return OP_F_SB__ADDW_C;
      if (b == OP_BNE_L) return OP_F_SB__BNE_L;
      break;
    }
    case OP_ADDW_C: {
      if (b == OP_BLTU_L) return OP_F_ADDW_C__BLTU_L;
      if (b == OP_XOR) return OP_F_ADDW_C__XOR;
      if (b == OP_SRLIW) return OP_F_ADDW_C__SRLIW;
      if (b == OP_ADDIW) return OP_F_ADDW_C__ADDIW;
      break;
    }
    case OP_MV_C: {
      if (b == OP_MV_C) return OP_F_MV_C__MV_C;
      if (b == OP_ADDIW) return OP_F_MV_C__ADDIW;
      if (b == OP_ADDW_C) return OP_F_MV_C__ADDW_C;
      break;
    }
    case OP_SRLIW: {
      if (b == OP_SLLIW) return OP_F_SRLIW__SLLIW;
      if (b == OP_SRLIW) return OP_F_SRLIW__SRLIW;
      if (b == OP_OR) return OP_F_SRLIW__OR;
      break;
    }
    case OP_ADDIW: {
      if (b == OP_ADDIW) return OP_F_ADDIW__ADDIW;
      if (b == OP_BLTU_L) return OP_F_ADDIW__BLTU_L;
      if (b == OP_ANDI) return OP_F_ADDIW__ANDI;
      if (b == OP_ADDI_C) return OP_F_ADDIW__ADDI_C;
      if (b == OP_ADDIW_C) return OP_F_ADDIW__ADDIW_C;
      break;
    }
    case OP_SLLIW: {
      if (b == OP_OR_C) return OP_F_SLLIW__OR_C;
      if (b == OP_SRLIW) return OP_F_SLLIW__SRLIW;
      if (b == OP_SLLIW) return OP_F_SLLIW__SLLIW;
      if (b == OP_OR) return OP_F_SLLIW__OR;
      break;
    }
    case OP_ADD: {
      if (b == OP_LBU) return OP_F_ADD__LBU;
      if (b == OP_SB) return OP_F_ADD__SB;
      if (b == OP_ADD) return OP_F_ADD__ADD;
      break;
    }
    case OP_ADDI_C: {
      if (b == OP_ADDIW) return OP_F_ADDI_C__ADDIW;
      if (b == OP_ADDI_C) return OP_F_ADDI_C__ADDI_C;
      if (b == OP_LBU) return OP_F_ADDI_C__LBU;
      if (b == OP_BNE_L) return OP_F_ADDI_C__BNE_L;
      if (b == OP_MV_C) return OP_F_ADDI_C__MV_C;
      if (b == OP_SD_C) return OP_F_ADDI_C__SD_C;
      if (b == OP_ADD) return OP_F_ADDI_C__ADD;
      if (b == OP_ADDIW_C) return OP_F_ADDI_C__ADDIW_C;
      break;
    }
    case OP_FSD: {
      if (b == OP_FLD) return OP_F_FSD__FLD;
      break;
    }
    case OP_ANDI: {
      if (b == OP_BNEZ_L_C) return OP_F_ANDI__BNEZ_L_C;
      break;
    }
    case OP_LBU: {
      if (b == OP_ADDIW) return OP_F_LBU__ADDIW;
      if (b == OP_ADDI_C) return OP_F_LBU__ADDI_C;
      if (b == OP_BNE_L) return OP_F_LBU__BNE_L;
      if (b == OP_BEQZ_L_C) return OP_F_LBU__BEQZ_L_C;
      if (b == OP_LBU) return OP_F_LBU__LBU;
      break;
    }
    case OP_SLLI_C: {
      if (b == OP_ADD_C) return OP_F_SLLI_C__ADD_C;
      break;
    }
    case OP_FLD: {
      if (b == OP_FLD) return OP_F_FLD__FLD;
      break;
    }
    case OP_LD_C: {
      if (b == OP_LD_C) return OP_F_LD_C__LD_C;
      if (b == OP_ADDI) return OP_F_LD_C__ADDI;
      break;
    }
    case OP_SD_C: {
      if (b == OP_SD_C) return OP_F_SD_C__SD_C;
      if (b == OP_ADDI_C) return OP_F_SD_C__ADDI_C;
      break;
    }
    case OP_OR: {
      if (b == OP_OR) return OP_F_OR__OR;
      if (b == OP_SLLIW) return OP_F_OR__SLLIW;
      if (b == OP_ADDW) return OP_F_OR__ADDW;
      break;
    }
    case OP_OR_C: {
      if (b == OP_MV_C) return OP_F_OR_C__MV_C;
      break;
    }
    case OP_ADDW: {
      if (b == OP_ADDW) return OP_F_ADDW__ADDW;
      if (b == OP_XOR) return OP_F_ADDW__XOR;
      if (b == OP_ADDW_C) return OP_F_ADDW__ADDW_C;
      if (b == OP_ADDIW_C) return OP_F_ADDW__ADDIW_C;
      break;
    }
    case OP_LW: {
      if (b == OP_ADDW_C) return OP_F_LW__ADDW_C;
      if (b == OP_LW_C) return OP_F_LW__LW_C;
      break;
    }
    case OP_XOR: {
      if (b == OP_ADDW_C) return OP_F_XOR__ADDW_C;
      if (b == OP_ADDW) return OP_F_XOR__ADDW;
      if (b == OP_AND) return OP_F_XOR__AND;
      if (b == OP_AND_C) return OP_F_XOR__AND_C;
      if (b == OP_XOR_C) return OP_F_XOR__XOR_C;
      break;
    }
    case OP_ADDIW_C: {
      if (b == OP_ADDIW) return OP_F_ADDIW_C__ADDIW;
      if (b == OP_ADDI_C) return OP_F_ADDIW_C__ADDI_C;
      if (b == OP_ADDIW_C) return OP_F_ADDIW_C__ADDIW_C;
      break;
    }
    case OP_LW_C: {
      if (b == OP_SRLIW) return OP_F_LW_C__SRLIW;
      break;
    }
    case OP_AND: {
      if (b == OP_XOR) return OP_F_AND__XOR;
      if (b == OP_OR) return OP_F_AND__OR;
      break;
    }
    case OP_XOR_C: {
      if (b == OP_ADDW_C) return OP_F_XOR_C__ADDW_C;
      if (b == OP_XOR) return OP_F_XOR_C__XOR;
      break;
    }
    case OP_AND_C: {
      if (b == OP_SLLI_C) return OP_F_AND_C__SLLI_C;
      break;
    }
    case OP_LHU: {
      if (b == OP_BGEU_L) return OP_F_LHU__BGEU_L;
      break;
    }
    case OP_SW_C: {
      if (b == OP_ADDI_C) return OP_F_SW_C__ADDI_C;
      break;
    }
  }
  return 0;
}

export function fusedFirst(op: u32): u32 {
  switch (op) {
    case OP_F_SRLI_C__ADD_C: return OP_SRLI_C;
    case OP_F_SLLI__SRLI_C: return OP_SLLI;
    case OP_F_ADD_C__SB: case OP_F_ADD_C__LW_C: case OP_F_ADD_C__LHU: return OP_ADD_C;
    case OP_F_SB__ADDW_C: case OP_F_SB__BNE_L: return OP_SB;
    case OP_F_ADDW_C__BLTU_L: case OP_F_ADDW_C__XOR: case OP_F_ADDW_C__SRLIW: case OP_F_ADDW_C__ADDIW: return OP_ADDW_C;
    case OP_F_MV_C__MV_C: case OP_F_MV_C__ADDIW: case OP_F_MV_C__ADDW_C: return OP_MV_C;
    case OP_F_SRLIW__SLLIW: case OP_F_SRLIW__SRLIW: case OP_F_SRLIW__OR: return OP_SRLIW;
    case OP_F_ADDIW__ADDIW: case OP_F_ADDIW__BLTU_L: case OP_F_ADDIW__ANDI: case OP_F_ADDIW__ADDI_C: case OP_F_ADDIW__ADDIW_C: return OP_ADDIW;
    case OP_F_SLLIW__OR_C: case OP_F_SLLIW__SRLIW: case OP_F_SLLIW__SLLIW: case OP_F_SLLIW__OR: return OP_SLLIW;
    case OP_F_ADD__LBU: case OP_F_ADD__SB: case OP_F_ADD__ADD: return OP_ADD;
    case OP_F_ADDI_C__ADDIW: case OP_F_ADDI_C__ADDI_C: case OP_F_ADDI_C__LBU: case OP_F_ADDI_C__BNE_L: case OP_F_ADDI_C__MV_C: case OP_F_ADDI_C__SD_C: case OP_F_ADDI_C__ADD: case OP_F_ADDI_C__ADDIW_C: return OP_ADDI_C;
    case OP_F_FSD__FLD: return OP_FSD;
    case OP_F_ANDI__BNEZ_L_C: return OP_ANDI;
    case OP_F_LBU__ADDIW: case OP_F_LBU__ADDI_C: case OP_F_LBU__BNE_L: case OP_F_LBU__BEQZ_L_C: case OP_F_LBU__LBU: return OP_LBU;
    case OP_F_SLLI_C__ADD_C: return OP_SLLI_C;
    case OP_F_FLD__FLD: return OP_FLD;
    case OP_F_LD_C__LD_C: case OP_F_LD_C__ADDI: return OP_LD_C;
    case OP_F_SD_C__SD_C: case OP_F_SD_C__ADDI_C: return OP_SD_C;
    case OP_F_OR__OR: case OP_F_OR__SLLIW: case OP_F_OR__ADDW: return OP_OR;
    case OP_F_OR_C__MV_C: return OP_OR_C;
    case OP_F_ADDW__ADDW: case OP_F_ADDW__XOR: case OP_F_ADDW__ADDW_C: case OP_F_ADDW__ADDIW_C: return OP_ADDW;
    case OP_F_LW__ADDW_C: case OP_F_LW__LW_C: return OP_LW;
    case OP_F_XOR__ADDW_C: case OP_F_XOR__ADDW: case OP_F_XOR__AND: case OP_F_XOR__AND_C: case OP_F_XOR__XOR_C: return OP_XOR;
    case OP_F_ADDIW_C__ADDIW: case OP_F_ADDIW_C__ADDI_C: case OP_F_ADDIW_C__ADDIW_C: return OP_ADDIW_C;
    case OP_F_LW_C__SRLIW: return OP_LW_C;
    case OP_F_AND__XOR: case OP_F_AND__OR: return OP_AND;
    case OP_F_XOR_C__ADDW_C: case OP_F_XOR_C__XOR: return OP_XOR_C;
    case OP_F_AND_C__SLLI_C: return OP_AND_C;
    case OP_F_LHU__BGEU_L: return OP_LHU;
    case OP_F_SW_C__ADDI_C: return OP_SW_C;
  }
  return op;
}

/** The op an entry executes as a single instruction: its fused op's first half if fused. */
// @ts-ignore: decorator
@inline export function plainOp(op: u32): u32 {
  return op >= OP_FUSED_BASE ? fusedFirst(op) : op;
}

/** The op id for the 16-bit (RVC) form of op: its _C twin if it has one. Jumps and traps
 *  have none (they read the entry's step when they need the instruction length). */
export function compressedOp(op: u32): u32 {
  switch (op) {
    case OP_NOP: return OP_NOP_C;
    case OP_LI: return OP_LI_C;
    case OP_MV: return OP_MV_C;
    case OP_ADDI: return OP_ADDI_C;
    case OP_ADDIW: return OP_ADDIW_C;
    case OP_SLLI: return OP_SLLI_C;
    case OP_SRLI: return OP_SRLI_C;
    case OP_SRAI: return OP_SRAI_C;
    case OP_ANDI: return OP_ANDI_C;
    case OP_ADD: return OP_ADD_C;
    case OP_SUB: return OP_SUB_C;
    case OP_XOR: return OP_XOR_C;
    case OP_OR: return OP_OR_C;
    case OP_AND: return OP_AND_C;
    case OP_ADDW: return OP_ADDW_C;
    case OP_SUBW: return OP_SUBW_C;
    case OP_LW: return OP_LW_C;
    case OP_LD: return OP_LD_C;
    case OP_SW: return OP_SW_C;
    case OP_SD: return OP_SD_C;
    case OP_FLD: return OP_FLD_C;
    case OP_FSD: return OP_FSD_C;
    case OP_BEQ: return OP_BEQ_C;
    case OP_BNE: return OP_BNE_C;
    case OP_BEQZ_L: return OP_BEQZ_L_C;
    case OP_BNEZ_L: return OP_BNEZ_L_C;
  }
  return op;
}

/** Ops after which the run of straight-line instructions ends (control always leaves). */
// @ts-ignore: decorator
@inline export function endsRun(op: u32): bool {
  return op == OP_ILLEGAL || op == OP_JAL || op == OP_JAL_L || op == OP_J_L || op == OP_JALR ||
    op == OP_FENCE_I || op == OP_ECALL || op == OP_EBREAK;
}

/** The same operation for an entry that is not at its real page position (scratch runs). */
export function farOp(op: u32): u32 {
  op = plainOp(op); // a scratch run may end between the halves of a pair
  if (op >= OP_BEQ_L && op <= OP_BGEU_L) return op - LOCAL_DELTA;
  if (op == OP_JAL_L || op == OP_J_L) return OP_JAL;
  if (op == OP_BEQZ_L) return OP_BEQ;
  if (op == OP_BNEZ_L) return OP_BNE;
  if (op == OP_BEQZ_L_C) return OP_BEQ_C;
  if (op == OP_BNEZ_L_C) return OP_BNE_C;
  return op;
}
