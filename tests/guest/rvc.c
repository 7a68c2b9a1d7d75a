/* What if a compressed instruction expands to the wrong 32-bit one?
 *
 * rvc.c executes every RV64C instruction explicitly (inline asm with `.option rvc` and
 * c.* mnemonics, so the assembler must emit the 16-bit form): c.addi4spn, c.fld, c.lw,
 * c.ld, c.fsd, c.sw, c.sd, c.nop, c.addi, c.addiw, c.li, c.addi16sp, c.lui, c.srli,
 * c.srai, c.andi, c.sub, c.xor, c.or, c.and, c.subw, c.addw, c.j, c.beqz, c.bnez, c.slli,
 * c.fldsp, c.lwsp, c.ldsp, c.jr, c.mv, c.jalr (link = pc + 2), c.add, c.fsdsp, c.swsp,
 * c.sdsp — at the extremes of their immediates (sign extension, scaled unsigned
 * offsets, 6-bit shift amounts) — plus compressed HINT encodings that must act as no-ops,
 * and a 32-bit instruction that straddles a 4 KiB page boundary after 2047 c.nops
 * (entered both by falling through and by jumping straight to it).  c.ebreak is
 * excluded here (it traps).
 */
#include "check.h"

#define PUSH ".option push\n\t.option rvc\n\t"
#define POP "\n\t.option pop"

/* One-register forms on a0. */
#define C1(text, x)                                                           \
  ({                                                                          \
    register uint64_t a0_ __asm__("a0") = (x);                                \
    __asm__ volatile(PUSH text POP : "+r"(a0_));                              \
    a0_;                                                                      \
  })
/* Two-register forms: a0 op= a1. */
#define C2(text, x, y)                                                        \
  ({                                                                          \
    register uint64_t a0_ __asm__("a0") = (x);                                \
    register uint64_t a1_ __asm__("a1") = (y);                                \
    __asm__ volatile(PUSH text POP : "+r"(a0_) : "r"(a1_));                   \
    a0_;                                                                      \
  })
#define T1(text, x, want) CHECK_EQ(text " [a0=" #x "]", C1(text, x), want)
#define T2(text, x, y, want) CHECK_EQ(text " [a0=" #x ", a1=" #y "]", C2(text, x, y), want)

static void alu(void) {
  T1("c.addi a0, -32", 0, 0xffffffffffffffe0ull);
  T1("c.addi a0, 31", 1, 32);
  T1("c.addi a0, 1", 0x7fffffffffffffffull, 0x8000000000000000ull);
  T1("c.addiw a0, 1", 0x7fffffff, 0xffffffff80000000ull);
  T1("c.addiw a0, 0", 0x12345678deadbeefull, 0xffffffffdeadbeefull);
  T1("c.addiw a0, -1", 0x100000000ull, 0xffffffffffffffffull);
  T1("c.li a0, -32", 77, 0xffffffffffffffe0ull);
  T1("c.li a0, 31", 77, 31);
  T1("c.li a0, 0", 77, 0);
  T1("c.lui a0, 1", 77, 0x1000);
  T1("c.lui a0, 0x1f", 77, 0x1f000);
  T1("c.lui a0, 0xfffe0", 77, 0xfffffffffffe0000ull);
  T1("c.lui a0, 0xfffff", 77, 0xfffffffffffff000ull);
  T1("c.srli a0, 1", 0x8000000000000000ull, 0x4000000000000000ull);
  T1("c.srli a0, 32", 0xffffffff00000000ull, 0xffffffff);
  T1("c.srli a0, 63", 0x8000000000000000ull, 1);
  T1("c.srai a0, 1", 0x8000000000000000ull, 0xc000000000000000ull);
  T1("c.srai a0, 32", 0x8000000000000000ull, 0xffffffff80000000ull);
  T1("c.srai a0, 63", 0x8000000000000000ull, 0xffffffffffffffffull);
  T1("c.srai a0, 63", 0x7fffffffffffffffull, 0);
  T1("c.andi a0, -32", 0xffffffffffffffffull, 0xffffffffffffffe0ull);
  T1("c.andi a0, 31", 0xffffffffffffffffull, 31);
  T1("c.andi a0, -1", 0x8000000000001234ull, 0x8000000000001234ull);
  T1("c.andi a0, 0", 0x1234, 0);
  T1("c.slli a0, 1", 0x4000000000000001ull, 0x8000000000000002ull);
  T1("c.slli a0, 32", 0x87654321ull, 0x8765432100000000ull);
  T1("c.slli a0, 63", 3, 0x8000000000000000ull);
  T2("c.sub a0, a1", 0, 1, 0xffffffffffffffffull);
  T2("c.sub a0, a1", 0x8000000000000000ull, 1, 0x7fffffffffffffffull);
  T2("c.xor a0, a1", 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0xf0f0f0f0f0f0f0f0ull);
  T2("c.or a0, a1", 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0xfff0fff0fff0fff0ull);
  T2("c.and a0, a1", 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0x0f000f000f000f00ull);
  T2("c.subw a0, a1", 0, 1, 0xffffffffffffffffull);
  T2("c.subw a0, a1", 0x80000000ull, 1, 0x7fffffff);
  T2("c.subw a0, a1", 0x1234567800000005ull, 0xabcdef0000000003ull, 2);
  T2("c.addw a0, a1", 0x7fffffff, 1, 0xffffffff80000000ull);
  T2("c.addw a0, a1", 0xffffffff00000000ull, 0x00000000ffffffffull, 0xffffffffffffffffull);
  T2("c.mv a0, a1", 5, 0x8000000000000007ull, 0x8000000000000007ull);
  T2("c.add a0, a1", 0x7fffffffffffffffull, 1, 0x8000000000000000ull);
  T2("c.add a0, a1", 0xffffffffffffffffull, 2, 1);

  /* c.mv / c.add on registers outside x8..x15 */
  uint64_t r;
  __asm__ volatile(PUSH "li t3, 40\n\tli t4, 2\n\tc.add t3, t4\n\tc.mv t5, t3\n\tc.add t5, t5\n\t"
                        "mv %0, t5" POP
                   : "=r"(r)
                   :
                   : "t3", "t4", "t5");
  CHECK_EQ("c.add/c.mv on t3..t5", r, 84);
  __asm__ volatile(PUSH "li s2, 7\n\tc.slli s2, 4\n\tc.addi s2, -12\n\tc.li s3, -2\n\tc.add s2, s3\n\t"
                        "c.addiw s2, 3\n\tmv %0, s2" POP
                   : "=r"(r)
                   :
                   : "s2", "s3");
  CHECK_EQ("c.slli/c.addi/c.li/c.addiw on s2/s3", r, 7 * 16 - 12 - 2 + 3);

  /* HINT encodings: c.nop with an immediate, c.li x0, c.mv x0, c.add x0. */
  __asm__ volatile(PUSH "li a0, 123\n\tc.nop\n\t.hword 0x0005\n\t.hword 0x4015\n\t"
                        ".hword 0x802a\n\t.hword 0x902a\n\tmv %0, a0" POP
                   : "=r"(r)
                   :
                   : "a0");
  CHECK_EQ("compressed HINTs are no-ops", r, 123);
}

static void stack_forms(void) {
  uint64_t r;
  /* c.addi4spn: a0 = sp + nzuimm */
  __asm__ volatile(PUSH "c.addi4spn a0, sp, 1020\n\tmv a1, sp\n\tsub %0, a0, a1" POP
                   : "=r"(r)
                   :
                   : "a0", "a1");
  CHECK_EQ("c.addi4spn a0, sp, 1020 (minus sp)", r, 1020);
  __asm__ volatile(PUSH "c.addi4spn a5, sp, 4\n\tsub %0, a5, sp" POP : "=r"(r) : : "a5");
  CHECK_EQ("c.addi4spn a5, sp, 4 (minus sp)", r, 4);
  /* c.addi16sp */
  __asm__ volatile(PUSH "mv a1, sp\n\tc.addi16sp sp, -512\n\tsub %0, sp, a1\n\t"
                        "c.addi16sp sp, 496\n\tc.addi16sp sp, 16" POP
                   : "=r"(r)
                   :
                   : "a1", "memory");
  CHECK_EQ("c.addi16sp -512 (delta)", r, (uint64_t)-512);
  /* sp-relative loads and stores, at the largest offsets. */
  uint64_t ld, lw, lwneg, fd;
  __asm__ volatile(PUSH
                   "c.addi16sp sp, -512\n\t"
                   "li a1, 0x1122334455667788\n\t"
                   "c.sdsp a1, 504(sp)\n\t"
                   "c.ldsp a2, 504(sp)\n\t"
                   "li a3, 0x8badf00d\n\t"
                   "c.swsp a3, 252(sp)\n\t"
                   "c.lwsp a4, 252(sp)\n\t"
                   "c.swsp a1, 0(sp)\n\t"
                   "c.lwsp a5, 0(sp)\n\t"
                   "fmv.d.x fa1, a1\n\t"
                   "c.fsdsp fa1, 496(sp)\n\t"
                   "c.fldsp fa2, 496(sp)\n\t"
                   "fmv.x.d %3, fa2\n\t"
                   "mv %0, a2\n\tmv %1, a4\n\tmv %2, a5\n\t"
                   "c.addi16sp sp, 496\n\tc.addi16sp sp, 16" POP
                   : "=r"(ld), "=r"(lw), "=r"(lwneg), "=r"(fd)
                   :
                   : "a1", "a2", "a3", "a4", "a5", "fa1", "fa2", "memory");
  CHECK_EQ("c.sdsp/c.ldsp 504(sp)", ld, 0x1122334455667788ull);
  CHECK_EQ("c.swsp/c.lwsp 252(sp) sign-extends", lw, 0xffffffff8badf00dull);
  CHECK_EQ("c.swsp/c.lwsp 0(sp) low word", lwneg, 0x55667788);
  CHECK_EQ("c.fsdsp/c.fldsp 496(sp)", fd, 0x1122334455667788ull);
}

static uint64_t mem[40] __attribute__((aligned(8)));

static void reg_mem_forms(void) {
  for (int i = 0; i < 40; i++) mem[i] = 0;
  register uint64_t base __asm__("a0") = (uint64_t)mem;
  uint64_t ld, lw, lwpos, fd;
  __asm__ volatile(PUSH
                   "li a1, 0x0123456789abcdef\n\t"
                   "c.sd a1, 248(a0)\n\t"
                   "c.ld a2, 248(a0)\n\t"
                   "c.sw a1, 124(a0)\n\t"
                   "c.lw a3, 124(a0)\n\t"
                   "li a4, 0x7eadbeef\n\t"
                   "c.sw a4, 0(a0)\n\t"
                   "c.lw a5, 0(a0)\n\t"
                   "fmv.d.x fa0, a1\n\t"
                   "c.fsd fa0, 8(a0)\n\t"
                   "c.fld fa5, 8(a0)\n\t"
                   "fmv.x.d %3, fa5\n\t"
                   "mv %0, a2\n\tmv %1, a3\n\tmv %2, a5" POP
                   : "=r"(ld), "=r"(lw), "=r"(lwpos), "=r"(fd)
                   : "r"(base)
                   : "a1", "a2", "a3", "a4", "a5", "fa0", "fa5", "memory");
  CHECK_EQ("c.sd/c.ld 248(a0)", ld, 0x0123456789abcdefull);
  CHECK_EQ("c.sw/c.lw 124(a0) sign-extends", lw, 0xffffffff89abcdefull);
  CHECK_EQ("c.sw/c.lw 0(a0)", lwpos, 0x7eadbeef);
  CHECK_EQ("c.fsd/c.fld 8(a0)", fd, 0x0123456789abcdefull);
  CHECK_EQ("memory after c.sd", mem[31], 0x0123456789abcdefull);
  CHECK_EQ("memory after c.sw (word 31 of 32-bit view)", ((uint32_t *)mem)[31], 0x89abcdef);
  CHECK_EQ("c.sw wrote 4 bytes only", ((uint32_t *)mem)[30], 0);
  /* negative word through c.lw, with s1 as the base */
  ((uint32_t *)mem)[5] = 0x80000000u;
  uint64_t neg;
  __asm__ volatile(PUSH "mv s1, %1\n\tc.lw a2, 20(s1)\n\tmv %0, a2" POP
                   : "=r"(neg)
                   : "r"(mem)
                   : "s1", "a2", "memory");
  CHECK_EQ("c.lw 20(s1) of 0x80000000", neg, 0xffffffff80000000ull);
}

static void control(void) {
  uint64_t r;
  __asm__ volatile(PUSH "li a0, 1\n\tc.j 1f\n\tc.li a0, 5\n1:\tmv %0, a0" POP : "=r"(r) : : "a0");
  CHECK_EQ("c.j skips", r, 1);
  __asm__ volatile(PUSH "li a0, 1\n\tc.j 2f\n1:\tc.addi a0, 10\n\tc.j 3f\n2:\tc.j 1b\n3:\tmv %0, a0" POP
                   : "=r"(r)
                   :
                   : "a0");
  CHECK_EQ("c.j backwards", r, 11);
#define BZ(insn, v)                                                                              \
  ({                                                                                             \
    register uint64_t a0_ __asm__("a0") = (v);                                                   \
    uint64_t t_;                                                                                 \
    __asm__ volatile(PUSH "li %0, 1\n\t" insn " a0, 1f\n\tli %0, 0\n1:" POP : "=&r"(t_) : "r"(a0_)); \
    t_;                                                                                          \
  })
  CHECK_EQ("c.beqz 0 taken", BZ("c.beqz", 0), 1);
  CHECK_EQ("c.beqz 1<<32 not taken", BZ("c.beqz", 0x100000000ull), 0);
  CHECK_EQ("c.beqz -1 not taken", BZ("c.beqz", (uint64_t)-1), 0);
  CHECK_EQ("c.bnez 0 not taken", BZ("c.bnez", 0), 0);
  CHECK_EQ("c.bnez 1<<63 taken", BZ("c.bnez", 0x8000000000000000ull), 1);
  CHECK_EQ("c.bnez 1<<32 taken", BZ("c.bnez", 0x100000000ull), 1);
  /* c.bnez backwards as a loop */
  __asm__ volatile(PUSH "li a0, 100\n\tli a1, 0\n1:\tc.addi a1, 2\n\tc.addi a0, -1\n\tc.bnez a0, 1b\n\t"
                        "mv %0, a1" POP
                   : "=r"(r)
                   :
                   : "a0", "a1");
  CHECK_EQ("c.bnez loop", r, 200);
  /* c.jr */
  __asm__ volatile(PUSH "li a0, 3\n\tlla a1, 1f\n\tc.jr a1\n\tc.li a0, 9\n1:\tmv %0, a0" POP
                   : "=r"(r)
                   :
                   : "a0", "a1");
  CHECK_EQ("c.jr", r, 3);
  /* c.jalr: the link is the address of the c.jalr plus 2 (not 4). */
  __asm__ volatile(PUSH
                   "lla a1, 2f\n"
                   "1:\tc.jalr a1\n\t"
                   "j 3f\n"
                   "2:\tmv a0, ra\n\t"
                   "lla a2, 1b\n\t"
                   "sub a0, a0, a2\n\t"
                   "c.jr ra\n"
                   "3:\tmv %0, a0" POP
                   : "=r"(r)
                   :
                   : "ra", "a0", "a1", "a2");
  CHECK_EQ("c.jalr link - pc", r, 2);
  /* c.jalr into a function that returns with c.jr ra */
  __asm__ volatile(PUSH
                   "li a0, 40\n\t"
                   "lla t0, 4f\n\t"
                   "c.jalr t0\n\t"
                   "c.jalr t0\n\t"
                   "j 5f\n"
                   "4:\tc.addi a0, 1\n\t"
                   "c.jr ra\n"
                   "5:\tmv %0, a0" POP
                   : "=r"(r)
                   :
                   : "ra", "a0", "t0");
  CHECK_EQ("c.jalr call twice", r, 42);
  __asm__ volatile(PUSH "c.nop\n\tc.nop" POP);
  CHECK_TRUE("c.nop executed", 1);
}

/* A 32-bit addi straddling a page boundary, after 2047 c.nops from the page start. */
__asm__(".text\n"
        ".balign 4096\n"
        ".globl crosspage\n"
        ".type crosspage, @function\n"
        "crosspage:\n"
        ".option push\n"
        ".option rvc\n"
        ".rept 2047\n"
        "c.nop\n"
        ".endr\n"
        ".option norvc\n"
        ".globl crosspage_insn\n"
        "crosspage_insn:\n"
        "addi a0, a0, 1000\n"
        "addi a0, a0, 1\n"
        ".option pop\n"
        "ret\n"
        ".size crosspage, . - crosspage\n");
extern uint64_t crosspage(uint64_t);
extern uint64_t crosspage_insn(uint64_t);

static void page_crossing(void) {
  CHECK_EQ("crosspage_insn offset in page", (uint64_t)(uintptr_t)crosspage_insn & 4095, 4094);
  CHECK_EQ("jump straight to the straddling instruction", crosspage_insn(opaque(1)), 1002);
  CHECK_EQ("fall through 2047 c.nops into it", crosspage(opaque(2)), 1003);
}

int main(void) {
  alu();
  stack_forms();
  reg_mem_forms();
  control();
  page_crossing();
  return summary("rvc");
}
