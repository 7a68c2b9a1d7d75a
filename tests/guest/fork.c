/* What if fork, wait and pipes lose a child's status or its output?
 *
 * fork.c checks process creation as a static glibc program uses it: fork (the child sees 0,
 * the parent a positive pid, memory is copied not shared), waitpid returning the child's
 * exit status (WIFEXITED/WEXITSTATUS) and a signal death (WIFSIGNALED/WTERMSIG for a child
 * killed by SIGKILL and one dying of SIGSEGV), a pipe carrying 100 KiB from child to
 * parent (more than the pipe buffer) with EOF once the writer exits, vfork + _exit,
 * getppid in the child being the parent's pid, wait with no children failing ECHILD, and
 * stdout buffered data not duplicated when flushed before fork.  No pids are printed.
 *
 * Then rounds of fork over 64 pages, a different set of them written before each fork (a
 * kernel may copy pages written since the last fork at once, the rest copy-on-write): the
 * child must see every page as it was at the fork although the parent rewrites them all at
 * once, and the child's scribbles must not reach the parent.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int shared_probe = 5;

int main(void) {
  fflush(stdout);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    shared_probe = 6;
    _exit(getppid() == parent ? 7 : 8);
  }
  CHECK_TRUE("fork returned a pid", pid > 0);
  int st = 0;
  CHECK_TRUE("waitpid returns the child", waitpid(pid, &st, 0) == pid);
  CHECK_TRUE("child exited normally", WIFEXITED(st));
  CHECK_EQ("child status (7 = saw the right getppid)", WEXITSTATUS(st), 7);
  CHECK_EQ("parent memory not changed by the child", shared_probe, 5);

  pid = fork();
  if (pid == 0) {
    for (;;) pause();
  }
  CHECK_EQ("kill child", kill(pid, SIGKILL), 0);
  CHECK_TRUE("waitpid killed child", waitpid(pid, &st, 0) == pid);
  CHECK_TRUE("WIFSIGNALED", WIFSIGNALED(st));
  CHECK_EQ("WTERMSIG", WTERMSIG(st), SIGKILL);

  pid = fork();
  if (pid == 0) {
    *(volatile int *)opaque(0) = 1;
    _exit(0);
  }
  waitpid(pid, &st, 0);
  CHECK_TRUE("segfaulting child: WIFSIGNALED", WIFSIGNALED(st));
  CHECK_EQ("segfaulting child: WTERMSIG", WTERMSIG(st), SIGSEGV);

  int fds[2];
  CHECK_EQ("pipe", pipe(fds), 0);
  pid = fork();
  if (pid == 0) {
    close(fds[0]);
    static char buf[100 * 1024];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (char)(i * 7);
    size_t off = 0;
    while (off < sizeof buf) {
      ssize_t n = write(fds[1], buf + off, sizeof buf - off);
      if (n <= 0) _exit(1);
      off += (size_t)n;
    }
    _exit(0);
  }
  close(fds[1]);
  static char in[100 * 1024 + 10];
  size_t got = 0;
  ssize_t n;
  while ((n = read(fds[0], in + got, sizeof in - got)) > 0) got += (size_t)n;
  CHECK_EQ("read until EOF", n, 0);
  CHECK_EQ("bytes through the pipe", got, 100 * 1024);
  int ok = 1;
  for (size_t i = 0; i < got; i++) ok &= in[i] == (char)(i * 7);
  CHECK_TRUE("pipe content", ok);
  waitpid(pid, &st, 0);
  CHECK_TRUE("writer exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
  close(fds[0]);

  pid = vfork();
  if (pid == 0) _exit(3);
  CHECK_TRUE("vfork child", waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3);

  static long pages[64][512]; /* 64 pages of 4 KiB */
  for (int round = 0; round < 4; round++) {
    for (int p = round % 3; p < 64; p += round + 1) pages[p][(p * 7) % 512] += round * 1000 + p;
    long want = 0;
    for (int p = 0; p < 64; p++) want += pages[p][(p * 7) % 512] * (p + 1);
    int sums[2];
    CHECK_EQ("pipe for the sum", pipe(sums), 0);
    pid = fork();
    if (pid == 0) {
      close(sums[0]);
      long sum = 0;
      for (int p = 0; p < 64; p++) sum += pages[p][(p * 7) % 512] * (p + 1);
      if (write(sums[1], &sum, sizeof sum) != sizeof sum) _exit(2);
      for (int p = 0; p < 64; p++) pages[p][(p * 7) % 512] = -1;
      _exit(0);
    }
    close(sums[1]);
    for (int p = 0; p < 64; p++) pages[p][(p * 7) % 512] += 1;
    long seen = 0;
    CHECK_EQ("child's sum read", read(sums[0], &seen, sizeof seen), (ssize_t)sizeof seen);
    close(sums[0]);
    CHECK_TRUE("child saw every page as at the fork", seen == want);
    CHECK_TRUE("fork round child exited 0", waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    long after = 0;
    for (int p = 0; p < 64; p++) after += pages[p][(p * 7) % 512] * (p + 1);
    CHECK_TRUE("parent kept its own writes, not the child's", after == want + 64 * 65 / 2);
  }

  printf("line printed before fork, flushed once\n");
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    printf("child line\n");
    fflush(stdout);
    _exit(0);
  }
  waitpid(pid, &st, 0);
  errno = 0;
  CHECK_TRUE("wait with no children: ECHILD", wait(&st) == -1 && errno == ECHILD);
  return summary("fork");
}
