# Every 32-bit RV64GC instruction form the disassembler knows, with the operand values that
# select objdump's pseudo-instructions (li, mv, ret, beqz, frflags, fmv.d, ...).
.option norvc
 lui a0, 0x12345
 auipc a1, 0
 jal ra, 1f
 jal zero, 1f
 jal t0, 1f
1: jalr zero, 0(ra)
 jalr zero, 0(a5)
 jalr ra, 0(a5)
 jalr t0, 8(a5)
 jalr ra, 16(a5)
 beq a0, a1, 1b
 bne a0, zero, 1b
 blt a0, zero, 1b
 bge a0, zero, 1b
 blt zero, a0, 1b
 bge zero, a0, 1b
 bltu a0, a1, 1b
 bgeu a0, a1, 1b
 beq zero, a0, 1b
 lb a0, -1(a1)
 lh a0, 2(a1)
 lw a0, 4(a1)
 ld a0, 8(a1)
 lbu a0, 1(a1)
 lhu a0, 2(a1)
 lwu a0, 4(a1)
 sb a0, 1(a1)
 sh a0, 2(a1)
 sw a0, 4(a1)
 sd a0, -8(sp)
 addi a0, zero, 10
 addi a0, a1, 0
 addi zero, zero, 0
 addi a0, a1, -2048
 slti a0, a1, 3
 sltiu a0, a1, 1
 sltiu a0, a1, 5
 xori a0, a1, -1
 xori a0, a1, 7
 ori a0, a1, 7
 andi a0, a1, 255
 slli a0, a1, 63
 srli a0, a1, 32
 srai a0, a1, 1
 addiw a0, a1, 0
 addiw a0, a1, 5
 slliw a0, a1, 31
 srliw a0, a1, 3
 sraiw a0, a1, 3
 add a0, a1, a2
 sub a0, a1, a2
 sub a0, zero, a2
 sll a0, a1, a2
 slt a0, a1, a2
 slt a0, a1, zero
 slt a0, zero, a1
 sltu a0, a1, a2
 sltu a0, zero, a2
 xor a0, a1, a2
 srl a0, a1, a2
 sra a0, a1, a2
 or a0, a1, a2
 and a0, a1, a2
 mul a0, a1, a2
 mulh a0, a1, a2
 mulhsu a0, a1, a2
 mulhu a0, a1, a2
 div a0, a1, a2
 divu a0, a1, a2
 rem a0, a1, a2
 remu a0, a1, a2
 addw a0, a1, a2
 subw a0, a1, a2
 subw a0, zero, a2
 sllw a0, a1, a2
 srlw a0, a1, a2
 sraw a0, a1, a2
 mulw a0, a1, a2
 divw a0, a1, a2
 divuw a0, a1, a2
 remw a0, a1, a2
 remuw a0, a1, a2
 fence
 fence rw, rw
 fence r, r
 fence w, w
 fence iorw, ow
 fence.i
 fence.tso
 ecall
 ebreak
 csrrs a0, fflags, zero
 csrrw zero, fflags, a0
 csrrw a1, fflags, a0
 csrrs a0, frm, zero
 csrrw zero, frm, a0
 csrrw a1, frm, a0
 csrrs a0, fcsr, zero
 csrrw zero, fcsr, a0
 csrrw a1, fcsr, a0
 csrrs a0, cycle, zero
 csrrs a0, time, zero
 csrrs a0, instret, zero
 csrrs a0, 0x7c0, zero
 csrrs zero, fcsr, a0
 csrrc zero, fcsr, a0
 csrrwi zero, frm, 3
 csrrwi a0, frm, 3
 csrrsi zero, fflags, 1
 csrrci a0, fflags, 1
 csrrs a1, fflags, a0
 csrrc a1, fflags, a0
 csrrwi zero, fflags, 2
 csrrwi zero, fcsr, 2
 lr.w a0, (a1)
 lr.d.aq a0, (a1)
 sc.w a0, a2, (a1)
 sc.d.rl a0, a2, (a1)
 amoswap.w a0, a2, (a1)
 amoadd.d.aqrl a0, a2, (a1)
 amoxor.w a0, a2, (a1)
 amoand.d a0, a2, (a1)
 amoor.w.aq a0, a2, (a1)
 amomin.d a0, a2, (a1)
 amomax.w a0, a2, (a1)
 amominu.d a0, a2, (a1)
 amomaxu.w a0, a2, (a1)
 amoadd.w zero, a2, (a1)
 flw fa0, 4(a1)
 fld fa0, 8(a1)
 fsw fa0, 4(a1)
 fsd fa0, 8(a1)
 fmadd.s fa0, fa1, fa2, fa3
 fmadd.d fa0, fa1, fa2, fa3, rtz
 fmsub.d fa0, fa1, fa2, fa3
 fnmsub.s fa0, fa1, fa2, fa3
 fnmadd.d fa0, fa1, fa2, fa3
 fadd.s fa0, fa1, fa2
 fadd.d fa0, fa1, fa2, rne
 fsub.d fa0, fa1, fa2
 fmul.d fa0, fa1, fa2
 fdiv.s fa0, fa1, fa2
 fsqrt.d fa0, fa1
 fsgnj.d fa0, fa1, fa2
 fsgnj.d fa0, fa1, fa1
 fsgnjn.s fa0, fa1, fa1
 fsgnjn.d fa0, fa1, fa2
 fsgnjx.d fa0, fa1, fa1
 fsgnjx.s fa0, fa1, fa2
 fmin.d fa0, fa1, fa2
 fmax.s fa0, fa1, fa2
 fcvt.s.d fa0, fa1
 fcvt.d.s fa0, fa1
 feq.d a0, fa1, fa2
 flt.s a0, fa1, fa2
 fle.d a0, fa1, fa2
 fclass.d a0, fa1
 fmv.x.w a0, fa1
 fmv.x.d a0, fa1
 fmv.w.x fa0, a1
 fmv.d.x fa0, a1
 fcvt.w.d a0, fa1, rtz
 fcvt.wu.s a0, fa1
 fcvt.l.d a0, fa1
 fcvt.lu.d a0, fa1, rup
 fcvt.d.w fa0, a1
 fcvt.d.wu fa0, a1
 fcvt.s.l fa0, a1
 fcvt.d.lu fa0, a1, rdn
 fcvt.s.w fa0, a1, rmm
 fcvt.w.s a0, fa1
 csrrw zero, cycle, zero
