/* What if execveat(2) misbehaves? (glibc's fexecve and programs that exec what a directory
 * descriptor names use it.)
 *
 * execveat.c runs itself again through execveat: by a descriptor of its own file with
 * AT_EMPTY_PATH (and through glibc's fexecve), by a directory descriptor and a name in it, and
 * by an absolute path with AT_FDCWD. Each child checks the name it was given (AT_EXECFN: the
 * path, or /dev/fd/N[/name] when a descriptor named the file, as Linux makes it) and its comm
 * (the last part of that name, or the file's own name when a descriptor alone named it), and
 * exits 7. Then the errors: unknown flags (EINVAL), an empty
 * path without AT_EMPTY_PATH (ENOENT), a final symlink with AT_SYMLINK_NOFOLLOW (ELOOP), a
 * relative name with a descriptor that is not a directory (ENOTDIR), a bad descriptor (EBADF)
 * and a directory (EACCES). qemu-user cannot run a riscv64 program's exec: the oracle is this
 * program built for the host and run on the host's Linux.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

extern char **environ;

static long execveat_(int dirfd, const char *path, char *const argv[], int flags) {
  return syscall(SYS_execveat, dirfd, path, argv, environ, flags);
}

/* In a child: exec ourselves through `how`, expecting AT_EXECFN `execfn` and comm `comm`. */
static void run(const char *what, int how, int fd, const char *path, const char *execfn, const char *comm) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char *args[] = {"execveat", "child", (char *)execfn, (char *)comm, NULL};
    if (how == 0) execveat_(fd, path, args, AT_EMPTY_PATH);
    else if (how == 1) fexecve(fd, args, environ);
    else execveat_(fd, path, args, 0);
    _exit(100 + errno);
  }
  int st;
  waitpid(pid, &st, 0);
  printf("%s: status %d\n", what, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "%s: status %x", what, st);
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "child") == 0) {
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    char comm[16] = {0};
    prctl(PR_GET_NAME, comm);
    if (strcmp(execfn, argv[2]) != 0 || strcmp(comm, argv[3]) != 0) {
      printf("child: execfn %s (want %s), comm %s (want %s)\n", execfn, argv[2], comm, argv[3]);
      return 8;
    }
    return 7;
  }
  char self[256] = {0};
  CHECK(readlink("/proc/self/exe", self, sizeof self - 1) > 0, "readlink /proc/self/exe");
  char dir[256], base[256];
  strcpy(dir, self);
  strcpy(dir, dirname(dir));
  strcpy(base, self);
  strcpy(base, basename(base));

  int fd = open(self, O_RDONLY);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK(fd >= 0 && dfd >= 0, "open self and its directory");
  char name[300], comm[16];
  snprintf(name, sizeof name, "/dev/fd/%d", fd);
  snprintf(comm, sizeof comm, "%.15s", base);
  run("AT_EMPTY_PATH on the file's descriptor", 0, fd, "", name, comm);
  run("fexecve", 1, fd, "", name, comm);
  snprintf(name, sizeof name, "/dev/fd/%d/%s", dfd, base);
  run("a name in a directory descriptor", 2, dfd, base, name, comm);
  run("an absolute path with AT_FDCWD", 2, AT_FDCWD, self, self, comm);

  char *args[] = {"execveat", NULL};
  ERRNO_IS("unknown flags", execveat_(AT_FDCWD, self, args, 0x8), EINVAL);
  ERRNO_IS("an empty path without AT_EMPTY_PATH", execveat_(fd, "", args, 0), ENOENT);
  CHECK_EQ("symlink to ourselves", symlink(self, "/tmp/execveat-link"), 0);
  ERRNO_IS("a final symlink with AT_SYMLINK_NOFOLLOW", execveat_(AT_FDCWD, "/tmp/execveat-link", args, AT_SYMLINK_NOFOLLOW), ELOOP);
  unlink("/tmp/execveat-link");
  ERRNO_IS("a name with a descriptor that is not a directory", execveat_(fd, "x", args, 0), ENOTDIR);
  ERRNO_IS("a bad descriptor", execveat_(99, "x", args, 0), EBADF);
  ERRNO_IS("a directory", execveat_(AT_FDCWD, dir, args, 0), EACCES);
  return summary("execveat");
}
