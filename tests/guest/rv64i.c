/* What if the base integer instructions are subtly wrong at their edges?
 *
 * rv64i.c checks RV64I as reached by inline asm: register/immediate arithmetic, shifts by
 * 0/31/32/63 (and by amounts >= the width, which use only the low bits), the *W ops and
 * their sign extension, slt/sltu/slti/sltiu at INT64_MIN/-1/0, all six branches,
 * lui/auipc/jal/jalr (including jalr clearing bit 0 and rd == rs1), writes to x0,
 * loads and stores of every width signed and unsigned, misaligned loads and stores at odd
 * addresses and across a 4 KiB page boundary (inline asm and memcpy), and fence encodings.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include "check.h"

#define RR(insn, a, b)                                                                      \
  ({                                                                                        \
    uint64_t r_;                                                                            \
    __asm__ volatile(insn " %0, %1, %2" : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b))); \
    r_;                                                                                     \
  })
#define RI(insn, a, imm)                                                                    \
  ({                                                                                        \
    uint64_t r_;                                                                            \
    __asm__ volatile(insn " %0, %1, %2" : "=r"(r_) : "r"((uint64_t)(a)), "i"(imm));         \
    r_;                                                                                     \
  })

#define T_RR(insn, a, b, want) CHECK_EQ(insn "(" #a ", " #b ")", RR(insn, a, b), want)
#define T_RI(insn, a, imm, want) CHECK_EQ(insn "(" #a ", " #imm ")", RI(insn, a, imm), want)

#define MIN64 0x8000000000000000ull
#define MAX64 0x7fffffffffffffffull
#define ALL1 0xffffffffffffffffull

static void arith(void) {
  T_RR("add", MAX64, 1, MIN64);
  T_RR("add", ALL1, 1, 0);
  T_RR("add", 0x123456789abcdef0ull, 0x0fedcba987654321ull, 0x2222222222222211ull);
  T_RR("sub", 0, 1, ALL1);
  T_RR("sub", MIN64, 1, MAX64);
  T_RR("sub", 5, 7, 0xfffffffffffffffeull);
  T_RI("addi", 0, -2048, 0xfffffffffffff800ull);
  T_RI("addi", 0, 2047, 0x7ff);
  T_RI("addi", MAX64, 1, MIN64);
  T_RI("addi", 1, -1, 0);

  T_RR("and", 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0x0f000f000f000f00ull);
  T_RR("or", 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0xfff0fff0fff0fff0ull);
  T_RR("xor", 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0xf0f0f0f0f0f0f0f0ull);
  T_RI("andi", ALL1, -2048, 0xfffffffffffff800ull);
  T_RI("andi", 0x1234, 0x7ff, 0x234);
  T_RI("andi", 0x8000000000001234ull, -1, 0x8000000000001234ull);
  T_RI("ori", 0, -1, ALL1);
  T_RI("ori", 0x1000, 0x0ff, 0x10ff);
  T_RI("xori", 0x123456789abcdef0ull, -1, 0xedcba9876543210full);
  T_RI("xori", 0x5555, 0x7ff, 0x52aa);

  /* Shifts by register: only the low 6 bits of rs2 count. */
  T_RR("sll", 1, 0, 1);
  T_RR("sll", 1, 31, 0x80000000ull);
  T_RR("sll", 1, 32, 0x100000000ull);
  T_RR("sll", 1, 63, MIN64);
  T_RR("sll", 1, 64, 1);
  T_RR("sll", 3, 0xffffffffffffffc1ull, 6);
  T_RR("srl", MIN64, 63, 1);
  T_RR("srl", ALL1, 0, ALL1);
  T_RR("srl", ALL1, 31, 0x1ffffffffull);
  T_RR("srl", ALL1, 32, 0xffffffffull);
  T_RR("srl", ALL1, 65, MAX64);
  T_RR("sra", MIN64, 63, ALL1);
  T_RR("sra", MIN64, 32, 0xffffffff80000000ull);
  T_RR("sra", MIN64, 31, 0xffffffff00000000ull);
  T_RR("sra", MIN64, 0, MIN64);
  T_RR("sra", 0x4000000000000000ull, 62, 1);
  T_RR("sra", 0x7000000000000000ull, 127, 0);
  T_RI("slli", 1, 0, 1);
  T_RI("slli", 1, 31, 0x80000000ull);
  T_RI("slli", 1, 32, 0x100000000ull);
  T_RI("slli", 0xff, 63, MIN64);
  T_RI("srli", MIN64, 63, 1);
  T_RI("srli", ALL1, 32, 0xffffffffull);
  T_RI("srli", ALL1, 31, 0x1ffffffffull);
  T_RI("srli", 0x1234, 0, 0x1234);
  T_RI("srai", MIN64, 63, ALL1);
  T_RI("srai", MIN64, 32, 0xffffffff80000000ull);
  T_RI("srai", MIN64, 31, 0xffffffff00000000ull);
  T_RI("srai", MAX64, 63, 0);
  T_RI("srai", MIN64, 0, MIN64);

  /* Word ops: 32-bit operation, result sign-extended, upper input bits ignored. */
  T_RR("addw", 0x7fffffff, 1, 0xffffffff80000000ull);
  T_RR("addw", 0xffffffff, 1, 0);
  T_RR("addw", 0x100000000ull, 0, 0);
  T_RR("addw", 0xabcdef0012345678ull, 0x1111111100000001ull, 0x12345679);
  T_RR("subw", 0, 1, ALL1);
  T_RR("subw", 0x80000000ull, 1, 0x7fffffff);
  T_RR("subw", 0x7fffffff00000000ull, 0x0000000100000001ull, ALL1);
  T_RI("addiw", 0xffffffffull, 0, ALL1);
  T_RI("addiw", 0x7fffffff, 1, 0xffffffff80000000ull);
  T_RI("addiw", 0x1234567800000000ull, -1, ALL1);
  T_RI("addiw", 0xffffffff00000005ull, 2047, 0x804);
  T_RR("sllw", 1, 31, 0xffffffff80000000ull);
  T_RR("sllw", 1, 32, 1);
  T_RR("sllw", 1, 63, 0xffffffff80000000ull);
  T_RR("sllw", 0xffffffff00000001ull, 0, 1);
  T_RR("sllw", 0x12345678ull, 4, 0x23456780);
  T_RR("srlw", 0x80000000ull, 0, 0xffffffff80000000ull);
  T_RR("srlw", 0xffffffff80000000ull, 31, 1);
  T_RR("srlw", 0x80000000ull, 32, 0xffffffff80000000ull);
  T_RR("srlw", 0xffffffffull, 1, 0x7fffffff);
  T_RR("srlw", 0x123456789abcdef0ull, 4, 0x09abcdef);
  T_RR("sraw", 0x80000000ull, 31, ALL1);
  T_RR("sraw", 0x80000000ull, 0, 0xffffffff80000000ull);
  T_RR("sraw", 0x7fffffff40000000ull, 30, 1);
  T_RR("sraw", 0x0000000080000000ull, 63, ALL1);
  T_RR("sraw", 0x00000000f0000000ull, 4, 0xffffffffff000000ull);
  T_RI("slliw", 1, 31, 0xffffffff80000000ull);
  T_RI("slliw", 0xffffffffffffffffull, 0, ALL1);
  T_RI("slliw", 0x00000000ffffffffull, 0, ALL1);
  T_RI("slliw", 0x40000000ull, 1, 0xffffffff80000000ull);
  T_RI("srliw", 0x80000000ull, 31, 1);
  T_RI("srliw", 0x80000000ull, 0, 0xffffffff80000000ull);
  T_RI("srliw", 0xffffffff00000000ull, 1, 0);
  T_RI("srliw", 0xfedcba98ull, 16, 0xfedc);
  T_RI("sraiw", 0x80000000ull, 31, ALL1);
  T_RI("sraiw", 0x80000000ull, 0, 0xffffffff80000000ull);
  T_RI("sraiw", 0x0000000070000000ull, 28, 7);
  T_RI("sraiw", 0xfedcba98ull, 16, 0xfffffffffffffedcull);
}

static void compare(void) {
  T_RR("slt", MIN64, 0, 1);
  T_RR("slt", 0, MIN64, 0);
  T_RR("slt", ALL1, 1, 1);
  T_RR("slt", 1, ALL1, 0);
  T_RR("slt", 5, 5, 0);
  T_RR("slt", MAX64, MIN64, 0);
  T_RR("sltu", ALL1, 1, 0);
  T_RR("sltu", 1, ALL1, 1);
  T_RR("sltu", 0, 0, 0);
  T_RR("sltu", MAX64, MIN64, 1);
  T_RI("slti", 0xfffffffffffffffeull, -1, 1);
  T_RI("slti", ALL1, -1, 0);
  T_RI("slti", MIN64, -2048, 1);
  T_RI("slti", 2047, 2047, 0);
  T_RI("slti", 2046, 2047, 1);
  T_RI("sltiu", 0, 1, 1);
  T_RI("sltiu", 5, 1, 0);
  T_RI("sltiu", 0xfffffffffffffffeull, -1, 1);
  T_RI("sltiu", ALL1, -1, 0);
  T_RI("sltiu", 0x7ff, -2048, 1);
  uint64_t r;
  __asm__ volatile("sltu %0, x0, %1" : "=r"(r) : "r"(opaque(MIN64)));
  CHECK_EQ("snez(MIN64)", r, 1);
  __asm__ volatile("sltu %0, x0, %1" : "=r"(r) : "r"(opaque(0)));
  CHECK_EQ("snez(0)", r, 0);
}

/* Each branch: result 1 if taken. Bits: beq bne blt bge bltu bgeu. */
#define BR(insn, a, b)                                                                       \
  ({                                                                                         \
    uint64_t t_;                                                                             \
    __asm__ volatile("li %0, 1\n\t" insn " %1, %2, 1f\n\tli %0, 0\n1:"                        \
                     : "=&r"(t_)                                                             \
                     : "r"((uint64_t)(a)), "r"((uint64_t)(b)));                              \
    t_;                                                                                      \
  })
static uint64_t branches(uint64_t a, uint64_t b) {
  return BR("beq", a, b) << 5 | BR("bne", a, b) << 4 | BR("blt", a, b) << 3 |
         BR("bge", a, b) << 2 | BR("bltu", a, b) << 1 | BR("bgeu", a, b);
}

static void branch(void) {
  CHECK_EQ("branches(MIN64, 0)", branches(MIN64, 0), 0x19);
  CHECK_EQ("branches(0, MIN64)", branches(0, MIN64), 0x16);
  CHECK_EQ("branches(-1, 1)", branches(ALL1, 1), 0x19);
  CHECK_EQ("branches(1, -1)", branches(1, ALL1), 0x16);
  CHECK_EQ("branches(5, 5)", branches(5, 5), 0x25);
  CHECK_EQ("branches(0, 0)", branches(0, 0), 0x25);
  CHECK_EQ("branches(MAX64, MIN64)", branches(MAX64, MIN64), 0x16);
  CHECK_EQ("branches(-2, -1)", branches(0xfffffffffffffffeull, ALL1), 0x1a);

  /* A backwards loop and a forward branch over more than 2 KiB. */
  uint64_t n = 0, i = opaque(1000);
  __asm__ volatile("1: addi %0, %0, 3\n\taddi %1, %1, -1\n\tbnez %1, 1b" : "+r"(n), "+r"(i));
  CHECK_EQ("loop 1000 x 3", n, 3000);
  uint64_t far;
  __asm__ volatile("li %0, 7\n\tbeq %1, zero, 2f\n\t.fill 1000, 4, 0\n2:\taddi %0, %0, 1"
                   : "=&r"(far) : "r"(opaque(0)));
  CHECK_EQ("far forward beq", far, 8);
  __asm__ volatile("j 3f\n4:\taddi %0, %0, 10\n\tj 5f\n\t.fill 700, 4, 0\n3:\tli %0, 1\n\t"
                   "bltu zero, %0, 4b\n5:"
                   : "=&r"(far));
  CHECK_EQ("far backward bltu", far, 11);
}

static void upper_and_jumps(void) {
  uint64_t r, l;
  __asm__ volatile("lui %0, 0x80000" : "=r"(r));
  CHECK_EQ("lui 0x80000", r, 0xffffffff80000000ull);
  __asm__ volatile("lui %0, 0x7ffff" : "=r"(r));
  CHECK_EQ("lui 0x7ffff", r, 0x7ffff000);
  __asm__ volatile("lui %0, 0xfffff" : "=r"(r));
  CHECK_EQ("lui 0xfffff", r, 0xfffffffffffff000ull);
  __asm__ volatile("lui %0, 1\n\taddiw %0, %0, -1" : "=r"(r));
  CHECK_EQ("lui 1; addiw -1", r, 0xfff);

  __asm__ volatile(".option push\n.option norvc\n1:\tauipc %0, 0\n\tlla %1, 1b\n.option pop"
                   : "=r"(r), "=r"(l));
  CHECK_EQ("auipc 0 - pc", r - l, 0);
  __asm__ volatile(".option push\n.option norvc\n1:\tauipc %0, 1\n\tlla %1, 1b\n.option pop"
                   : "=r"(r), "=r"(l));
  CHECK_EQ("auipc 1 - pc", r - l, 0x1000);
  __asm__ volatile(".option push\n.option norvc\n1:\tauipc %0, 0xfffff\n\tlla %1, 1b\n.option pop"
                   : "=r"(r), "=r"(l));
  CHECK_EQ("auipc 0xfffff - pc", r - l, (uint64_t)-0x1000);
  __asm__ volatile(".option push\n.option norvc\n1:\tauipc %0, 0x80000\n\tlla %1, 1b\n.option pop"
                   : "=r"(r), "=r"(l));
  CHECK_EQ("auipc 0x80000 - pc", r - l, 0xffffffff80000000ull);

  /* jal: link = address of the jal + 4. */
  __asm__ volatile(".option push\n.option norvc\n2:\tjal %0, 1f\n\t.word 0\n1:\tlla %1, 2b\n.option pop"
                   : "=r"(r), "=r"(l));
  CHECK_EQ("jal link - pc", r - l, 4);
  /* jalr clears bit 0 of the target. */
  uint64_t t;
  __asm__ volatile(".option push\n.option norvc\n\tlla %2, 1f+1\n2:\tjalr %0, 0(%2)\n\t.word 0\n"
                   "1:\tlla %1, 2b\n.option pop"
                   : "=r"(r), "=r"(l), "=&r"(t));
  CHECK_EQ("jalr odd target, link - pc", r - l, 4);
  /* jalr with a negative offset. */
  __asm__ volatile(".option push\n.option norvc\n\tlla %2, 1f+16\n2:\tjalr %0, -16(%2)\n\t.word 0\n"
                   "1:\tlla %1, 2b\n.option pop"
                   : "=r"(r), "=r"(l), "=&r"(t));
  CHECK_EQ("jalr -16, link - pc", r - l, 4);
  /* jalr with rd == rs1: the target uses the old value. */
  __asm__ volatile(".option push\n.option norvc\n\tlla %0, 1f\n2:\tjalr %0, 0(%0)\n\t.word 0\n"
                   "1:\tlla %1, 2b\n.option pop"
                   : "=&r"(r), "=r"(l));
  CHECK_EQ("jalr rd==rs1, link - pc", r - l, 4);
}

static void x0_and_hints(void) {
  uint64_t r;
  __asm__ volatile("addi x0, x0, 5\n\tmv %0, x0" : "=r"(r));
  CHECK_EQ("x0 after addi x0, x0, 5", r, 0);
  __asm__ volatile("li t0, 77\n\tadd x0, t0, t0\n\tlui x0, 0x12345\n\tmv %0, x0" : "=r"(r) : : "t0");
  CHECK_EQ("x0 after add/lui", r, 0);
  static uint64_t word = 0x1234;
  __asm__ volatile("ld x0, 0(%1)\n\tadd %0, x0, x0" : "=r"(r) : "r"(&word));
  CHECK_EQ("x0 after ld x0", r, 0);
  /* fence variants and hints decode as no-ops. */
  __asm__ volatile("fence\n\tfence rw, rw\n\tfence r, r\n\tfence w, w\n\tfence iorw, iorw\n\t"
                   "fence.tso\n\tfence.i\n\t.word 0x0100000f\n\t" /* pause */
                   "addi x0, x1, 5\n\tslli x0, x0, 3\n\tnop" ::: "memory");
  CHECK_TRUE("fences and hints executed", 1);
}

static uint8_t buf[64] __attribute__((aligned(16)));

static void loads_stores(void) {
  for (int i = 0; i < 64; i++) buf[i] = (uint8_t)(0x80 + i);
  uint8_t *p = (uint8_t *)opaque((uint64_t)buf);
  uint64_t r;
#define LD(insn, off, want)                                                  \
  __asm__ volatile(insn " %0, %2(%1)" : "=r"(r) : "r"(p), "i"(off) : "memory"); \
  CHECK_EQ(insn " @" #off, r, want)
  LD("lb", 0, 0xffffffffffffff80ull);
  LD("lbu", 0, 0x80);
  LD("lb", 63, 0xffffffffffffffbfull);
  LD("lh", 0, 0xffffffffffff8180ull);
  LD("lhu", 0, 0x8180);
  LD("lw", 0, 0xffffffff83828180ull);
  LD("lwu", 0, 0x83828180);
  LD("ld", 0, 0x8786858483828180ull);
  LD("ld", 8, 0x8f8e8d8c8b8a8988ull);
  for (int i = 0; i < 64; i++) buf[i] = (uint8_t)(0x70 + i);
  LD("lb", 15, 0x7f);
  LD("lb", 16, 0xffffffffffffff80ull);
  LD("lh", 14, 0x7f7e);
  LD("lw", 12, 0x7f7e7d7c);
  LD("lwu", 16, 0x83828180);
  /* negative offsets */
  uint8_t *q = p + 32;
  __asm__ volatile("ld %0, -16(%1)" : "=r"(r) : "r"(q) : "memory");
  CHECK_EQ("ld -16", r, 0x8786858483828180ull);
  __asm__ volatile("lb %0, -2048(%1)" : "=r"(r) : "r"(q + 2048) : "memory");
  CHECK_EQ("lb -2048", r, 0xffffffffffffff90ull);

  /* Stores write exactly their width. */
  const uint64_t v = 0x1122334455667788ull;
#define ST(insn, width)                                                                  \
  do {                                                                                   \
    memset(buf, 0xaa, sizeof buf);                                                       \
    __asm__ volatile(insn " %1, 8(%0)" : : "r"(p), "r"(opaque(v)) : "memory");          \
    uint64_t lo, mid, hi;                                                                \
    memcpy(&lo, buf, 8);                                                                 \
    memcpy(&mid, buf + 8, 8);                                                            \
    memcpy(&hi, buf + 16, 8);                                                            \
    uint64_t mask = (width) == 8 ? ALL1 : ((1ull << (8 * (width))) - 1);                 \
    CHECK_EQ(insn " stored", mid, (v & mask) | (0xaaaaaaaaaaaaaaaaull & ~mask));         \
    CHECK(lo == 0xaaaaaaaaaaaaaaaaull && hi == 0xaaaaaaaaaaaaaaaaull, insn " touched neighbours"); \
  } while (0)
  ST("sb", 1);
  ST("sh", 2);
  ST("sw", 4);
  ST("sd", 8);
  memset(buf, 0, sizeof buf);
  __asm__ volatile("sd %1, -8(%0)" : : "r"(p + 16), "r"(opaque(v)) : "memory");
  memcpy(&r, buf + 8, 8);
  CHECK_EQ("sd -8", r, v);
}

/* Misaligned accesses, inline asm at every odd offset, and across a page boundary. */
static void misaligned(void) {
  uint8_t *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED, "mmap failed");
  if (m == MAP_FAILED) return;
  uint8_t *pg = m + 4096; /* page boundary */
  uint64_t r;
  /* First touch of the second page is a misaligned store that straddles the boundary. */
  for (int k = 1; k < 8; k++) {
    uint8_t *a = (uint8_t *)opaque((uint64_t)(pg - k));
    uint64_t val = 0x0102030405060708ull * (uint64_t)k;
    __asm__ volatile("sd %1, 0(%0)" : : "r"(a), "r"(val) : "memory");
    __asm__ volatile("ld %0, 0(%1)" : "=r"(r) : "r"(a) : "memory");
    char name[64];
    snprintf(name, sizeof name, "sd/ld across page, offset -%d", k);
    CHECK_EQ(name, r, val);
    uint64_t check = 0;
    for (int i = 7; i >= 0; i--) check = check << 8 | a[i];
    CHECK(check == val, "byte view of misaligned sd at -%d", k);
  }
  for (int i = 0; i < 32; i++) pg[i - 16] = (uint8_t)(0xf0 + i); /* pg-16 .. pg+15 */
  uint8_t *b = pg - 16;
  for (int off = 9; off < 16; off += 2) { /* odd offsets: 9 .. 15, crossing at pg */
    uint8_t *a = (uint8_t *)opaque((uint64_t)(b + off));
    uint64_t want = 0;
    for (int i = 7; i >= 0; i--) want = want << 8 | a[i];
    char name[64];
    __asm__ volatile("ld %0, 0(%1)" : "=r"(r) : "r"(a) : "memory");
    snprintf(name, sizeof name, "ld @pg-%d", 16 - off);
    CHECK_EQ(name, r, want);
    __asm__ volatile("lw %0, 0(%1)" : "=r"(r) : "r"(a) : "memory");
    snprintf(name, sizeof name, "lw @pg-%d", 16 - off);
    CHECK_EQ(name, r, (uint64_t)(int64_t)(int32_t)(uint32_t)want);
    __asm__ volatile("lwu %0, 0(%1)" : "=r"(r) : "r"(a) : "memory");
    snprintf(name, sizeof name, "lwu @pg-%d", 16 - off);
    CHECK_EQ(name, r, (uint32_t)want);
    __asm__ volatile("lh %0, 0(%1)" : "=r"(r) : "r"(a) : "memory");
    snprintf(name, sizeof name, "lh @pg-%d", 16 - off);
    CHECK_EQ(name, r, (uint64_t)(int64_t)(int16_t)(uint16_t)want);
    __asm__ volatile("lhu %0, 0(%1)" : "=r"(r) : "r"(a) : "memory");
    snprintf(name, sizeof name, "lhu @pg-%d", 16 - off);
    CHECK_EQ(name, r, (uint16_t)want);
  }
  /* sh/sw at odd addresses including the one straddling the page. */
  memset(pg - 8, 0, 16);
  __asm__ volatile("sh %1, 0(%0)" : : "r"(opaque((uint64_t)(pg - 1))), "r"(opaque(0xbeef)) : "memory");
  CHECK_EQ("sh across page, bytes", (uint64_t)pg[-1] | (uint64_t)pg[0] << 8, 0xbeef);
  __asm__ volatile("sw %1, 0(%0)" : : "r"(opaque((uint64_t)(pg - 3))), "r"(opaque(0xcafef00dull)) : "memory");
  CHECK_EQ("sw across page, bytes",
           (uint64_t)pg[-3] | (uint64_t)pg[-2] << 8 | (uint64_t)pg[-1] << 16 | (uint64_t)pg[0] << 24,
           0xcafef00d);
  CHECK_EQ("byte after sw untouched", pg[1], 0);
  /* memcpy into and out of unaligned pointers, across the boundary. */
  char msg[40];
  for (int i = 0; i < 40; i++) msg[i] = (char)('A' + i);
  for (int k = 1; k < 40; k += 3) {
    memset(pg - 64, 0, 128);
    memcpy(pg - k, msg, sizeof msg);
    char back[40];
    memcpy(back, pg - k, sizeof back);
    CHECK(memcmp(back, msg, sizeof msg) == 0, "memcpy round trip at pg-%d", k);
  }
  struct __attribute__((packed)) P { uint8_t c; uint64_t d; uint32_t w; uint16_t h; };
  struct P *ps = (struct P *)(pg - 5);
  ps->c = 1;
  ps->d = 0x1122334455667788ull;
  ps->w = 0x99aabbcc;
  ps->h = 0xddee;
  CHECK_EQ("packed d", opaque(ps->d), 0x1122334455667788ull);
  CHECK_EQ("packed w", opaque(ps->w), 0x99aabbcc);
  CHECK_EQ("packed h", opaque(ps->h), 0xddee);
  munmap(m, 3 * 4096);
}

int main(void) {
  arith();
  compare();
  branch();
  upper_and_jumps();
  x0_and_hints();
  loads_stores();
  misaligned();
  return summary("rv64i");
}
