/* What if an invalid or privileged encoding is executed instead of raising SIGILL?
 *
 * illegal.c takes one mode argument and executes one instruction that RV64GC user mode
 * must reject; the process must die by SIGILL (exit status 132), after its flushed line.
 * Modes: zero (the all-zero halfword), ones (0xffffffff), unimp (csrrw x0, cycle, x0:
 * a write to a read-only CSR), csr-m (reading mstatus from user mode), csr-none (a CSR
 * number that does not exist), mret, sret, sfence (sfence.vma), frm5 (a dynamic-rounding
 * fadd.s with frm = 5), rm5 (fadd.s with the reserved static rm 5), rm7-fcvt (fcvt.w.d
 * with the dyn rm 7 in frm), c-addi16sp0 / c-lui0 / c-jr0 / c-lwsp0 / c-addi4spn0 (reserved
 * compressed encodings), amo-bad (an AMO funct5 that does not exist), vector (vsetvli: V
 * is not part of RV64GC), long48 (a 48-bit instruction prefix) and custom0 (the custom-0
 * opcode).
 */
#include <stdlib.h>
#include "check.h"

struct mode {
  const char *name;
  void (*run)(void);
};

#define INSN(fn, text) \
  static void fn(void) { __asm__ volatile(text ::: "memory"); }

INSN(i_zero, ".hword 0x0000")
INSN(i_ones, ".word 0xffffffff")
INSN(i_unimp, "unimp")
INSN(i_csr_m, "csrr t0, mstatus")
INSN(i_csr_none, "csrr t0, 0x8ff")
INSN(i_mret, "mret")
INSN(i_sret, "sret")
INSN(i_sfence, "sfence.vma")
INSN(i_frm5, "li t0, 5\n\tfsrm t0\n\tfadd.s ft0, ft1, ft2, dyn")
INSN(i_rm5, ".word 0x00005053") /* fadd.s ft0, ft0, ft0 with rm = 5 */
INSN(i_rm7_fcvt, "li t0, 7\n\tfsrm t0\n\tfcvt.w.d t1, ft0, dyn")
INSN(i_c_addi16sp0, ".hword 0x6101")
INSN(i_c_lui0, ".hword 0x6501")
INSN(i_c_jr0, ".hword 0x8002")
INSN(i_c_lwsp0, ".hword 0x4002")   /* c.lwsp x0, 0(sp) */
INSN(i_c_addi4spn0, ".hword 0x0004") /* c.addi4spn with nzuimm = 0 */
INSN(i_amo_bad, ".word 0x30b522af")  /* AMO opcode, .w, funct5 00110: unassigned */
INSN(i_vector, ".word 0x0c0572d7")    /* vsetvli t0, a0, e8, m1, ta, ma-ish */
INSN(i_long48, ".hword 0x001f\n\t.hword 0\n\t.hword 0")
INSN(i_custom0, ".word 0x0000000b")

static const struct mode modes[] = {
    {"zero", i_zero},         {"ones", i_ones},           {"unimp", i_unimp},
    {"csr-m", i_csr_m},       {"csr-none", i_csr_none},   {"mret", i_mret},
    {"sret", i_sret},         {"sfence", i_sfence},       {"frm5", i_frm5},
    {"rm5", i_rm5},           {"rm7-fcvt", i_rm7_fcvt},   {"c-addi16sp0", i_c_addi16sp0},
    {"c-lui0", i_c_lui0},     {"c-jr0", i_c_jr0},         {"c-lwsp0", i_c_lwsp0},
    {"c-addi4spn0", i_c_addi4spn0}, {"amo-bad", i_amo_bad}, {"vector", i_vector},
    {"long48", i_long48},     {"custom0", i_custom0},
};

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("usage: illegal MODE\n");
    return 2;
  }
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
    if (!strcmp(argv[1], modes[i].name)) {
      printf("illegal: %s: about to execute\n", argv[1]);
      fflush(stdout);
      modes[i].run();
      printf("illegal: %s: survived\n", argv[1]);
      return 1;
    }
  }
  printf("illegal: unknown mode %s\n", argv[1]);
  return 2;
}
