/* What if pidfd_open, pidfd_send_signal or waitid(P_PIDFD) misbehave?
 *
 * A child sleeping in pause(): its pidfd is close-on-exec and polls not readable; a signal
 * through pidfd_send_signal (SIGTERM) kills it, after which the pidfd polls readable and
 * waitid(P_PIDFD) reports CLD_KILLED/SIGTERM; pidfd_send_signal to the exited (now reaped)
 * process is ESRCH.  A PIDFD_NONBLOCK pidfd of a running child makes waitid EAGAIN.  Errors:
 * pid 0 and bad flags EINVAL (pidfd_send_signal's three target flags are accepted alone), a pid nobody has ESRCH, pidfd_send_signal on a non-pidfd EBADF,
 * with flags EINVAL; read of a pidfd EINVAL.  pidfd_getfd: a child's descriptor, got by its
 * parent, shares the child's open file description (its offset) and is close-on-exec; a
 * descriptor the child has not EBADF, flags EINVAL, a reaped child ESRCH.  Its oracle is the
 * host's kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK O_NONBLOCK
#endif

static int pidfd_open(pid_t pid, unsigned flags) { return (int)syscall(SYS_pidfd_open, pid, flags); }
static int pidfd_send_signal(int fd, int sig, siginfo_t *info, unsigned flags) {
  return (int)syscall(SYS_pidfd_send_signal, fd, sig, info, flags);
}

int main(void) {
  pid_t c = fork();
  if (c == 0) {
    for (;;) pause();
  }
  int fd = pidfd_open(c, 0);
  CHECK_TRUE("pidfd_open", fd >= 0);
  CHECK_EQ("  close-on-exec", fcntl(fd, F_GETFD), FD_CLOEXEC);
  struct pollfd p = {fd, POLLIN, 0};
  CHECK_EQ("running: poll", poll(&p, 1, 0), 0);
  char b[8];
  errno = 0;
  CHECK_TRUE("read: EINVAL", read(fd, b, sizeof b) == -1 && errno == EINVAL);
  CHECK_EQ("signal 0 checks it lives", pidfd_send_signal(fd, 0, NULL, 0), 0);
  errno = 0;
  CHECK_TRUE("flags: EINVAL", pidfd_send_signal(fd, SIGTERM, NULL, 8) == -1 && errno == EINVAL);
  CHECK_EQ("SIGTERM through the pidfd", pidfd_send_signal(fd, SIGTERM, NULL, 0), 0);
  CHECK_EQ("exited: poll", poll(&p, 1, 5000), 1);
  CHECK_EQ("  POLLIN", p.revents & POLLIN, POLLIN);
  siginfo_t si = {0};
  CHECK_EQ("waitid P_PIDFD", waitid(P_PIDFD, fd, &si, WEXITED), 0);
  CHECK_EQ("  CLD_KILLED", si.si_code, CLD_KILLED);
  CHECK_EQ("  SIGTERM", si.si_status, SIGTERM);
  CHECK_TRUE("  pid", si.si_pid == c);
  errno = 0;
  CHECK_TRUE("signal after reaping: ESRCH", pidfd_send_signal(fd, SIGTERM, NULL, 0) == -1 && errno == ESRCH);
  close(fd);

  c = fork();
  if (c == 0) {
    struct timespec ts = {0, 100000000};
    nanosleep(&ts, NULL);
    _exit(3);
  }
  fd = pidfd_open(c, PIDFD_NONBLOCK);
  errno = 0;
  CHECK_TRUE("PIDFD_NONBLOCK: waitid EAGAIN while it runs", waitid(P_PIDFD, fd, &si, WEXITED) == -1 && errno == EAGAIN);
  p.fd = fd;
  CHECK_EQ("poll until it exits", poll(&p, 1, 5000), 1);
  CHECK_EQ("then waitid", waitid(P_PIDFD, fd, &si, WEXITED), 0);
  CHECK_EQ("  CLD_EXITED", si.si_code, CLD_EXITED);
  CHECK_EQ("  status 3", si.si_status, 3);
  close(fd);

  errno = 0;
  CHECK_TRUE("pid 0: EINVAL", pidfd_open(0, 0) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("bad flags: EINVAL", pidfd_open(getpid(), 1) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("nobody: ESRCH", pidfd_open(4000000, 0) == -1 && errno == ESRCH);
  errno = 0;
  CHECK_TRUE("send on stdin: EBADF", pidfd_send_signal(0, SIGTERM, NULL, 0) == -1 && errno == EBADF);
  int self = pidfd_open(getpid(), 0);
  CHECK_TRUE("own pidfd", self >= 0);
  CHECK_EQ("  signal 0 to self", pidfd_send_signal(self, 0, NULL, 0), 0);
  errno = 0;
  CHECK_TRUE("  two target flags: EINVAL", pidfd_send_signal(self, 0, NULL, 3) == -1 && errno == EINVAL);
  signal(SIGUSR1, SIG_IGN);
  CHECK_EQ("  PIDFD_SIGNAL_THREAD", pidfd_send_signal(self, SIGUSR1, NULL, 1), 0);

  // pidfd_getfd: the child's pipe read end, got by the parent, reads what is written.
  int sync[2], data[2];
  CHECK_EQ("pipes", pipe(sync) | pipe(data), 0);
  c = fork();
  if (c == 0) {
    close(sync[0]);
    if (dup2(data[0], 40) != 40) _exit(1);
    close(data[0]);
    close(data[1]);
    char ready = 'r';
    write(sync[1], &ready, 1);
    for (;;) pause();
  }
  close(sync[1]);
  close(data[0]);
  char r;
  CHECK_EQ("child ready", read(sync[0], &r, 1), 1);
  fd = pidfd_open(c, 0);
  int got = (int)syscall(SYS_pidfd_getfd, fd, 40, 0);
  CHECK_TRUE("pidfd_getfd of the child's fd 40", got >= 0);
  CHECK_EQ("  close-on-exec", fcntl(got, F_GETFD), FD_CLOEXEC);
  CHECK_EQ("  write into the pipe", write(data[1], "shared", 6), 6);
  char buf[8] = {0};
  CHECK_EQ("  read through the fd got", read(got, buf, sizeof buf), 6);
  CHECK_TRUE("  the bytes", memcmp(buf, "shared", 6) == 0);
  errno = 0;
  CHECK_TRUE("  an fd the child has not: EBADF", syscall(SYS_pidfd_getfd, fd, 41, 0) == -1 && errno == EBADF);
  errno = 0;
  CHECK_TRUE("  flags: EINVAL", syscall(SYS_pidfd_getfd, fd, 40, 1) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("  not a pidfd: EBADF", syscall(SYS_pidfd_getfd, got, 40, 0) == -1 && errno == EBADF);
  kill(c, SIGKILL);
  CHECK_TRUE("  reap the child", waitpid(c, NULL, 0) == c);
  errno = 0;
  CHECK_TRUE("  a reaped child: ESRCH", syscall(SYS_pidfd_getfd, fd, 40, 0) == -1 && errno == ESRCH);
  return summary("pidfd");
}
