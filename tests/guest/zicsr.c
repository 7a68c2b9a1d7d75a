/* What if the CSR instructions mishandle old values, masks or the immediate forms?
 *
 * zicsr.c checks csrrw/csrrs/csrrc and csrrwi/csrrsi/csrrci (and the csrr/csrw/csrs/csrc,
 * frflags/fsflags/frrm/fsrm/frcsr/fscsr pseudo-instructions) on fflags, frm and fcsr:
 * the old value returned, the field widths (fflags 5 bits, frm 3 bits, fcsr 8 bits), the
 * aliasing of fcsr = frm << 5 | fflags, rs1 = x0 / uimm = 0 forms that only read, flags
 * accruing (sticky) across instructions, and that frm = 5..7 can be written and read back
 * (they only fault when used).  It also reads cycle, time and instret (rdcycle, rdtime,
 * rdinstret) and checks only properties: non-decreasing over many reads, and advancing
 * over a busy loop.
 */
#include "check.h"

#define CSR_RW(insn, csr, v)                                                      \
  ({                                                                              \
    uint64_t o_;                                                                  \
    __asm__ volatile(insn " %0, " csr ", %1" : "=r"(o_) : "r"((uint64_t)(v)));     \
    o_;                                                                           \
  })
#define CSR_I(insn, csr, imm)                                                     \
  ({                                                                              \
    uint64_t o_;                                                                  \
    __asm__ volatile(insn " %0, " csr ", %1" : "=r"(o_) : "i"(imm));               \
    o_;                                                                           \
  })
#define CSR_R(csr)                                                                \
  ({                                                                              \
    uint64_t o_;                                                                  \
    __asm__ volatile("csrr %0, " csr : "=r"(o_));                                 \
    o_;                                                                           \
  })

static void fp_csrs(void) {
  uint64_t o;
  CSR_RW("csrrw", "fcsr", 0);
  CHECK_EQ("fcsr after write 0", CSR_R("fcsr"), 0);
  o = CSR_RW("csrrw", "fflags", 0xffffffffffffffffull);
  CHECK_EQ("csrrw fflags old", o, 0);
  CHECK_EQ("fflags keeps 5 bits", CSR_R("fflags"), 0x1f);
  CHECK_EQ("fcsr shows fflags", CSR_R("fcsr"), 0x1f);
  o = CSR_RW("csrrw", "frm", 0xffffffffffffffffull);
  CHECK_EQ("csrrw frm old", o, 0);
  CHECK_EQ("frm keeps 3 bits", CSR_R("frm"), 7);
  CHECK_EQ("fcsr = frm<<5 | fflags", CSR_R("fcsr"), 0xff);
  o = CSR_RW("csrrw", "fcsr", 0xffffffffffffffffull);
  CHECK_EQ("csrrw fcsr old", o, 0xff);
  CHECK_EQ("fcsr keeps 8 bits", CSR_R("fcsr"), 0xff);
  o = CSR_RW("csrrw", "fcsr", 0x1234567800000065ull); /* frm=3, fflags=5 */
  CHECK_EQ("csrrw fcsr old (all ones)", o, 0xff);
  CHECK_EQ("frm from fcsr", CSR_R("frm"), 3);
  CHECK_EQ("fflags from fcsr", CSR_R("fflags"), 5);

  /* set/clear with registers */
  o = CSR_RW("csrrs", "fflags", 0x12);
  CHECK_EQ("csrrs fflags old", o, 5);
  CHECK_EQ("csrrs fflags new", CSR_R("fflags"), 0x17);
  o = CSR_RW("csrrc", "fflags", 0x3);
  CHECK_EQ("csrrc fflags old", o, 0x17);
  CHECK_EQ("csrrc fflags new", CSR_R("fflags"), 0x14);
  o = CSR_RW("csrrs", "frm", 4);
  CHECK_EQ("csrrs frm old", o, 3);
  CHECK_EQ("csrrs frm new", CSR_R("frm"), 7);
  o = CSR_RW("csrrc", "fcsr", 0xe0);
  CHECK_EQ("csrrc fcsr old", o, 0xf4);
  CHECK_EQ("csrrc fcsr clears frm", CSR_R("frm"), 0);
  CHECK_EQ("csrrc fcsr leaves fflags", CSR_R("fflags"), 0x14);

  /* rs1 = x0: read only */
  __asm__ volatile("csrrs %0, fflags, x0" : "=r"(o));
  CHECK_EQ("csrrs x0 reads", o, 0x14);
  __asm__ volatile("csrrc %0, fcsr, x0" : "=r"(o));
  CHECK_EQ("csrrc x0 reads", o, 0x14);
  CHECK_EQ("unchanged after x0 forms", CSR_R("fcsr"), 0x14);

  /* immediate forms */
  o = CSR_I("csrrwi", "fflags", 0x1f);
  CHECK_EQ("csrrwi fflags old", o, 0x14);
  CHECK_EQ("csrrwi fflags new", CSR_R("fflags"), 0x1f);
  o = CSR_I("csrrci", "fflags", 0x11);
  CHECK_EQ("csrrci old", o, 0x1f);
  CHECK_EQ("csrrci new", CSR_R("fflags"), 0x0e);
  o = CSR_I("csrrsi", "fflags", 0x10);
  CHECK_EQ("csrrsi old", o, 0x0e);
  CHECK_EQ("csrrsi new", CSR_R("fflags"), 0x1e);
  o = CSR_I("csrrwi", "frm", 2);
  CHECK_EQ("csrrwi frm old", o, 0);
  CHECK_EQ("csrrwi frm new", CSR_R("frm"), 2);
  o = CSR_I("csrrsi", "fcsr", 0x1);
  CHECK_EQ("csrrsi fcsr old", o, 0x5e);
  o = CSR_I("csrrsi", "fcsr", 0);
  CHECK_EQ("csrrsi 0 reads fcsr", o, 0x5f);
  o = CSR_I("csrrci", "fcsr", 0);
  CHECK_EQ("csrrci 0 reads fcsr", o, 0x5f);
  o = CSR_I("csrrwi", "fcsr", 0);
  CHECK_EQ("csrrwi fcsr 0 old", o, 0x5f);
  CHECK_EQ("fcsr cleared", CSR_R("fcsr"), 0);

  /* pseudo-instructions */
  __asm__ volatile("fsflagsi 3");
  __asm__ volatile("frflags %0" : "=r"(o));
  CHECK_EQ("fsflagsi/frflags", o, 3);
  __asm__ volatile("fsflags %0, %1" : "=r"(o) : "r"(0x10ull));
  CHECK_EQ("fsflags returns old", o, 3);
  __asm__ volatile("fsrmi 4");
  __asm__ volatile("frrm %0" : "=r"(o));
  CHECK_EQ("fsrmi/frrm", o, 4);
  __asm__ volatile("fsrm %0, %1" : "=r"(o) : "r"(1ull));
  CHECK_EQ("fsrm returns old", o, 4);
  __asm__ volatile("frcsr %0" : "=r"(o));
  CHECK_EQ("frcsr", o, 0x30);
  __asm__ volatile("fscsr %0, %1" : "=r"(o) : "r"(0ull));
  CHECK_EQ("fscsr returns old", o, 0x30);
  __asm__ volatile("csrw frm, %0" : : "r"(5ull));
  CHECK_EQ("frm = 5 can be written (reserved, faults only on use)", CSR_R("frm"), 5);
  __asm__ volatile("csrwi frm, 0\n\tcsrsi fflags, 4\n\tcsrci fflags, 4\n\tcsrs fflags, %0\n\tcsrc fflags, %1"
                   : : "r"(9ull), "r"(1ull));
  CHECK_EQ("csrwi/csrsi/csrci/csrs/csrc", CSR_R("fcsr"), 8);

  /* accrued flags are sticky across instructions */
  __asm__ volatile("fsflags x0");
  double one = (double)opaque(1), zero = (double)opaque(0), three = (double)opaque(3);
  double r1, r2;
  __asm__ volatile("fdiv.d %0, %1, %2" : "=f"(r1) : "f"(one), "f"(three));
  __asm__ volatile("fdiv.d %0, %1, %2" : "=f"(r2) : "f"(one), "f"(zero));
  (void)r1;
  (void)r2;
  CHECK_EQ("NX then DZ accrue", CSR_R("fflags"), 0x9);
  __asm__ volatile("fsflags x0");
}

static void counters(void) {
  uint64_t c0, t0, i0, c, t, i, pc = 0, pt = 0, pi = 0;
  int mono = 1;
  __asm__ volatile("rdcycle %0" : "=r"(c0));
  __asm__ volatile("rdtime %0" : "=r"(t0));
  __asm__ volatile("rdinstret %0" : "=r"(i0));
  pc = c0, pt = t0, pi = i0;
  for (int k = 0; k < 2000; k++) {
    __asm__ volatile("rdcycle %0" : "=r"(c));
    __asm__ volatile("rdtime %0" : "=r"(t));
    __asm__ volatile("rdinstret %0" : "=r"(i));
    if (c < pc || t < pt || i < pi) mono = 0;
    pc = c, pt = t, pi = i;
  }
  CHECK_TRUE("cycle/time/instret non-decreasing over 2000 reads", mono);
  /* busy loop of a million iterations */
  uint64_t n = opaque(1000000), acc = 0;
  while (n--) acc += opaque(n);
  CHECK_EQ("busy loop sum", acc, 499999500000ull);
  __asm__ volatile("rdcycle %0" : "=r"(c));
  __asm__ volatile("rdinstret %0" : "=r"(i));
  CHECK_TRUE("cycle advanced over the loop", c > c0);
  CHECK_TRUE("instret advanced over the loop", i > i0);
  /* time advances eventually (bounded wait) */
  uint64_t spins = 0;
  do {
    __asm__ volatile("rdtime %0" : "=r"(t));
  } while (t == t0 && ++spins < 20000000ull);
  CHECK_TRUE("time advances", t > t0);
  uint64_t alias;
  __asm__ volatile("csrr %0, cycle" : "=r"(alias));
  CHECK_TRUE("csrr cycle >= earlier rdcycle", alias >= c);
  __asm__ volatile("csrr %0, instret" : "=r"(alias));
  CHECK_TRUE("csrr instret >= earlier rdinstret", alias >= i);
  __asm__ volatile("csrr %0, time" : "=r"(alias));
  CHECK_TRUE("csrr time >= earlier rdtime", alias >= t);
}

int main(void) {
  fp_csrs();
  counters();
  return summary("zicsr");
}
