/* What if the scheduling-policy calls (sched_setscheduler/getscheduler/setparam, and
 * sched_setattr/getattr) record, report or inherit policies and nice values differently than
 * Linux for the normal policies (SCHED_OTHER, BATCH, IDLE)?  Its oracle is the host's kernel.
 * (Real-time policies are refused here with EPERM, a documented limit, so they are not
 * compared.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

struct attr {
  uint32_t size, policy;
  uint64_t flags;
  int32_t nice;
  uint32_t priority;
  uint64_t runtime, deadline, period;
  uint32_t util_min, util_max;
  uint8_t extra[8];
};

static long setattr(struct attr *a) { return syscall(SYS_sched_setattr, 0, a, 0); }
static long getattr(struct attr *a, unsigned size) { return syscall(SYS_sched_getattr, 0, a, size, 0); }

int main(void) {
  struct sched_param sp = {0};
  CHECK_EQ("getscheduler", sched_getscheduler(0), SCHED_OTHER);
  CHECK_EQ("setscheduler BATCH", sched_setscheduler(0, SCHED_BATCH, &sp), 0);
  CHECK_EQ("  get", sched_getscheduler(0), SCHED_BATCH);
  CHECK_EQ("setscheduler IDLE | RESET_ON_FORK", sched_setscheduler(0, SCHED_IDLE | SCHED_RESET_ON_FORK, &sp), 0);
  CHECK_EQ("  get", sched_getscheduler(0), SCHED_IDLE | SCHED_RESET_ON_FORK);
  setpriority(PRIO_PROCESS, 0, 5);
  pid_t c = fork();
  if (c == 0) _exit(sched_getscheduler(0) == SCHED_IDLE && getpriority(PRIO_PROCESS, 0) == 5 ? 0 : 1);
  int st = 0;
  waitpid(c, &st, 0);
  CHECK_TRUE("a child keeps IDLE (only real-time policies reset) and nice 5, without the flag", WIFEXITED(st) && WEXITSTATUS(st) == 0);
  sp.sched_priority = 1;
  errno = 0;
  CHECK_TRUE("setparam priority 1: EINVAL", sched_setparam(0, &sp) == -1 && errno == EINVAL);
  sp.sched_priority = 0;
  CHECK_EQ("setscheduler OTHER", sched_setscheduler(0, SCHED_OTHER, &sp), 0);

  struct attr a = {0};
  CHECK_EQ("getattr (48 bytes)", getattr(&a, 48), 0);
  CHECK_EQ("  size", a.size, 48);
  CHECK_EQ("  policy", a.policy, SCHED_OTHER);
  CHECK_EQ("  nice", a.nice, 5);
  memset(&a, 0, sizeof a);
  a.size = 48;
  a.policy = SCHED_BATCH;
  a.nice = 7;
  CHECK_EQ("setattr BATCH nice 7", setattr(&a), 0);
  CHECK_EQ("  getscheduler", sched_getscheduler(0), SCHED_BATCH);
  CHECK_EQ("  getpriority", getpriority(PRIO_PROCESS, 0), 7);
  memset(&a, 0, sizeof a);
  a.size = 48;
  a.flags = 0x08 | 0x10; /* KEEP_POLICY | KEEP_PARAMS */
  CHECK_EQ("setattr keeping policy and params", setattr(&a), 0);
  CHECK_EQ("  still BATCH", sched_getscheduler(0), SCHED_BATCH);
  CHECK_EQ("  still nice 7", getpriority(PRIO_PROCESS, 0), 7);
  memset(&a, 0, sizeof a);
  a.size = 8;
  errno = 0;
  CHECK_TRUE("setattr size 8: E2BIG", setattr(&a) == -1 && errno == E2BIG);
  CHECK_EQ("  our size written back", a.size, 56);
  memset(&a, 0, sizeof a);
  a.size = sizeof a;
  a.extra[3] = 1;
  errno = 0;
  CHECK_TRUE("setattr with non-zero bytes past our struct: E2BIG", setattr(&a) == -1 && errno == E2BIG);
  memset(&a, 0, sizeof a);
  a.size = 48;
  a.policy = SCHED_BATCH;
  a.nice = 25;
  CHECK_EQ("setattr nice 25 is clamped", setattr(&a), 0);
  CHECK_EQ("  to 19", getpriority(PRIO_PROCESS, 0), 19);
  a.nice = 0;
  a.flags = 0x80000;
  errno = 0;
  CHECK_TRUE("setattr unknown flag: EINVAL", setattr(&a) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("getattr size 40: EINVAL", getattr(&a, 40) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("getattr flags 1: EINVAL", syscall(SYS_sched_getattr, 0, &a, 48, 1) == -1 && errno == EINVAL);
  return summary("sched");
}
