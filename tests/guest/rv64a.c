/* What if the atomics succeed when they must fail, or lose the sign of a word?
 *
 * rv64a.c checks the A extension on one hart: lr/sc success, and the failure paths that
 * the spec makes mandatory — sc with no reservation, sc to an address other than the
 * reserved one (in another cache line), and a second sc after an sc (any sc drops the
 * reservation) — for .w and .d, with the aq/rl/aqrl variants; lr.w sign extension;
 * every AMO (swap/add/and/or/xor/min/max/minu/maxu) for .w and .d: the old value returned
 * (sign-extended for .w), the value left in memory, neighbouring bytes untouched, rd == rs2
 * and rd == x0; and the lr/sc loops GCC emits for C11 compare-exchange.
 */
#include <stdatomic.h>
#include "check.h"

static uint64_t cells[64] __attribute__((aligned(64)));

#define LR(insn, p)                                                           \
  ({                                                                          \
    uint64_t r_;                                                              \
    __asm__ volatile(insn " %0, (%1)" : "=r"(r_) : "r"(p) : "memory");        \
    r_;                                                                       \
  })
#define SC(insn, p, v)                                                        \
  ({                                                                          \
    uint64_t r_;                                                              \
    __asm__ volatile(insn " %0, %2, (%1)"                                     \
                     : "=&r"(r_)                                              \
                     : "r"(p), "r"((uint64_t)(v))                             \
                     : "memory");                                             \
    r_;                                                                       \
  })

/* lr then sc to the same address succeeds and stores. */
#define LRSC_OK(lr, sc)                                                       \
  do {                                                                        \
    cells[0] = 0x1111111111111111ull;                                         \
    uint64_t v_ = LR(lr, &cells[0]);                                          \
    uint64_t s_ = SC(sc, &cells[0], 0x3333333333333333ull);                   \
    CHECK_EQ(lr " value", v_, 0x1111111111111111ull);                         \
    CHECK_EQ(sc " after " lr " succeeds", s_, 0);                             \
    CHECK_EQ("memory after " lr "/" sc, cells[0], 0x3333333333333333ull);     \
  } while (0)

static void lrsc(void) {
  LRSC_OK("lr.d", "sc.d");
  LRSC_OK("lr.d.aq", "sc.d.rl");
  LRSC_OK("lr.d.rl", "sc.d.aq");
  LRSC_OK("lr.d.aqrl", "sc.d.aqrl");

  uint64_t *a = &cells[0], *b = &cells[32];
  uint32_t *aw = (uint32_t *)&cells[8], *bw = (uint32_t *)&cells[40];
  uint64_t s;
  /* Nothing may run between an lr and its sc here: printf itself takes locks with lr/sc,
   * which (correctly) consumes the reservation.  */
  /* sc with no reservation at all (the last sc consumed it). */
  *a = 5;
  s = SC("sc.d", a, 6);
  CHECK_TRUE("sc.d without lr fails", s != 0);
  CHECK_EQ("memory after failed sc.d", *a, 5);
  /* sc to a different address than the reserved one; that sc drops the reservation on a
   * too, so a following sc to a fails; and an sc right after a successful sc fails. */
  *b = 7;
  (void)LR("lr.d", a);
  uint64_t s1 = SC("sc.d", b, 8);
  uint64_t s2 = SC("sc.d", a, 9);
  (void)LR("lr.d", a);
  uint64_t s3 = SC("sc.d", a, 10);
  uint64_t s4 = SC("sc.d", a, 11);
  CHECK_TRUE("sc.d to other address fails", s1 != 0);
  CHECK_EQ("other address after failed sc.d", *b, 7);
  CHECK_TRUE("sc.d after a failed sc.d fails", s2 != 0);
  CHECK_EQ("sc.d after lr.d succeeds", s3, 0);
  CHECK_TRUE("sc.d after a successful sc.d fails", s4 != 0);
  CHECK_EQ("memory after sc-after-sc", *a, 10);

  /* word forms: lr.w sign-extends, sc.w writes 32 bits only */
  cells[8] = 0xaaaaaaaa80000001ull; /* little endian: aw[0] = 0x80000001 */
  uint64_t v = LR("lr.w", aw);
  s = SC("sc.w", aw, 0x1234567876543210ull);
  s2 = SC("sc.w", aw, 1);
  CHECK_EQ("lr.w sign-extends", v, 0xffffffff80000001ull);
  CHECK_EQ("sc.w after lr.w succeeds", s, 0);
  CHECK_TRUE("sc.w after sc.w fails", s2 != 0);
  CHECK_EQ("sc.w wrote 32 bits", cells[8], 0xaaaaaaaa76543210ull);
  *bw = 3;
  v = LR("lr.w.aq", aw);
  s = SC("sc.w.rl", bw, 4);
  CHECK_EQ("lr.w.aq value", v, 0x76543210);
  CHECK_TRUE("sc.w to other address fails", s != 0);
  CHECK_EQ("other word after failed sc.w", *bw, 3);
  v = LR("lr.w.aqrl", aw);
  s = SC("sc.w.aqrl", aw, v + 1);
  CHECK_EQ("lr.w.aqrl/sc.w.aqrl succeeds", s, 0);
  CHECK_EQ("word after aqrl pair", cells[8], 0xaaaaaaaa76543211ull);

  /* A typical lr/sc increment loop. */
  cells[16] = 0;
  for (int i = 0; i < 1000; i++) {
    uint64_t t, f;
    __asm__ volatile("1: lr.d %0, (%2)\n\taddi %0, %0, 3\n\tsc.d %1, %0, (%2)\n\tbnez %1, 1b"
                     : "=&r"(t), "=&r"(f)
                     : "r"(&cells[16])
                     : "memory");
  }
  CHECK_EQ("lr/sc loop counter", cells[16], 3000);
}

#define AMO(insn, p, v)                                                       \
  ({                                                                          \
    uint64_t r_;                                                              \
    __asm__ volatile(insn " %0, %2, (%1)"                                     \
                     : "=&r"(r_)                                              \
                     : "r"(p), "r"((uint64_t)(v))                             \
                     : "memory");                                             \
    r_;                                                                       \
  })

/* One .w AMO on the upper word of a dword whose lower word is a sentinel. */
#define TW(insn, init, val, want_old, want_mem)                                       \
  do {                                                                                \
    cells[2] = (uint64_t)(uint32_t)(init) << 32 | 0x5a5a5a5aull;                      \
    uint64_t old_ = AMO(insn, (uint32_t *)&cells[2] + 1, val);                        \
    CHECK_EQ(insn "(" #init ", " #val ") old", old_, want_old);                       \
    CHECK_EQ(insn "(" #init ", " #val ") mem", cells[2] >> 32, want_mem);             \
    CHECK(((uint32_t)cells[2]) == 0x5a5a5a5a, insn " clobbered the neighbouring word"); \
  } while (0)
#define TD(insn, init, val, want_old, want_mem)                                       \
  do {                                                                                \
    cells[3] = 0x5a5a5a5a5a5a5a5aull;                                                 \
    cells[2] = (init);                                                                \
    uint64_t old_ = AMO(insn, &cells[2], val);                                        \
    CHECK_EQ(insn "(" #init ", " #val ") old", old_, want_old);                       \
    CHECK_EQ(insn "(" #init ", " #val ") mem", cells[2], want_mem);                   \
    CHECK(cells[3] == 0x5a5a5a5a5a5a5a5aull, insn " clobbered the next dword");       \
  } while (0)

#define SX(x) ((uint64_t)(int64_t)(int32_t)(uint32_t)(x))

static void amo(void) {
  TW("amoswap.w", 0x80000001, 0x12345678, SX(0x80000001), 0x12345678);
  TW("amoswap.w.aq", 0x7fffffff, 0xffffffff80000000ull, 0x7fffffff, 0x80000000);
  TW("amoadd.w", 0x7fffffff, 1, 0x7fffffff, 0x80000000);
  TW("amoadd.w.rl", 0xffffffff, 0x1234567800000001ull, SX(0xffffffff), 0);
  TW("amoand.w", 0xf0f0f0f0, 0xff00ff00, SX(0xf0f0f0f0), 0xf000f000);
  TW("amoand.w.aqrl", 0x8000ffff, 0xffffffff0000ffffull, SX(0x8000ffff), 0xffff);
  TW("amoor.w", 0x0f0f0000, 0x80000001, 0x0f0f0000, 0x8f0f0001);
  TW("amoor.w.aq", 0x80000000, 0, SX(0x80000000), 0x80000000);
  TW("amoxor.w", 0xffffffff, 0x0000ffff, SX(0xffffffff), 0xffff0000);
  TW("amoxor.w.rl", 0x12345678, 0x12345678, 0x12345678, 0);
  TW("amomin.w", 0x80000000, 1, SX(0x80000000), 0x80000000);
  TW("amomin.w", 5, 0xffffffff, 5, 0xffffffff);
  TW("amomin.w.aq", 5, 0x00000001ffffffffull, 5, 0xffffffff); /* upper bits of rs2 ignored */
  TW("amomin.w.aqrl", 0x7fffffff, 0x80000000, 0x7fffffff, 0x80000000);
  TW("amomax.w", 0x80000000, 1, SX(0x80000000), 1);
  TW("amomax.w.rl", 0xfffffffe, 0xffffffff, SX(0xfffffffe), 0xffffffff);
  TW("amomax.w", 3, 0x7fffffff00000002ull, 3, 3);
  TW("amominu.w", 0x80000000, 1, SX(0x80000000), 1);
  TW("amominu.w.aq", 0, 0xffffffff, 0, 0);
  TW("amominu.w", 0xffffffff, 0xfffffffe, SX(0xffffffff), 0xfffffffe);
  TW("amomaxu.w", 0x80000000, 1, SX(0x80000000), 0x80000000);
  TW("amomaxu.w.aqrl", 1, 0xffffffff, 1, 0xffffffff);
  TW("amomaxu.w", 7, 0x100000003ull, 7, 7);

  TD("amoswap.d", 0x8000000000000001ull, 0x123456789abcdef0ull, 0x8000000000000001ull,
     0x123456789abcdef0ull);
  TD("amoadd.d", 0x7fffffffffffffffull, 1, 0x7fffffffffffffffull, 0x8000000000000000ull);
  TD("amoadd.d.aq", 0xffffffffffffffffull, 2, 0xffffffffffffffffull, 1);
  TD("amoadd.d.rl", 0xffffffffull, 1, 0xffffffffull, 0x100000000ull);
  TD("amoand.d", 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0xff00ff00ff00ff00ull,
     0x0f000f000f000f00ull);
  TD("amoor.d.aqrl", 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0xff00ff00ff00ff00ull,
     0xfff0fff0fff0fff0ull);
  TD("amoxor.d", 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0xff00ff00ff00ff00ull,
     0xf0f0f0f0f0f0f0f0ull);
  TD("amomin.d", 0x8000000000000000ull, 1, 0x8000000000000000ull, 0x8000000000000000ull);
  TD("amomin.d.aq", 0x80000000ull, 0xffffffffffffffffull, 0x80000000ull, 0xffffffffffffffffull);
  TD("amomax.d", 0x8000000000000000ull, 1, 0x8000000000000000ull, 1);
  TD("amomax.d.rl", 0xfffffffffffffffeull, 0xffffffffffffffffull, 0xfffffffffffffffeull,
     0xffffffffffffffffull);
  TD("amomax.d", 0xffffffffull, 0xffffffff00000000ull, 0xffffffffull, 0xffffffffull);
  TD("amominu.d", 0x8000000000000000ull, 1, 0x8000000000000000ull, 1);
  TD("amominu.d.aqrl", 0xffffffffull, 0xffffffff00000000ull, 0xffffffffull, 0xffffffffull);
  TD("amomaxu.d", 0x8000000000000000ull, 1, 0x8000000000000000ull, 0x8000000000000000ull);
  TD("amomaxu.d.aq", 0xffffffffull, 0xffffffff00000000ull, 0xffffffffull,
     0xffffffff00000000ull);

  /* rd == rs2: the old value comes back, memory gets the sum with the original operand. */
  uint64_t v = 5;
  cells[4] = 100;
  __asm__ volatile("amoadd.d %0, %0, (%1)" : "+r"(v) : "r"(&cells[4]) : "memory");
  CHECK_EQ("amoadd.d rd==rs2 old", v, 100);
  CHECK_EQ("amoadd.d rd==rs2 mem", cells[4], 105);
  v = 0x80000000;
  cells[5] = 0x7fffffff;
  __asm__ volatile("amoswap.w %0, %0, (%1)" : "+r"(v) : "r"(&cells[5]) : "memory");
  CHECK_EQ("amoswap.w rd==rs2 old", v, 0x7fffffff);
  CHECK_EQ("amoswap.w rd==rs2 mem", cells[5], 0x80000000);
  /* rd == x0: an atomic store. */
  cells[6] = 1;
  __asm__ volatile("amoswap.d x0, %1, (%0)" : : "r"(&cells[6]), "r"(opaque(42)) : "memory");
  CHECK_EQ("amoswap.d x0 mem", cells[6], 42);
  __asm__ volatile("amoor.w x0, %1, (%0)" : : "r"(&cells[6]), "r"(opaque(0x100)) : "memory");
  CHECK_EQ("amoor.w x0 mem", cells[6], 0x12a);
}

static void c11(void) {
  _Atomic uint64_t d = 10;
  _Atomic uint32_t w = 0xfffffff0u;
  uint64_t expect = 10;
  CHECK_TRUE("cas.d succeeds", atomic_compare_exchange_strong(&d, &expect, 20));
  expect = 10;
  CHECK_TRUE("cas.d fails on stale expected", !atomic_compare_exchange_strong(&d, &expect, 30));
  CHECK_EQ("cas.d reported current", expect, 20);
  uint32_t ew = 0xfffffff0u;
  CHECK_TRUE("cas.w succeeds (negative word)", atomic_compare_exchange_strong(&w, &ew, 0x80000000u));
  ew = 0x7fffffff;
  CHECK_TRUE("cas.w fails", !atomic_compare_exchange_strong(&w, &ew, 1));
  CHECK_EQ("cas.w reported current", ew, 0x80000000u);
  int spins = 0;
  uint64_t cur = atomic_load(&d);
  while (!atomic_compare_exchange_weak(&d, &cur, cur * 3)) spins++;
  CHECK_EQ("cas.d weak loop result", atomic_load(&d), 60);
  CHECK_TRUE("cas weak loop terminated", spins < 1000);
  CHECK_EQ("fetch_add.d", atomic_fetch_add(&d, 5), 60);
  CHECK_EQ("fetch_sub.w", atomic_fetch_sub(&w, 1), 0x80000000u);
  CHECK_EQ("w after fetch_sub", atomic_load(&w), 0x7fffffffu);
  CHECK_EQ("exchange.d", atomic_exchange(&d, 7), 65);
  CHECK_EQ("fetch_and.w", atomic_fetch_and(&w, 0xf0f0), 0x7fffffffu);
  CHECK_EQ("fetch_or.d", atomic_fetch_or(&d, 0x100000000ull), 7);
  CHECK_EQ("fetch_xor.d", atomic_fetch_xor(&d, 0x100000001ull), 0x100000007ull);
  CHECK_EQ("final d", atomic_load(&d), 6);
  CHECK_EQ("final w", atomic_load(&w), 0xf0f0);
}

int main(void) {
  lrsc();
  amo();
  c11();
  return summary("rv64a");
}
