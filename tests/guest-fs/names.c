/* What if renaming, linking and making nodes break at the edges: replacing what must not be
 * replaced, moving a directory into itself, linking a directory or a symlink, names with a
 * trailing slash?
 *
 * names.c SCRATCH MEMDIR: renameat2 (plain, RENAME_NOREPLACE, RENAME_EXCHANGE, bad flags,
 * directory rules, hard links of one file), linkat (AT_SYMLINK_FOLLOW, AT_EMPTY_PATH,
 * EEXIST/EPERM/EXDEV/ENOENT), symlinkat and mknodat (files; FIFOs and sockets in MEMDIR,
 * which is a tmpfs directory under Aster, since a host mount holds only regular files).
 */
#include "fscheck.h"
#include <stdio.h>
#include <sys/sysmacros.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#endif

static void test_rename(int dfd) {
  put("a", "A");
  put("b", "B");
  ERR("renameat2 NOREPLACE onto an existing file", renameat2(AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE), EEXIST);
  content("  a kept", "a", "A", 1);
  content("  b kept", "b", "B", 1);
  OK("renameat2 NOREPLACE to a free name", renameat2(AT_FDCWD, "a", AT_FDCWD, "c", RENAME_NOREPLACE));
  YES("  old name gone", !exists("a"));
  content("  new name has the data", "c", "A", 1);
  ERR("renameat2 NOREPLACE|EXCHANGE", renameat2(AT_FDCWD, "c", AT_FDCWD, "b", RENAME_NOREPLACE | RENAME_EXCHANGE), EINVAL);
  ERR("renameat2 unknown flag", renameat2(AT_FDCWD, "c", AT_FDCWD, "b", 0x40), EINVAL);
  ERR("renameat2 missing source", renameat2(AT_FDCWD, "missing", AT_FDCWD, "x", 0), ENOENT);
  ERR("renameat2 EXCHANGE with a missing target", renameat2(AT_FDCWD, "c", AT_FDCWD, "nothing", RENAME_EXCHANGE), ENOENT);
  OK("rename over an existing file", rename("c", "b"));
  content("  target replaced", "b", "A", 1);
  YES("  source gone", !exists("c"));
  OK("renameat2 through directory fds", renameat2(dfd, "b", dfd, "b2", 0));
  content("  moved", "b2", "A", 1);

  OK("mkdir d and d/sub", mkdir("d", 0755) | mkdir("d/sub", 0755));
  ERR("rename a directory into itself", rename("d", "d/sub/x"), EINVAL);
  ERR("rename a directory onto its ancestor", rename("d/sub", "d"), ENOTEMPTY);
  ERR("rename a file over a directory", rename("b2", "d"), EISDIR);
  ERR("rename a directory over a file", rename("d", "b2"), ENOTDIR);
  OK("mkdir full/z", mkdir("full", 0755) | mkdir("full/z", 0755));
  ERR("rename a directory over a non-empty one", rename("d", "full"), ENOTEMPTY);
  OK("mkdir empty", mkdir("empty", 0755));
  OK("rename a directory over an empty one", rename("d", "empty"));
  YES("  contents came along", exists("empty/sub"));
  YES("  old name gone", !exists("d"));
  ERR("rename file/ (trailing slash)", rename("b2/", "q"), ENOTDIR);
  ERR("rename to q/ (trailing slash)", rename("b2", "q/"), ENOTDIR);
  OK("rename dir/ to dir2/", rename("empty/", "moved/"));
  ERR("rename .", rename(".", "x"), EBUSY);
  ERR("rename into a missing directory", rename("b2", "nodir/x"), ENOENT);

  OK("link b2 b3", link("b2", "b3"));
  OK("rename between two links of one file", rename("b2", "b3"));
  YES("  both names remain", exists("b2") && exists("b3"));
  ERR("renameat2 NOREPLACE onto the same name", renameat2(AT_FDCWD, "b3", AT_FDCWD, "b3", RENAME_NOREPLACE), EEXIST);
  OK("rename a name onto itself", rename("b3", "b3"));
  YES("  still there", exists("b3"));
}

static void test_exchange(void) {
  put("e1", "one");
  put("e2", "two");
  OK("mkdir ed", mkdir("ed", 0755));
  put("ed/inner", "x");
  OK("renameat2 EXCHANGE two files", renameat2(AT_FDCWD, "e1", AT_FDCWD, "e2", RENAME_EXCHANGE));
  content("  e1 now", "e1", "two", 3);
  content("  e2 now", "e2", "one", 3);
  OK("renameat2 EXCHANGE a file and a directory", renameat2(AT_FDCWD, "e1", AT_FDCWD, "ed", RENAME_EXCHANGE));
  content("  ed is the file", "ed", "two", 3);
  content("  e1/inner is in the directory", "e1/inner", "x", 1);
  struct stat st;
  OK("stat the memdir", stat(".", &st));
  EQ("  its link count (2 + one subdirectory)", st.st_nlink, 3);
  ERR("renameat2 EXCHANGE a directory with its own child", renameat2(AT_FDCWD, "e1", AT_FDCWD, "e1/inner", RENAME_EXCHANGE), EINVAL);
}

static void test_link(int dfd) {
  struct stat a, b;
  put("f", "data");
  OK("linkat f f.l", linkat(AT_FDCWD, "f", dfd, "f.l", 0));
  OK("  stat both", stat("f", &a) | stat("f.l", &b));
  YES("  one inode", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
  EQ("  link count", a.st_nlink, 2);
  ERR("linkat onto an existing name", linkat(AT_FDCWD, "f", AT_FDCWD, "f.l", 0), EEXIST);
  OK("mkdir dl", mkdir("dl", 0755));
  ERR("linkat a directory", linkat(AT_FDCWD, "dl", AT_FDCWD, "dl2", 0), EPERM);
  ERR("linkat a missing file", linkat(AT_FDCWD, "nope", AT_FDCWD, "nope2", 0), ENOENT);
  ERR("linkat bad flags", linkat(AT_FDCWD, "f", AT_FDCWD, "f.x", 1), EINVAL);
  ERR("linkat to name/ (trailing slash)", linkat(AT_FDCWD, "f", AT_FDCWD, "nf/", 0), ENOENT);
  ERR("linkat into a missing directory", linkat(AT_FDCWD, "f", AT_FDCWD, "nodir/x", 0), ENOENT);
  ERR("linkat across file systems (/proc)", linkat(AT_FDCWD, "/proc/cpuinfo", AT_FDCWD, "cpu", 0), EXDEV);
  OK("symlink s -> f", symlink("f", "s"));
  OK("linkat s (no follow)", linkat(AT_FDCWD, "s", AT_FDCWD, "s.l", 0));
  OK("  lstat", lstat("s.l", &b));
  YES("  the link is a symlink", S_ISLNK(b.st_mode));
  OK("linkat s AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, "s", AT_FDCWD, "s.f", AT_SYMLINK_FOLLOW));
  OK("  lstat", lstat("s.f", &b));
  YES("  the link is the file", S_ISREG(b.st_mode) && b.st_ino == a.st_ino);
  int fd = open("f", O_RDONLY);
  OK("linkat AT_EMPTY_PATH from an open fd", linkat(fd, "", AT_FDCWD, "f.e", AT_EMPTY_PATH));
  content("  f.e", "f.e", "data", 4);
  OK("stat f", stat("f", &a));
  EQ("  link count now", a.st_nlink, 4);
  ERR("linkat \"\" without AT_EMPTY_PATH", linkat(fd, "", AT_FDCWD, "f.g", 0), ENOENT);
  close(fd);
}

static void test_symlink(int dfd) {
  char buf[64];
  OK("symlinkat", symlinkat("target/x", dfd, "sym"));
  long n = readlink("sym", buf, sizeof buf);
  same_bytes("  readlink", buf, n, "target/x", 8);
  struct stat st;
  ERR("  stat a dangling symlink", stat("sym", &st), ENOENT);
  OK("  lstat it", lstat("sym", &st));
  ERR("symlinkat onto an existing name", symlinkat("x", dfd, "sym"), EEXIST);
  ERR("symlinkat an empty target", symlinkat("", dfd, "sym2"), ENOENT);
  ERR("symlinkat to name/ (trailing slash)", symlinkat("x", dfd, "sym3/"), ENOENT);
  ERR("symlinkat to .", symlinkat("x", dfd, "."), EEXIST);
  ERR("symlinkat into a missing directory", symlinkat("x", dfd, "nodir/s"), ENOENT);
}

static void test_mknod(int dfd) {
  struct stat st;
  OK("mknodat S_IFREG 0640", mknodat(dfd, "reg", S_IFREG | 0640, 0));
  OK("  stat", stat("reg", &st));
  YES("  regular, empty", S_ISREG(st.st_mode) && st.st_size == 0);
  OCT("  permissions", st.st_mode & 07777, 0640);
  OK("mknod with type 0 makes a file", mknod("reg0", 0600, 0));
  OK("  stat", stat("reg0", &st));
  YES("  regular", S_ISREG(st.st_mode));
  ERR("mknod onto an existing name", mknod("reg", S_IFREG | 0600, 0), EEXIST);
  ERR("mknod S_IFDIR", mknod("dir", S_IFDIR | 0755, 0), EPERM);
  ERR("mknod an unknown type", mknod("odd", 0160000 | 0600, 0), EINVAL);
  ERR("mknod into a missing directory", mknod("nodir/f", S_IFREG | 0600, 0), ENOENT);
}

static void test_mknod_special(void) {
  struct stat st;
  OK("mkfifo", mkfifo("fifo", 0644));
  OK("  stat", stat("fifo", &st));
  YES("  is a FIFO", S_ISFIFO(st.st_mode));
  OCT("  permissions", st.st_mode & 07777, 0644);
  OK("mknod S_IFSOCK", mknod("sock", S_IFSOCK | 0600, 0));
  OK("  stat", stat("sock", &st));
  YES("  is a socket", S_ISSOCK(st.st_mode));
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  umask(022);
  enter(argv[2], "names-mem");
  test_exchange();
  test_mknod_special();
  enter(argv[1], "names");
  int dfd = open(".", O_RDONLY | O_DIRECTORY);
  test_rename(dfd);
  test_link(dfd);
  test_symlink(dfd);
  test_mknod(dfd);
  close(dfd);
  return summary("names");
}
