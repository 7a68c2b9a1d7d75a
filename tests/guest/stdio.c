/* What if formatted output, large output or reading stdin to EOF goes wrong?
 *
 * stdio.c prints printf conversions of every common kind (integers of each length
 * modifier in d/i/u/x/X/o, flags - + space # 0, width and precision including `*`,
 * %c %s %% %p of NULL, %e %f %g %a of doubles with rounding, inf and nan, %n), checks
 * snprintf truncation and sscanf/strtol/strtod parsing, then reads all of stdin with
 * read() until EOF and prints its length, line count and an FNV-1a checksum, then writes
 * more than 64 KiB to stdout three ways — many printf lines, one large fwrite, and a
 * single 70000-byte write() that must be written completely — and reports each count.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <wchar.h>
#include <stdlib.h>
#include <unistd.h>
#include "check.h"

static void formats(void) {
  printf("[%d] [%i] [%u] [%x] [%X] [%o]\n", -42, 42, 42u, 0xbeefu, 0xbeefu, 8u);
  printf("[%hhd] [%hhu] [%hd] [%hu] [%ld] [%lu] [%lld] [%llu]\n", (signed char)-128,
         (unsigned char)255, (short)-32768, (unsigned short)65535, LONG_MIN, ULONG_MAX, LLONG_MIN,
         ULLONG_MAX);
  printf("[%zu] [%zd] [%jd] [%td]\n", (size_t)123, (ssize_t)-123, (intmax_t)INT64_MIN, (ptrdiff_t)-7);
  printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%+5d] [%-+5d]\n", 42, 42, 42, 42, 42, -42, 42);
  printf("[%#x] [%#o] [%#X] [%#x] [%.0d] [%.3d] [%8.3d] [%-8.3x]\n", 255u, 8u, 255u, 0u, 0, 7, -7, 10u);
  printf("[%*d] [%-*d] [%.*d] [%*.*s]\n", 6, 1, 6, 1, 4, 5, 8, 3, "abcdef");
  printf("[%c] [%5c] [%-3c] [%s] [%10s] [%-10s] [%.2s] [%%]\n", 'A', 'B', 'C', "str", "right",
         "left", "truncated");
  printf("[%p] [%s]\n", (void *)0, "");
  printf("[%e] [%E] [%.3e] [%.0e] [%#.0e]\n", 1234.5678, 0.000123, -9.87654321e-100, 5.5, 2.5);
  printf("[%f] [%.2f] [%.0f] [%.0f] [%.0f] [%10.4f] [%-10.1f] [%+.3f] [%#.0f]\n", 3.14159265,
         2.675, 0.5, 1.5, 2.5, -3.14159, 2.25, 1.0005, 3.0);
  printf("[%g] [%g] [%g] [%g] [%.3g] [%#g] [%G]\n", 100000.0, 1000000.0, 0.0001, 0.00001,
         3.14159, 1.0, 1e-10);
  printf("[%a] [%A] [%.2a] [%a]\n", 1.0, -0.1, 3.14159, 0x1p-1074);
  printf("[%f] [%f] [%e] [%g] [%5.1f] [%F]\n", INFINITY, -INFINITY, NAN, -NAN, INFINITY, INFINITY);
  printf("[%.20f] [%.17g] [%.30e]\n", 0.1, 0.1, 1.0 / 3.0);
  printf("[%f] [%.3f] [%g]\n", 1e300, 1e-300, 123456789012345678901234567890.0);
  printf("[%Lf] [%Lg]\n", (long double)1 / 3, (long double)2.5e-4000L);
  int n1 = 0, n2 = 0;
  printf("abc%n defgh%n\n", &n1, &n2);
  printf("[%%n counts] %d %d\n", n1, n2);
  printf("[%ls] [%lc]\n", L"wide", (wint_t)L'w');
  printf("[%'d] [%5.1s|] [%-5.0s|]\n", 1234567, "xyz", "xyz");

  char small[8];
  int r = snprintf(small, sizeof small, "%s", "0123456789");
  CHECK_EQ("snprintf return (untruncated length)", r, 10);
  CHECK_TRUE("snprintf truncates and terminates", strcmp(small, "0123456") == 0);
  CHECK_EQ("snprintf size 0", snprintf(NULL, 0, "%d", 123456), 6);

  int a, b;
  char word[16];
  double d;
  CHECK_EQ("sscanf count", sscanf("  12 -34 hello 2.5e3", "%d %d %15s %lf", &a, &b, word, &d), 4);
  CHECK_TRUE("sscanf values", a == 12 && b == -34 && !strcmp(word, "hello") && d == 2500.0);
  unsigned x;
  CHECK_EQ("sscanf %x", (sscanf("ff", "%x", &x), x), 255);
  char *end;
  errno = 0;
  CHECK_EQ("strtol hex", strtol("0x7fffffffffffffff", &end, 16), LONG_MAX);
  CHECK_EQ("strtol overflow saturates", strtol("99999999999999999999", &end, 10), LONG_MAX);
  CHECK_EQ("strtol overflow errno", errno, ERANGE);
  CHECK_EQ("strtoul negative wraps", strtoul("-1", &end, 10), ULONG_MAX);
  CHECK_EQ("strtol base 36", strtol("zz", &end, 36), 35 * 36 + 35);
  CHECK_TRUE("strtod", strtod("1e-5", &end) == 1e-5 && *end == 0);
  CHECK_TRUE("strtod hex float", strtod("0x1.8p1", &end) == 3.0);
  CHECK_TRUE("strtod inf/nan", isinf(strtod("-inf", &end)) && isnan(strtod("nan", &end)));
  CHECK_TRUE("atof", atof("  -2.5xyz") == -2.5);
}

static void read_stdin(void) {
  static char buf[3000];
  uint64_t h = 0xcbf29ce484222325ull, total = 0, lines = 0, reads = 0;
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      printf("read(0) failed: errno %d\n", errno);
      g_fails++;
      break;
    }
    if (n == 0) break;
    reads++;
    for (ssize_t i = 0; i < n; i++) {
      h = (h ^ (uint8_t)buf[i]) * 0x100000001b3ull;
      lines += buf[i] == '\n';
    }
    total += (uint64_t)n;
  }
  printf("stdin: %" PRIu64 " bytes, %" PRIu64 " lines, fnv1a %016" PRIx64 "\n", total, lines, h);
  CHECK_TRUE("stdin needed more than one read", total <= sizeof buf || reads > 1);
  char c;
  CHECK_EQ("read after EOF", read(0, &c, 1), 0);
}

static void big_output(void) {
  uint64_t h = 0;
  for (int i = 0; i < 5000; i++) {
    int n = printf("line %05d: %08x %s\n", i, (unsigned)(i * 2654435761u), i % 7 ? "abcdefgh" : "");
    h += (uint64_t)n;
  }
  printf("printed %" PRIu64 " bytes with printf\n", h);
  static char block[100000];
  for (size_t i = 0; i < sizeof block; i++) block[i] = (char)('a' + i % 26);
  for (size_t i = 99; i < sizeof block; i += 100) block[i] = '\n';
  CHECK_EQ("fwrite 100000", fwrite(block, 1, sizeof block, stdout), sizeof block);
  fflush(stdout);
  for (size_t i = 0; i < 70000; i++) block[i] = (char)('A' + i % 26);
  for (size_t i = 79; i < 70000; i += 80) block[i] = '\n';
  ssize_t w = write(1, block, 70000);
  printf("\nwrite(1, 70000 bytes) = %zd\n", w);
  CHECK_EQ("one write() of 70000 bytes completes", w, 70000);
}

int main(void) {
  formats();
  read_stdin();
  big_output();
  fprintf(stderr, "stdio: this goes to stderr and is not compared\n");
  return summary("stdio");
}
