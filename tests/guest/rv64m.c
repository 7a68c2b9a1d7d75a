/* What if multiply and divide are wrong at the corners the compiler never folds for us?
 *
 * rv64m.c checks RV64M through inline asm: mul/mulh/mulhsu/mulhu/mulw with signed and
 * unsigned extremes, div/divu/rem/remu and the *w forms, division by zero (quotient all
 * ones, remainder = dividend), signed overflow INT_MIN / -1 (quotient INT_MIN, remainder 0),
 * sign extension of every *w result and the *w forms ignoring the upper 32 input bits.
 * A pseudo-random sweep then prints a checksum of every op over many operands, so any
 * divergence from the oracle shows up even where no value is hard-coded here.
 */
#include "check.h"

#define RR(insn, a, b)                                                                      \
  ({                                                                                        \
    uint64_t r_;                                                                            \
    __asm__ volatile(insn " %0, %1, %2" : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b))); \
    r_;                                                                                     \
  })
#define T(insn, a, b, want) CHECK_EQ(insn "(" #a ", " #b ")", RR(insn, a, b), want)

#define MIN64 0x8000000000000000ull
#define MAX64 0x7fffffffffffffffull
#define ALL1 0xffffffffffffffffull
#define MIN32 0xffffffff80000000ull

static void mul(void) {
  T("mul", 3, 7, 21);
  T("mul", ALL1, ALL1, 1);
  T("mul", MIN64, ALL1, MIN64);
  T("mul", 0x100000000ull, 0x100000000ull, 0);
  T("mul", 0x123456789abcdef0ull, 0x0fedcba987654321ull, 0x2236d88fe5618cf0ull);
  T("mulh", ALL1, ALL1, 0);
  T("mulh", MIN64, MIN64, 0x4000000000000000ull);
  T("mulh", MIN64, MAX64, 0xc000000000000000ull);
  T("mulh", MAX64, MAX64, 0x3fffffffffffffffull);
  T("mulh", ALL1, 2, ALL1);
  T("mulh", 0x100000000ull, 0x100000000ull, 1);
  T("mulhu", ALL1, ALL1, 0xfffffffffffffffeull);
  T("mulhu", MIN64, 2, 1);
  T("mulhu", MIN64, MIN64, 0x4000000000000000ull);
  T("mulhu", 5, 7, 0);
  T("mulhsu", ALL1, ALL1, ALL1);           /* -1 * (2^64-1) */
  T("mulhsu", MIN64, 2, ALL1);             /* -2^63 * 2 */
  T("mulhsu", 2, MIN64, 1);                /* 2 * 2^63 */
  T("mulhsu", ALL1, 1, ALL1);              /* -1 * 1 */
  T("mulhsu", MIN64, ALL1, MIN64);
  T("mulhsu", MAX64, ALL1, 0x7ffffffffffffffeull);
  T("mulhsu", 0, ALL1, 0);
  T("mulw", 0x7fffffff, 2, 0xfffffffffffffffeull);
  T("mulw", 0x10000, 0x10000, 0);
  T("mulw", 0x12345678ffffffffull, 0xabcdef0000000003ull, 0xfffffffffffffffdull);
  T("mulw", 0x8000, 0x10000, MIN32);
  T("mulw", 46341, 46341, 0xffffffff80001219ull);
}

static void div(void) {
  T("div", 20, 6, 3);
  T("div", (uint64_t)-20, 6, (uint64_t)-3);
  T("div", 20, (uint64_t)-6, (uint64_t)-3);
  T("div", (uint64_t)-20, (uint64_t)-6, 3);
  T("div", 7, 0, ALL1);
  T("div", (uint64_t)-7, 0, ALL1);
  T("div", 0, 0, ALL1);
  T("div", MIN64, ALL1, MIN64);
  T("div", MIN64, 1, MIN64);
  T("div", MIN64, 2, 0xc000000000000000ull);
  T("divu", 20, 6, 3);
  T("divu", ALL1, 2, MAX64);
  T("divu", 7, 0, ALL1);
  T("divu", 0, 0, ALL1);
  T("divu", MIN64, ALL1, 0);
  T("rem", 20, 6, 2);
  T("rem", (uint64_t)-20, 6, (uint64_t)-2);
  T("rem", 20, (uint64_t)-6, 2);
  T("rem", (uint64_t)-20, (uint64_t)-6, (uint64_t)-2);
  T("rem", 7, 0, 7);
  T("rem", (uint64_t)-7, 0, (uint64_t)-7);
  T("rem", MIN64, ALL1, 0);
  T("remu", 20, 6, 2);
  T("remu", ALL1, 10, 5);
  T("remu", 7, 0, 7);
  T("remu", ALL1, 0, ALL1);
  T("remu", MIN64, ALL1, MIN64);

  T("divw", 20, 6, 3);
  T("divw", 0xffffffecull, 6, (uint64_t)-3); /* low word -20 */
  T("divw", 0x12345678ffffffecull, 0xabcdef00fffffffaull, 3);
  T("divw", 7, 0, ALL1);
  T("divw", 0x80000000ull, 0xffffffffull, MIN32);
  T("divw", 0x80000000ull, 0x1ffffffffull, MIN32);
  T("divw", 0x80000000ull, 1, MIN32);
  T("divw", 0x100000000ull, 0x100000001ull, 0);
  T("divuw", 20, 6, 3);
  T("divuw", 0xffffffffull, 1, ALL1);
  T("divuw", 0xfffffffeull, 2, 0x7fffffff);
  T("divuw", 7, 0, ALL1);
  T("divuw", 0, 0, ALL1);
  T("divuw", 0x80000000ull, 0xffffffffull, 0);
  T("divuw", 0x1000000010ull, 0x2000000004ull, 4);
  T("remw", 20, 6, 2);
  T("remw", 0xffffffecull, 6, (uint64_t)-2);
  T("remw", 7, 0, 7);
  T("remw", 0x80000005ull, 0, 0xffffffff80000005ull);
  T("remw", 0x1234567800000007ull, 0, 7);
  T("remw", 0x80000000ull, 0xffffffffull, 0);
  T("remuw", 20, 6, 2);
  T("remuw", 0xffffffffull, 10, 5);
  T("remuw", 0x80000005ull, 0, 0xffffffff80000005ull);
  T("remuw", 0xabcdef0000000009ull, 0, 9);
  T("remuw", 0x80000000ull, 0xffffffffull, MIN32);
  T("remuw", 0xffffffff12345678ull, 0x100000000ull, 0x12345678);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void) {
  uint64_t x = rng_state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  rng_state = x;
  return x;
}

/* Interesting operands: extremes, small values, and random numbers of varying widths. */
static uint64_t operand(void) {
  static const uint64_t special[] = {0, 1, 2, 3, ALL1, MIN64, MAX64, 0x80000000ull,
                                     0x7fffffff, 0xffffffff, MIN32, 0x100000000ull,
                                     (uint64_t)-2, 10, (uint64_t)-10, 0xffffffff7fffffffull};
  uint64_t r = rng();
  switch (r & 3) {
    case 0: return special[(r >> 2) & 15];
    case 1: return rng() >> (rng() & 63);
    case 2: return (uint64_t)((int64_t)rng() >> (rng() & 63));
    default: return rng();
  }
}

static void sweep(void) {
  static const char *names[] = {"mul", "mulh", "mulhsu", "mulhu", "mulw", "div", "divu",
                                "rem", "remu", "divw", "divuw", "remw", "remuw"};
  uint64_t sums[13] = {0};
  for (int i = 0; i < 20000; i++) {
    uint64_t a = operand(), b = operand();
    uint64_t r[13] = {
        RR("mul", a, b),  RR("mulh", a, b),  RR("mulhsu", a, b), RR("mulhu", a, b),
        RR("mulw", a, b), RR("div", a, b),   RR("divu", a, b),   RR("rem", a, b),
        RR("remu", a, b), RR("divw", a, b),  RR("divuw", a, b),  RR("remw", a, b),
        RR("remuw", a, b)};
    /* Self-consistency: the identities that hold for every operand pair. */
    CHECK(r[5] * b + r[7] == a || b == 0, "div/rem identity a=%016" PRIx64 " b=%016" PRIx64, a, b);
    CHECK(r[6] * b + r[8] == a, "divu/remu identity a=%016" PRIx64 " b=%016" PRIx64, a, b);
    unsigned __int128 pu = (unsigned __int128)a * b;
    CHECK((uint64_t)pu == r[0], "mul low a=%016" PRIx64 " b=%016" PRIx64, a, b);
    for (int k = 0; k < 13; k++) sums[k] = (sums[k] ^ r[k]) * 0x100000001b3ull;
  }
  for (int k = 0; k < 13; k++) printf("sweep %s checksum %016" PRIx64 "\n", names[k], sums[k]);
}

int main(void) {
  mul();
  div();
  sweep();
  return summary("rv64m");
}
