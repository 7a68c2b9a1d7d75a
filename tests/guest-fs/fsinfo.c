/* What if statfs names the wrong file system or garbles struct statfs, or statx disagrees with
 * stat, misreads its flags, or mislays a field of the 256-byte struct statx?
 *
 * fsinfo.c SCRATCH: statfs/fstatfs (the magic of /proc, /sys, /dev and pipes, consistency between the
 * two calls and within the counts, errors) and statx (every basic field against stat(),
 * AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH with an fd and with AT_FDCWD, device numbers, the
 * mount-root attribute, invalid flags and masks). The scratch directory's own magic and
 * counts depend on the host, so only relations among them are printed.
 */
#include "fscheck.h"
#include <sys/statfs.h>
#include <sys/sysmacros.h>

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x2000
#endif

static void test_statfs(void) {
  struct statfs a, b;
  put("f", "0123456789");
  OK("statfs .", statfs(".", &a));
  YES("  f_bsize > 0", a.f_bsize > 0);
  YES("  f_frsize > 0", a.f_frsize > 0);
  EQ("  f_namelen", a.f_namelen, 255);
  YES("  ST_VALID in f_flags", a.f_flags & 0x20);
  YES("  f_bfree <= f_blocks", a.f_bfree <= a.f_blocks);
  YES("  f_bavail <= f_bfree", a.f_bavail <= a.f_bfree);
  YES("  f_ffree <= f_files", a.f_ffree <= a.f_files);
  int fd = open("f", O_RDONLY);
  OK("fstatfs a file in it", fstatfs(fd, &b));
  YES("  same f_type", a.f_type == b.f_type);
  YES("  same f_fsid", memcmp(&a.f_fsid, &b.f_fsid, sizeof a.f_fsid) == 0);
  YES("  same f_bsize", a.f_bsize == b.f_bsize);
  close(fd);
  OK("statfs /proc", statfs("/proc", &a));
  EQ("  f_type (PROC_SUPER_MAGIC)", a.f_type, 0x9fa0);
  OK("statfs /proc/self/maps", statfs("/proc/self/maps", &b));
  EQ("  f_type", b.f_type, 0x9fa0);
  OK("statfs /sys", statfs("/sys", &a));
  EQ("  f_type (SYSFS_MAGIC)", a.f_type, 0x62656572);
  OK("statfs /dev/null", statfs("/dev/null", &a));
  EQ("  f_type (TMPFS_MAGIC, devtmpfs)", a.f_type, 0x01021994);
  int p[2];
  OK("pipe", pipe(p));
  OK("fstatfs a pipe", fstatfs(p[0], &a));
  EQ("  f_type (PIPEFS_MAGIC)", a.f_type, 0x50495045);
  close(p[0]);
  close(p[1]);
  ERR("statfs a missing path", statfs("missing", &a), ENOENT);
  ERR("statfs f/ (trailing slash)", statfs("f/", &a), ENOTDIR);
  ERR("fstatfs a bad fd", fstatfs(99, &a), EBADF);
}

static void same_time(const char *what, struct statx_timestamp x, struct timespec s) {
  YES(what, x.tv_sec == s.tv_sec && x.tv_nsec == (unsigned)s.tv_nsec);
}

static void test_statx(void) {
  struct statx x;
  struct stat st;
  OK("symlink s -> f", symlink("f", "s"));
  struct timespec ts[2] = {{1000000000, 500000000}, {1100000000, 250000000}};
  OK("utimensat f", utimensat(AT_FDCWD, "f", ts, 0));
  memset(&x, 0xa5, sizeof x);
  OK("statx f", statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &x));
  OK("stat f", stat("f", &st));
  YES("  mask has STATX_BASIC_STATS", (x.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
  YES("  stx_mode", x.stx_mode == st.st_mode);
  YES("  stx_ino", x.stx_ino == st.st_ino);
  YES("  stx_nlink", x.stx_nlink == st.st_nlink);
  YES("  stx_uid, stx_gid", x.stx_uid == st.st_uid && x.stx_gid == st.st_gid);
  EQ("  stx_size", x.stx_size, 10);
  YES("  stx_blocks", x.stx_blocks == (unsigned long long)st.st_blocks);
  YES("  stx_blksize", x.stx_blksize == (unsigned)st.st_blksize);
  same_time("  stx_atime", x.stx_atime, st.st_atim);
  same_time("  stx_mtime", x.stx_mtime, st.st_mtim);
  same_time("  stx_ctime", x.stx_ctime, st.st_ctim);
  EQ("  stx_mtime.tv_nsec", x.stx_mtime.tv_nsec, 250000000);
  YES("  stx_dev", makedev(x.stx_dev_major, x.stx_dev_minor) == st.st_dev);
  YES("  stx_rdev 0", x.stx_rdev_major == 0 && x.stx_rdev_minor == 0);
  YES("  not a mount root", !(x.stx_attributes & STATX_ATTR_MOUNT_ROOT));

  OK("statx s AT_SYMLINK_NOFOLLOW", statx(AT_FDCWD, "s", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &x));
  YES("  a symlink of size 1", S_ISLNK(x.stx_mode) && x.stx_size == 1);
  OK("statx s", statx(AT_FDCWD, "s", 0, STATX_BASIC_STATS, &x));
  YES("  the file", S_ISREG(x.stx_mode) && x.stx_ino == st.st_ino);

  int fd = open("f", O_RDONLY);
  OK("statx(fd, \"\", AT_EMPTY_PATH)", statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &x));
  YES("  the file", x.stx_ino == st.st_ino);
  ERR("statx(fd, \"\") without AT_EMPTY_PATH", statx(fd, "", 0, STATX_BASIC_STATS, &x), ENOENT);
  close(fd);
  struct stat dot;
  OK("stat .", stat(".", &dot));
  OK("statx(AT_FDCWD, \"\", AT_EMPTY_PATH)", statx(AT_FDCWD, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &x));
  YES("  the working directory", x.stx_ino == dot.st_ino && S_ISDIR(x.stx_mode));
  OK("statx with mask 0", statx(AT_FDCWD, "f", 0, 0, &x));
  /* Which unrequested fields come back varies (Linux 6.13+ leaves out mtime and ctime). */
  YES("  still reports type, mode and size", (x.stx_mask & (STATX_TYPE | STATX_MODE | STATX_SIZE)) == (STATX_TYPE | STATX_MODE | STATX_SIZE));
  OK("statx AT_STATX_DONT_SYNC", statx(AT_FDCWD, "f", AT_STATX_DONT_SYNC, STATX_BASIC_STATS, &x));

  OK("statx /dev/null", statx(AT_FDCWD, "/dev/null", 0, STATX_BASIC_STATS, &x));
  YES("  a character device", S_ISCHR(x.stx_mode));
  EQ("  stx_rdev_major", x.stx_rdev_major, 1);
  EQ("  stx_rdev_minor", x.stx_rdev_minor, 3);
  OK("statx /proc", statx(AT_FDCWD, "/proc", 0, STATX_BASIC_STATS, &x));
  YES("  STATX_ATTR_MOUNT_ROOT is known", x.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT);
  YES("  /proc is a mount root", x.stx_attributes & STATX_ATTR_MOUNT_ROOT);

  ERR("statx bad flags", statx(AT_FDCWD, "f", 1, STATX_BASIC_STATS, &x), EINVAL);
  ERR("statx FORCE_SYNC|DONT_SYNC", statx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_BASIC_STATS, &x), EINVAL);
  ERR("statx STATX__RESERVED", statx(AT_FDCWD, "f", 0, 0x80000000u, &x), EINVAL);
  ERR("statx a missing path", statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &x), ENOENT);
  ERR("statx a bad dirfd", statx(99, "f", 0, STATX_BASIC_STATS, &x), EBADF);
  ERR("statx into a bad buffer", statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, (struct statx *)8), EFAULT);
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  umask(022);
  enter(argv[1], "fsinfo");
  test_statfs();
  test_statx();
  return summary("fsinfo");
}
