/* What if POSIX timers (timer_create, timer_settime, timer_gettime, timer_getoverrun,
 * timer_delete) expire at the wrong time, carry the wrong siginfo or count overruns wrongly?
 *
 * Its oracle is the host's kernel (qemu-user 7.2 hangs on SIGEV_THREAD_ID).  Prints only
 * what any Linux shows (times are checked as bounds, not printed): a periodic
 * CLOCK_MONOTONIC timer taken three times with sigwaitinfo (si_code SI_TIMER, si_value,
 * si_timerid, no overrun), timer_gettime of an armed and a disarmed timer, a blocked timer
 * expiring ~10 times while one signal stays pending (si_overrun and timer_getoverrun agree,
 * >= 5), an absolute CLOCK_REALTIME expiry not before its time, a handler run by SIGEV_SIGNAL
 * with SIGUSR1 on a thread-directed (SIGEV_THREAD_ID) timer, SIGEV_NONE (never signals, still
 * counts down), timer_delete dropping its pending signal, and the errors (bad clock, bad
 * signal, bad notify, bad id, bad nanoseconds).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static long ms_since(const struct timespec *a) {
  struct timespec b;
  clock_gettime(CLOCK_MONOTONIC, &b);
  return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

static volatile sig_atomic_t usr1;
static void on_usr1(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  if (sig == SIGUSR1 && si->si_code == SI_TIMER && si->si_value.sival_int == 77) usr1++;
}

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGRTMIN + 2);
  sigaddset(&set, SIGALRM);
  sigprocmask(SIG_BLOCK, &set, NULL);

  /* A periodic timer, 20 ms then every 20 ms, taken three times. */
  struct sigevent ev = {0};
  ev.sigev_notify = SIGEV_SIGNAL;
  ev.sigev_signo = SIGRTMIN + 2;
  ev.sigev_value.sival_int = 1234;
  timer_t t1;
  CHECK_EQ("timer_create", timer_create(CLOCK_MONOTONIC, &ev, &t1), 0);
  struct itimerspec its = {{0, 20000000}, {0, 20000000}}, cur;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  CHECK_EQ("timer_settime", timer_settime(t1, 0, &its, NULL), 0);
  CHECK_EQ("timer_gettime armed", timer_gettime(t1, &cur), 0);
  CHECK_TRUE("  interval 20 ms", cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 20000000);
  CHECK_TRUE("  value in (0, 20 ms]", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 20000000);
  int good = 0;
  for (int i = 0; i < 3; i++) {
    siginfo_t si;
    int s = sigwaitinfo(&set, &si);
    good += s == SIGRTMIN + 2 && si.si_code == SI_TIMER && si.si_value.sival_int == 1234;
  }
  CHECK_EQ("three SI_TIMER signals with the value", good, 3);
  CHECK_TRUE("  not before 60 ms", ms_since(&start) >= 59);
  its = (struct itimerspec){{0, 0}, {0, 0}};
  CHECK_EQ("disarm", timer_settime(t1, 0, &its, NULL), 0);
  CHECK_EQ("timer_gettime disarmed", timer_gettime(t1, &cur), 0);
  CHECK_TRUE("  all zero", !cur.it_value.tv_sec && !cur.it_value.tv_nsec && !cur.it_interval.tv_sec && !cur.it_interval.tv_nsec);

  /* Overruns: every 10 ms for ~105 ms while the signal stays blocked and pending.  (It is
   * taken while the timer is still armed: since Linux 6.13, re-arming or disarming a timer
   * drops its pending signal.) */
  its = (struct itimerspec){{0, 10000000}, {0, 10000000}};
  timer_settime(t1, 0, &its, NULL);
  sleep_ms(105);
  siginfo_t si;
  CHECK_EQ("one signal for many expiries", sigwaitinfo(&set, &si), SIGRTMIN + 2);
  CHECK_TRUE("  si_overrun >= 5", si.si_overrun >= 5);
  CHECK_TRUE("  timer_getoverrun agrees", timer_getoverrun(t1) == si.si_overrun);
  sleep_ms(25);
  its = (struct itimerspec){{0, 0}, {0, 0}};
  timer_settime(t1, 0, &its, NULL);
  struct timespec zero = {0, 0};
  CHECK_EQ("disarming dropped the next pending signal", sigtimedwait(&set, NULL, &zero), -1);

  /* sevp NULL: SIGALRM, with the timer's id as the value; an absolute CLOCK_REALTIME time. */
  timer_t t2;
  CHECK_EQ("timer_create NULL sevp", timer_create(CLOCK_REALTIME, NULL, &t2), 0);
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  its = (struct itimerspec){{0, 0}, {now.tv_sec, now.tv_nsec + 30000000}};
  if (its.it_value.tv_nsec >= 1000000000) its.it_value.tv_sec++, its.it_value.tv_nsec -= 1000000000;
  clock_gettime(CLOCK_MONOTONIC, &start);
  CHECK_EQ("timer_settime TIMER_ABSTIME", timer_settime(t2, TIMER_ABSTIME, &its, NULL), 0);
  CHECK_EQ("SIGALRM", sigwaitinfo(&set, &si), SIGALRM);
  CHECK_TRUE("  SI_TIMER", si.si_code == SI_TIMER);
  CHECK_TRUE("  not before 30 ms", ms_since(&start) >= 29);
  CHECK_EQ("an absolute time in the past expires at once", timer_settime(t2, TIMER_ABSTIME, &(struct itimerspec){{0, 0}, {1, 0}}, NULL), 0);
  CHECK_EQ("  SIGALRM", sigwaitinfo(&set, &si), SIGALRM);

  /* SIGEV_THREAD_ID with a handler. */
  struct sigaction sa = {0};
  sa.sa_sigaction = on_usr1;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  struct sigevent ev3 = {0};
  ev3.sigev_notify = SIGEV_THREAD_ID;
  ev3.sigev_signo = SIGUSR1;
  ev3.sigev_value.sival_int = 77;
  ev3._sigev_un._tid = (pid_t)syscall(SYS_gettid);
  timer_t t3;
  CHECK_EQ("timer_create SIGEV_THREAD_ID", timer_create(CLOCK_MONOTONIC, &ev3, &t3), 0);
  its = (struct itimerspec){{0, 5000000}, {0, 5000000}};
  timer_settime(t3, 0, &its, NULL);
  while (usr1 < 3) pause();
  CHECK_TRUE("handler ran three times", usr1 >= 3);
  CHECK_EQ("timer_delete", timer_delete(t3), 0);

  /* SIGEV_NONE counts down without a signal. */
  struct sigevent ev4 = {0};
  ev4.sigev_notify = SIGEV_NONE;
  timer_t t4;
  CHECK_EQ("timer_create SIGEV_NONE", timer_create(CLOCK_MONOTONIC, &ev4, &t4), 0);
  its = (struct itimerspec){{0, 0}, {10, 0}};
  timer_settime(t4, 0, &its, NULL);
  sleep_ms(20);
  timer_gettime(t4, &cur);
  CHECK_TRUE("  counts down", cur.it_value.tv_sec == 9);
  CHECK_EQ("timer_delete SIGEV_NONE", timer_delete(t4), 0);

  /* timer_delete drops a pending signal. */
  its = (struct itimerspec){{0, 0}, {0, 5000000}};
  timer_settime(t2, 0, &its, NULL);
  sleep_ms(20);
  sigset_t pend;
  sigpending(&pend);
  CHECK_TRUE("SIGALRM pending before delete", sigismember(&pend, SIGALRM));
  CHECK_EQ("timer_delete", timer_delete(t2), 0);
  CHECK_EQ("  then it is gone", sigtimedwait(&set, NULL, &zero), -1);

  /* Errors. */
  timer_t bad;
  errno = 0;
  CHECK_TRUE("bad clock: EINVAL", timer_create(12345, NULL, &bad) == -1 && errno == EINVAL);
  ev.sigev_signo = 99;
  errno = 0;
  CHECK_TRUE("bad signal: EINVAL", timer_create(CLOCK_MONOTONIC, &ev, &bad) == -1 && errno == EINVAL);
  ev.sigev_signo = SIGUSR2;
  ev.sigev_notify = 77;
  errno = 0;
  CHECK_TRUE("bad notify: EINVAL", timer_create(CLOCK_MONOTONIC, &ev, &bad) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("deleted id: EINVAL", syscall(SYS_timer_delete, 4242) == -1 && errno == EINVAL);
  its = (struct itimerspec){{0, 0}, {0, 1000000000}};
  errno = 0;
  CHECK_TRUE("nsec 1e9: EINVAL", timer_settime(t1, 0, &its, NULL) == -1 && errno == EINVAL);
  CHECK_EQ("timer_delete t1", timer_delete(t1), 0);
  return summary("ptimer");
}
