/* What if a file's mode, owner or times change the wrong file, change too much, or ignore
 * UTIME_NOW / UTIME_OMIT?
 *
 * attrs.c SCRATCH: fchmod, fchmodat (through a symlink), fchown/fchownat (-1 keeps, set-ID
 * bits dropped, AT_SYMLINK_NOFOLLOW, bad flags), utimensat (explicit times, UTIME_OMIT,
 * UTIME_NOW, NULL times, both omitted, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, the fd form with a
 * NULL path, EINVAL/EFAULT cases). Times are set to values chosen here (halves and quarters of
 * a second, exact on every file system) or compared as "recent".
 */
#include "fscheck.h"
#include <sys/syscall.h>

#define SEC 1000000000LL

static long long mtime_ns(const char *path, int follow) {
  struct stat st;
  if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) return -1;
  return st.st_mtim.tv_sec * SEC + st.st_mtim.tv_nsec;
}

static long long atime_ns(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  return st.st_atim.tv_sec * SEC + st.st_atim.tv_nsec;
}

/* "Now" on any machine that runs this test is after 2020. */
static int recent(long long ns) {
  return ns > 1577836800LL * SEC;
}

static int mode_of(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static void test_chmod(void) {
  put("f", "x");
  int fd = open("f", O_RDWR);
  OK("fchmod 600", fchmod(fd, 0600));
  OCT("  mode", mode_of("f"), 0600);
  OK("fchmodat 4755", fchmodat(AT_FDCWD, "f", 04755, 0));
  OCT("  mode", mode_of("f"), 04755);
  OK("fchmod with type bits set (only 07777 counts)", fchmod(fd, S_IFDIR | 0644));
  struct stat st;
  OK("  fstat", fstat(fd, &st));
  YES("  still a regular file, mode 644", S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644);
  OK("symlink s -> f", symlink("f", "s"));
  OK("fchmodat through a symlink", fchmodat(AT_FDCWD, "s", 0640, 0));
  OCT("  the file's mode", mode_of("f"), 0640);
  OK("  lstat s", lstat("s", &st));
  YES("  the symlink is untouched", S_ISLNK(st.st_mode));
  ERR("fchmod a bad fd", fchmod(99, 0600), EBADF);
  ERR("fchmodat a missing file", fchmodat(AT_FDCWD, "missing", 0600, 0), ENOENT);
  ERR("fchmodat f/ (trailing slash)", fchmodat(AT_FDCWD, "f/", 0600, 0), ENOTDIR);
  close(fd);
}

static void test_chown(void) {
  struct stat st;
  int fd = open("f", O_RDWR);
  OK("fchown to our own ids", fchown(fd, getuid(), getgid()));
  OK("  fstat", fstat(fd, &st));
  YES("  owner and group are ours", st.st_uid == getuid() && st.st_gid == getgid());
  OK("fchmod 6755", fchmod(fd, 06755));
  OK("fchown -1 -1", fchown(fd, -1, -1));
  OCT("  set-user-ID and set-group-ID dropped", mode_of("f"), 0755);
  OK("fchmod 2745 (set-group-ID without group execute)", fchmod(fd, 02745));
  OK("fchown -1 -1", fchown(fd, -1, -1));
  OCT("  set-group-ID kept", mode_of("f"), 02745);
  OK("mkdir d, chmod 2755", mkdir("d", 0755) | chmod("d", 02755));
  OK("chown a directory -1 -1", chown("d", -1, -1));
  OCT("  a directory keeps set-group-ID", mode_of("d"), 02755);
  OK("fchownat through a symlink", fchownat(AT_FDCWD, "s", getuid(), getgid(), 0));
  OK("fchownat AT_SYMLINK_NOFOLLOW (lchown)", fchownat(AT_FDCWD, "s", getuid(), getgid(), AT_SYMLINK_NOFOLLOW));
  OK("lchown", lchown("s", -1, -1));
  ERR("fchownat bad flags", fchownat(AT_FDCWD, "f", 0, 0, 1), EINVAL);
  ERR("fchownat a missing file", fchownat(AT_FDCWD, "missing", 0, 0, 0), ENOENT);
  ERR("fchownat \"\" without AT_EMPTY_PATH", fchownat(fd, "", getuid(), getgid(), 0), ENOENT);
  OK("fchownat AT_EMPTY_PATH on an fd", fchownat(fd, "", getuid(), getgid(), AT_EMPTY_PATH));
  ERR("fchown a bad fd", fchown(99, 0, 0), EBADF);
  close(fd);
}

static void test_utimensat(void) {
  struct timespec ts[2] = {{1000000000, 500000000}, {1100000000, 250000000}};
  OK("utimensat explicit times", utimensat(AT_FDCWD, "f", ts, 0));
  EQ("  atime ns", atime_ns("f"), 1000000000LL * SEC + 500000000);
  EQ("  mtime ns", mtime_ns("f", 1), 1100000000LL * SEC + 250000000);
  struct stat st;
  OK("  stat", stat("f", &st));
  YES("  ctime is recent", recent(st.st_ctim.tv_sec * SEC));

  struct timespec omit_a[2] = {{0, UTIME_OMIT}, {1200000000, 0}};
  OK("utimensat atime UTIME_OMIT", utimensat(AT_FDCWD, "f", omit_a, 0));
  EQ("  atime kept", atime_ns("f"), 1000000000LL * SEC + 500000000);
  EQ("  mtime set", mtime_ns("f", 1), 1200000000LL * SEC);

  struct timespec now_m[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
  OK("utimensat mtime UTIME_NOW", utimensat(AT_FDCWD, "f", now_m, 0));
  EQ("  atime kept", atime_ns("f"), 1000000000LL * SEC + 500000000);
  YES("  mtime is recent", recent(mtime_ns("f", 1)));

  struct timespec both_omit[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
  OK("utimensat both UTIME_OMIT on a missing file (no lookup)", utimensat(AT_FDCWD, "missing", both_omit, 0));

  OK("utimensat explicit again", utimensat(AT_FDCWD, "f", ts, 0));
  OK("utimensat NULL times", utimensat(AT_FDCWD, "f", NULL, 0));
  YES("  atime is recent", recent(atime_ns("f")));
  YES("  mtime is recent", recent(mtime_ns("f", 1)));

  struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
  ERR("utimensat tv_nsec 1e9", utimensat(AT_FDCWD, "f", bad, 0), EINVAL);
  struct timespec neg[2] = {{0, -1}, {0, 0}};
  ERR("utimensat tv_nsec -1", utimensat(AT_FDCWD, "f", neg, 0), EINVAL);
  ERR("utimensat bad flags", utimensat(AT_FDCWD, "f", ts, 1), EINVAL);
  ERR("utimensat a missing file", utimensat(AT_FDCWD, "missing", ts, 0), ENOENT);

  struct timespec lts[2] = {{1300000000, 0}, {1300000000, 0}};
  long long before = mtime_ns("f", 1);
  OK("utimensat AT_SYMLINK_NOFOLLOW on a symlink", utimensat(AT_FDCWD, "s", lts, AT_SYMLINK_NOFOLLOW));
  EQ("  the symlink's mtime", mtime_ns("s", 0), 1300000000LL * SEC);
  YES("  the file's mtime is untouched", mtime_ns("f", 1) == before);
  OK("utimensat through a symlink", utimensat(AT_FDCWD, "s", lts, 0));
  EQ("  the file's mtime", mtime_ns("f", 1), 1300000000LL * SEC);

  int fd = open("f", O_RDONLY);
  struct timespec fts[2] = {{1400000000, 750000000}, {1400000000, 750000000}};
  OK("utimensat(fd, NULL path) (futimens)", syscall(SYS_utimensat, fd, NULL, fts, 0));
  EQ("  mtime", mtime_ns("f", 1), 1400000000LL * SEC + 750000000);
  ERR("utimensat(fd, NULL path) with flags", syscall(SYS_utimensat, fd, NULL, fts, AT_SYMLINK_NOFOLLOW), EINVAL);
  ERR("utimensat(AT_FDCWD, NULL path)", syscall(SYS_utimensat, AT_FDCWD, NULL, fts, 0), EFAULT);
  ERR("utimensat(bad fd, NULL path)", syscall(SYS_utimensat, 99, NULL, fts, 0), EBADF);
  OK("futimens", futimens(fd, ts));
  EQ("  mtime", mtime_ns("f", 1), 1100000000LL * SEC + 250000000);
  OK("utimensat(fd, \"\", AT_EMPTY_PATH)", utimensat(fd, "", lts, AT_EMPTY_PATH));
  EQ("  mtime", mtime_ns("f", 1), 1300000000LL * SEC);
  ERR("utimensat(fd, \"\") without AT_EMPTY_PATH", utimensat(fd, "", lts, 0), ENOENT);
  close(fd);

  OK("mkdir t", mkdir("t", 0755));
  OK("utimensat a directory", utimensat(AT_FDCWD, "t", ts, 0));
  EQ("  its mtime", mtime_ns("t", 1), 1100000000LL * SEC + 250000000);
  put("t/new", "n");
  YES("  creating an entry moved it on", mtime_ns("t", 1) > 1100000000LL * SEC + 250000000);
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  umask(022);
  enter(argv[1], "attrs");
  test_chmod();
  test_chown();
  test_utimensat();
  return summary("attrs");
}
