/* What if a descriptor opened with O_PATH, which names a file without opening it, is taken
 * for an open file by the calls that need one, or refused by the calls that only need a name?
 *
 * opath.c SCRATCH: fchmod, fchown, ftruncate, fallocate, fsync and utimensat(fd, NULL) refuse
 * an O_PATH descriptor (EBADF); fstatfs, statx, fchownat, utimensat and linkat with
 * AT_EMPTY_PATH accept it. O_PATH|O_DIRECTORY names only a directory: on anything else it is
 * ENOTDIR, as without O_PATH (GNU cp, mv and ln ask it of their target to learn whether it is
 * a directory).
 */
#include "fscheck.h"
#include <sys/statfs.h>
#include <sys/syscall.h>

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  umask(022);
  enter(argv[1], "opath");
  put("f", "data");
  int fd = open("f", O_PATH);
  OK("open O_PATH", fd);
  ERR("fchmod", fchmod(fd, 0600), EBADF);
  ERR("fchown", fchown(fd, -1, -1), EBADF);
  ERR("ftruncate", ftruncate(fd, 0), EBADF);
  ERR("fallocate", fallocate(fd, 0, 0, 1), EBADF);
  ERR("fsync", fsync(fd), EBADF);
  struct timespec ts[2] = {{1000000000, 0}, {1000000000, 0}};
  ERR("utimensat(fd, NULL)", syscall(SYS_utimensat, fd, NULL, ts, 0), EBADF);
  struct statfs sfs;
  OK("fstatfs", fstatfs(fd, &sfs));
  struct statx x;
  OK("statx AT_EMPTY_PATH", statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &x));
  EQ("  size", x.stx_size, 4);
  OK("fchownat AT_EMPTY_PATH", fchownat(fd, "", getuid(), getgid(), AT_EMPTY_PATH));
  OK("utimensat AT_EMPTY_PATH", utimensat(fd, "", ts, AT_EMPTY_PATH));
  struct stat st;
  OK("  stat", stat("f", &st));
  EQ("  mtime", st.st_mtim.tv_sec, 1000000000);
  OK("linkat AT_EMPTY_PATH", linkat(fd, "", AT_FDCWD, "f.l", AT_EMPTY_PATH));
  content("  f.l", "f.l", "data", 4);
  close(fd);
  ERR("O_PATH|O_DIRECTORY on a file", open("f", O_PATH | O_DIRECTORY), ENOTDIR);
  ERR("O_RDONLY|O_DIRECTORY on a file", open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
  OK("symlink", symlink("f", "f.s"));
  ERR("O_PATH|O_DIRECTORY|O_NOFOLLOW on a symlink", open("f.s", O_PATH | O_DIRECTORY | O_NOFOLLOW), ENOTDIR);
  ERR("O_DIRECTORY|O_NOFOLLOW on a symlink", open("f.s", O_RDONLY | O_DIRECTORY | O_NOFOLLOW), ENOTDIR);
  ERR("O_NOFOLLOW on a symlink", open("f.s", O_RDONLY | O_NOFOLLOW), ELOOP);
  OK("mkdir", mkdir("d", 0755));
  OK("symlink to a directory", symlink("d", "d.s"));
  fd = open("d.s", O_PATH | O_DIRECTORY);
  OK("O_PATH|O_DIRECTORY through a symlink to a directory", fd);
  close(fd);
  fd = open("d", O_RDONLY | O_DIRECTORY);
  OK("O_DIRECTORY on a directory", fd);
  close(fd);
  return summary("opath");
}
