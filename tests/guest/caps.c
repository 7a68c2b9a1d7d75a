/* What if capabilities are reported but not enforced, or change wrongly with the user ids?
 *
 * caps.c (run as root) reads its sets with capget(2) and /proc/self/status, drops and raises
 * capabilities with capset(2) and checks what each one allows (chown, reading a file with no
 * permissions, signalling another user's process), and follows the sets through setresuid,
 * setfsuid, PR_SET_KEEPCAPS, the bounding set and execve, each in a child. Only relations are
 * printed (subset, equal, a given bit), never the raw sets: root's full set depends on the
 * kernel's version and the machine it runs on.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

struct sets {
  uint64_t eff, prm, inh;
};

static int capget_(pid_t pid, struct sets *s) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, pid};
  struct __user_cap_data_struct d[2];
  int r = syscall(SYS_capget, &h, d);
  if (r == 0) {
    s->eff = d[0].effective | (uint64_t)d[1].effective << 32;
    s->prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
    s->inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
  }
  return r;
}

static int capset_(struct sets s) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2] = {
      {(uint32_t)s.eff, (uint32_t)s.prm, (uint32_t)s.inh},
      {(uint32_t)(s.eff >> 32), (uint32_t)(s.prm >> 32), (uint32_t)(s.inh >> 32)}};
  return syscall(SYS_capset, &h, d);
}

static struct sets now(void) {
  struct sets s = {0, 0, 0};
  CHECK(capget_(0, &s) == 0, "capget: errno %d", errno);
  return s;
}

#define BIT(c) ((uint64_t)1 << (c))

static uint64_t status_field(const char *name) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  uint64_t v = ~(uint64_t)0;
  size_t n = strlen(name);
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, name, n) == 0 && line[n] == ':') v = strtoull(line + n + 1, NULL, 16);
  if (f) fclose(f);
  return v;
}

static struct sets root;
static char file[512];

/* Run `fn` in a child; its exit status is printed. */
static void in_child(const char *what, int (*fn)(void)) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(fn());
  int st = 0;
  waitpid(pid, &st, 0);
  printf("%s: exit %d\n", what, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static int nonroot(void) {
  CHECK(setresuid(1000, 1000, 1000) == 0, "setresuid");
  struct sets s = now();
  CHECK_TRUE("all ids 1000: effective empty", s.eff == 0);
  CHECK_TRUE("all ids 1000: permitted empty", s.prm == 0);
  ERRNO_IS("all ids 1000: kill root's process", kill(getppid(), 0), EPERM);
  ERRNO_IS("all ids 1000: chown", chown(file, 1000, 1000), EPERM);
  ERRNO_IS("all ids 1000: setuid(0)", setuid(0), EPERM);
  ERRNO_IS("all ids 1000: capset raise", capset_((struct sets){BIT(CAP_KILL), BIT(CAP_KILL), 0}), EPERM);
  return 0;
}

static int keepcaps(void) {
  CHECK_EQ("PR_SET_KEEPCAPS", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0), 0);
  CHECK_EQ("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0), 1);
  CHECK(setresuid(1000, 1000, 1000) == 0, "setresuid");
  struct sets s = now();
  CHECK_TRUE("keepcaps: effective empty", s.eff == 0);
  CHECK_TRUE("keepcaps: permitted kept", s.prm == root.prm);
  ERRNO_IS("keepcaps: kill root's process without CAP_KILL", kill(getppid(), 0), EPERM);
  CHECK_EQ("keepcaps: raise CAP_KILL", capset_((struct sets){BIT(CAP_KILL), s.prm, 0}), 0);
  CHECK_EQ("keepcaps: kill root's process with CAP_KILL", kill(getppid(), 0), 0);
  return 0;
}

static int euid_only(void) {
  CHECK(setresuid(-1, 1000, -1) == 0, "seteuid 1000");
  struct sets s = now();
  CHECK_TRUE("euid 1000: effective empty", s.eff == 0);
  CHECK_TRUE("euid 1000: permitted kept", s.prm == root.prm);
  ERRNO_IS("euid 1000: read a file of mode 0", open(file, O_RDONLY), EACCES);
  CHECK(setresuid(-1, 0, -1) == 0, "seteuid 0");
  s = now();
  CHECK_TRUE("euid 0 again: effective is permitted", s.eff == s.prm);
  int fd = open(file, O_RDONLY);
  CHECK_TRUE("euid 0 again: read a file of mode 0", fd >= 0);
  close(fd);
  return 0;
}

static int fsuid(void) {
  setfsuid(1000);
  struct sets s = now();
  CHECK_TRUE("fsuid 1000: no CAP_CHOWN", !(s.eff & BIT(CAP_CHOWN)));
  CHECK_TRUE("fsuid 1000: no CAP_DAC_OVERRIDE", !(s.eff & BIT(CAP_DAC_OVERRIDE)));
  CHECK_TRUE("fsuid 1000: CAP_KILL kept", (s.eff & BIT(CAP_KILL)) != 0);
  CHECK_TRUE("fsuid 1000: permitted kept", s.prm == root.prm);
  ERRNO_IS("fsuid 1000: read a file of mode 0", open(file, O_RDONLY), EACCES);
  setfsuid(0);
  s = now();
  CHECK_TRUE("fsuid 0 again: effective is permitted", s.eff == s.prm);
  return 0;
}

static int bounding(void) {
  CHECK_EQ("CAPBSET_READ CAP_CHOWN", prctl(PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0), 1);
  ERRNO_IS("CAPBSET_READ 99", prctl(PR_CAPBSET_READ, 99, 0, 0, 0), EINVAL);
  CHECK_EQ("CAPBSET_DROP CAP_CHOWN", prctl(PR_CAPBSET_DROP, CAP_CHOWN, 0, 0, 0), 0);
  CHECK_EQ("CAPBSET_READ CAP_CHOWN after drop", prctl(PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0), 0);
  CHECK_TRUE("bounding drop leaves permitted", (now().prm & BIT(CAP_CHOWN)) != 0);
  fflush(stdout);
  execl("/proc/self/exe", "caps", "--after-exec", file, (char *)NULL);
  return 99;
}

/* After the exec of the bounding test: the dropped capability is gone for good. */
static int after_exec(void) {
  struct sets s = now();
  CHECK_TRUE("after exec: no CAP_CHOWN permitted", !(s.prm & BIT(CAP_CHOWN)));
  CHECK_TRUE("after exec: effective is permitted", s.eff == s.prm);
  ERRNO_IS("after exec: chown", chown(file, 1000, 1000), EPERM);
  return summary("caps after exec");
}

static int exec_restores(void) {
  CHECK_EQ("drop every effective capability", capset_((struct sets){0, root.prm, 0}), 0);
  ERRNO_IS("no effective capabilities: chown", chown(file, 1000, 1000), EPERM);
  fflush(stdout);
  execl("/proc/self/exe", "caps", "--check-root", file, (char *)NULL);
  return 99;
}

static int check_root(void) {
  struct sets s = now();
  CHECK_TRUE("root after exec: effective is permitted", s.eff == s.prm && s.eff != 0);
  return summary("caps root after exec");
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--after-exec") == 0) {
    snprintf(file, sizeof file, "%s", argv[2]);
    return after_exec();
  }
  if (argc == 3 && strcmp(argv[1], "--check-root") == 0) {
    snprintf(file, sizeof file, "%s", argv[2]);
    return check_root();
  }
  root = now();
  CHECK_TRUE("root: effective is permitted", root.eff == root.prm);
  CHECK_TRUE("root: inheritable empty", root.inh == 0);
  CHECK_TRUE("root: has CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_KILL, CAP_SETUID, CAP_SETPCAP",
             (root.eff & (BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_KILL) | BIT(CAP_SETUID) | BIT(CAP_SETPCAP))) ==
                 (BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_KILL) | BIT(CAP_SETUID) | BIT(CAP_SETPCAP)));
  CHECK_TRUE("/proc/self/status CapEff", status_field("CapEff") == root.eff);
  CHECK_TRUE("/proc/self/status CapPrm", status_field("CapPrm") == root.prm);
  CHECK_TRUE("/proc/self/status CapInh", status_field("CapInh") == root.inh);
  struct sets parent;
  CHECK_EQ("capget of the parent", capget_(getppid(), &parent), 0);
  CHECK_EQ("capget of no such pid", capget_(999999, &parent) == -1 && errno == ESRCH, 1);

  struct __user_cap_header_struct h = {0x12345678, 0};
  struct __user_cap_data_struct d[2];
  ERRNO_IS("capget, unknown version", syscall(SYS_capget, &h, d), EINVAL);
  CHECK_EQ("version the kernel prefers", h.version, _LINUX_CAPABILITY_VERSION_3);
  h.version = 0x12345678;
  CHECK_EQ("capget, unknown version, no data", syscall(SYS_capget, &h, NULL), 0);
  h.version = _LINUX_CAPABILITY_VERSION_1;
  CHECK_EQ("capget v1", syscall(SYS_capget, &h, d), 0);
  CHECK_TRUE("v1: the low 32 bits", d[0].effective == (uint32_t)root.eff);

  char tmpl[] = "/tmp/capsXXXXXX";
  int fd = mkstemp(tmpl);
  CHECK(fd >= 0, "mkstemp");
  close(fd);
  snprintf(file, sizeof file, "%s", tmpl);
  CHECK(chmod(file, 0) == 0, "chmod 0");

  CHECK_EQ("drop CAP_CHOWN from effective", capset_((struct sets){root.eff & ~BIT(CAP_CHOWN), root.prm, 0}), 0);
  ERRNO_IS("chown without CAP_CHOWN", chown(file, 1000, 1000), EPERM);
  CHECK_EQ("raise it again", capset_(root), 0);
  CHECK_EQ("chown with CAP_CHOWN", chown(file, 1000, 1000), 0);
  CHECK_EQ("chown back", chown(file, 0, 0), 0);

  uint64_t dac = BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH);
  CHECK_EQ("drop the DAC capabilities", capset_((struct sets){root.eff & ~dac, root.prm, 0}), 0);
  ERRNO_IS("read a file of mode 0 without them", open(file, O_RDONLY), EACCES);
  CHECK_EQ("keep only CAP_DAC_READ_SEARCH", capset_((struct sets){(root.eff & ~dac) | BIT(CAP_DAC_READ_SEARCH), root.prm, 0}), 0);
  fd = open(file, O_RDONLY);
  CHECK_TRUE("read it with CAP_DAC_READ_SEARCH", fd >= 0);
  close(fd);
  ERRNO_IS("write it with CAP_DAC_READ_SEARCH", open(file, O_WRONLY), EACCES);
  CHECK_EQ("all back", capset_(root), 0);

  ERRNO_IS("effective outside permitted", capset_((struct sets){root.eff, root.prm & ~BIT(CAP_KILL), 0}), EPERM);
  ERRNO_IS("capset of another process", ({
             struct __user_cap_header_struct h2 = {_LINUX_CAPABILITY_VERSION_3, getpid() + 1000};
             struct __user_cap_data_struct d2[2] = {{0, 0, 0}, {0, 0, 0}};
             syscall(SYS_capset, &h2, d2);
           }), EPERM);

  in_child("setresuid(1000, 1000, 1000)", nonroot);
  in_child("keepcaps", keepcaps);
  in_child("effective uid only", euid_only);
  in_child("file-system uid", fsuid);
  in_child("bounding set", bounding);
  in_child("exec as root", exec_restores);

  /* Dropping a permitted capability is for good. */
  CHECK_EQ("drop CAP_KILL from permitted", capset_((struct sets){root.eff & ~BIT(CAP_KILL), root.prm & ~BIT(CAP_KILL), 0}), 0);
  ERRNO_IS("raise it again", capset_(root), EPERM);
  unlink(file);
  return summary("caps");
}
