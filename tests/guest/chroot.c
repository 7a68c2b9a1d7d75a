/* What if chroot(2) does not confine path lookup as Linux does?  As root, in a fresh directory
 * under /tmp: a file outside and one inside the jail; chroot without chdir leaves the cwd
 * outside (getcwd says "(unreachable)..."), yet absolute paths and absolute symlinks resolve
 * inside; after chdir("/"), ".." stays at the new root and getcwd says "/"; chroot to a file
 * is ENOTDIR, to nowhere ENOENT, and for nobody EPERM.  Its oracle is the host's kernel (run
 * as root, as CI does).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0;
}

int main(void) {
  if (getuid() != 0) {
    printf("chroot: must start as root\n");
    return 1;
  }
  char dir[] = "/tmp/chrootXXXXXX";
  if (!mkdtemp(dir) || chdir(dir) != 0) return 2;
  chmod(".", 0755);
  mkdir("jail", 0755);
  mkdir("jail/sub", 0755);
  close(open("jail/inside", O_CREAT | O_WRONLY, 0644));
  close(open("outside", O_CREAT | O_WRONLY, 0644));
  CHECK_EQ("symlink /inside in the jail", symlink("/inside", "jail/sub/abs"), 0);

  pid_t c = fork();
  if (c == 0) {
    if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
    errno = 0;
    int r = chroot("jail");
    _exit(r == -1 && errno == EPERM ? 0 : 1);
  }
  int st = 0;
  waitpid(c, &st, 0);
  CHECK_TRUE("nobody may not chroot (EPERM)", WIFEXITED(st) && WEXITSTATUS(st) == 0);
  errno = 0;
  CHECK_TRUE("chroot to a file: ENOTDIR", chroot("outside") == -1 && errno == ENOTDIR);
  errno = 0;
  CHECK_TRUE("chroot to nowhere: ENOENT", chroot("nowhere") == -1 && errno == ENOENT);

  CHECK_EQ("chroot jail", chroot("jail"), 0);
  char cwd[4096];
  /* (glibc's getcwd refuses such a path with ENOENT since 2.27; the system call gives it.) */
  CHECK_TRUE("getcwd: the cwd is outside", syscall(SYS_getcwd, cwd, sizeof cwd) > 0 && !strncmp(cwd, "(unreachable)", 13) && strstr(cwd, dir + 5));
  errno = 0;
  CHECK_TRUE("  glibc's getcwd: ENOENT", getcwd(cwd, sizeof cwd) == NULL && errno == ENOENT);
  CHECK_TRUE("/inside is the jail's", exists("/inside"));
  CHECK_TRUE("/outside is not reachable by name", !exists("/outside"));
  CHECK_TRUE("an absolute symlink resolves inside", exists("/sub/abs"));
  CHECK_TRUE("the old cwd still reaches outside (relative path)", exists("outside"));
  CHECK_EQ("chdir /", chdir("/"), 0);
  CHECK_TRUE("getcwd /", getcwd(cwd, sizeof cwd) && !strcmp(cwd, "/"));
  CHECK_EQ("chdir ..", chdir(".."), 0);
  CHECK_TRUE("  still /", getcwd(cwd, sizeof cwd) && !strcmp(cwd, "/"));
  CHECK_TRUE("  /../inside is the jail's", exists("/../inside"));
  CHECK_EQ("chdir sub", chdir("sub"), 0);
  CHECK_TRUE("getcwd /sub", getcwd(cwd, sizeof cwd) && !strcmp(cwd, "/sub"));
  unlink("/sub/abs");
  rmdir("/sub");
  unlink("/inside");
  return summary("chroot");
}
