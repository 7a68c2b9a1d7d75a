/* check.h — the tiny self-check harness shared by the guest conformance programs.
 *
 * Every checked value is printed on its own line ("name = value"), so that when the
 * output under Aster differs from the output under qemu-riscv64 the first differing
 * line names the operation.  A mismatch against the hard-coded expectation appends
 * "FAIL want ..." to the line.  summary() prints the totals and gives the exit status.
 *
 * Nothing printed through these helpers may depend on the host: no addresses, pids,
 * times or paths.  (The test runner hashes this file into the compile cache key.)
 */
#ifndef GUEST_CHECK_H
#define GUEST_CHECK_H

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int g_checks, g_fails;

/* Check a condition; print the message only if it fails. */
#define CHECK(cond, ...)                                                                   \
  do {                                                                                     \
    g_checks++;                                                                            \
    if (!(cond)) {                                                                         \
      g_fails++;                                                                           \
      printf("FAIL line %d: ", __LINE__);                                                  \
      printf(__VA_ARGS__);                                                                 \
      putchar('\n');                                                                       \
    }                                                                                      \
  } while (0)

/* Check a 64-bit value against the expected one and print it either way. */
#define CHECK_EQ(what, got, want)                                                          \
  do {                                                                                     \
    uint64_t g_ = (uint64_t)(got), w_ = (uint64_t)(want);                                  \
    g_checks++;                                                                            \
    if (g_ == w_) {                                                                        \
      printf("%s = %016" PRIx64 "\n", (what), g_);                                         \
    } else {                                                                               \
      g_fails++;                                                                           \
      printf("%s = %016" PRIx64 " FAIL want %016" PRIx64 " (line %d)\n", (what), g_, w_,  \
             __LINE__);                                                                    \
    }                                                                                      \
  } while (0)

/* Check a boolean property and print it as "what: yes|no". */
#define CHECK_TRUE(what, cond)                                                             \
  do {                                                                                     \
    int c_ = !!(cond);                                                                     \
    g_checks++;                                                                            \
    if (c_) {                                                                              \
      printf("%s: yes\n", (what));                                                         \
    } else {                                                                               \
      g_fails++;                                                                           \
      printf("%s: no FAIL (line %d)\n", (what), __LINE__);                                 \
    }                                                                                      \
  } while (0)

/* stdout is a pipe in the tests, so glibc would buffer it fully: a run that dies or hangs
 * part-way would then show no output at all.  Line buffering makes the first differing line
 * point at the failing check.  (exitcode.c opts out: it tests the buffering itself.) */
#ifndef CHECK_KEEP_STDIO_BUFFERING
__attribute__((constructor)) static void check_line_buffered_stdout(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
}
#endif

/* Hide a value from the optimiser so that the operation under test is really executed. */
static inline uint64_t opaque(uint64_t x) {
  __asm__ volatile("" : "+r"(x));
  return x;
}

static inline int summary(const char *name) {
  printf("%s: %d checks, %d failures\n", name, g_checks, g_fails);
  fflush(stdout);
  return g_fails ? 1 : 0;
}

/* A call that must fail (-1) with errno `want`, printed by name. */
#define ERRNO_IS(what, call, want)                                                    \
  do {                                                                                \
    errno = 0;                                                                        \
    long r_ = (long)(call);                                                           \
    int e_ = errno;                                                                   \
    g_checks++;                                                                       \
    if (r_ == -1 && e_ == (want)) {                                                   \
      printf("%s: -1 %s\n", what, #want);                                             \
    } else {                                                                          \
      g_fails++;                                                                      \
      printf("%s: %ld errno %d FAIL want -1 %s (line %d)\n", what, r_, e_, #want, __LINE__); \
    }                                                                                 \
  } while (0)

#endif
