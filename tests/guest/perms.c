/* What if file permissions (the mode bits against the caller's ids) are not enforced as on
 * Linux?  As root, makes a private directory under /tmp with files and directories of
 * several modes; then a child drops to nobody (65534) and tries to read, write, create,
 * delete, rename, chmod, chown, utimes, truncate, chdir, access and exec, and to take root's
 * descriptors with pidfd_getfd (EPERM; its own it may); root's own bypass
 * (but not of exec bits) is checked after.  Its oracle is the host's kernel (which must run
 * it as root, as CI does).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define NOBODY 65534

static void make(const char *path, mode_t mode) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (write(fd, "data\n", 5) != 5) printf("write %s failed\n", path);
  close(fd);
  chmod(path, mode);
}

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

static void as_nobody(void) {
  int parent = (int)syscall(SYS_pidfd_open, getppid(), 0);
  CHECK_TRUE("pidfd_open of root's process", parent >= 0);
  ERRNO_IS("pidfd_getfd of root's descriptor", syscall(SYS_pidfd_getfd, parent, 0, 0), EPERM);
  int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
  int mine = (int)syscall(SYS_pidfd_getfd, self, 0, 0);
  CHECK_TRUE("pidfd_getfd of its own descriptor", mine >= 0);
  close(mine), close(self), close(parent);
  ERRNO_IS("open 0600 for reading", open("f600", O_RDONLY), EACCES);
  int fd = open("f644", O_RDONLY);
  CHECK_TRUE("open 0644 for reading", fd >= 0);
  close(fd);
  ERRNO_IS("open 0644 for writing", open("f644", O_WRONLY), EACCES);
  fd = open("f666", O_RDWR);
  CHECK_TRUE("open 0666 read-write", fd >= 0);
  close(fd);
  struct stat st;
  ERRNO_IS("stat through a 0700 directory", stat("d700/inner", &st), EACCES);
  ERRNO_IS("chdir into a 0700 directory", chdir("d700"), EACCES);
  ERRNO_IS("create in a 0755 directory", open("d755/new", O_WRONLY | O_CREAT, 0644), EACCES);
  ERRNO_IS("mkdir in a 0755 directory", mkdir("d755/sub", 0755), EACCES);
  ERRNO_IS("symlink in a 0755 directory", symlink("x", "d755/link"), EACCES);
  ERRNO_IS("unlink in a 0755 directory", unlink("d755/root-file"), EACCES);
  fd = open("sticky/mine", O_WRONLY | O_CREAT, 0640);
  CHECK_TRUE("create in a sticky 1777 directory", fd >= 0);
  fstat(fd, &st);
  CHECK_EQ("  owned by nobody", st.st_uid, NOBODY);
  CHECK_EQ("  in nobody's group", st.st_gid, NOBODY);
  close(fd);
  CHECK_EQ("mkdir in the sticky directory", mkdir("sticky/mydir", 0700), 0);
  ERRNO_IS("unlink root's file in the sticky directory", unlink("sticky/root-file"), EPERM);
  ERRNO_IS("rename root's file in the sticky directory", rename("sticky/root-file", "sticky/stolen"), EPERM);
  CHECK_EQ("rename my own file there", rename("sticky/mine", "sticky/mine2"), 0);
  ERRNO_IS("rename it over root's file", rename("sticky/mine2", "sticky/root-file"), EPERM);
  ERRNO_IS("chmod root's file", chmod("f666", 0777), EPERM);
  CHECK_EQ("chmod my file", chmod("sticky/mine2", 0600), 0);
  ERRNO_IS("chown my file to root", chown("sticky/mine2", 0, -1), EPERM);
  ERRNO_IS("chown my file to group 0", chown("sticky/mine2", -1, 0), EPERM);
  CHECK_EQ("chown my file to my own group", chown("sticky/mine2", -1, NOBODY), 0);
  struct timespec times[2] = {{1, 0}, {2, 0}};
  ERRNO_IS("explicit times on root's 0666 file", utimensat(AT_FDCWD, "f666", times, 0), EPERM);
  CHECK_EQ("times = now on root's 0666 file", utimensat(AT_FDCWD, "f666", NULL, 0), 0);
  ERRNO_IS("times = now on root's 0644 file", utimensat(AT_FDCWD, "f644", NULL, 0), EACCES);
  ERRNO_IS("truncate root's 0644 file", truncate("f644", 0), EACCES);
  CHECK_EQ("truncate root's 0666 file", truncate("f666", 1), 0);
  ERRNO_IS("access R_OK on 0600", access("f600", R_OK), EACCES);
  CHECK_EQ("access R_OK on 0644", access("f644", R_OK), 0);
  ERRNO_IS("access W_OK on 0644", access("f644", W_OK), EACCES);
  ERRNO_IS("access X_OK on 0755-less file", access("f666", X_OK), EACCES);
  char *argv[] = {"f644", NULL};
  ERRNO_IS("exec a 0644 file", execv("f644", argv), EACCES);
  ERRNO_IS("mknod a character device", mknod("sticky/dev", S_IFCHR | 0600, makedev(1, 3)), EPERM);
  CHECK_EQ("mknod a FIFO", mknod("sticky/fifo", S_IFIFO | 0600, 0), 0);
  unlink("sticky/fifo");
  unlink("sticky/mine2");
  rmdir("sticky/mydir");
}

int main(void) {
  if (getuid() != 0) {
    printf("perms: must start as root\n");
    return 1;
  }
  char dir[] = "/tmp/permsXXXXXX";
  if (!mkdtemp(dir) || chdir(dir) != 0) return 2;
  chmod(".", 0755);
  make("f600", 0600);
  make("f644", 0644);
  make("f666", 0666);
  mkdir("d700", 0700);
  make("d700/inner", 0644);
  mkdir("d755", 0755);
  make("d755/root-file", 0644);
  mkdir("sticky", 01777);
  chmod("sticky", 01777);
  make("sticky/root-file", 0666);

  pid_t c = fork();
  if (c == 0) {
    if (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0) _exit(3);
    as_nobody();
    fflush(stdout);
    _exit(g_fails ? 1 : 0);
  }
  int status = 0;
  waitpid(c, &status, 0);
  CHECK_TRUE("the unprivileged child passed", WIFEXITED(status) && WEXITSTATUS(status) == 0);

  int fd = open("f600", O_RDWR);
  CHECK_TRUE("root opens 0600 read-write", fd >= 0);
  close(fd);
  ERRNO_IS("root access X_OK on a file with no x bit", access("f644", X_OK), EACCES);
  CHECK_EQ("root access X_OK on a directory", access("d700", X_OK), 0);
  CHECK_EQ("root unlinks in the sticky directory", unlink("sticky/root-file"), 0);

  unlink("f600"), unlink("f644"), unlink("f666");
  unlink("d700/inner"), rmdir("d700");
  unlink("d755/root-file"), rmdir("d755");
  rmdir("sticky");
  chdir("/");
  rmdir(dir);
  return summary("perms");
}
