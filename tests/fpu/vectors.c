// Reference vectors for asm/fpu.ts, produced by a real RV64GC (qemu-riscv64 in the tests).
//
// Usage: vectors SEED COUNT   -- writes binary records to stdout, 40 bytes each:
//   u32 op | rm << 8 | fflags << 16, u32 0, u64 a, u64 b, u64 c, u64 result
// For each operation, COUNT input tuples are generated from SEED (a mix of special values,
// values near rounding/overflow/underflow/integer boundaries and random bit patterns) and run
// under every rounding mode 0..4 (set in frm; the instructions use the dynamic mode), or once
// for operations that do not round. Singles are moved with fmv.w.x (properly NaN-boxed) and
// results read back with fmv.x.w / fmv.x.d, so no conversion touches the bits.
// The op numbers are the ones tests/fpu/fpu_entry.ts dispatches on.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t u64;
typedef uint32_t u32;

struct rec {
  u32 hdr, pad;
  u64 a, b, c, r;
};

static struct rec buf[4096];
static int nbuf;

static void flush(void) {
  fwrite(buf, sizeof(struct rec), nbuf, stdout);
  nbuf = 0;
}

static void emit(u32 op, u32 rm, u64 a, u64 b, u64 c, u64 r, u32 fl) {
  struct rec *p = &buf[nbuf++];
  p->hdr = op | rm << 8 | (fl & 31) << 16;
  p->pad = 0;
  p->a = a;
  p->b = b;
  p->c = c;
  p->r = r;
  if (nbuf == 4096) flush();
}

// ---------------------------------------------------------------- running instructions

#define PRE "fsrm %[rm]\n\tfsflags zero\n\t"
#define POST "\n\tfrflags %[fl]"
#define OUTS [r] "=&r"(r), [fl] "=&r"(fl)
#define INS [rm] "r"(rm), [a] "r"(a), [b] "r"(b), [c] "r"(c)
#define CLOB "ft0", "ft1", "ft2", "ft3"
#define LD_D "fmv.d.x ft0,%[a]\n\tfmv.d.x ft1,%[b]\n\tfmv.d.x ft2,%[c]\n\t"
#define LD_S "fmv.w.x ft0,%[a]\n\tfmv.w.x ft1,%[b]\n\tfmv.w.x ft2,%[c]\n\t"

// f-result, double operands
#define DD(insn) asm volatile(PRE LD_D insn "\n\tfmv.x.d %[r],ft3" POST : OUTS : INS : CLOB)
// x-result, double operands
#define DX(insn) asm volatile(PRE LD_D insn POST : OUTS : INS : CLOB)
// f-result (single), single operands
#define SS(insn) asm volatile(PRE LD_S insn "\n\tfmv.x.w %[r],ft3" POST : OUTS : INS : CLOB)
#define SX(insn) asm volatile(PRE LD_S insn POST : OUTS : INS : CLOB)
// int operand, f result
#define XD(insn) asm volatile(PRE insn "\n\tfmv.x.d %[r],ft3" POST : OUTS : INS : CLOB)
#define XS(insn) asm volatile(PRE insn "\n\tfmv.x.w %[r],ft3" POST : OUTS : INS : CLOB)
// double operand, single result and vice versa
#define DS(insn) asm volatile(PRE LD_D insn "\n\tfmv.x.w %[r],ft3" POST : OUTS : INS : CLOB)
#define SD(insn) asm volatile(PRE LD_S insn "\n\tfmv.x.d %[r],ft3" POST : OUTS : INS : CLOB)

static u64 run(int op, u64 rm, u64 a, u64 b, u64 c, u32 *flags) {
  u64 r = 0, fl = 0;
  switch (op) {
    case 0: DD("fadd.d ft3,ft0,ft1"); break;
    case 1: DD("fsub.d ft3,ft0,ft1"); break;
    case 2: DD("fmul.d ft3,ft0,ft1"); break;
    case 3: DD("fdiv.d ft3,ft0,ft1"); break;
    case 4: DD("fsqrt.d ft3,ft0"); break;
    case 5: DD("fmadd.d ft3,ft0,ft1,ft2"); break;
    case 6: DD("fmsub.d ft3,ft0,ft1,ft2"); break;
    case 7: DD("fnmsub.d ft3,ft0,ft1,ft2"); break;
    case 8: DD("fnmadd.d ft3,ft0,ft1,ft2"); break;
    case 9: DD("fmin.d ft3,ft0,ft1"); break;
    case 10: DD("fmax.d ft3,ft0,ft1"); break;
    case 11: DX("feq.d %[r],ft0,ft1"); break;
    case 12: DX("flt.d %[r],ft0,ft1"); break;
    case 13: DX("fle.d %[r],ft0,ft1"); break;
    case 14: DX("fclass.d %[r],ft0"); break;
    case 15: DX("fcvt.w.d %[r],ft0"); break;
    case 16: DX("fcvt.wu.d %[r],ft0"); break;
    case 17: DX("fcvt.l.d %[r],ft0"); break;
    case 18: DX("fcvt.lu.d %[r],ft0"); break;
    case 19: XD("fcvt.d.w ft3,%[a]"); break;
    case 20: XD("fcvt.d.wu ft3,%[a]"); break;
    case 21: XD("fcvt.d.l ft3,%[a]"); break;
    case 22: XD("fcvt.d.lu ft3,%[a]"); break;
    case 23: DS("fcvt.s.d ft3,ft0"); break;
    case 24: SD("fcvt.d.s ft3,ft0"); break;
    case 32: SS("fadd.s ft3,ft0,ft1"); break;
    case 33: SS("fsub.s ft3,ft0,ft1"); break;
    case 34: SS("fmul.s ft3,ft0,ft1"); break;
    case 35: SS("fdiv.s ft3,ft0,ft1"); break;
    case 36: SS("fsqrt.s ft3,ft0"); break;
    case 37: SS("fmadd.s ft3,ft0,ft1,ft2"); break;
    case 38: SS("fmsub.s ft3,ft0,ft1,ft2"); break;
    case 39: SS("fnmsub.s ft3,ft0,ft1,ft2"); break;
    case 40: SS("fnmadd.s ft3,ft0,ft1,ft2"); break;
    case 41: SS("fmin.s ft3,ft0,ft1"); break;
    case 42: SS("fmax.s ft3,ft0,ft1"); break;
    case 43: SX("feq.s %[r],ft0,ft1"); break;
    case 44: SX("flt.s %[r],ft0,ft1"); break;
    case 45: SX("fle.s %[r],ft0,ft1"); break;
    case 46: SX("fclass.s %[r],ft0"); break;
    case 47: SX("fcvt.w.s %[r],ft0"); break;
    case 48: SX("fcvt.wu.s %[r],ft0"); break;
    case 49: SX("fcvt.l.s %[r],ft0"); break;
    case 50: SX("fcvt.lu.s %[r],ft0"); break;
    case 51: XS("fcvt.s.w ft3,%[a]"); break;
    case 52: XS("fcvt.s.wu ft3,%[a]"); break;
    case 53: XS("fcvt.s.l ft3,%[a]"); break;
    case 54: XS("fcvt.s.lu ft3,%[a]"); break;
    default: abort();
  }
  *flags = (u32)fl;
  // single-precision results: the bits of the NaN-boxed register
  if ((op >= 32 && op <= 42) || op == 23 || (op >= 51 && op <= 54)) r &= 0xffffffffULL;
  return r;
}

// ---------------------------------------------------------------- input generation

static u64 s_state;
static u64 rnd(void) {  // xorshift64*
  s_state ^= s_state >> 12;
  s_state ^= s_state << 25;
  s_state ^= s_state >> 27;
  return s_state * 0x2545F4914F6CDD1DULL;
}
static u32 rndn(u32 n) { return (u32)((rnd() >> 16) % n); }

static const u64 special64[] = {
  0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000002ULL, 0x000fffffffffffffULL,
  0x0008000000000000ULL, 0x0010000000000000ULL, 0x0010000000000001ULL, 0x001fffffffffffffULL,
  0x3ff0000000000000ULL, 0x3ff0000000000001ULL, 0x3fefffffffffffffULL, 0x4000000000000000ULL,
  0x3fe0000000000000ULL, 0x4008000000000000ULL, 0x3ff8000000000000ULL, 0x7fefffffffffffffULL,
  0x7fe0000000000000ULL, 0x7ff0000000000000ULL, 0x7ff8000000000000ULL, 0x7ff0000000000001ULL,
  0x7ff4000000000000ULL, 0x7fffffffffffffffULL, 0x7ff8000000000001ULL, 0x41dfffffffc00000ULL,
  0x41e0000000000000ULL, 0x41efffffffe00000ULL, 0x41f0000000000000ULL, 0x43e0000000000000ULL,
  0x43dfffffffffffffULL, 0x43f0000000000000ULL, 0x43efffffffffffffULL, 0x4330000000000000ULL,
  0x4340000000000000ULL, 0x3fe0000000000001ULL, 0x3fdfffffffffffffULL, 0x4004000000000000ULL,
  0x400c000000000000ULL, 0x3cb0000000000000ULL, 0x3ca0000000000000ULL, 0x0000000000000003ULL,
};
static const u32 special32[] = {
  0x00000000, 0x00000001, 0x00000002, 0x007fffff, 0x00400000, 0x00800000, 0x00800001, 0x00ffffff,
  0x3f800000, 0x3f800001, 0x3f7fffff, 0x40000000, 0x3f000000, 0x40400000, 0x3fc00000, 0x7f7fffff,
  0x7f000000, 0x7f800000, 0x7fc00000, 0x7f800001, 0x7fa00000, 0x7fffffff, 0x7fc00001, 0x4effffff,
  0x4f000000, 0x4f7fffff, 0x4f800000, 0x5f000000, 0x5effffff, 0x5f800000, 0x5f7fffff, 0x4b000000,
  0x4b800000, 0x3f000001, 0x3effffff, 0x40200000, 0x40600000, 0x34000000, 0x33800000, 0x00000003,
};

// A significand pattern (fb fraction bits) biased toward few set bits, runs and ties.
static u64 shr(u64 x, u32 n) { return n >= 64 ? 0 : x >> n; }
static u64 rfrac(int fb) {
  u64 m = (fb == 64) ? ~0ULL : ((1ULL << fb) - 1);
  u64 f = rnd() & m;
  switch (rndn(8)) {
    case 0: return f & ~shr(m, rndn(fb + 1)) & m;           // only top bits
    case 1: return (f | shr(m, rndn(fb + 1))) & m;          // trailing ones
    case 2: return f & (f >> 1) & (f >> 2);                // sparse
    case 3: return (1ULL << rndn(fb)) & m;                 // one bit
    case 4: return (shr(m, rndn(fb + 1)) ^ (rnd() & 3)) & m;      // near all ones
    default: return f;
  }
}

// Generic float generator: fb fraction bits, eb exponent bits. `center` and `spread` bias
// the biased exponent; mode picks the kind.
static u64 rfloat(int fb, int eb, int center, int spread) {
  const u64 emax = (1ULL << eb) - 1;
  u64 sign = rnd() & 1;
  long e;
  switch (rndn(10)) {
    case 0: {  // special
      u64 v = (fb == 52) ? special64[rndn(sizeof special64 / 8)] : special32[rndn(sizeof special32 / 4)];
      return v | (sign << (fb + eb));
    }
    case 1: return rnd() & ((fb == 52) ? ~0ULL : 0xffffffffULL);  // any bits
    case 2: e = 0; break;                                          // subnormal / zero
    case 3: e = 1 + rndn(3 + fb); break;                           // low normals
    case 4: e = emax - 1 - rndn(fb + 3); break;                    // high normals
    default: e = center - spread + (long)rndn(2 * spread + 1); break;
  }
  if (e < 0) e = 0;
  if (e > (long)emax - 1) e = emax - 1;
  return (sign << (fb + eb)) | ((u64)e << fb) | rfrac(fb);
}

static u64 rf64(int center, int spread) { return rfloat(52, 11, center, spread); }
static u64 rf32(int center, int spread) { return rfloat(23, 8, center, spread); }

static double asd(u64 x) { double d; memcpy(&d, &x, 8); return d; }
static u64 bitsd(double d) { u64 x; memcpy(&x, &d, 8); return x; }
static float asf(u32 x) { float f; memcpy(&f, &x, 4); return f; }
static u32 bitsf(float f) { u32 x; memcpy(&x, &f, 4); return x; }

static int expOf(u64 x, int single) { return single ? (int)((x >> 23) & 0xff) : (int)((x >> 52) & 0x7ff); }

// Inputs for one operation. Relations between operands make exact results, ties,
// cancellation, underflow and overflow likely.
static void gen(int op, u64 *pa, u64 *pb, u64 *pc) {
  int single = op >= 32;
  int base = single ? op - 32 : op;
  int bias = single ? 127 : 1023;
  int fb = single ? 23 : 52;
  u64 sbit = single ? 0x80000000ULL : 0x8000000000000000ULL;
  u64 (*rf)(int, int) = single ? rf32 : rf64;
  int spread = rndn(2) ? 3 : (single ? 30 : 200);
  int center = bias + (rndn(4) == 0 ? (int)rndn(2 * bias) - bias : 0);
  u64 a = rf(center, spread), b = rf(center, spread), c = rf(center, spread);
  int k = rndn(8);
  switch (base) {
    case 0: case 1:  // add/sub
      if (k == 0) b = (a ^ (base == 0 ? sbit : 0)) + (rnd() % 5) - 2;              // cancellation
      else if (k == 1) b = rf(expOf(a, single) - fb - 3 + (int)rndn(6), 0);           // around half ulp
      else if (k == 2) b = rf(expOf(a, single) - (int)rndn(fb + 2), 0);
      break;
    case 2: {  // mul: exponent sums that land near the underflow or overflow threshold
      int ua = expOf(a, single) - bias;
      if (k <= 1) b = rf(1 - bias - (int)rndn(fb + 4) + 2 - ua + bias, 1);
      else if (k == 2) b = rf(bias - 2 + (int)rndn(4) - ua + bias, 1);
      break;
    }
    case 3:  // div
      if (k == 0) { // exact quotient: a = b * small integer-ish
        if (single) a = bitsf(asf((u32)b) * asf((u32)rf32(bias + (int)rndn(8), 0)));
        else a = bitsd(asd(b) * asd(rf64(bias + (int)rndn(8), 0)));
      } else if (k == 1) {  // quotient near the underflow threshold
        int ua = expOf(a, single) - bias;
        b = rf(ua - (1 - bias - (int)rndn(fb + 4) + 2) + bias, 2);
      } else if (k == 2) {  // near overflow
        int ua = expOf(a, single) - bias;
        b = rf(ua - (bias - 2 + (int)rndn(4)) + bias, 2);
      }
      break;
    case 4:  // sqrt: squares (exact or tie-like) and everything else
      if (k == 0) {
        if (single) { u32 m = (u32)rf32(bias, 20); a = bitsf(asf(m) * asf(m)); }
        else { u64 m = rf64(bias, 200); a = bitsd(asd(m) * asd(m)); }
      }
      break;
    case 5: case 6: case 7: case 8: {  // fma: c near -(a*b) or tiny relative to it
      u64 p = single ? (u64)bitsf(asf((u32)a) * asf((u32)b)) : bitsd(asd(a) * asd(b));
      u64 np = (base == 5 || base == 8) ? p ^ sbit : p;  // the c that cancels the product
      if (k <= 1) c = np + (rnd() % 9) - 4;
      else if (k == 2) c = rf(expOf(p, single) - fb - 2 + (int)rndn(5), 0) ^ (rnd() & 1 ? sbit : 0);
      else if (k == 3) { // product near underflow
        int ua = expOf(a, single) - bias;
        b = rf(1 - bias - (int)rndn(fb + 4) + 2 - ua + bias, 1);
        c = rf((int)rndn(3), 1);
      } else if (k == 4) c = rnd() & 1 ? sbit : 0;
      else if (k == 5) {  // small product, c cancelling it or of similar size
        int ua = expOf(a, single) - bias;
        b = rf(1 - bias + (int)rndn(3 * fb) - fb / 2 - ua + bias, 1);
        p = single ? (u64)bitsf(asf((u32)a) * asf((u32)b)) : bitsd(asd(a) * asd(b));
        np = (base == 5 || base == 8) ? p ^ sbit : p;
        c = rndn(2) ? np + (rnd() % 9) - 4 : rf(expOf(p, single) - 2 + (int)rndn(5), 1);
      }
      break;
    }
    case 9: case 10: case 11: case 12: case 13:  // min/max/compare: equal-ish operands often
      if (k == 0) b = a;
      else if (k == 1) b = a ^ sbit;
      else if (k == 2) b = a + (rnd() % 3) - 1;
      break;
    case 15: case 16: case 17: case 18: {  // float -> int: near integers, halves, bounds
      int e = bias - 2 + (int)rndn(single ? 70 : 70);
      u64 f = rfrac(fb);
      if (k <= 4) a = ((rnd() & 1) ? sbit : 0) | ((u64)e << fb) | f;
      break;
    }
    case 19: case 20: case 21: case 22: {  // int -> float
      int bits = 1 + rndn(64);
      u64 v = rfrac(64) >> (64 - bits);
      if (k == 0) v = (1ULL << rndn(64)) + (rnd() % 5) - 2;
      if (k == 1) v = -v;
      if (k <= 5) a = v;
      if (rndn(2)) a = (u64)(int64_t)(int32_t)a;  // register values as lw would leave them
      break;
    }
    case 23: {  // f64 -> f32: near f32 thresholds and ties
      if (k <= 3) a = rf64(1023 + (int)rndn(300) - 150, 10);
      if (k == 4) a = rf64(1023 - 126 - (int)rndn(30), 2);
      if (k == 5) a = rf64(1023 + 127 + (int)rndn(3), 1);
      break;
    }
    default: break;
  }
  if (single) { a &= 0xffffffffULL; b &= 0xffffffffULL; c &= 0xffffffffULL; }
  if (base >= 19 && base <= 22) { b = 0; c = 0; }
  *pa = a; *pb = b; *pc = c;
}

static const int ops[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
  22, 23, 24, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54 };

static int rounds(int op) {
  int base = op >= 32 ? op - 32 : op;
  return !(base >= 9 && base <= 14) && op != 24;
}

int main(int argc, char **argv) {
  u64 seed = argc > 1 ? strtoull(argv[1], 0, 0) : 1;
  long count = argc > 2 ? strtol(argv[2], 0, 0) : 1000;
  for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    int op = ops[i];
    s_state = seed * 0x9E3779B97F4A7C15ULL + (u64)op * 0x632BE59BD9B4E019ULL + 1;
    long tuples = rounds(op) ? count : 5 * count;  // same number of vectors for every op
    for (long n = 0; n < tuples; n++) {
      u64 a, b, c;
      gen(op, &a, &b, &c);
      if (rounds(op)) {
        for (u32 rm = 0; rm < 5; rm++) {
          u32 fl;
          u64 r = run(op, rm, a, b, c, &fl);
          emit(op, rm, a, b, c, r, fl);
        }
      } else {
        u32 fl;
        u64 r = run(op, 0, a, b, c, &fl);
        emit(op, 0, a, b, c, r, fl);
      }
    }
  }
  flush();
  return 0;
}
