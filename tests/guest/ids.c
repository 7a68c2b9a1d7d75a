/* What if the identity syscalls or uname give an implausible answer?
 *
 * ids.c prints only what is the same under any Linux kernel running this binary:
 * uname's sysname ("Linux") and machine ("riscv64").  Everything else is checked as a
 * property and printed as yes/no: getuid == geteuid, getgid == getegid, getresuid and
 * getresgid agreeing, getgroups succeeding, getpid > 0 and == gettid (one thread),
 * getppid >= 0, getpgrp/getsid(0) >= 0 (0 is legal: under a container the session
 * leader can live outside our pid namespace, as on CI), uname's release looking like
 * "N.N...", nodename non-empty, and gethostname agreeing with nodename.  A forked child
 * that calls setsid() must then be leader of its own session and process group.  setfsuid and
 * setfsgid with -1 report the file-system ids, which follow the effective ones.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/fsuid.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

int main(void) {
  struct utsname u;
  CHECK_EQ("uname", uname(&u), 0);
  printf("sysname = %s\n", u.sysname);
  printf("machine = %s\n", u.machine);
  CHECK_TRUE("sysname is Linux", !strcmp(u.sysname, "Linux"));
  CHECK_TRUE("machine is riscv64", !strcmp(u.machine, "riscv64"));
  CHECK_TRUE("release starts with N.N", u.release[0] >= '1' && u.release[0] <= '9' &&
                                            strchr(u.release, '.') != NULL);
  CHECK_TRUE("nodename non-empty", u.nodename[0] != 0);
  char host[256];
  CHECK_TRUE("gethostname == nodename", gethostname(host, sizeof host) == 0 && !strcmp(host, u.nodename));

  uid_t uid = getuid(), euid = geteuid();
  gid_t gid = getgid(), egid = getegid();
  CHECK_TRUE("getuid == geteuid", uid == euid);
  CHECK_TRUE("getgid == getegid", gid == egid);
  uid_t r, e, s;
  CHECK_TRUE("getresuid agrees", getresuid(&r, &e, &s) == 0 && r == uid && e == euid && s == euid);
  gid_t rg, eg, sg;
  CHECK_TRUE("getresgid agrees", getresgid(&rg, &eg, &sg) == 0 && rg == gid && eg == egid && sg == egid);
  int ng = getgroups(0, NULL);
  CHECK_TRUE("getgroups count >= 0", ng >= 0);
  pid_t pid = getpid();
  CHECK_TRUE("getpid > 0", pid > 0);
  CHECK_TRUE("gettid == getpid", (pid_t)syscall(SYS_gettid) == pid);
  CHECK_TRUE("getppid >= 0", getppid() >= 0);
  CHECK_TRUE("getpgrp >= 0", getpgrp() >= 0);
  CHECK_TRUE("getpgid(0) == getpgrp", getpgid(0) == getpgrp());
  CHECK_TRUE("getsid(0) >= 0", getsid(0) >= 0);
  pid_t child = fork();
  if (child == 0) {
    pid_t me = getpid();
    int ok = setsid() == me && getsid(0) == me && getpgrp() == me && getpgid(0) == me;
    _exit(ok ? 0 : 1);
  }
  int st = 0;
  CHECK_TRUE("fork for setsid", child > 0 && waitpid(child, &st, 0) == child);
  CHECK_TRUE("setsid child leads its session and group", WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK_TRUE("setfsuid(-1) asks: the effective uid", setfsuid(-1) == (int)euid);
  CHECK_TRUE("setfsgid(-1) asks: the effective gid", setfsgid(-1) == (int)egid);
  CHECK_TRUE("setfsuid(euid) returns the old one", setfsuid(euid) == (int)euid);
  CHECK_TRUE("getpid stable", getpid() == pid);
  return summary("ids");
}
