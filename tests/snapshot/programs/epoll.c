// Kernel state a snapshot must carry that busybox does not exercise: an epoll set over a
// pipe, an eventfd and a periodic timerfd, a child writing to the pipe between sleeps, and a
// pending SIGALRM from setitimer. Prints each wakeup, so a resumed run's output shows any
// difference.
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

int main(void) {
  int p[2];
  if (pipe(p)) return 1;
  int ev = eventfd(0, 0);
  int tf = timerfd_create(CLOCK_MONOTONIC, 0);
  struct itimerspec its = { { 0, 30000000 }, { 0, 30000000 } };
  timerfd_settime(tf, 0, &its, NULL);
  signal(SIGALRM, on_alarm);
  struct itimerval it = { { 0, 45000 }, { 0, 45000 } };
  setitimer(ITIMER_REAL, &it, NULL);
  pid_t child = fork();
  if (child == 0) {
    close(p[0]);
    for (int i = 0; i < 5; i++) {
      struct timespec ts = { 0, 20000000 };
      nanosleep(&ts, NULL);
      char msg[16];
      int n = snprintf(msg, sizeof msg, "m%d", i);
      write(p[1], msg, n);
      uint64_t one = 1;
      write(ev, &one, 8);
    }
    return 7;
  }
  close(p[1]);
  int ep = epoll_create1(0);
  struct epoll_event e = { .events = EPOLLIN };
  e.data.fd = p[0]; epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e);
  e.data.fd = ev; epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e);
  e.data.fd = tf; epoll_ctl(ep, EPOLL_CTL_ADD, tf, &e);
  int open = 1, ticks = 0;
  while (open || ticks < 8) {
    struct epoll_event out[4];
    int n = epoll_wait(ep, out, 4, 1000);
    if (n < 0) continue; // EINTR from SIGALRM
    for (int i = 0; i < n; i++) {
      int fd = out[i].data.fd;
      if (fd == p[0]) {
        char buf[64];
        ssize_t r = read(p[0], buf, sizeof buf - 1);
        if (r <= 0) { open = 0; epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL); continue; }
        buf[r] = 0;
        printf("pipe %s\n", buf);
      } else if (fd == ev) {
        uint64_t v; read(ev, &v, 8);
        printf("eventfd %llu\n", (unsigned long long)v);
      } else {
        uint64_t v; read(tf, &v, 8);
        ticks += (int)v;
        printf("timer %d\n", ticks);
      }
    }
  }
  int status;
  waitpid(child, &status, 0);
  printf("child %d alarms>0 %d\n", WEXITSTATUS(status), alarms > 0);
  return 0;
}
