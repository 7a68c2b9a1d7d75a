/* What if single-precision arithmetic rounds, flags or boxes differently from the spec?
 *
 * rv64f.c checks the F extension bit-exactly: fadd/fsub/fmul/fdiv/fsqrt, the four fused
 * multiply-adds, fcvt between single and w/wu/l/lu in both directions — each under every
 * rounding mode, as a static rm field and dynamically through frm (both must agree),
 * with fflags cleared before and read after each one.  Hard-coded cases pin down
 * round-to-nearest-even vs -max-magnitude ties, overflow to inf or to FLT_MAX by mode,
 * underflow/inexact, division by zero, invalid operations and the canonical NaN
 * 0x7fc00000, fcvt saturation (NaN, +-inf, out of range, negative to unsigned), sign
 * extension of 32-bit fcvt results, fmin/fmax with -0/+0, qNaN and sNaN, all ten fclass
 * classes, fma rounding once (a case where a*b+c differs from round(a*b)+c), fsgnj/n/x,
 * fmv.x.w sign extension, feq/flt/fle flags, and NaN boxing (an unboxed operand reads as
 * the canonical NaN; every single result is boxed).  Sweeps over a table of interesting
 * operands print result bits and flags for comparison with the oracle.
 */
#include "fp.h"

RM6(DEF_F, fadd, "fadd.s ft3, ft0, ft1")
RM6(DEF_F, fsub, "fsub.s ft3, ft0, ft1")
RM6(DEF_F, fmul, "fmul.s ft3, ft0, ft1")
RM6(DEF_F, fdiv, "fdiv.s ft3, ft0, ft1")
RM6(DEF_F, fsqrt, "fsqrt.s ft3, ft0")
RM6(DEF_F, fmadd, "fmadd.s ft3, ft0, ft1, ft2")
RM6(DEF_F, fmsub, "fmsub.s ft3, ft0, ft1, ft2")
RM6(DEF_F, fnmadd, "fnmadd.s ft3, ft0, ft1, ft2")
RM6(DEF_F, fnmsub, "fnmsub.s ft3, ft0, ft1, ft2")
RM6(DEF_X, fcvt_w, "fcvt.w.s %[r], ft0")
RM6(DEF_X, fcvt_wu, "fcvt.wu.s %[r], ft0")
RM6(DEF_X, fcvt_l, "fcvt.l.s %[r], ft0")
RM6(DEF_X, fcvt_lu, "fcvt.lu.s %[r], ft0")
RM6(DEF_F, fcvt_s_w, "fcvt.s.w ft3, %[a]")
RM6(DEF_F, fcvt_s_wu, "fcvt.s.wu ft3, %[a]")
RM6(DEF_F, fcvt_s_l, "fcvt.s.l ft3, %[a]")
RM6(DEF_F, fcvt_s_lu, "fcvt.s.lu ft3, %[a]")
RM0(DEF_F, fmin, "fmin.s ft3, ft0, ft1")
RM0(DEF_F, fmax, "fmax.s ft3, ft0, ft1")
RM0(DEF_F, fsgnj, "fsgnj.s ft3, ft0, ft1")
RM0(DEF_F, fsgnjn, "fsgnjn.s ft3, ft0, ft1")
RM0(DEF_F, fsgnjx, "fsgnjx.s ft3, ft0, ft1")
RM0(DEF_X, feq, "feq.s %[r], ft0, ft1")
RM0(DEF_X, flt, "flt.s %[r], ft0, ft1")
RM0(DEF_X, fle, "fle.s %[r], ft0, ft1")
RM0(DEF_X, fclass, "fclass.s %[r], ft0")
RM0(DEF_X, fmv_x_w, "fmv.x.w %[r], ft0")
RM0(DEF_F, fmv_w_x, "fmv.w.x ft3, %[a]")
RM0(DEF_F, fneg, "fneg.s ft3, ft0")
RM0(DEF_F, fabs_, "fabs.s ft3, ft0")

#define PZ 0x00000000u
#define NZ 0x80000000u
#define ONE 0x3f800000u
#define MONE 0xbf800000u
#define INF 0x7f800000u
#define NINF 0xff800000u
#define QNAN 0x7fc00000u
#define SNAN 0x7f800001u
#define MAXF 0x7f7fffffu
#define MINF 0x00800000u
#define TINY 0x00000001u /* smallest subnormal */
#define X(x) ((uint64_t)(int64_t)(int32_t)(uint32_t)(x)) /* sign-extended 32-bit integer */

static const uint32_t vals[] = {
    PZ,         NZ,         ONE,        MONE,       0x3fc00000, /* 1.5 */
    0x40400000, /* 3 */ 0x3eaaaaab, /* 1/3 */ MINF,  TINY,       0x007fffff, /* max subnormal */
    MAXF,       INF,        NINF,       QNAN,       SNAN,       0x3f800001, /* 1+ulp */
    0x4b800000, /* 2^24 */ 0x3dcccccd, /* 0.1 */ 0xc0200000, /* -2.5 */ 0xff7fffff, /* -max */
    0xffc12345, /* -qNaN with payload */ 0x33800000, /* 2^-24 */
};
#define NV_ (sizeof vals / sizeof vals[0])

/* Operands for float -> integer conversions. */
static const uint32_t cvt_vals[] = {
    PZ,         NZ,         ONE,        MONE,       0x3f000000, /* .5 */ 0xbf000000, /* -.5 */
    0x3fc00000, /* 1.5 */ 0xbfc00000, 0x40200000, /* 2.5 */ 0xc0200000, 0x3f7fffff, /* <1 */
    0x4effffff, /* 2^31-128 */ 0x4f000000, /* 2^31 */ 0xcf000000, /* -2^31 */ 0xcf000001,
    0x4f7fffff, /* 2^32-256 */ 0x4f800000, /* 2^32 */ 0x5effffff, 0x5f000000, /* 2^63 */
    0xdf000000, /* -2^63 */ 0xdf000001, 0x5f7fffff, 0x5f800000, /* 2^64 */ INF, NINF, QNAN,
    SNAN,       0xffc00000, TINY,       0x80000001, 0x4b000001, /* 2^23+1 */
};

/* Operands for integer -> float conversions. */
static const uint64_t int_vals[] = {
    0, 1, (uint64_t)-1, 0x7fffffff, 0x80000000, 0xffffffff, 0x01000001, /* 2^24+1 */
    0x01000003, 0xfefffffd, /* -(2^24+3) as w */ 0x20000001ull, 0x0020000000000001ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull, 0x0123456789abcdefull,
    0xffffffff00000001ull, 0x12345678fffffffeull, 0x7fffffc0ull, 0xffffff7fffffffffull,
};

/* A small set for the three-operand sweep. */
static const uint32_t fma_vals[] = {PZ, NZ, ONE, MONE, 0x3eaaaaab, MAXF, INF, TINY};

static void sweeps(void) {
  char label[32];
  static const struct { const char *name; opfn *const *tab; } bin[] = {
      {"fadd.s", fadd}, {"fsub.s", fsub}, {"fmul.s", fmul}, {"fdiv.s", fdiv}};
  for (unsigned o = 0; o < 4; o++)
    for (unsigned i = 0; i < NV_; i++)
      for (unsigned j = 0; j < NV_; j++)
        run_rm(bin[o].name, bin[o].tab, K_S, K_S, 2, BOX(vals[i]), BOX(vals[j]), 0);
  for (unsigned i = 0; i < NV_; i++) run_rm("fsqrt.s", fsqrt, K_S, K_S, 1, BOX(vals[i]), 0, 0);
  static const struct { const char *name; opfn *const *tab; } tri[] = {
      {"fmadd.s", fmadd}, {"fmsub.s", fmsub}, {"fnmadd.s", fnmadd}, {"fnmsub.s", fnmsub}};
  const unsigned nf = sizeof fma_vals / sizeof fma_vals[0];
  for (unsigned o = 0; o < 4; o++)
    for (unsigned i = 0; i < nf; i++)
      for (unsigned j = 0; j < nf; j++)
        for (unsigned k = 0; k < nf; k++)
          run_rm(tri[o].name, tri[o].tab, K_S, K_S, 3, BOX(fma_vals[i]), BOX(fma_vals[j]),
                 BOX(fma_vals[k]));
  static const struct { const char *name; opfn *const *tab; } f2i[] = {
      {"fcvt.w.s", fcvt_w}, {"fcvt.wu.s", fcvt_wu}, {"fcvt.l.s", fcvt_l}, {"fcvt.lu.s", fcvt_lu}};
  for (unsigned o = 0; o < 4; o++)
    for (unsigned i = 0; i < sizeof cvt_vals / sizeof cvt_vals[0]; i++)
      run_rm(f2i[o].name, f2i[o].tab, K_X, K_S, 1, BOX(cvt_vals[i]), 0, 0);
  static const struct { const char *name; opfn *const *tab; } i2f[] = {
      {"fcvt.s.w", fcvt_s_w}, {"fcvt.s.wu", fcvt_s_wu}, {"fcvt.s.l", fcvt_s_l}, {"fcvt.s.lu", fcvt_s_lu}};
  for (unsigned o = 0; o < 4; o++)
    for (unsigned i = 0; i < sizeof int_vals / sizeof int_vals[0]; i++)
      run_rm(i2f[o].name, i2f[o].tab, K_S, K_X, 1, int_vals[i], 0, 0);
  /* No rounding mode: min/max, sign injection, comparisons, class, moves. */
  for (unsigned i = 0; i < NV_; i++) {
    for (unsigned j = 0; j < NV_; j++) {
      uint64_t a = BOX(vals[i]), b = BOX(vals[j]);
      run_0("fmin.s", fmin, K_S, K_S, 2, a, b, 0);
      run_0("fmax.s", fmax, K_S, K_S, 2, a, b, 0);
      run_0("fsgnj.s", fsgnj, K_S, K_S, 2, a, b, 0);
      run_0("fsgnjn.s", fsgnjn, K_S, K_S, 2, a, b, 0);
      run_0("fsgnjx.s", fsgnjx, K_S, K_S, 2, a, b, 0);
      run_0("feq.s", feq, K_X, K_S, 2, a, b, 0);
      run_0("flt.s", flt, K_X, K_S, 2, a, b, 0);
      run_0("fle.s", fle, K_X, K_S, 2, a, b, 0);
    }
    run_0("fclass.s", fclass, K_X, K_S, 1, BOX(vals[i]), 0, 0);
    run_0("fmv.x.w", fmv_x_w, K_X, K_S, 1, BOX(vals[i]), 0, 0);
  }
  (void)label;
}

#define E(what, tab, rm, a, b, c, want, fl) expect(what, tab, rm, a, b, c, want, fl)

static void rounding(void) {
  /* 1 + 2^-24 is exactly halfway between 1 and 1+2^-23. */
  const uint64_t up1[5] = {BOX(ONE), BOX(ONE), BOX(ONE), BOX(0x3f800001), BOX(0x3f800001)};
  expect5("1 + 2^-24", fadd, BOX(ONE), BOX(0x33800000), 0, up1, NX);
  const uint64_t dn1[5] = {BOX(MONE), BOX(MONE), BOX(0xbf800001), BOX(MONE), BOX(0xbf800001)};
  expect5("-1 - 2^-24", fsub, BOX(MONE), BOX(0x33800000), 0, dn1, NX);
  /* (1+2^-23) + 2^-24: halfway with an odd lower neighbour, so ties-to-even rounds up. */
  const uint64_t odd[5] = {BOX(0x3f800002), BOX(0x3f800001), BOX(0x3f800001), BOX(0x3f800002),
                           BOX(0x3f800002)};
  expect5("(1+2^-23) + 2^-24", fadd, BOX(0x3f800001), BOX(0x33800000), 0, odd, NX);
  const uint64_t third[5] = {BOX(0x3eaaaaab), BOX(0x3eaaaaaa), BOX(0x3eaaaaaa), BOX(0x3eaaaaab),
                             BOX(0x3eaaaaab)};
  expect5("1 / 3", fdiv, BOX(ONE), BOX(0x40400000), 0, third, NX);
  const uint64_t mthird[5] = {BOX(0xbeaaaaab), BOX(0xbeaaaaaa), BOX(0xbeaaaaab), BOX(0xbeaaaaaa),
                              BOX(0xbeaaaaab)};
  expect5("-1 / 3", fdiv, BOX(MONE), BOX(0x40400000), 0, mthird, NX);
  /* Overflow: to infinity or to the largest finite value depending on the mode. */
  const uint64_t ovf[5] = {BOX(INF), BOX(MAXF), BOX(MAXF), BOX(INF), BOX(INF)};
  expect5("FLT_MAX * 2", fmul, BOX(MAXF), BOX(0x40000000), 0, ovf, OF | NX);
  const uint64_t novf[5] = {BOX(NINF), BOX(0xff7fffff), BOX(NINF), BOX(0xff7fffff), BOX(NINF)};
  expect5("-FLT_MAX * 2", fmul, BOX(0xff7fffff), BOX(0x40000000), 0, novf, OF | NX);
  const uint64_t ovfa[5] = {BOX(INF), BOX(MAXF), BOX(MAXF), BOX(INF), BOX(INF)};
  expect5("FLT_MAX + FLT_MAX", fadd, BOX(MAXF), BOX(MAXF), 0, ovfa, OF | NX);
  /* Underflow: tiny and inexact raises UF|NX; an exact subnormal raises nothing. */
  E("FLT_MIN * 0.5 (exact subnormal)", fmul, 0, BOX(MINF), BOX(0x3f000000), 0, BOX(0x00400000), 0);
  E("TINY * 0.5", fmul, 0, BOX(TINY), BOX(0x3f000000), 0, BOX(PZ), UF | NX);
  E("TINY * 0.5", fmul, 3, BOX(TINY), BOX(0x3f000000), 0, BOX(TINY), UF | NX);
  E("TINY * 0.5", fmul, 4, BOX(TINY), BOX(0x3f000000), 0, BOX(TINY), UF | NX);
  E("-TINY * 0.5", fmul, 2, BOX(0x80000001), BOX(0x3f000000), 0, BOX(0x80000001), UF | NX);
  E("-TINY * 0.5", fmul, 1, BOX(0x80000001), BOX(0x3f000000), 0, BOX(NZ), UF | NX);
  /* Tininess is detected after rounding: this product rounds up to FLT_MIN, so no UF. */
  E("maxsub * (1+2^-23)", fmul, 0, BOX(0x007fffff), BOX(0x3f800001), 0, BOX(MINF), NX);
  E("maxsub * (1+2^-23)", fmul, 1, BOX(0x007fffff), BOX(0x3f800001), 0, BOX(0x007fffff), UF | NX);
  E("FLT_MIN / 3", fdiv, 0, BOX(MINF), BOX(0x40400000), 0, BOX(0x002aaaab), UF | NX);
  /* Exact results raise nothing; exact zero sums are +0 except in rdn. */
  E("1.5 + 1.5", fadd, 0, BOX(0x3fc00000), BOX(0x3fc00000), 0, BOX(0x40400000), 0);
  E("-0 + +0", fadd, 0, BOX(NZ), BOX(PZ), 0, BOX(PZ), 0);
  E("-0 + +0", fadd, 2, BOX(NZ), BOX(PZ), 0, BOX(NZ), 0);
  E("1 - 1", fsub, 0, BOX(ONE), BOX(ONE), 0, BOX(PZ), 0);
  E("1 - 1", fsub, 2, BOX(ONE), BOX(ONE), 0, BOX(NZ), 0);
  E("-0 + -0", fadd, 0, BOX(NZ), BOX(NZ), 0, BOX(NZ), 0);
  E("-0 - +0", fsub, 3, BOX(NZ), BOX(PZ), 0, BOX(NZ), 0);
}

static void special(void) {
  E("1 / 0", fdiv, 0, BOX(ONE), BOX(PZ), 0, BOX(INF), DZ);
  E("-1 / 0", fdiv, 0, BOX(MONE), BOX(PZ), 0, BOX(NINF), DZ);
  E("1 / -0", fdiv, 0, BOX(ONE), BOX(NZ), 0, BOX(NINF), DZ);
  E("0 / 0", fdiv, 0, BOX(PZ), BOX(PZ), 0, BOX(QNAN), NV);
  E("inf / inf", fdiv, 0, BOX(INF), BOX(INF), 0, BOX(QNAN), NV);
  E("inf / 0", fdiv, 0, BOX(INF), BOX(PZ), 0, BOX(INF), 0);
  E("inf - inf", fsub, 0, BOX(INF), BOX(INF), 0, BOX(QNAN), NV);
  E("inf + -inf", fadd, 0, BOX(INF), BOX(NINF), 0, BOX(QNAN), NV);
  E("0 * inf", fmul, 0, BOX(PZ), BOX(INF), 0, BOX(QNAN), NV);
  E("qNaN + 1", fadd, 0, BOX(QNAN), BOX(ONE), 0, BOX(QNAN), 0);
  E("-qNaN(payload) + 1 is canonical", fadd, 0, BOX(0xffc12345), BOX(ONE), 0, BOX(QNAN), 0);
  E("sNaN + 1", fadd, 0, BOX(SNAN), BOX(ONE), 0, BOX(QNAN), NV);
  E("1 * sNaN", fmul, 0, BOX(ONE), BOX(0xff800abc), 0, BOX(QNAN), NV);
  E("sqrt(-1)", fsqrt, 0, BOX(MONE), 0, 0, BOX(QNAN), NV);
  E("sqrt(-0)", fsqrt, 0, BOX(NZ), 0, 0, BOX(NZ), 0);
  E("sqrt(-inf)", fsqrt, 0, BOX(NINF), 0, 0, BOX(QNAN), NV);
  E("sqrt(inf)", fsqrt, 0, BOX(INF), 0, 0, BOX(INF), 0);
  E("sqrt(sNaN)", fsqrt, 0, BOX(SNAN), 0, 0, BOX(QNAN), NV);
  E("sqrt(4)", fsqrt, 0, BOX(0x40800000), 0, 0, BOX(0x40000000), 0);
  E("sqrt(2)", fsqrt, 0, BOX(0x40000000), 0, 0, BOX(0x3fb504f3), NX);
  E("sqrt(2)", fsqrt, 1, BOX(0x40000000), 0, 0, BOX(0x3fb504f3), NX);
  E("sqrt(2)", fsqrt, 3, BOX(0x40000000), 0, 0, BOX(0x3fb504f4), NX);
  E("sqrt(TINY)", fsqrt, 0, BOX(TINY), 0, 0, BOX(0x1a3504f3), NX);
}

static void conversions(void) {
  /* float -> int: saturation and the invalid flag. */
  E("fcvt.w.s NaN", fcvt_w, 0, BOX(QNAN), 0, 0, 0x7fffffff, NV);
  E("fcvt.w.s -NaN", fcvt_w, 0, BOX(0xffc00000), 0, 0, 0x7fffffff, NV);
  E("fcvt.w.s sNaN", fcvt_w, 0, BOX(SNAN), 0, 0, 0x7fffffff, NV);
  E("fcvt.w.s inf", fcvt_w, 0, BOX(INF), 0, 0, 0x7fffffff, NV);
  E("fcvt.w.s -inf", fcvt_w, 0, BOX(NINF), 0, 0, X(0x80000000), NV);
  E("fcvt.w.s 3e9", fcvt_w, 1, BOX(0x4f32d05e), 0, 0, 0x7fffffff, NV);
  E("fcvt.w.s -3e9", fcvt_w, 1, BOX(0xcf32d05e), 0, 0, X(0x80000000), NV);
  E("fcvt.w.s 2^31", fcvt_w, 1, BOX(0x4f000000), 0, 0, 0x7fffffff, NV);
  E("fcvt.w.s -2^31", fcvt_w, 1, BOX(0xcf000000), 0, 0, X(0x80000000), 0);
  E("fcvt.w.s -1 (sign-extended)", fcvt_w, 1, BOX(MONE), 0, 0, (uint64_t)-1, 0);
  E("fcvt.w.s 2.5", fcvt_w, 0, BOX(0x40200000), 0, 0, 2, NX);
  E("fcvt.w.s 2.5", fcvt_w, 1, BOX(0x40200000), 0, 0, 2, NX);
  E("fcvt.w.s 2.5", fcvt_w, 2, BOX(0x40200000), 0, 0, 2, NX);
  E("fcvt.w.s 2.5", fcvt_w, 3, BOX(0x40200000), 0, 0, 3, NX);
  E("fcvt.w.s 2.5", fcvt_w, 4, BOX(0x40200000), 0, 0, 3, NX);
  E("fcvt.w.s -2.5", fcvt_w, 0, BOX(0xc0200000), 0, 0, (uint64_t)-2, NX);
  E("fcvt.w.s -2.5", fcvt_w, 1, BOX(0xc0200000), 0, 0, (uint64_t)-2, NX);
  E("fcvt.w.s -2.5", fcvt_w, 2, BOX(0xc0200000), 0, 0, (uint64_t)-3, NX);
  E("fcvt.w.s -2.5", fcvt_w, 3, BOX(0xc0200000), 0, 0, (uint64_t)-2, NX);
  E("fcvt.w.s -2.5", fcvt_w, 4, BOX(0xc0200000), 0, 0, (uint64_t)-3, NX);
  E("fcvt.w.s 1.5", fcvt_w, 0, BOX(0x3fc00000), 0, 0, 2, NX);
  E("fcvt.wu.s -1", fcvt_wu, 1, BOX(MONE), 0, 0, 0, NV);
  E("fcvt.wu.s NaN", fcvt_wu, 1, BOX(QNAN), 0, 0, (uint64_t)-1, NV);
  E("fcvt.wu.s inf", fcvt_wu, 1, BOX(INF), 0, 0, (uint64_t)-1, NV);
  E("fcvt.wu.s -inf", fcvt_wu, 1, BOX(NINF), 0, 0, 0, NV);
  E("fcvt.wu.s 2^32-256 (sign-extended)", fcvt_wu, 1, BOX(0x4f7fffff), 0, 0, X(0xffffff00), 0);
  E("fcvt.wu.s 2^32", fcvt_wu, 1, BOX(0x4f800000), 0, 0, (uint64_t)-1, NV);
  E("fcvt.wu.s -0.5", fcvt_wu, 1, BOX(0xbf000000), 0, 0, 0, NX);
  E("fcvt.wu.s -0.5", fcvt_wu, 0, BOX(0xbf000000), 0, 0, 0, NX);
  E("fcvt.wu.s -0.5", fcvt_wu, 2, BOX(0xbf000000), 0, 0, 0, NV);
  E("fcvt.wu.s -0.5", fcvt_wu, 4, BOX(0xbf000000), 0, 0, 0, NV);
  E("fcvt.wu.s -0", fcvt_wu, 0, BOX(NZ), 0, 0, 0, 0);
  E("fcvt.l.s NaN", fcvt_l, 0, BOX(QNAN), 0, 0, 0x7fffffffffffffffull, NV);
  E("fcvt.l.s inf", fcvt_l, 0, BOX(INF), 0, 0, 0x7fffffffffffffffull, NV);
  E("fcvt.l.s -inf", fcvt_l, 0, BOX(NINF), 0, 0, 0x8000000000000000ull, NV);
  E("fcvt.l.s 2^63", fcvt_l, 0, BOX(0x5f000000), 0, 0, 0x7fffffffffffffffull, NV);
  E("fcvt.l.s -2^63", fcvt_l, 0, BOX(0xdf000000), 0, 0, 0x8000000000000000ull, 0);
  E("fcvt.l.s 2^63-2^39", fcvt_l, 0, BOX(0x5effffff), 0, 0, 0x7fffff8000000000ull, 0);
  E("fcvt.l.s 3e9", fcvt_l, 0, BOX(0x4f32d05e), 0, 0, 3000000000ull, 0);
  E("fcvt.lu.s NaN", fcvt_lu, 0, BOX(QNAN), 0, 0, (uint64_t)-1, NV);
  E("fcvt.lu.s -1", fcvt_lu, 0, BOX(MONE), 0, 0, 0, NV);
  E("fcvt.lu.s 2^64", fcvt_lu, 0, BOX(0x5f800000), 0, 0, (uint64_t)-1, NV);
  E("fcvt.lu.s 2^64-2^40", fcvt_lu, 0, BOX(0x5f7fffff), 0, 0, 0xffffff0000000000ull, 0);
  E("fcvt.lu.s -inf", fcvt_lu, 0, BOX(NINF), 0, 0, 0, NV);
  E("fcvt.lu.s 0.1", fcvt_lu, 3, BOX(0x3dcccccd), 0, 0, 1, NX);
  /* int -> float */
  E("fcvt.s.w 2^24+1", fcvt_s_w, 0, 0x01000001, 0, 0, BOX(0x4b800000), NX);
  E("fcvt.s.w 2^24+1", fcvt_s_w, 1, 0x01000001, 0, 0, BOX(0x4b800000), NX);
  E("fcvt.s.w 2^24+1", fcvt_s_w, 3, 0x01000001, 0, 0, BOX(0x4b800001), NX);
  E("fcvt.s.w 2^24+1", fcvt_s_w, 4, 0x01000001, 0, 0, BOX(0x4b800001), NX);
  E("fcvt.s.w 2^24+3", fcvt_s_w, 0, 0x01000003, 0, 0, BOX(0x4b800002), NX);
  E("fcvt.s.w ignores upper bits", fcvt_s_w, 0, 0xffffffff00000001ull, 0, 0, BOX(ONE), 0);
  E("fcvt.s.w -2^31", fcvt_s_w, 0, 0x80000000, 0, 0, BOX(0xcf000000), 0);
  E("fcvt.s.wu 0xffffffff", fcvt_s_wu, 0, 0xffffffff, 0, 0, BOX(0x4f800000), NX);
  E("fcvt.s.wu 0xffffffff", fcvt_s_wu, 1, 0xffffffff, 0, 0, BOX(0x4f7fffff), NX);
  E("fcvt.s.wu ignores upper bits", fcvt_s_wu, 0, 0x1234567800000003ull, 0, 0, BOX(0x40400000), 0);
  E("fcvt.s.l INT64_MIN", fcvt_s_l, 0, 0x8000000000000000ull, 0, 0, BOX(0xdf000000), 0);
  E("fcvt.s.l -1", fcvt_s_l, 0, (uint64_t)-1, 0, 0, BOX(MONE), 0);
  E("fcvt.s.l 2^53+1", fcvt_s_l, 2, 0x0020000000000001ull, 0, 0, BOX(0x5a000000), NX);
  E("fcvt.s.l 2^53+1", fcvt_s_l, 3, 0x0020000000000001ull, 0, 0, BOX(0x5a000001), NX);
  E("fcvt.s.lu UINT64_MAX", fcvt_s_lu, 0, (uint64_t)-1, 0, 0, BOX(0x5f800000), NX);
  E("fcvt.s.lu UINT64_MAX", fcvt_s_lu, 1, (uint64_t)-1, 0, 0, BOX(0x5f7fffff), NX);
  E("fcvt.s.lu 0", fcvt_s_lu, 0, 0, 0, 0, BOX(PZ), 0);
}

static void minmax_sign_cmp_class(void) {
  E("fmin(-0, +0)", fmin, -1, BOX(NZ), BOX(PZ), 0, BOX(NZ), 0);
  E("fmin(+0, -0)", fmin, -1, BOX(PZ), BOX(NZ), 0, BOX(NZ), 0);
  E("fmax(-0, +0)", fmax, -1, BOX(NZ), BOX(PZ), 0, BOX(PZ), 0);
  E("fmax(+0, -0)", fmax, -1, BOX(PZ), BOX(NZ), 0, BOX(PZ), 0);
  E("fmin(qNaN, 1)", fmin, -1, BOX(QNAN), BOX(ONE), 0, BOX(ONE), 0);
  E("fmin(1, qNaN)", fmin, -1, BOX(ONE), BOX(QNAN), 0, BOX(ONE), 0);
  E("fmax(-1, qNaN)", fmax, -1, BOX(MONE), BOX(QNAN), 0, BOX(MONE), 0);
  E("fmin(sNaN, 1)", fmin, -1, BOX(SNAN), BOX(ONE), 0, BOX(ONE), NV);
  E("fmax(1, sNaN)", fmax, -1, BOX(ONE), BOX(SNAN), 0, BOX(ONE), NV);
  E("fmin(qNaN, qNaN)", fmin, -1, BOX(0xffc12345), BOX(0x7fc00001), 0, BOX(QNAN), 0);
  E("fmax(sNaN, qNaN)", fmax, -1, BOX(SNAN), BOX(QNAN), 0, BOX(QNAN), NV);
  E("fmin(-inf, -FLT_MAX)", fmin, -1, BOX(NINF), BOX(0xff7fffff), 0, BOX(NINF), 0);
  E("fmax(TINY, MINF)", fmax, -1, BOX(TINY), BOX(MINF), 0, BOX(MINF), 0);

  E("fsgnj(1, -2)", fsgnj, -1, BOX(ONE), BOX(0xc0000000), 0, BOX(MONE), 0);
  E("fsgnj(-1, 2)", fsgnj, -1, BOX(MONE), BOX(0x40000000), 0, BOX(ONE), 0);
  E("fsgnjn(1, -2)", fsgnjn, -1, BOX(ONE), BOX(0xc0000000), 0, BOX(ONE), 0);
  E("fsgnjn(1, 2)", fsgnjn, -1, BOX(ONE), BOX(0x40000000), 0, BOX(MONE), 0);
  E("fsgnjx(-1, -2)", fsgnjx, -1, BOX(MONE), BOX(0xc0000000), 0, BOX(ONE), 0);
  E("fsgnjx(-1, 2)", fsgnjx, -1, BOX(MONE), BOX(0x40000000), 0, BOX(MONE), 0);
  E("fsgnjx(1, -0)", fsgnjx, -1, BOX(ONE), BOX(NZ), 0, BOX(MONE), 0);
  E("fsgnj keeps sNaN payload", fsgnj, -1, BOX(SNAN), BOX(MONE), 0, BOX(0xff800001), 0);
  E("fneg(sNaN)", fneg, -1, BOX(SNAN), 0, 0, BOX(0xff800001), 0);
  E("fabs(-qNaN payload)", fabs_, -1, BOX(0xffc12345), 0, 0, BOX(0x7fc12345), 0);
  E("fneg(+0)", fneg, -1, BOX(PZ), 0, 0, BOX(NZ), 0);

  E("feq(qNaN, 1)", feq, -1, BOX(QNAN), BOX(ONE), 0, 0, 0);
  E("feq(sNaN, 1)", feq, -1, BOX(SNAN), BOX(ONE), 0, 0, NV);
  E("feq(1, sNaN)", feq, -1, BOX(ONE), BOX(SNAN), 0, 0, NV);
  E("flt(qNaN, 1)", flt, -1, BOX(QNAN), BOX(ONE), 0, 0, NV);
  E("fle(1, qNaN)", fle, -1, BOX(ONE), BOX(QNAN), 0, 0, NV);
  E("feq(-0, +0)", feq, -1, BOX(NZ), BOX(PZ), 0, 1, 0);
  E("flt(-0, +0)", flt, -1, BOX(NZ), BOX(PZ), 0, 0, 0);
  E("fle(-0, +0)", fle, -1, BOX(NZ), BOX(PZ), 0, 1, 0);
  E("flt(-inf, inf)", flt, -1, BOX(NINF), BOX(INF), 0, 1, 0);
  E("fle(inf, inf)", fle, -1, BOX(INF), BOX(INF), 0, 1, 0);
  E("flt(TINY, MINF)", flt, -1, BOX(TINY), BOX(MINF), 0, 1, 0);
  E("flt(-1, -3)", flt, -1, BOX(MONE), BOX(0xc0400000), 0, 0, 0);

  static const uint32_t cls[10] = {NINF, MONE, 0x80000001, NZ, PZ, TINY, ONE, INF, SNAN, QNAN};
  for (int i = 0; i < 10; i++) {
    char what[40];
    snprintf(what, sizeof what, "fclass.s %08x", cls[i]);
    E(what, fclass, -1, BOX(cls[i]), 0, 0, 1u << i, 0);
  }
  E("fclass.s -sNaN", fclass, -1, BOX(0xff800001), 0, 0, 1u << 8, 0);
  E("fclass.s max subnormal", fclass, -1, BOX(0x007fffff), 0, 0, 1u << 5, 0);
  E("fclass.s -FLT_MAX", fclass, -1, BOX(0xff7fffff), 0, 0, 1u << 1, 0);

  E("fmv.x.w 0x80000000 sign-extends", fmv_x_w, -1, BOX(NZ), 0, 0, 0xffffffff80000000ull, 0);
  E("fmv.x.w inf", fmv_x_w, -1, BOX(INF), 0, 0, INF, 0);
  E("fmv.x.w sNaN (no quieting)", fmv_x_w, -1, BOX(0xff800001), 0, 0, 0xffffffffff800001ull, 0);
  E("fmv.w.x boxes", fmv_w_x, -1, 0x1234567800000001ull, 0, 0, BOX(1), 0);
}

static void fused(void) {
  const uint64_t a = BOX(0x3f800001); /* 1 + 2^-23; a*a = 1 + 2^-22 + 2^-46 */
  E("fmadd single rounding", fmadd, 0, a, a, BOX(0xbf800002), BOX(0x28800000), 0);
  E("fmsub single rounding", fmsub, 0, a, a, BOX(0x3f800002), BOX(0x28800000), 0);
  E("fnmsub single rounding", fnmsub, 0, a, a, BOX(0x3f800002), BOX(0xa8800000), 0);
  E("fnmadd single rounding", fnmadd, 0, a, a, BOX(0xbf800002), BOX(0xa8800000), 0);
  /* ... whereas two roundings lose the 2^-46 entirely. */
  unsigned f1, f2;
  uint64_t p = fmul[0](a, a, 0, 0, &f1);
  uint64_t s = fadd[0](p, BOX(0xbf800002), 0, 0, &f2);
  CHECK_EQ("round(a*a)", p, BOX(0x3f800002));
  CHECK_EQ("round(a*a) + c", s, BOX(PZ));
  CHECK_EQ("round(a*a) flags", f1 | f2 << 8, NX);
  E("fmadd(inf, 0, qNaN) is invalid", fmadd, 0, BOX(INF), BOX(PZ), BOX(QNAN), BOX(QNAN), NV);
  E("fmadd(0, inf, qNaN) is invalid", fmadd, 0, BOX(PZ), BOX(INF), BOX(QNAN), BOX(QNAN), NV);
  E("fmadd(1, 1, qNaN)", fmadd, 0, BOX(ONE), BOX(ONE), BOX(QNAN), BOX(QNAN), 0);
  E("fmadd(1, 1, sNaN)", fmadd, 0, BOX(ONE), BOX(ONE), BOX(SNAN), BOX(QNAN), NV);
  E("fmadd(inf, 1, -inf)", fmadd, 0, BOX(INF), BOX(ONE), BOX(NINF), BOX(QNAN), NV);
  E("fmadd(1, -0, +0)", fmadd, 0, BOX(ONE), BOX(NZ), BOX(PZ), BOX(PZ), 0);
  E("fmadd(1, -0, +0)", fmadd, 2, BOX(ONE), BOX(NZ), BOX(PZ), BOX(NZ), 0);
  E("fmadd(1, -0, -0)", fmadd, 0, BOX(ONE), BOX(NZ), BOX(NZ), BOX(NZ), 0);
  E("fnmadd(1, 0, 0)", fnmadd, 0, BOX(ONE), BOX(PZ), BOX(PZ), BOX(NZ), 0);
  E("fnmsub(1, 0, 0)", fnmsub, 0, BOX(ONE), BOX(PZ), BOX(PZ), BOX(PZ), 0);
  E("fmadd(MAX, 2, -MAX)", fmadd, 0, BOX(MAXF), BOX(0x40000000), BOX(0xff7fffff), BOX(MAXF), 0);
  E("fmadd(MAX, MAX, 1)", fmadd, 1, BOX(MAXF), BOX(MAXF), BOX(ONE), BOX(MAXF), OF | NX);
  E("fmadd(TINY, 0.5, 0)", fmadd, 0, BOX(TINY), BOX(0x3f000000), BOX(PZ), BOX(PZ), UF | NX);
}

static void boxing(void) {
  const uint64_t unboxed_one = 0x000000003f800000ull;
  E("fadd.s(unboxed 1, 1)", fadd, 0, unboxed_one, BOX(ONE), 0, BOX(QNAN), 0);
  E("fmul.s(1, almost-boxed 1)", fmul, 0, BOX(ONE), 0xfffffffe3f800000ull, 0, BOX(QNAN), 0);
  E("fsqrt.s(unboxed 4)", fsqrt, 0, 0x0000000040800000ull, 0, 0, BOX(QNAN), 0);
  E("fsgnj.s(unboxed 1, 1)", fsgnj, -1, unboxed_one, BOX(ONE), 0, BOX(QNAN), 0);
  E("fsgnjn.s(1, unboxed) takes the canonical NaN's sign", fsgnjn, -1, BOX(ONE), unboxed_one, 0,
    BOX(MONE), 0);
  E("fclass.s(unboxed)", fclass, -1, unboxed_one, 0, 0, 1u << 9, 0);
  E("feq.s(unboxed, 1)", feq, -1, unboxed_one, BOX(ONE), 0, 0, 0);
  E("flt.s(unboxed, 1)", flt, -1, unboxed_one, BOX(ONE), 0, 0, NV);
  E("fmin.s(unboxed, 2)", fmin, -1, unboxed_one, BOX(0x40000000), 0, BOX(0x40000000), 0);
  E("fcvt.w.s(unboxed 1)", fcvt_w, 0, unboxed_one, 0, 0, 0x7fffffff, NV);
  E("fmadd.s(1, 1, unboxed)", fmadd, 0, BOX(ONE), BOX(ONE), unboxed_one, BOX(QNAN), 0);
  E("fmv.x.w(unboxed) takes the low bits", fmv_x_w, -1, 0x1234567887654321ull, 0, 0,
    0xffffffff87654321ull, 0);

  /* flw boxes; fsw stores the low 32 bits even of an unboxed register. */
  static uint32_t w[4] = {0x7f800001u, 0, 0, 0};
  uint64_t r;
  __asm__ volatile("flw ft0, 0(%1)\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(w) : "ft0", "memory");
  CHECK_EQ("flw sNaN is boxed, not quieted", r, BOX(0x7f800001u));
  __asm__ volatile("fmv.d.x ft0, %1\n\tfsw ft0, 4(%0)" : : "r"(w), "r"(0x12345678deadbeefull)
                   : "ft0", "memory");
  CHECK_EQ("fsw of unboxed register", w[1], 0xdeadbeefu);
  CHECK_EQ("fsw wrote 4 bytes", w[2], 0);
  /* misaligned flw/fsw */
  static uint8_t bytes[16];
  __asm__ volatile("fmv.w.x ft0, %1\n\tfsw ft0, 3(%0)" : : "r"(bytes), "r"(0x40490fdbu)
                   : "ft0", "memory");
  uint64_t back;
  __asm__ volatile("flw ft1, 3(%1)\n\tfmv.x.w %0, ft1" : "=r"(back) : "r"(bytes) : "ft1", "memory");
  CHECK_EQ("misaligned fsw/flw", back, 0x40490fdb);
  CHECK_EQ("misaligned fsw bytes", (uint64_t)bytes[3] | (uint64_t)bytes[6] << 24, 0x400000db);
}

static void c_code(void) {
  /* Ordinary compiled float code: these go through the same instructions as C uses. */
  volatile float x = 1.0f, y = 3.0f, z = 0.1f;
  float q = x / y, s = z * z + x, t = __builtin_fmaf(z, y, x), u = __builtin_sqrtf(y);
  uint32_t b[4];
  memcpy(&b[0], &q, 4);
  memcpy(&b[1], &s, 4);
  memcpy(&b[2], &t, 4);
  memcpy(&b[3], &u, 4);
  CHECK_EQ("C: 1.0f/3.0f", b[0], 0x3eaaaaab);
  CHECK_EQ("C: 0.1f*0.1f+1", b[1], 0x3f8147ae);
  CHECK_EQ("C: fmaf(0.1f, 3, 1)", b[2], 0x3fa66666);
  CHECK_EQ("C: sqrtf(3)", b[3], 0x3fddb3d7);
  CHECK_EQ("C: (int)-2.7f", (int64_t)(int)(-2.7f * (float)opaque(1)), (uint64_t)-2);
  printf("C: printf %%.9g of 1/3f: %.9g\n", (double)q);
}

int main(void) {
  rounding();
  special();
  conversions();
  minmax_sign_cmp_class();
  fused();
  boxing();
  c_code();
  sweeps();
  return summary("rv64f");
}
