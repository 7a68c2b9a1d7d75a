/* What if ioprio_set/ioprio_get (busybox ionice) keep or report I/O priorities differently
 * than Linux?  In a fresh process group: a process that never set one reports class NONE;
 * BE and IDLE round trip; a child inherits; the group reports its best member (an unset one
 * counting as BE at the level its nice value implies); hints are kept; class 5 and level > 0
 * with NONE are EINVAL; which 7 is EINVAL; nobody's pid ESRCH.  Its oracle is the host's
 * kernel (the group excludes the host's other processes).  A session leader (as the first
 * process under Aster is) cannot start a process group, so the checks run in a child.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define WHO_PROCESS 1
#define WHO_PGRP 2
#define PRIO(cls, level) (((cls) << 13) | (level))

static long get(int which, int who) { return syscall(SYS_ioprio_get, which, who); }
static long set(int which, int who, int prio) { return syscall(SYS_ioprio_set, which, who, prio); }

static int checks(void) {
  CHECK_EQ("setpgid", setpgid(0, 0), 0);
  CHECK_EQ("never set: NONE", get(WHO_PROCESS, 0), 0);
  CHECK_EQ("the group: BE at nice 0's level 4", get(WHO_PGRP, 0), PRIO(2, 4));
  CHECK_EQ("set BE 7", set(WHO_PROCESS, 0, PRIO(2, 7)), 0);
  CHECK_EQ("  get", get(WHO_PROCESS, getpid()), PRIO(2, 7));
  pid_t c = fork();
  if (c == 0) {
    _exit(get(WHO_PROCESS, 0) == PRIO(2, 7) && set(WHO_PROCESS, 0, PRIO(2, 1)) == 0 && (pause(), 1) ? 0 : 1);
  }
  struct timespec ts = {0, 50000000};
  nanosleep(&ts, NULL);
  CHECK_EQ("the child's own (set to BE 1)", get(WHO_PROCESS, c), PRIO(2, 1));
  CHECK_EQ("the group's best: BE 1", get(WHO_PGRP, 0), PRIO(2, 1));
  kill(c, SIGKILL);
  waitpid(c, NULL, 0);
  CHECK_EQ("set IDLE", set(WHO_PROCESS, 0, PRIO(3, 0)), 0);
  CHECK_EQ("  get", get(WHO_PROCESS, 0), PRIO(3, 0));
  CHECK_EQ("set NONE", set(WHO_PROCESS, 0, 0), 0);
  CHECK_EQ("  get", get(WHO_PROCESS, 0), 0);
  errno = 0;
  CHECK_TRUE("class 5: EINVAL", set(WHO_PROCESS, 0, PRIO(5, 0)) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("NONE with a level: EINVAL", set(WHO_PROCESS, 0, PRIO(0, 3)) == -1 && errno == EINVAL);
  CHECK_EQ("a hint is kept", set(WHO_PROCESS, 0, PRIO(2, 0) | (100 << 3)), 0);
  CHECK_EQ("  get", get(WHO_PROCESS, 0), PRIO(2, 0) | (100 << 3));
  errno = 0;
  CHECK_TRUE("which 7: EINVAL", get(7, 0) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("nobody's pid: ESRCH", get(WHO_PROCESS, 4000000) == -1 && errno == ESRCH);
  return summary("ioprio");
}

int main(void) {
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    int r = checks();
    fflush(stdout);
    _exit(r);
  }
  int st = 0;
  waitpid(c, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
