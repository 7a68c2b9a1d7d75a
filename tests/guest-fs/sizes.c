/* What if changing a file's size loses data, leaves garbage where zeros belong, moves the file
 * offset, or accepts descriptors and modes Linux refuses?
 *
 * sizes.c SCRATCH: truncate and ftruncate (grow with zeros, shrink, through an unlinked file's
 * descriptor, EINVAL for read-only descriptors and non-regular files), fallocate (mode 0
 * extends, KEEP_SIZE, PUNCH_HOLE|KEEP_SIZE zeros a range, the refused modes), and fsync,
 * fdatasync and sync (which files they accept).
 */
#include "fscheck.h"

#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 1
#define FALLOC_FL_PUNCH_HOLE 2
#endif

#define SEC 1000000000LL

static void test_truncate(void) {
  put("f", "hello world");
  OK("truncate to 5", truncate("f", 5));
  content("  content", "f", "hello", 5);
  OK("truncate to 8", truncate("f", 8));
  content("  grown with zeros", "f", "hello\0\0\0", 8);
  ERR("truncate to -1", truncate("f", -1), EINVAL);
  OK("mkdir d", mkdir("d", 0755));
  ERR("truncate a directory", truncate("d", 0), EISDIR);
  ERR("truncate a missing file", truncate("missing", 0), ENOENT);
  ERR("truncate f/ (trailing slash)", truncate("f/", 0), ENOTDIR);
  ERR("truncate /dev/null", truncate("/dev/null", 0), EINVAL);
  OK("symlink s -> f", symlink("f", "s"));
  OK("truncate through a symlink", truncate("s", 2));
  EQ("  the file's size", size_of("f"), 2);
  struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
  OK("set an old mtime", utimensat(AT_FDCWD, "f", old, 0));
  OK("truncate to 3", truncate("f", 3));
  struct stat st;
  OK("  stat", stat("f", &st));
  YES("  mtime moved on", st.st_mtim.tv_sec > 1000000000);
}

static void test_ftruncate(void) {
  int fd = open("g", O_RDWR | O_CREAT | O_TRUNC, 0644);
  OK("write 4 bytes", write(fd, "abcd", 4));
  OK("ftruncate to 100", ftruncate(fd, 100));
  EQ("  size", size_of("g"), 100);
  OK("ftruncate to 1", ftruncate(fd, 1));
  EQ("  size", size_of("g"), 1);
  EQ("  the file offset did not move", lseek(fd, 0, SEEK_CUR), 4);
  OK("write at the old offset", write(fd, "Z", 1));
  content("  a hole of zeros before it", "g", "a\0\0\0Z", 5);
  ERR("ftruncate to -1", ftruncate(fd, -1), EINVAL);
  ERR("ftruncate a bad fd", ftruncate(99, 0), EBADF);
  int ro = open("g", O_RDONLY);
  ERR("ftruncate a read-only fd", ftruncate(ro, 0), EINVAL);
  close(ro);
  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  ERR("ftruncate a directory fd", ftruncate(dfd, 0), EINVAL);
  close(dfd);
  int afd = open("g", O_WRONLY | O_APPEND);
  OK("ftruncate an O_APPEND fd", ftruncate(afd, 2));
  EQ("  size", size_of("g"), 2);
  close(afd);
  close(fd);

  fd = open("u", O_RDWR | O_CREAT | O_TRUNC, 0644);
  OK("write abc to u", write(fd, "abc", 3));
  OK("unlink u", unlink("u"));
  OK("ftruncate the unlinked file", ftruncate(fd, 1));
  EQ("  its size", lseek(fd, 0, SEEK_END), 1);
  char buf[8];
  EQ("  pread reads what is left", pread(fd, buf, sizeof buf, 0), 1);
  close(fd);
}

static void test_fallocate(void) {
  int fd = open("h", O_RDWR | O_CREAT | O_TRUNC, 0644);
  OK("fallocate 0..4096", fallocate(fd, 0, 0, 4096));
  EQ("  size", size_of("h"), 4096);
  char buf[4096];
  EQ("  read all of it", pread(fd, buf, sizeof buf, 0), 4096);
  int zeros = 1;
  for (int i = 0; i < 4096; i++) zeros &= buf[i] == 0;
  YES("  all zeros", zeros);
  OK("fallocate inside the file", fallocate(fd, 0, 0, 10));
  EQ("  size unchanged", size_of("h"), 4096);
  OK("fallocate KEEP_SIZE past the end", fallocate(fd, FALLOC_FL_KEEP_SIZE, 4096, 4096));
  EQ("  size unchanged", size_of("h"), 4096);
  OK("fallocate at 8192 + 100", fallocate(fd, 0, 8192, 100));
  EQ("  size", size_of("h"), 8292);
  EQ("  the offset did not move", lseek(fd, 0, SEEK_CUR), 0);
  OK("write XXXXXXXX at 0", pwrite(fd, "XXXXXXXX", 8, 0));
  OK("fallocate PUNCH_HOLE|KEEP_SIZE 2..6", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 2, 4));
  EQ("  pread", pread(fd, buf, 8, 0), 8);
  same_bytes("  bytes", buf, 8, "XX\0\0\0\0XX", 8);
  EQ("  size unchanged", size_of("h"), 8292);
  ERR("fallocate PUNCH_HOLE without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 1), EOPNOTSUPP);
  ERR("fallocate an unknown mode bit", fallocate(fd, 0x100, 0, 1), EOPNOTSUPP);
  ERR("fallocate length 0", fallocate(fd, 0, 0, 0), EINVAL);
  ERR("fallocate offset -1", fallocate(fd, 0, -1, 10), EINVAL);
  ERR("fallocate a bad fd", fallocate(99, 0, 0, 10), EBADF);
  int ro = open("h", O_RDONLY);
  ERR("fallocate a read-only fd", fallocate(ro, 0, 0, 10), EBADF);
  close(ro);
  int nul = open("/dev/null", O_WRONLY);
  ERR("fallocate /dev/null", fallocate(nul, 0, 0, 10), ENODEV);
  close(nul);
  close(fd);
}

static void test_sync(void) {
  int fd = open("h", O_RDWR);
  OK("fsync", fsync(fd));
  OK("fdatasync", fdatasync(fd));
  int ro = open("h", O_RDONLY);
  OK("fsync a read-only fd", fsync(ro));
  close(ro);
  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  OK("fsync a directory", fsync(dfd));
  close(dfd);
  ERR("fsync a bad fd", fsync(99), EBADF);
  ERR("fdatasync a bad fd", fdatasync(99), EBADF);
  int nul = open("/dev/null", O_WRONLY);
  ERR("fsync /dev/null", fsync(nul), EINVAL);
  ERR("fdatasync /dev/null", fdatasync(nul), EINVAL);
  close(nul);
  int p[2];
  OK("pipe", pipe(p));
  ERR("fsync a pipe", fsync(p[0]), EINVAL);
  ERR("ftruncate a pipe", ftruncate(p[1], 0), EINVAL);
  ERR("fallocate a pipe", fallocate(p[1], 0, 0, 1), ESPIPE);
  close(p[0]);
  close(p[1]);
  sync();
  OK("sync returned", 0);
  close(fd);
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  umask(022);
  enter(argv[1], "sizes");
  test_truncate();
  test_ftruncate();
  test_fallocate();
  test_sync();
  return summary("sizes");
}
