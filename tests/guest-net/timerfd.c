/* What if a timerfd loses expirations, fires early, or never wakes its reader?
 *
 * timerfd.c checks timerfd_create/settime/gettime: a periodic timer's reads return counts
 * that add up to at least the periods elapsed (a read blocks until one expiry, so each
 * count is at least 1); a one-shot timer expires once and then read blocks (EAGAIN when
 * nonblocking); an absolute CLOCK_MONOTONIC time in the past counts the periods since it at
 * once; CLOCK_REALTIME absolute timers fire; gettime reports the interval exactly and the
 * time left within bounds; settime returns the old setting; disarming stops expirations;
 * poll and epoll see the timer readable when it has expired; and bad clocks, flags, sizes
 * and timespecs are refused.  Only counts and bounds are printed, never times.
 */
#include "netcheck.h"
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>

#define MS 1000000L

static struct itimerspec spec(long value_ns, long interval_ns) {
  struct itimerspec s;
  s.it_value.tv_sec = value_ns / 1000000000L;
  s.it_value.tv_nsec = value_ns % 1000000000L;
  s.it_interval.tv_sec = interval_ns / 1000000000L;
  s.it_interval.tv_nsec = interval_ns % 1000000000L;
  return s;
}

static long ns_of(struct timespec t) {
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

static long now_ns(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return ns_of(t);
}

static void periodic(void) {
  int t = timerfd_create(CLOCK_MONOTONIC, 0);
  CHECK_TRUE("timerfd_create", t >= 0);
  struct stat st;
  CHECK_OK("fstat", fstat(t, &st));
  struct itimerspec s = spec(5 * MS, 5 * MS);
  long start = now_ns(CLOCK_MONOTONIC);
  CHECK_OK("settime periodic 5ms", timerfd_settime(t, 0, &s, NULL));
  uint64_t total = 0, n = 0;
  int reads = 0, each_positive = 1;
  while (total < 10) {
    if (read(t, &n, sizeof n) != sizeof n) break;
    if (n < 1) each_positive = 0;
    total += n;
    reads++;
  }
  long elapsed = now_ns(CLOCK_MONOTONIC) - start;
  CHECK_TRUE("ten expirations counted", total >= 10);
  CHECK_TRUE("each read at least one", each_positive);
  CHECK_TRUE("not before their time", elapsed >= 10 * 5 * MS);
  CHECK_TRUE("no more than elapsed periods", (long)total <= elapsed / (5 * MS));

  /* Sleep through several periods: one read returns them all. */
  struct timespec nap = {0, 26 * MS};
  nanosleep(&nap, NULL);
  CHECK_EQ("read after sleeping", read(t, &n, sizeof n), 8);
  CHECK_TRUE("several periods in one read", n >= 5);

  struct itimerspec cur;
  CHECK_OK("gettime", timerfd_gettime(t, &cur));
  CHECK_TRUE("interval exact", cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 5 * MS);
  CHECK_TRUE("value within the period", ns_of(cur.it_value) > 0 && ns_of(cur.it_value) <= 5 * MS);

  struct itimerspec old, off = spec(0, 0);
  CHECK_OK("disarm", timerfd_settime(t, 0, &off, &old));
  CHECK_TRUE("old interval", old.it_interval.tv_nsec == 5 * MS);
  CHECK_TRUE("old value", ns_of(old.it_value) > 0 && ns_of(old.it_value) <= 5 * MS);
  CHECK_OK("gettime disarmed", timerfd_gettime(t, &cur));
  CHECK_TRUE("disarmed value zero", ns_of(cur.it_value) == 0);
  CHECK_OK("nonblocking", fcntl(t, F_SETFL, O_NONBLOCK));
  nanosleep(&nap, NULL);
  CHECK_ERR("disarmed: nothing to read", read(t, &n, sizeof n), EAGAIN);
  close(t);
}

static void oneshot(void) {
  int t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  CHECK_TRUE("create nonblocking", t >= 0);
  CHECK_TRUE("TFD_CLOEXEC", fcntl(t, F_GETFD) & FD_CLOEXEC);
  uint64_t n = 0;
  CHECK_ERR("unarmed read", read(t, &n, sizeof n), EAGAIN);
  struct itimerspec s = spec(10 * MS, 0);
  CHECK_OK("one-shot 10ms", timerfd_settime(t, 0, &s, NULL));
  CHECK_ERR("not yet", read(t, &n, sizeof n), EAGAIN);
  struct pollfd p = {t, POLLIN, 0};
  CHECK_EQ("poll waits for it", poll(&p, 1, -1), 1);
  CHECK_EQ("POLLIN", p.revents, POLLIN);
  CHECK_EQ("read one-shot", read(t, &n, sizeof n), 8);
  CHECK_EQ("one expiration", n, 1);
  CHECK_ERR("only once", read(t, &n, sizeof n), EAGAIN);
  CHECK_EQ("poll: nothing", poll(&p, 1, 0), 0);
  struct itimerspec cur;
  timerfd_gettime(t, &cur);
  CHECK_TRUE("expired one-shot reads zero", ns_of(cur.it_value) == 0 && ns_of(cur.it_interval) == 0);
  char small[4];
  CHECK_ERR("read of 4 bytes", read(t, small, sizeof small), EINVAL);
  CHECK_ERR("write", write(t, &n, sizeof n), EINVAL);

  /* Re-arming resets the count. */
  s = spec(1 * MS, 0);
  timerfd_settime(t, 0, &s, NULL);
  struct timespec nap = {0, 5 * MS};
  nanosleep(&nap, NULL);
  s = spec(1000 * MS, 0);
  CHECK_OK("re-arm before reading", timerfd_settime(t, 0, &s, NULL));
  CHECK_ERR("count reset", read(t, &n, sizeof n), EAGAIN);
  close(t);
}

static void absolute(void) {
  int t = timerfd_create(CLOCK_REALTIME, 0);
  /* Started 10.5 s ago with a 1 s period: 11 expirations at once, the next in 0.5 s. */
  long start = now_ns(CLOCK_REALTIME) - 10500 * MS;
  struct itimerspec s = spec(start, 1000 * MS);
  CHECK_OK("absolute time in the past", timerfd_settime(t, TFD_TIMER_ABSTIME, &s, NULL));
  uint64_t n = 0;
  CHECK_EQ("read", read(t, &n, sizeof n), 8);
  CHECK_EQ("periods since then", n, 11);
  struct itimerspec cur;
  timerfd_gettime(t, &cur);
  CHECK_TRUE("next within the half second left", ns_of(cur.it_value) > 0 && ns_of(cur.it_value) <= 500 * MS);
  close(t);

  t = timerfd_create(CLOCK_MONOTONIC, 0);
  s = spec(now_ns(CLOCK_MONOTONIC) + 5 * MS, 0);
  CHECK_OK("monotonic absolute", timerfd_settime(t, TFD_TIMER_ABSTIME, &s, NULL));
  CHECK_EQ("monotonic absolute read", read(t, &n, sizeof n), 8);
  CHECK_EQ("monotonic absolute one expiration", n, 1);
  close(t);

  t = timerfd_create(CLOCK_REALTIME, 0);
  s = spec(now_ns(CLOCK_REALTIME) + 15 * MS, 0);
  long before = now_ns(CLOCK_MONOTONIC);
  CHECK_OK("realtime absolute", timerfd_settime(t, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &s, NULL));
  CHECK_EQ("realtime read", read(t, &n, sizeof n), 8);
  CHECK_EQ("realtime one expiration", n, 1);
  CHECK_TRUE("not early", now_ns(CLOCK_MONOTONIC) - before >= 14 * MS);
  close(t);

  t = timerfd_create(CLOCK_BOOTTIME, 0);
  CHECK_TRUE("CLOCK_BOOTTIME", t >= 0);
  s = spec(2 * MS, 0);
  CHECK_OK("boottime relative", timerfd_settime(t, 0, &s, NULL));
  CHECK_EQ("boottime read", read(t, &n, sizeof n), 8);
  close(t);
}

static void with_epoll(void) {
  int a = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  int b = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 1};
  epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev);
  ev.data.u32 = 2;
  epoll_ctl(ep, EPOLL_CTL_ADD, b, &ev);
  struct itimerspec s = spec(10 * MS, 10 * MS);
  timerfd_settime(a, 0, &s, NULL);
  s = spec(1000 * MS, 0);
  timerfd_settime(b, 0, &s, NULL);
  struct epoll_event out[2];
  int fired = 0, wrong = 0;
  uint64_t total = 0, n;
  while (total < 3) {
    int k = epoll_wait(ep, out, 2, -1);
    if (k != 1 || out[0].data.u32 != 1) {
      wrong++;
      break;
    }
    fired++;
    if (read(a, &n, sizeof n) == 8) total += n;
  }
  CHECK_TRUE("epoll wakes for the periodic timer only", wrong == 0 && total >= 3 && fired >= 1);
  close(ep);
  close(a);
  close(b);
}

static void bad_args(void) {
  CHECK_ERR("bad clock", timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), EINVAL);
  CHECK_ERR("bad clock 99", timerfd_create(99, 0), EINVAL);
  CHECK_ERR("bad flags", timerfd_create(CLOCK_MONOTONIC, 1), EINVAL);
  int t = timerfd_create(CLOCK_MONOTONIC, 0);
  struct itimerspec s = spec(1 * MS, 0);
  CHECK_ERR("settime bad flags", timerfd_settime(t, 4, &s, NULL), EINVAL);
  s.it_value.tv_nsec = 1000000000L;
  CHECK_ERR("settime bad nsec", timerfd_settime(t, 0, &s, NULL), EINVAL);
  s.it_value.tv_nsec = 0;
  s.it_value.tv_sec = -1;
  CHECK_ERR("settime negative", timerfd_settime(t, 0, &s, NULL), EINVAL);
  s = spec(1 * MS, 0);
  CHECK_ERR("settime on a non-timerfd", timerfd_settime(0, 0, &s, NULL), EINVAL);
  struct itimerspec cur;
  CHECK_ERR("gettime on bad fd", timerfd_gettime(77, &cur), EBADF);
  close(t);
}

int main(void) {
  periodic();
  oneshot();
  absolute();
  with_epoll();
  bad_args();
  return summary("timerfd");
}
