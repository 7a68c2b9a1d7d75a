/* What if preadv2/pwritev2's flags, readv on a datagram socket, syncfs, personality or
 * fchmodat2 behave differently than on Linux?  (Its oracle is the host's own kernel: the
 * same source is compiled natively, because qemu-user 7.2 refuses every RWF_* flag and lacks
 * fchmodat2.)
 *
 * rwv2.c DIR: preadv2/pwritev2 (offset -1 is the file offset, which then moves; RWF_APPEND
 * writes at the end whatever the offset; RWF_DSYNC and RWF_HIPRI are accepted; RWF_NOWAIT on
 * an empty pipe is EAGAIN; unknown flags EOPNOTSUPP; other negative offsets EINVAL; an offset
 * on a pipe ESPIPE); readv of one datagram across three buffers, then of the next datagram;
 * syncfs; personality's query and set; fchmodat2 with AT_SYMLINK_NOFOLLOW on a link
 * (EOPNOTSUPP) and on a file, with AT_EMPTY_PATH, and with a bad flag (EINVAL).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

static void content(const char *what, const char *path, const char *want) {
  char buf[64] = {0};
  int fd = open(path, O_RDONLY);
  long n = read(fd, buf, sizeof buf - 1);
  close(fd);
  printf("%s = \"%s\"\n", what, n >= 0 ? buf : "?");
  CHECK(n == (long)strlen(want) && !strcmp(buf, want), "%s: want \"%s\"", what, want);
}

static void test_rwv2(void) {
  int fd = open("v2", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK_EQ("write", write(fd, "0123456789", 10), 10);
  lseek(fd, 0, SEEK_SET);
  char a[3], b[4];
  struct iovec iv[2] = {{a, 3}, {b, 4}};
  CHECK_EQ("preadv2 at offset 2", preadv2(fd, iv, 2, 2, 0), 7);
  CHECK_TRUE("  bytes 234 5678", !memcmp(a, "234", 3) && !memcmp(b, "5678", 4));
  CHECK_EQ("  the file offset stayed", lseek(fd, 0, SEEK_CUR), 0);
  CHECK_EQ("preadv2 at -1 (the file offset)", preadv2(fd, iv, 2, -1, 0), 7);
  CHECK_EQ("  the file offset moved", lseek(fd, 0, SEEK_CUR), 7);
  ERRNO_IS("preadv2 at -2", preadv2(fd, iv, 2, -2, 0), EINVAL);
  ERRNO_IS("preadv2 with an unknown flag", preadv2(fd, iv, 2, 0, 0x40000000), EOPNOTSUPP);
  CHECK_EQ("preadv2 RWF_HIPRI", preadv2(fd, iv, 1, 0, RWF_HIPRI), 3);
  struct iovec w = {"AB", 2};
  CHECK_EQ("pwritev2 RWF_APPEND at offset 0", pwritev2(fd, &w, 1, 0, RWF_APPEND), 2);
  content("  v2", "v2", "0123456789AB");
  CHECK_EQ("  the file offset stayed", lseek(fd, 0, SEEK_CUR), 7);
  CHECK_EQ("pwritev2 at -1 with RWF_DSYNC", pwritev2(fd, &w, 1, -1, RWF_DSYNC), 2);
  content("  v2", "v2", "0123456AB9AB");
  CHECK_EQ("  the file offset moved", lseek(fd, 0, SEEK_CUR), 9);
  CHECK_EQ("pwritev2 at -1 with RWF_APPEND", pwritev2(fd, &w, 1, -1, RWF_APPEND), 2);
  content("  v2", "v2", "0123456AB9ABAB");
  CHECK_EQ("  the file offset is the end", lseek(fd, 0, SEEK_CUR), 14);
  CHECK_EQ("syncfs", syncfs(fd), 0);
  ERRNO_IS("syncfs a bad fd", syncfs(99), EBADF);
  close(fd);

  int p[2];
  CHECK_EQ("pipe", pipe(p), 0);
  ERRNO_IS("preadv2 RWF_NOWAIT on an empty pipe", preadv2(p[0], iv, 1, -1, RWF_NOWAIT), EAGAIN);
  ERRNO_IS("preadv2 at an offset on a pipe", preadv2(p[0], iv, 1, 0, 0), ESPIPE);
  CHECK_EQ("pwritev2 at -1 into a pipe", pwritev2(p[1], &w, 1, -1, 0), 2);
  CHECK_EQ("preadv2 RWF_NOWAIT with data", preadv2(p[0], iv, 2, -1, RWF_NOWAIT), 2);
  close(p[0]);
  close(p[1]);
}

static void test_dgram(void) {
  int sv[2];
  CHECK_EQ("socketpair SOCK_DGRAM", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  CHECK_EQ("send 10", send(sv[0], "abcdefghij", 10, 0), 10);
  CHECK_EQ("send 3", send(sv[0], "XYZ", 3, 0), 3);
  char x[4] = {0}, y[4] = {0}, z[8] = {0};
  struct iovec iv[3] = {{x, 4}, {y, 4}, {z, 8}};
  CHECK_EQ("readv takes one datagram", readv(sv[1], iv, 3), 10);
  CHECK_TRUE("  abcd efgh ij", !memcmp(x, "abcd", 4) && !memcmp(y, "efgh", 4) && !memcmp(z, "ij", 2));
  CHECK_EQ("readv takes the next one", readv(sv[1], iv, 3), 3);
  CHECK_TRUE("  XYZ", !memcmp(x, "XYZ", 3));
  CHECK_EQ("send 6", send(sv[0], "123456", 6, 0), 6);
  struct iovec small[2] = {{x, 2}, {y, 2}};
  CHECK_EQ("readv into 4 bytes truncates", readv(sv[1], small, 2), 4);
  fcntl(sv[1], F_SETFL, O_NONBLOCK);
  ERRNO_IS("  and the rest is gone", readv(sv[1], small, 2), EAGAIN);
  close(sv[0]);
  close(sv[1]);
}

static void test_personality(void) {
  CHECK_EQ("personality query", personality(0xffffffff), PER_LINUX);
  CHECK_EQ("set ADDR_NO_RANDOMIZE", personality(PER_LINUX | ADDR_NO_RANDOMIZE), PER_LINUX);
  CHECK_EQ("  read back", personality(0xffffffff), ADDR_NO_RANDOMIZE);
  CHECK_EQ("restore", personality(PER_LINUX), ADDR_NO_RANDOMIZE);
}

static void test_fchmodat2(void) {
  int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK_EQ("symlink", symlink("f", "s"), 0);
  ERRNO_IS("fchmodat2 NOFOLLOW on a link", syscall(SYS_fchmodat2, AT_FDCWD, "s", 0600, AT_SYMLINK_NOFOLLOW), EOPNOTSUPP);
  struct stat st;
  stat("f", &st);
  CHECK_EQ("  target untouched", st.st_mode & 07777, 0644);
  CHECK_EQ("fchmodat2 NOFOLLOW on a file", syscall(SYS_fchmodat2, AT_FDCWD, "f", 0600, AT_SYMLINK_NOFOLLOW), 0);
  stat("f", &st);
  CHECK_EQ("  mode", st.st_mode & 07777, 0600);
  CHECK_EQ("fchmodat2 follows the link", syscall(SYS_fchmodat2, AT_FDCWD, "s", 0640, 0), 0);
  stat("f", &st);
  CHECK_EQ("  mode", st.st_mode & 07777, 0640);
  CHECK_EQ("fchmodat2 AT_EMPTY_PATH", syscall(SYS_fchmodat2, fd, "", 0604, AT_EMPTY_PATH), 0);
  fstat(fd, &st);
  CHECK_EQ("  mode", st.st_mode & 07777, 0604);
  ERRNO_IS("fchmodat2 bad flag", syscall(SYS_fchmodat2, AT_FDCWD, "f", 0600, 0x2), EINVAL);
  close(fd);
}

int main(int argc, char **argv) {
  if (argc < 2 || chdir(argv[1]) != 0) return 2;
  umask(022);
  test_rwv2();
  test_dgram();
  test_personality();
  test_fchmodat2();
  return summary("rwv2");
}
