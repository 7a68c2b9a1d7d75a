/* fp.h — machinery shared by rv64f.c and rv64d.c.
 *
 * Every operation under test is wrapped in a function of one signature (opfn): operands
 * arrive as raw 64-bit register images, are moved into ft0..ft2 with fmv.d.x (which does
 * not NaN-box, so single-precision callers pass boxed values — or deliberately unboxed
 * ones), frm is set to the requested value, fflags is cleared, the instruction runs, and
 * the raw 64-bit result (an x register, or the whole f register via fmv.x.d) and the
 * accrued flags come back.  frm is restored before returning.
 *
 * Each rounding-mode-taking instruction is instantiated six times: with the static rm
 * field rne/rtz/rdn/rup/rmm (called with frm set to a *different* mode, so a core that
 * wrongly uses frm is caught), and with dyn (called with frm = each mode).  run_rm()
 * checks that static and dynamic agree and prints one line with all five results.
 */
#ifndef GUEST_FP_H
#define GUEST_FP_H
#include "check.h"

#define NV 0x10u
#define DZ 0x08u
#define OF 0x04u
#define UF 0x02u
#define NX 0x01u

#define BOX(x) (0xffffffff00000000ull | (uint32_t)(x))

typedef uint64_t opfn(uint64_t a, uint64_t b, uint64_t c, unsigned frm, unsigned *fl);

static const char *const rm_name[6] = {"rne", "rtz", "rdn", "rup", "rmm", "dyn"};

#define FP_PRE                                                                     \
  "fmv.d.x ft0, %[a]\n\tfmv.d.x ft1, %[b]\n\tfmv.d.x ft2, %[c]\n\t"               \
  "csrrw %[old], frm, %[frm]\n\tcsrw fflags, zero\n\t"
#define FP_POST "\n\tfrflags %[f]\n\tcsrw frm, %[old]\n\t"
#define FP_IN [a] "r"(a), [b] "r"(b), [c] "r"(c), [frm] "r"((uint64_t)frm)
#define FP_OUT [r] "=&r"(r), [f] "=&r"(f), [old] "=&r"(old)
#define FP_CLOB "ft0", "ft1", "ft2", "ft3"

/* Result in ft3 (an FP register); the asm text names ft3 as its destination. */
#define DEF_F(fn, insn, rm)                                                            \
  static uint64_t fn(uint64_t a, uint64_t b, uint64_t c, unsigned frm, unsigned *fl) { \
    uint64_t r, f, old;                                                                \
    __asm__ volatile(FP_PRE insn rm FP_POST "fmv.x.d %[r], ft3"                       \
                     : FP_OUT                                                          \
                     : FP_IN                                                           \
                     : FP_CLOB);                                                       \
    *fl = (unsigned)f;                                                                 \
    return r;                                                                          \
  }
/* Result in an x register; the asm text names %[r] as its destination. */
#define DEF_X(fn, insn, rm)                                                            \
  static uint64_t fn(uint64_t a, uint64_t b, uint64_t c, unsigned frm, unsigned *fl) { \
    uint64_t r, f, old;                                                                \
    __asm__ volatile(FP_PRE insn rm FP_POST : FP_OUT : FP_IN : FP_CLOB);              \
    *fl = (unsigned)f;                                                                 \
    return r;                                                                          \
  }

/* Six instances (static rne..rmm, dyn) of an instruction that takes a rounding mode. */
#define RM6(DEF, name, insn)                                                            \
  DEF(name##_0, insn, ", rne")                                                          \
  DEF(name##_1, insn, ", rtz")                                                          \
  DEF(name##_2, insn, ", rdn")                                                          \
  DEF(name##_3, insn, ", rup")                                                          \
  DEF(name##_4, insn, ", rmm")                                                          \
  DEF(name##_5, insn, ", dyn")                                                          \
  static opfn *const name[6] = {name##_0, name##_1, name##_2, name##_3, name##_4, name##_5};
/* One instance of an instruction without a rounding mode. */
#define RM0(DEF, name, insn)                                                            \
  DEF(name##_x, insn, "")                                                               \
  static opfn *const name[1] = {name##_x};

enum kind { K_S, K_D, K_X }; /* result (or operand) is a single in an f reg, a double, an x reg */

/* Format a value: singles as 8 hex digits (with "!" and all 16 if not NaN-boxed). */
static void fmt(char *out, size_t n, int kind, uint64_t v) {
  if (kind == K_S) {
    if ((v >> 32) == 0xffffffffu) snprintf(out, n, "%08" PRIx64, v & 0xffffffffu);
    else snprintf(out, n, "!%016" PRIx64, v);
  } else {
    snprintf(out, n, "%016" PRIx64, v);
  }
}

/* Run an rm-taking op under all five modes, static and dynamic; print one line. */
static void run_rm(const char *label, opfn *const *tab, int rkind, int okind, int nargs,
                   uint64_t a, uint64_t b, uint64_t c) {
  char line[512], tmp[40];
  int n = snprintf(line, sizeof line, "%s", label);
  uint64_t ops[3] = {a, b, c};
  for (int i = 0; i < nargs; i++) {
    fmt(tmp, sizeof tmp, okind, ops[i]);
    n += snprintf(line + n, sizeof line - n, " %s", tmp);
  }
  n += snprintf(line + n, sizeof line - n, " ->");
  for (unsigned k = 0; k < 5; k++) {
    unsigned fs, fd;
    uint64_t rs = tab[k](a, b, c, (k + 2) % 5, &fs);
    uint64_t rd = tab[5](a, b, c, k, &fd);
    fmt(tmp, sizeof tmp, rkind, rs);
    n += snprintf(line + n, sizeof line - n, " %s/%02x", tmp, fs);
    if (rkind == K_S) CHECK((rs >> 32) == 0xffffffffu, "%s: result not NaN-boxed", label);
    CHECK(rs == rd && fs == fd, "%s %s: static rm gives %016" PRIx64 "/%02x, dyn %016" PRIx64 "/%02x",
          label, rm_name[k], rs, fs, rd, fd);
  }
  puts(line);
}

/* Run an op without rounding mode; print one line. */
static void run_0(const char *label, opfn *const *tab, int rkind, int okind, int nargs,
                  uint64_t a, uint64_t b, uint64_t c) {
  char line[256], tmp[40];
  int n = snprintf(line, sizeof line, "%s", label);
  uint64_t ops[3] = {a, b, c};
  for (int i = 0; i < nargs; i++) {
    fmt(tmp, sizeof tmp, okind, ops[i]);
    n += snprintf(line + n, sizeof line - n, " %s", tmp);
  }
  unsigned f;
  uint64_t r = tab[0](a, b, c, 0, &f);
  fmt(tmp, sizeof tmp, rkind, r);
  snprintf(line + n, sizeof line - n, " -> %s/%02x", tmp, f);
  puts(line);
}

/* Check one op against a hard-coded result and flags.  rm: 0..4, or -1 for no-rm tables. */
static void expect(const char *what, opfn *const *tab, int rm, uint64_t a, uint64_t b,
                   uint64_t c, uint64_t want, unsigned wantfl) {
  unsigned f;
  uint64_t r = rm < 0 ? tab[0](a, b, c, 0, &f) : tab[rm](a, b, c, (rm + 2) % 5, &f);
  g_checks++;
  const char *m = rm < 0 ? "" : rm_name[rm];
  if (r == want && f == wantfl) {
    printf("%s %s = %016" PRIx64 "/%02x\n", what, m, r, f);
  } else {
    g_fails++;
    printf("%s %s = %016" PRIx64 "/%02x FAIL want %016" PRIx64 "/%02x\n", what, m, r, f, want,
           wantfl);
  }
}

/* The same check under all five modes at once; want/wantfl are arrays indexed by rm. */
static void expect5(const char *what, opfn *const *tab, uint64_t a, uint64_t b, uint64_t c,
                    const uint64_t want[5], unsigned wantfl) {
  for (int k = 0; k < 5; k++) expect(what, tab, k, a, b, c, want[k], wantfl);
}

#endif
