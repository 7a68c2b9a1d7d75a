/* What if clone3's CLONE_CLEAR_SIGHAND, which glibc's posix_spawn and system() use, is refused
 * or does not reset the child's handlers?
 *
 * The parent handles SIGUSR1 (SA_RESTART, SIGTERM in its mask), ignores SIGUSR2 and ignores
 * SIGPIPE with SA_RESTART. A child made by clone3 with CLONE_CLEAR_SIGHAND has SIGUSR1 back at
 * SIG_DFL and SIGUSR2 and SIGPIPE still ignored, none with flags or a mask; the parent keeps
 * its own. Errors: with CLONE_SIGHAND, an unknown flag above 32 bits, exit-signal bits in the
 * flags and CLONE_DETACHED are EINVAL. After execve the same reset holds (the program runs
 * itself again with an argument). Its oracle is the host's kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static void handler(int s) { (void)s; }

static void show(const char *who) {
  static const int sigs[] = {SIGUSR1, SIGUSR2, SIGPIPE};
  static const char *names[] = {"SIGUSR1", "SIGUSR2", "SIGPIPE"};
  for (int i = 0; i < 3; i++) {
    struct sigaction sa;
    sigaction(sigs[i], NULL, &sa);
    const char *h = sa.sa_handler == SIG_DFL ? "SIG_DFL" : sa.sa_handler == SIG_IGN ? "SIG_IGN" : "handler";
    printf("%s: %s %s, SA_RESTART %d, SIGTERM in mask %d\n", who, names[i], h, (sa.sa_flags & SA_RESTART) != 0,
           sigismember(&sa.sa_mask, SIGTERM));
  }
  fflush(stdout);
}

/* `sig`'s action: `h`, with SA_RESTART and SIGTERM in its mask. */
static void set_action(int sig, void (*h)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = h;
  sa.sa_flags = SA_RESTART;
  sigaddset(&sa.sa_mask, SIGTERM);
  sigaction(sig, &sa, NULL);
}

static long clone3_with(unsigned long long flags, int exit_signal) {
  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  ca.flags = flags;
  ca.exit_signal = exit_signal;
  return syscall(SYS_clone3, &ca, sizeof ca);
}

int main(int argc, char **argv) {
  if (argc > 1) {
    show("after execve");
    return 0;
  }
  set_action(SIGUSR1, handler);
  signal(SIGUSR2, SIG_IGN);
  set_action(SIGPIPE, SIG_IGN);

  long pid = clone3_with(CLONE_CLEAR_SIGHAND, SIGCHLD);
  CHECK(pid >= 0, "clone3 CLONE_CLEAR_SIGHAND: errno %d", errno);
  if (pid == 0) {
    show("child");
    _exit(0);
  }
  int status;
  CHECK_TRUE("waitpid", waitpid(pid, &status, 0) == pid);
  CHECK_EQ("child exit", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
  show("parent");

  ERRNO_IS("CLONE_CLEAR_SIGHAND|CLONE_SIGHAND", clone3_with(CLONE_CLEAR_SIGHAND | CLONE_SIGHAND | CLONE_VM, SIGCHLD), EINVAL);
  ERRNO_IS("a flag above 32 bits", clone3_with(1ULL << 40, SIGCHLD), EINVAL);
  ERRNO_IS("an exit signal in the flags", clone3_with(SIGCHLD, 0), EINVAL);
  ERRNO_IS("CLONE_DETACHED", clone3_with(CLONE_DETACHED, SIGCHLD), EINVAL);

  pid = fork();
  if (pid == 0) {
    execl("/proc/self/exe", argv[0], "again", (char *)NULL);
    _exit(127);
  }
  CHECK_TRUE("waitpid after execve", waitpid(pid, &status, 0) == pid);
  CHECK_EQ("exec'd child exit", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
  return summary("clearsighand");
}
