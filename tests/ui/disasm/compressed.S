# Every RV64C instruction, each shown as the 32-bit instruction it expands to.
.option rvc
1: c.addi4spn a0, sp, 16
 c.fld fa0, 8(a1)
 c.lw a0, 4(a1)
 c.ld a0, 8(a1)
 c.fsd fa0, 8(a1)
 c.sw a0, 4(a1)
 c.sd a0, 8(a1)
 c.nop
 c.addi a0, -3
 c.addiw a0, 1
 c.addiw a0, 0
 c.li a0, -5
 c.addi16sp sp, -64
 c.lui a0, 0x1f
 c.lui a0, 0xfffe0
 c.srli a0, 3
 c.srai a0, 63
 c.andi a0, -1
 c.sub a0, a1
 c.xor a0, a1
 c.or a0, a1
 c.and a0, a1
 c.subw a0, a1
 c.addw a0, a1
 c.j 1b
 c.beqz a0, 1b
 c.bnez a0, 1b
 c.slli a0, 12
 c.fldsp fa0, 8(sp)
 c.lwsp a0, 4(sp)
 c.ldsp ra, 8(sp)
 c.jr ra
 c.jr a5
 c.mv a0, a1
 c.ebreak
 c.jalr a5
 c.add a0, a1
 c.fsdsp fa0, 8(sp)
 c.swsp a0, 4(sp)
 c.sdsp ra, 8(sp)
