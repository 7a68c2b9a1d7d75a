/* What if signalfd gives the wrong records, blocks when it should not, or polls wrongly?
 *
 * Blocks SIGUSR1, SIGUSR2 and SIGCHLD, then: an empty non-blocking signalfd reads EAGAIN and
 * polls not readable; after raise(SIGUSR2) and raise(SIGUSR1) it polls readable and one read
 * with room for four records returns both, lowest number first, with si_code SI_TKILL and our
 * pid; a buffer under 128 bytes is EINVAL; a child's exit arrives as SIGCHLD with its status;
 * changing the mask through signalfd4(fd, ...) stops SIGUSR1 being read (it stays pending);
 * SIGKILL in the mask is ignored; a blocking read wakes when a child sends SIGUSR2; signalfd4
 * on a non-signalfd is EINVAL, bad flags EINVAL; a blocked signal is queued even when ignored,
 * and setting SIG_IGN discards it.  Its oracle is the host's kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  sigaddset(&set, SIGCHLD);
  sigprocmask(SIG_BLOCK, &set, NULL);

  int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  CHECK_TRUE("signalfd", fd >= 0);
  struct signalfd_siginfo si[4];
  errno = 0;
  CHECK_TRUE("empty: EAGAIN", read(fd, si, sizeof si) == -1 && errno == EAGAIN);
  struct pollfd p = {fd, POLLIN, 0};
  CHECK_EQ("empty: poll", poll(&p, 1, 0), 0);
  raise(SIGUSR2);
  raise(SIGUSR1);
  CHECK_EQ("two pending: poll", poll(&p, 1, 0), 1);
  CHECK_EQ("  revents", p.revents, POLLIN);
  errno = 0;
  CHECK_TRUE("short buffer: EINVAL", read(fd, si, 100) == -1 && errno == EINVAL);
  CHECK_EQ("read both", read(fd, si, sizeof si), 2 * sizeof si[0]);
  CHECK_EQ("  first SIGUSR1", si[0].ssi_signo, SIGUSR1);
  CHECK_EQ("  then SIGUSR2", si[1].ssi_signo, SIGUSR2);
  CHECK_EQ("  si_code SI_TKILL", (int32_t)si[0].ssi_code, SI_TKILL);
  CHECK_TRUE("  ssi_pid is ours", si[0].ssi_pid == (uint32_t)getpid());

  pid_t c = fork();
  if (c == 0) _exit(7);
  p.revents = 0;
  CHECK_EQ("SIGCHLD: poll with a timeout", poll(&p, 1, 5000), 1);
  CHECK_EQ("read SIGCHLD", read(fd, si, sizeof si), sizeof si[0]);
  CHECK_EQ("  signo", si[0].ssi_signo, SIGCHLD);
  CHECK_EQ("  code CLD_EXITED", (int32_t)si[0].ssi_code, CLD_EXITED);
  CHECK_EQ("  status", si[0].ssi_status, 7);
  CHECK_TRUE("  pid", si[0].ssi_pid == (uint32_t)c);
  waitpid(c, NULL, 0);

  sigset_t only2;
  sigemptyset(&only2);
  sigaddset(&only2, SIGUSR2);
  sigaddset(&only2, SIGKILL);
  CHECK_EQ("new mask through signalfd4", signalfd(fd, &only2, 0), fd);
  raise(SIGUSR1);
  errno = 0;
  CHECK_TRUE("SIGUSR1 no longer read", read(fd, si, sizeof si) == -1 && errno == EAGAIN);
  sigset_t pend;
  sigpending(&pend);
  CHECK_TRUE("  it stays pending", sigismember(&pend, SIGUSR1));
  struct timespec zero = {0, 0};
  CHECK_EQ("  sigtimedwait takes it", sigtimedwait(&set, NULL, &zero), SIGUSR1);

  int bfd = signalfd(-1, &only2, 0);
  pid_t parent = getpid();
  c = fork();
  if (c == 0) {
    struct timespec ts = {0, 50000000};
    nanosleep(&ts, NULL);
    kill(parent, SIGUSR2);
    _exit(0);
  }
  CHECK_EQ("blocking read wakes on a child's kill", read(bfd, si, sizeof si), sizeof si[0]);
  CHECK_EQ("  SIGUSR2", si[0].ssi_signo, SIGUSR2);
  CHECK_EQ("  SI_USER", (int32_t)si[0].ssi_code, SI_USER);
  waitpid(c, NULL, 0);
  sigtimedwait(&set, NULL, &zero); /* the SIGCHLD */

  /* A blocked signal is queued even when ignored; setting SIG_IGN discards it. */
  signal(SIGUSR1, SIG_IGN);
  raise(SIGUSR1);
  sigpending(&pend);
  CHECK_TRUE("a blocked, ignored signal is pending", sigismember(&pend, SIGUSR1));
  signal(SIGUSR1, SIG_IGN);
  sigpending(&pend);
  CHECK_TRUE("  setting SIG_IGN discards it", !sigismember(&pend, SIGUSR1));
  signal(SIGUSR1, SIG_DFL);

  errno = 0;
  CHECK_TRUE("signalfd4 on a pipe: EINVAL", signalfd(0, &set, 0) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("bad flags: EINVAL", signalfd(-1, &set, 0x1) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("bad sizemask: EINVAL", syscall(SYS_signalfd4, -1, &set, 4, 0) == -1 && errno == EINVAL);
  char b;
  errno = 0;
  CHECK_TRUE("write: EINVAL", write(fd, &b, 1) == -1 && errno == EINVAL);
  return summary("sigfd");
}
