/* What if double-precision arithmetic or the single<->double conversions are off by a bit?
 *
 * rv64d.c checks the D extension bit-exactly, like rv64f.c does for singles:
 * fadd/fsub/fmul/fdiv/fsqrt, the fused multiply-adds and fcvt between double and
 * w/wu/l/lu under every rounding mode (static rm field and dynamic frm, which must agree),
 * fflags after each; ties (even vs max-magnitude), overflow/underflow by mode, tininess
 * after rounding, division by zero, the canonical NaN 0x7ff8000000000000, fcvt saturation
 * and the rounding-before-range-check corner (2^31-0.5), fmin_d/fmax_d with -0/+0 and
 * sNaN, the ten fclass classes, fma single rounding, sign injection, feq/flt/fle flags,
 * fcvt.s.d (rounding, overflow, NaN canonicalisation, boxing of the result) and
 * fcvt.d.s (exact, sNaN signalling, unboxed input), fld/fsd bit preservation and
 * misalignment, and a few libm results through ordinary compiled code.
 */
#include <math.h>
#include <stdlib.h>
#include "fp.h"

RM6(DEF_F, fadd, "fadd.d ft3, ft0, ft1")
RM6(DEF_F, fsub, "fsub.d ft3, ft0, ft1")
RM6(DEF_F, fmul, "fmul.d ft3, ft0, ft1")
RM6(DEF_F, fdiv, "fdiv.d ft3, ft0, ft1")
RM6(DEF_F, fsqrt, "fsqrt.d ft3, ft0")
RM6(DEF_F, fmadd, "fmadd.d ft3, ft0, ft1, ft2")
RM6(DEF_F, fmsub, "fmsub.d ft3, ft0, ft1, ft2")
RM6(DEF_F, fnmadd, "fnmadd.d ft3, ft0, ft1, ft2")
RM6(DEF_F, fnmsub, "fnmsub.d ft3, ft0, ft1, ft2")
RM6(DEF_X, fcvt_w, "fcvt.w.d %[r], ft0")
RM6(DEF_X, fcvt_wu, "fcvt.wu.d %[r], ft0")
RM6(DEF_X, fcvt_l, "fcvt.l.d %[r], ft0")
RM6(DEF_X, fcvt_lu, "fcvt.lu.d %[r], ft0")
RM6(DEF_F, fcvt_d_l, "fcvt.d.l ft3, %[a]")
RM6(DEF_F, fcvt_d_lu, "fcvt.d.lu ft3, %[a]")
RM6(DEF_F, fcvt_s_d, "fcvt.s.d ft3, ft0")
RM0(DEF_F, fcvt_d_w, "fcvt.d.w ft3, %[a]")
RM0(DEF_F, fcvt_d_wu, "fcvt.d.wu ft3, %[a]")
RM0(DEF_F, fcvt_d_s, "fcvt.d.s ft3, ft0")
RM0(DEF_F, fmin_d, "fmin.d ft3, ft0, ft1")
RM0(DEF_F, fmax_d, "fmax.d ft3, ft0, ft1")
RM0(DEF_F, fsgnj, "fsgnj.d ft3, ft0, ft1")
RM0(DEF_F, fsgnjn, "fsgnjn.d ft3, ft0, ft1")
RM0(DEF_F, fsgnjx, "fsgnjx.d ft3, ft0, ft1")
RM0(DEF_X, feq, "feq.d %[r], ft0, ft1")
RM0(DEF_X, flt, "flt.d %[r], ft0, ft1")
RM0(DEF_X, fle, "fle.d %[r], ft0, ft1")
RM0(DEF_X, fclass, "fclass.d %[r], ft0")
RM0(DEF_X, fmv_x_d, "fmv.x.d %[r], ft0")

#define PZ 0x0000000000000000ull
#define NZ 0x8000000000000000ull
#define ONE 0x3ff0000000000000ull
#define MONE 0xbff0000000000000ull
#define TWO 0x4000000000000000ull
#define THREE 0x4008000000000000ull
#define HALF 0x3fe0000000000000ull
#define INF 0x7ff0000000000000ull
#define NINF 0xfff0000000000000ull
#define QNAN 0x7ff8000000000000ull
#define SNAN 0x7ff0000000000001ull
#define MAXD 0x7fefffffffffffffull
#define NMAXD 0xffefffffffffffffull
#define MIND 0x0010000000000000ull
#define TINY 0x0000000000000001ull
#define MAXSUB 0x000fffffffffffffull
#define X(x) ((uint64_t)(int64_t)(int32_t)(uint32_t)(x))

static const uint64_t vals[] = {
    PZ, NZ, ONE, MONE, 0x3ff8000000000000ull /* 1.5 */, THREE, 0x3fd5555555555555ull /* 1/3 */,
    MIND, TINY, MAXSUB, MAXD, INF, NINF, QNAN, SNAN, 0x3ff0000000000001ull /* 1+ulp */,
    0x4340000000000000ull /* 2^53 */, 0x3fb999999999999aull /* 0.1 */,
    0xc004000000000000ull /* -2.5 */, NMAXD, 0xfff8000012345678ull /* -qNaN payload */,
    0x3ca0000000000000ull /* 2^-53 */, 0x47efffffe0000000ull /* FLT_MAX */,
};
#define NV_ (sizeof vals / sizeof vals[0])

static const uint64_t cvt_vals[] = {
    PZ, NZ, ONE, MONE, HALF, 0xbfe0000000000000ull, 0x3ff8000000000000ull, 0xbff8000000000000ull,
    0x4004000000000000ull, 0xc004000000000000ull, 0x3fefffffffffffffull,
    0x41dfffffffe00000ull /* 2^31-0.5 */, 0x41dfffffffc00000ull /* 2^31-1 */,
    0x41e0000000000000ull /* 2^31 */, 0xc1e0000000000000ull /* -2^31 */,
    0xc1e0000000100000ull /* -2^31-0.5 */, 0xc1e0000000200000ull /* -2^31-1 */,
    0x41efffffffe00000ull /* 2^32-1 */, 0x41efffffffff0000ull /* 2^32-1+.5 */,
    0x41f0000000000000ull /* 2^32 */, 0x43dfffffffffffffull /* 2^63-1024 */,
    0x43e0000000000000ull /* 2^63 */, 0xc3e0000000000000ull /* -2^63 */,
    0xc3e0000000000001ull, 0x43efffffffffffffull /* 2^64-2048 */, 0x43f0000000000000ull /* 2^64 */,
    INF, NINF, QNAN, SNAN, 0xfff8000000000000ull, TINY, 0x8000000000000001ull,
    0x4330000000000001ull /* 2^52+1 */,
};

static const uint64_t int_vals[] = {
    0, 1, (uint64_t)-1, 0x7fffffff, 0x80000000, 0xffffffff, 0x0020000000000001ull /* 2^53+1 */,
    0x0020000000000003ull, 0xffdffffffffffffdull /* -(2^53+3) */, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0xffffffffffffffffull, 0x0123456789abcdefull, 0xfedcba9876543210ull,
    0x7ffffffffffffe00ull, 0x7ffffffffffffc00ull, 0xfffffffffffffc01ull,
};

static const uint64_t fma_vals[] = {PZ, NZ, ONE, MONE, 0x3fd5555555555555ull, MAXD, INF, TINY};

static void sweeps(void) {
  static const struct { const char *name; opfn *const *tab; } bin[] = {
      {"fadd.d", fadd}, {"fsub.d", fsub}, {"fmul.d", fmul}, {"fdiv.d", fdiv}};
  for (unsigned o = 0; o < 4; o++)
    for (unsigned i = 0; i < NV_; i++)
      for (unsigned j = 0; j < NV_; j++)
        run_rm(bin[o].name, bin[o].tab, K_D, K_D, 2, vals[i], vals[j], 0);
  for (unsigned i = 0; i < NV_; i++) {
    run_rm("fsqrt.d", fsqrt, K_D, K_D, 1, vals[i], 0, 0);
    run_rm("fcvt.s.d", fcvt_s_d, K_S, K_D, 1, vals[i], 0, 0);
    run_0("fcvt.d.s", fcvt_d_s, K_D, K_D, 1, BOX(vals[i] >> 32), 0, 0);
  }
  static const struct { const char *name; opfn *const *tab; } tri[] = {
      {"fmadd.d", fmadd}, {"fmsub.d", fmsub}, {"fnmadd.d", fnmadd}, {"fnmsub.d", fnmsub}};
  const unsigned nf = sizeof fma_vals / sizeof fma_vals[0];
  for (unsigned o = 0; o < 4; o++)
    for (unsigned i = 0; i < nf; i++)
      for (unsigned j = 0; j < nf; j++)
        for (unsigned k = 0; k < nf; k++)
          run_rm(tri[o].name, tri[o].tab, K_D, K_D, 3, fma_vals[i], fma_vals[j], fma_vals[k]);
  static const struct { const char *name; opfn *const *tab; } f2i[] = {
      {"fcvt.w.d", fcvt_w}, {"fcvt.wu.d", fcvt_wu}, {"fcvt.l.d", fcvt_l}, {"fcvt.lu.d", fcvt_lu}};
  for (unsigned o = 0; o < 4; o++)
    for (unsigned i = 0; i < sizeof cvt_vals / sizeof cvt_vals[0]; i++)
      run_rm(f2i[o].name, f2i[o].tab, K_X, K_D, 1, cvt_vals[i], 0, 0);
  for (unsigned i = 0; i < sizeof int_vals / sizeof int_vals[0]; i++) {
    run_rm("fcvt.d.l", fcvt_d_l, K_D, K_X, 1, int_vals[i], 0, 0);
    run_rm("fcvt.d.lu", fcvt_d_lu, K_D, K_X, 1, int_vals[i], 0, 0);
    run_0("fcvt.d.w", fcvt_d_w, K_D, K_X, 1, int_vals[i], 0, 0);
    run_0("fcvt.d.wu", fcvt_d_wu, K_D, K_X, 1, int_vals[i], 0, 0);
  }
  for (unsigned i = 0; i < NV_; i++) {
    for (unsigned j = 0; j < NV_; j++) {
      uint64_t a = vals[i], b = vals[j];
      run_0("fmin.d", fmin_d, K_D, K_D, 2, a, b, 0);
      run_0("fmax.d", fmax_d, K_D, K_D, 2, a, b, 0);
      run_0("fsgnj.d", fsgnj, K_D, K_D, 2, a, b, 0);
      run_0("fsgnjn.d", fsgnjn, K_D, K_D, 2, a, b, 0);
      run_0("fsgnjx.d", fsgnjx, K_D, K_D, 2, a, b, 0);
      run_0("feq.d", feq, K_X, K_D, 2, a, b, 0);
      run_0("flt.d", flt, K_X, K_D, 2, a, b, 0);
      run_0("fle.d", fle, K_X, K_D, 2, a, b, 0);
    }
    run_0("fclass.d", fclass, K_X, K_D, 1, vals[i], 0, 0);
  }
}

#define E(what, tab, rm, a, b, c, want, fl) expect(what, tab, rm, a, b, c, want, fl)

static void rounding(void) {
  const uint64_t up1[5] = {ONE, ONE, ONE, ONE + 1, ONE + 1};
  expect5("1 + 2^-53", fadd, ONE, 0x3ca0000000000000ull, 0, up1, NX);
  const uint64_t dn1[5] = {MONE, MONE, MONE + 1, MONE, MONE + 1};
  expect5("-1 - 2^-53", fsub, MONE, 0x3ca0000000000000ull, 0, dn1, NX);
  const uint64_t odd[5] = {ONE + 2, ONE + 1, ONE + 1, ONE + 2, ONE + 2};
  expect5("(1+2^-52) + 2^-53", fadd, ONE + 1, 0x3ca0000000000000ull, 0, odd, NX);
  const uint64_t third[5] = {0x3fd5555555555555ull, 0x3fd5555555555555ull, 0x3fd5555555555555ull,
                             0x3fd5555555555556ull, 0x3fd5555555555555ull};
  expect5("1 / 3", fdiv, ONE, THREE, 0, third, NX);
  const uint64_t twothirds[5] = {0x3fe5555555555555ull, 0x3fe5555555555555ull,
                                 0x3fe5555555555555ull, 0x3fe5555555555556ull,
                                 0x3fe5555555555555ull};
  expect5("2 / 3", fdiv, TWO, THREE, 0, twothirds, NX);
  const uint64_t ovf[5] = {INF, MAXD, MAXD, INF, INF};
  expect5("DBL_MAX * 2", fmul, MAXD, TWO, 0, ovf, OF | NX);
  const uint64_t novf[5] = {NINF, NMAXD, NINF, NMAXD, NINF};
  expect5("-DBL_MAX * 2", fmul, NMAXD, TWO, 0, novf, OF | NX);
  E("DBL_MIN * 0.5 (exact)", fmul, 0, MIND, HALF, 0, 0x0008000000000000ull, 0);
  E("TINY * 0.5", fmul, 0, TINY, HALF, 0, PZ, UF | NX);
  E("TINY * 0.5", fmul, 3, TINY, HALF, 0, TINY, UF | NX);
  E("TINY * 0.5", fmul, 4, TINY, HALF, 0, TINY, UF | NX);
  E("maxsub * (1+2^-52)", fmul, 0, MAXSUB, ONE + 1, 0, MIND, NX);
  E("maxsub * (1+2^-52)", fmul, 1, MAXSUB, ONE + 1, 0, MAXSUB, UF | NX);
  E("-0 + +0", fadd, 0, NZ, PZ, 0, PZ, 0);
  E("-0 + +0", fadd, 2, NZ, PZ, 0, NZ, 0);
  E("3 - 3", fsub, 2, THREE, THREE, 0, NZ, 0);
  E("1.5 * 2", fmul, 0, 0x3ff8000000000000ull, TWO, 0, THREE, 0);
  E("sqrt(2)", fsqrt, 0, TWO, 0, 0, 0x3ff6a09e667f3bcdull, NX);
  E("sqrt(2)", fsqrt, 1, TWO, 0, 0, 0x3ff6a09e667f3bccull, NX);
  E("sqrt(2)", fsqrt, 3, TWO, 0, 0, 0x3ff6a09e667f3bcdull, NX);
  E("sqrt(9)", fsqrt, 2, 0x4022000000000000ull, 0, 0, THREE, 0);
}

static void special(void) {
  E("1 / 0", fdiv, 0, ONE, PZ, 0, INF, DZ);
  E("-1 / 0", fdiv, 0, MONE, PZ, 0, NINF, DZ);
  E("0 / 0", fdiv, 0, PZ, PZ, 0, QNAN, NV);
  E("inf * 0", fmul, 0, INF, PZ, 0, QNAN, NV);
  E("inf - inf", fsub, 0, INF, INF, 0, QNAN, NV);
  E("sNaN + 1", fadd, 0, SNAN, ONE, 0, QNAN, NV);
  E("-qNaN(payload) * 1 is canonical", fmul, 0, 0xfff8000012345678ull, ONE, 0, QNAN, 0);
  E("sqrt(-1)", fsqrt, 0, MONE, 0, 0, QNAN, NV);
  E("sqrt(-0)", fsqrt, 0, NZ, 0, 0, NZ, 0);
  E("sqrt(-TINY)", fsqrt, 0, 0x8000000000000001ull, 0, 0, QNAN, NV);
  E("fadd.d of a boxed single is a NaN", fadd, 0, BOX(0x3f800000), ONE, 0, QNAN, 0);

  E("fcvt.w.d NaN", fcvt_w, 0, QNAN, 0, 0, 0x7fffffff, NV);
  E("fcvt.w.d -inf", fcvt_w, 0, NINF, 0, 0, X(0x80000000), NV);
  E("fcvt.w.d 2^31-0.5", fcvt_w, 0, 0x41dfffffffe00000ull, 0, 0, 0x7fffffff, NV);
  E("fcvt.w.d 2^31-0.5", fcvt_w, 1, 0x41dfffffffe00000ull, 0, 0, 0x7fffffff, NX);
  E("fcvt.w.d 2^31-0.5", fcvt_w, 2, 0x41dfffffffe00000ull, 0, 0, 0x7fffffff, NX);
  E("fcvt.w.d 2^31-0.5", fcvt_w, 3, 0x41dfffffffe00000ull, 0, 0, 0x7fffffff, NV);
  E("fcvt.w.d 2^31-0.5", fcvt_w, 4, 0x41dfffffffe00000ull, 0, 0, 0x7fffffff, NV);
  E("fcvt.w.d -2^31-0.5", fcvt_w, 0, 0xc1e0000000100000ull, 0, 0, X(0x80000000), NX);
  E("fcvt.w.d -2^31-0.5", fcvt_w, 1, 0xc1e0000000100000ull, 0, 0, X(0x80000000), NX);
  E("fcvt.w.d -2^31-0.5", fcvt_w, 2, 0xc1e0000000100000ull, 0, 0, X(0x80000000), NV);
  E("fcvt.w.d -2^31-0.5", fcvt_w, 4, 0xc1e0000000100000ull, 0, 0, X(0x80000000), NV);
  E("fcvt.w.d -1.5", fcvt_w, 0, 0xbff8000000000000ull, 0, 0, (uint64_t)-2, NX);
  E("fcvt.w.d -1.5", fcvt_w, 3, 0xbff8000000000000ull, 0, 0, (uint64_t)-1, NX);
  E("fcvt.wu.d 2^32-1 (sign-extended)", fcvt_wu, 0, 0x41efffffffe00000ull, 0, 0, (uint64_t)-1, 0);
  E("fcvt.wu.d 2^32-0.5", fcvt_wu, 0, 0x41efffffffff0000ull, 0, 0, (uint64_t)-1, NV);
  E("fcvt.wu.d 2^32-0.5", fcvt_wu, 1, 0x41efffffffff0000ull, 0, 0, (uint64_t)-1, NX);
  E("fcvt.wu.d -1", fcvt_wu, 0, MONE, 0, 0, 0, NV);
  E("fcvt.wu.d 2^31", fcvt_wu, 0, 0x41e0000000000000ull, 0, 0, X(0x80000000), 0);
  E("fcvt.l.d 2^63", fcvt_l, 0, 0x43e0000000000000ull, 0, 0, 0x7fffffffffffffffull, NV);
  E("fcvt.l.d 2^63-1024", fcvt_l, 0, 0x43dfffffffffffffull, 0, 0, 0x7ffffffffffffc00ull, 0);
  E("fcvt.l.d -2^63", fcvt_l, 0, 0xc3e0000000000000ull, 0, 0, 0x8000000000000000ull, 0);
  E("fcvt.l.d NaN", fcvt_l, 0, QNAN, 0, 0, 0x7fffffffffffffffull, NV);
  E("fcvt.l.d -NaN", fcvt_l, 0, 0xfff8000000000000ull, 0, 0, 0x7fffffffffffffffull, NV);
  E("fcvt.lu.d -inf", fcvt_lu, 0, NINF, 0, 0, 0, NV);
  E("fcvt.lu.d 2^64", fcvt_lu, 0, 0x43f0000000000000ull, 0, 0, (uint64_t)-1, NV);
  E("fcvt.lu.d 2^64-2048", fcvt_lu, 0, 0x43efffffffffffffull, 0, 0, 0xfffffffffffff800ull, 0);
  E("fcvt.lu.d -0.25", fcvt_lu, 1, 0xbfd0000000000000ull, 0, 0, 0, NX);
  E("fcvt.lu.d NaN", fcvt_lu, 0, QNAN, 0, 0, (uint64_t)-1, NV);

  E("fcvt.d.l INT64_MAX", fcvt_d_l, 0, 0x7fffffffffffffffull, 0, 0, 0x43e0000000000000ull, NX);
  E("fcvt.d.l INT64_MAX", fcvt_d_l, 1, 0x7fffffffffffffffull, 0, 0, 0x43dfffffffffffffull, NX);
  E("fcvt.d.l 2^53+1", fcvt_d_l, 0, 0x0020000000000001ull, 0, 0, 0x4340000000000000ull, NX);
  E("fcvt.d.l 2^53+1", fcvt_d_l, 4, 0x0020000000000001ull, 0, 0, 0x4340000000000001ull, NX);
  E("fcvt.d.l -(2^53+1)", fcvt_d_l, 2, 0xffdfffffffffffffull, 0, 0, 0xc340000000000001ull, NX);
  E("fcvt.d.lu UINT64_MAX", fcvt_d_lu, 0, (uint64_t)-1, 0, 0, 0x43f0000000000000ull, NX);
  E("fcvt.d.lu UINT64_MAX", fcvt_d_lu, 1, (uint64_t)-1, 0, 0, 0x43efffffffffffffull, NX);
  E("fcvt.d.w ignores upper bits", fcvt_d_w, -1, 0x1234567880000000ull, 0, 0, 0xc1e0000000000000ull, 0);
  E("fcvt.d.wu ignores upper bits", fcvt_d_wu, -1, 0x12345678ffffffffull, 0, 0, 0x41efffffffe00000ull, 0);
  E("fcvt.d.w -1", fcvt_d_w, -1, (uint64_t)-1, 0, 0, MONE, 0);
}

static void single_double(void) {
  E("fcvt.s.d 1e300", fcvt_s_d, 0, 0x7e37e43c8800759cull, 0, 0, BOX(0x7f800000), OF | NX);
  E("fcvt.s.d 1e300", fcvt_s_d, 1, 0x7e37e43c8800759cull, 0, 0, BOX(0x7f7fffff), OF | NX);
  E("fcvt.s.d -1e300", fcvt_s_d, 3, 0xfe37e43c8800759cull, 0, 0, BOX(0xff7fffff), OF | NX);
  E("fcvt.s.d 0.1", fcvt_s_d, 0, 0x3fb999999999999aull, 0, 0, BOX(0x3dcccccd), NX);
  E("fcvt.s.d 0.1", fcvt_s_d, 1, 0x3fb999999999999aull, 0, 0, BOX(0x3dcccccc), NX);
  E("fcvt.s.d sNaN", fcvt_s_d, 0, SNAN, 0, 0, BOX(0x7fc00000), NV);
  E("fcvt.s.d qNaN payload", fcvt_s_d, 0, 0xfff8000012345678ull, 0, 0, BOX(0x7fc00000), 0);
  E("fcvt.s.d 1e-50", fcvt_s_d, 0, 0x358dee7a4ad4b81full, 0, 0, BOX(0), UF | NX);
  E("fcvt.s.d 1e-50", fcvt_s_d, 3, 0x358dee7a4ad4b81full, 0, 0, BOX(1), UF | NX);
  E("fcvt.s.d -0", fcvt_s_d, 0, NZ, 0, 0, BOX(0x80000000), 0);
  E("fcvt.s.d 2^-149", fcvt_s_d, 0, 0x36a0000000000000ull, 0, 0, BOX(1), 0);
  E("fcvt.s.d -inf", fcvt_s_d, 0, NINF, 0, 0, BOX(0xff800000), 0);
  E("fcvt.s.d 1+2^-24 (tie)", fcvt_s_d, 0, 0x3ff0000010000000ull, 0, 0, BOX(0x3f800000), NX);
  E("fcvt.s.d 1+2^-24 (tie)", fcvt_s_d, 4, 0x3ff0000010000000ull, 0, 0, BOX(0x3f800001), NX);
  E("fcvt.d.s sNaN", fcvt_d_s, -1, BOX(0x7f800001), 0, 0, QNAN, NV);
  E("fcvt.d.s -qNaN payload", fcvt_d_s, -1, BOX(0xffc12345), 0, 0, QNAN, 0);
  E("fcvt.d.s 0.1f", fcvt_d_s, -1, BOX(0x3dcccccd), 0, 0, 0x3fb99999a0000000ull, 0);
  E("fcvt.d.s TINY", fcvt_d_s, -1, BOX(1), 0, 0, 0x36a0000000000000ull, 0);
  E("fcvt.d.s -inf", fcvt_d_s, -1, BOX(0xff800000), 0, 0, NINF, 0);
  E("fcvt.d.s unboxed", fcvt_d_s, -1, 0x000000003f800000ull, 0, 0, QNAN, 0);
  E("fcvt.d.s FLT_MAX", fcvt_d_s, -1, BOX(0x7f7fffff), 0, 0, 0x47efffffe0000000ull, 0);
}

static void minmax_sign_cmp_class(void) {
  E("fmin_d(-0, +0)", fmin_d, -1, NZ, PZ, 0, NZ, 0);
  E("fmin_d(+0, -0)", fmin_d, -1, PZ, NZ, 0, NZ, 0);
  E("fmax_d(-0, +0)", fmax_d, -1, NZ, PZ, 0, PZ, 0);
  E("fmax_d(+0, -0)", fmax_d, -1, PZ, NZ, 0, PZ, 0);
  E("fmin_d(qNaN, 1)", fmin_d, -1, QNAN, ONE, 0, ONE, 0);
  E("fmin_d(sNaN, 1)", fmin_d, -1, SNAN, ONE, 0, ONE, NV);
  E("fmax_d(1, sNaN)", fmax_d, -1, ONE, SNAN, 0, ONE, NV);
  E("fmax_d(qNaN, qNaN)", fmax_d, -1, 0xfff8000012345678ull, QNAN + 1, 0, QNAN, 0);
  E("fmin_d(sNaN, sNaN)", fmin_d, -1, SNAN, SNAN, 0, QNAN, NV);
  E("fsgnj(1, -2)", fsgnj, -1, ONE, 0xc000000000000000ull, 0, MONE, 0);
  E("fsgnjn(-1, -2)", fsgnjn, -1, MONE, 0xc000000000000000ull, 0, ONE, 0);
  E("fsgnjx(-1, -0)", fsgnjx, -1, MONE, NZ, 0, ONE, 0);
  E("fsgnjx(-1, 0)", fsgnjx, -1, MONE, PZ, 0, MONE, 0);
  E("fsgnj keeps sNaN payload", fsgnj, -1, SNAN, MONE, 0, 0xfff0000000000001ull, 0);
  E("fsgnj.d does not check boxing", fsgnj, -1, BOX(0x3f800000), ONE, 0, 0x7fffffff3f800000ull, 0);
  E("feq(sNaN, sNaN)", feq, -1, SNAN, SNAN, 0, 0, NV);
  E("feq(qNaN, qNaN)", feq, -1, QNAN, QNAN, 0, 0, 0);
  E("flt(qNaN, 1)", flt, -1, QNAN, ONE, 0, 0, NV);
  E("fle(-0, +0)", fle, -1, NZ, PZ, 0, 1, 0);
  E("flt(-0, +0)", flt, -1, NZ, PZ, 0, 0, 0);
  E("flt(-2, -1)", flt, -1, 0xc000000000000000ull, MONE, 0, 1, 0);
  static const uint64_t cls[10] = {NINF, MONE, 0x8000000000000001ull, NZ, PZ, TINY, ONE, INF, SNAN, QNAN};
  for (int i = 0; i < 10; i++) {
    char what[40];
    snprintf(what, sizeof what, "fclass.d %016" PRIx64, cls[i]);
    E(what, fclass, -1, cls[i], 0, 0, 1u << i, 0);
  }
  E("fclass.d max subnormal", fclass, -1, MAXSUB, 0, 0, 1u << 5, 0);
  E("fclass.d -sNaN", fclass, -1, 0xfff4000000000000ull, 0, 0, 1u << 8, 0);
  E("fclass.d boxed single = qNaN", fclass, -1, BOX(0x3f800000), 0, 0, 1u << 9, 0);
  E("fmv.x.d", fmv_x_d, -1, 0xfff0000000000001ull, 0, 0, 0xfff0000000000001ull, 0);
}

static void fused(void) {
  const uint64_t a = ONE + 1; /* a*a = 1 + 2^-51 + 2^-104 */
  E("fmadd single rounding", fmadd, 0, a, a, 0xbff0000000000002ull, 0x3970000000000000ull, 0);
  E("fmsub single rounding", fmsub, 0, a, a, 0x3ff0000000000002ull, 0x3970000000000000ull, 0);
  E("fnmadd single rounding", fnmadd, 0, a, a, 0xbff0000000000002ull, 0xb970000000000000ull, 0);
  E("fnmsub single rounding", fnmsub, 0, a, a, 0x3ff0000000000002ull, 0xb970000000000000ull, 0);
  unsigned f;
  uint64_t p = fmul[0](a, a, 0, 0, &f);
  uint64_t s = fadd[0](p, 0xbff0000000000002ull, 0, 0, &f);
  CHECK_EQ("round(a*a) + c", s, PZ);
  E("fmadd(inf, 0, qNaN) is invalid", fmadd, 0, INF, PZ, QNAN, QNAN, NV);
  E("fmadd(0, -inf, 1)", fmadd, 0, PZ, NINF, ONE, QNAN, NV);
  E("fmadd(1, 1, sNaN)", fmadd, 0, ONE, ONE, SNAN, QNAN, NV);
  E("fmsub(inf, 1, inf)", fmsub, 0, INF, ONE, INF, QNAN, NV);
  E("fmadd(1, -0, +0)", fmadd, 2, ONE, NZ, PZ, NZ, 0);
  E("fnmadd(1, 0, 0)", fnmadd, 0, ONE, PZ, PZ, NZ, 0);
  E("fmadd(MAX, 2, -MAX)", fmadd, 0, MAXD, TWO, NMAXD, MAXD, 0);
  E("fmadd(1/3, 3, -1)", fmadd, 0, 0x3fd5555555555555ull, THREE, MONE, 0xbc90000000000000ull, 0);
}

static void memory(void) {
  static uint64_t d[4] = {0x7ff0000000000001ull, 0, 0, 0};
  uint64_t r;
  __asm__ volatile("fld ft0, 0(%1)\n\tfsd ft0, 8(%1)\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(d)
                   : "ft0", "memory");
  CHECK_EQ("fld/fsd keep sNaN bits", d[1], 0x7ff0000000000001ull);
  CHECK_EQ("fld sNaN into register", r, 0x7ff0000000000001ull);
  unsigned fl;
  __asm__ volatile("frflags %0" : "=r"(fl));
  CHECK_EQ("fld/fsd raise no flags", fl, 0);
  /* fsd of a single writes the whole boxed register. */
  __asm__ volatile("li t0, 0x3f800000\n\tfmv.w.x ft0, t0\n\tfsd ft0, 16(%0)" : : "r"(d)
                   : "t0", "ft0", "memory");
  CHECK_EQ("fsd of a boxed single", d[2], BOX(0x3f800000));
  static uint8_t bytes[32];
  uint8_t *p = (uint8_t *)opaque((uint64_t)bytes);
  __asm__ volatile("fmv.d.x ft0, %1\n\tfsd ft0, 5(%0)\n\tfld ft1, 5(%0)\n\tfmv.x.d %1, ft1"
                   : "+r"(p), "=r"(r)
                   : "1"(0x400921fb54442d18ull)
                   : "ft0", "ft1", "memory");
  CHECK_EQ("misaligned fsd/fld", r, 0x400921fb54442d18ull);
  CHECK_EQ("misaligned fsd low byte", bytes[5], 0x18);
  CHECK_EQ("misaligned fsd high byte", bytes[12], 0x40);
}

static void c_code(void) {
  /* Ordinary compiled double code and libm: deterministic given a correct FPU. */
  volatile double one = 1.0, two = 2.0, ten = 10.0, tenth = 0.1;
  double v[] = {sin(one), cos(one), tan(one), exp(one), log(ten), log2(ten), pow(two, 0.5),
                atan2(one, two), cbrt(ten), fma(tenth, ten, -one), hypot(3.0 * one, 4.0 * one),
                sqrt(two), floor(-2.5 * one), ceil(-2.5 * one), round(2.5 * one), rint(2.5 * one),
                nearbyint(-3.5 * one), trunc(-2.7 * one), fmod(ten, 3.0 * one), strtod("0.1", NULL),
                strtod("1e-320", NULL), strtod("1.7976931348623157e308", NULL), ldexp(one, -1074)};
  for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
    uint64_t bits;
    memcpy(&bits, &v[i], 8);
    printf("libm[%u] = %.17g (%016" PRIx64 ")\n", i, v[i], bits);
  }
  CHECK_TRUE("sqrt(2)*sqrt(2) ~ 2", fabs(v[11] * v[11] - 2.0) < 1e-15);
  CHECK_TRUE("rint(2.5) == 2 (round to even)", v[15] == 2.0);
  CHECK_TRUE("round(2.5) == 3", v[14] == 3.0);
  CHECK_TRUE("hypot(3,4) == 5", v[10] == 5.0);
  long long ll = (long long)(tenth * 1e18);
  printf("(long long)(0.1*1e18) = %lld\n", ll);
  printf("%%a of 0.1: %a, %%e of 1/3: %.15e, %%g of 1e100: %g\n", tenth, one / 3.0, 1e100 * one);
}

int main(void) {
  rounding();
  special();
  single_double();
  minmax_sign_cmp_class();
  fused();
  memory();
  c_code();
  sweeps();
  return summary("rv64d");
}
