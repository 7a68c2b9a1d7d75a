/* What if the clocks run backwards, stand still or report a date from the past?
 *
 * clock.c checks properties only (no times are printed): CLOCK_MONOTONIC non-decreasing
 * over many reads and with tv_nsec always in range, CLOCK_REALTIME after 2020-01-01 and
 * agreeing with gettimeofday and time() within a few seconds, clock_getres succeeding
 * with a resolution of at most 10 ms, CLOCK_MONOTONIC_COARSE/BOOTTIME/
 * PROCESS_CPUTIME_ID readable, nanosleep of 20 ms taking at least 20 ms of monotonic time
 * (and less than 10 s), clock_nanosleep relative and absolute (TIMER_ABSTIME) likewise,
 * an invalid clock id failing with EINVAL, and a bad tv_nsec failing with EINVAL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include "check.h"

static int64_t ns(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec; }

static int64_t mono(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return ns(&t);
}

int main(void) {
  struct timespec t, prev;
  CHECK_EQ("clock_gettime MONOTONIC", clock_gettime(CLOCK_MONOTONIC, &prev), 0);
  int mono_ok = 1, range_ok = 1;
  for (int i = 0; i < 10000; i++) {
    clock_gettime(CLOCK_MONOTONIC, &t);
    if (ns(&t) < ns(&prev)) mono_ok = 0;
    if (t.tv_nsec < 0 || t.tv_nsec >= 1000000000) range_ok = 0;
    prev = t;
  }
  CHECK_TRUE("MONOTONIC non-decreasing over 10000 reads", mono_ok);
  CHECK_TRUE("tv_nsec in [0, 1e9)", range_ok);

  struct timespec rt;
  CHECK_EQ("clock_gettime REALTIME", clock_gettime(CLOCK_REALTIME, &rt), 0);
  CHECK_TRUE("REALTIME after 2020-01-01", rt.tv_sec > 1577836800);
  CHECK_TRUE("REALTIME before 2100", rt.tv_sec < 4102444800);
  struct timeval tv;
  CHECK_EQ("gettimeofday", gettimeofday(&tv, NULL), 0);
  CHECK_TRUE("gettimeofday agrees with REALTIME", tv.tv_sec - rt.tv_sec >= 0 && tv.tv_sec - rt.tv_sec < 5);
  CHECK_TRUE("tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  time_t now = time(NULL);
  CHECK_TRUE("time() agrees with REALTIME", now - rt.tv_sec >= 0 && now - rt.tv_sec < 5);

  struct timespec res;
  CHECK_EQ("clock_getres MONOTONIC", clock_getres(CLOCK_MONOTONIC, &res), 0);
  CHECK_TRUE("resolution <= 10ms and > 0", ns(&res) > 0 && ns(&res) <= 10000000);
  CHECK_EQ("clock_getres REALTIME", clock_getres(CLOCK_REALTIME, &res), 0);
  CHECK_EQ("MONOTONIC_COARSE", clock_gettime(CLOCK_MONOTONIC_COARSE, &t), 0);
  CHECK_EQ("BOOTTIME", clock_gettime(CLOCK_BOOTTIME, &t), 0);
  CHECK_EQ("PROCESS_CPUTIME_ID", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t), 0);
  CHECK_TRUE("CPU time non-negative", ns(&t) >= 0);
  errno = 0;
  CHECK_TRUE("invalid clock id -> EINVAL", clock_gettime((clockid_t)12345, &t) == -1 && errno == EINVAL);

  int64_t a = mono();
  struct timespec d = {0, 20000000};
  CHECK_EQ("nanosleep 20ms", nanosleep(&d, NULL), 0);
  int64_t b = mono();
  CHECK_TRUE("nanosleep slept >= 20ms", b - a >= 20000000);
  CHECK_TRUE("nanosleep slept < 10s", b - a < 10000000000ll);
  a = mono();
  CHECK_EQ("clock_nanosleep relative", clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL), 0);
  b = mono();
  CHECK_TRUE("clock_nanosleep relative slept >= 20ms", b - a >= 20000000);
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  int64_t target = ns(&until) + 30000000;
  until.tv_sec = target / 1000000000;
  until.tv_nsec = target % 1000000000;
  CHECK_EQ("clock_nanosleep TIMER_ABSTIME", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL), 0);
  CHECK_TRUE("woke at or after the deadline", mono() >= target);
  struct timespec bad = {0, 1000000000};
  errno = 0;
  CHECK_TRUE("nanosleep tv_nsec = 1e9 -> EINVAL", nanosleep(&bad, NULL) == -1 && errno == EINVAL);
  struct timespec zero = {0, 0};
  CHECK_EQ("nanosleep 0", nanosleep(&zero, NULL), 0);
  return summary("clock");
}
