/* What if positioned vector I/O moves the file offset, or sendfile and copy_file_range copy
 * the wrong bytes, advance the wrong offset, or accept descriptors Linux refuses?
 *
 * vecio.c SCRATCH: preadv/pwritev (scatter and gather at an offset, the offset left alone,
 * short reads at the end, errors), sendfile (with and without an offset pointer: which
 * offset moves; to stdout; refused descriptors), copy_file_range (file offsets or pointers,
 * overlap within one file, bad flags), both over 200000 bytes, and pipes (sendfile into one,
 * up to its capacity when non-blocking; no sendfile, preadv or copy_file_range from one).
 */
#include "fscheck.h"
#include <sys/sendfile.h>
#include <sys/uio.h>

static int big;

/* A 200000-byte file with a pattern that shows misplaced chunks. */
static void make_big(void) {
  static char data[200000];
  for (int i = 0; i < (int)sizeof data; i++) data[i] = (char)(i * 7 + i / 251);
  int fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
  long n = write(fd, data, sizeof data);
  EQ("write a 200000-byte file", n, 200000);
  close(fd);
}

static unsigned long sum_of(const char *path) {
  static char data[256 * 1024];
  int fd = open(path, O_RDONLY);
  long n = fd < 0 ? 0 : read(fd, data, sizeof data);
  unsigned long h = 5381;
  for (long i = 0; i < n; i++) h = h * 33 + (unsigned char)data[i];
  if (fd >= 0) close(fd);
  return h ^ (unsigned long)n;
}

static void test_large(void) {
  make_big();
  big = open("big", O_RDONLY);
  int out = open("big.sf", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  long total = 0, n;
  while ((n = sendfile(out, big, NULL, 1 << 20)) > 0) total += n;
  EQ("sendfile 200000 bytes (looping on short counts)", total, 200000);
  close(out);
  YES("  same bytes", sum_of("big.sf") == sum_of("big"));
  out = open("big.cfr", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  loff_t oi = 0;
  total = 0;
  while ((n = copy_file_range(big, &oi, out, NULL, 1 << 20, 0)) > 0) total += n;
  EQ("copy_file_range 200000 bytes", total, 200000);
  close(out);
  YES("  same bytes", sum_of("big.cfr") == sum_of("big"));
  lseek(big, 0, SEEK_SET);
}

static void test_vectors(void) {
  put("f", "0123456789abcdef");
  int fd = open("f", O_RDWR);
  struct iovec w[2] = {{"AB", 2}, {"CD", 2}};
  EQ("pwritev 2+2 bytes at 4", pwritev(fd, w, 2, 4), 4);
  EQ("  the file offset did not move", lseek(fd, 0, SEEK_CUR), 0);
  content("  file", "f", "0123ABCD89abcdef", 16);
  char a[3], b[2], c[5];
  struct iovec r[3] = {{a, 3}, {b, 2}, {c, 5}};
  EQ("preadv 3+2+5 bytes at 2", preadv(fd, r, 3, 2), 10);
  same_bytes("  first buffer", a, 3, "23A", 3);
  same_bytes("  second buffer", b, 2, "BC", 2);
  same_bytes("  third buffer", c, 5, "D89ab", 5);
  EQ("  the file offset did not move", lseek(fd, 0, SEEK_CUR), 0);
  EQ("preadv at 14 (short)", preadv(fd, r, 3, 14), 2);
  same_bytes("  first buffer", a, 2, "ef", 2);
  EQ("preadv past the end", preadv(fd, r, 3, 100), 0);
  EQ("preadv with no buffers", preadv(fd, r, 0, 0), 0);
  ERR("preadv at -1", preadv(fd, r, 3, -1), EINVAL);
  ERR("pwritev at -1", pwritev(fd, w, 2, -1), EINVAL);
  static struct iovec many[1025];
  ERR("preadv 1025 buffers", preadv(fd, many, 1025, 0), EINVAL);
  ERR("preadv a bad fd", preadv(99, r, 3, 0), EBADF);
  int ro = open("f", O_RDONLY);
  ERR("pwritev a read-only fd", pwritev(ro, w, 2, 0), EBADF);
  close(ro);
  int wo = open("f", O_WRONLY);
  ERR("preadv a write-only fd", preadv(wo, r, 3, 0), EBADF);
  close(wo);
  int dfd = open(".", O_RDONLY | O_DIRECTORY);
  ERR("preadv a directory", preadv(dfd, r, 3, 0), EISDIR);
  close(dfd);
  close(fd);
}

static void test_sendfile(void) {
  int in = open("f", O_RDONLY);
  int out = open("g", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  EQ("sendfile 5 from the file offset", sendfile(out, in, NULL, 5), 5);
  EQ("  the input offset moved", lseek(in, 0, SEEK_CUR), 5);
  EQ("  the output offset moved", lseek(out, 0, SEEK_CUR), 5);
  off_t off = 10;
  EQ("sendfile 4 from *offset = 10", sendfile(out, in, &off, 4), 4);
  EQ("  *offset", off, 14);
  EQ("  the input offset stayed", lseek(in, 0, SEEK_CUR), 5);
  EQ("sendfile 100 from the file offset (short)", sendfile(out, in, NULL, 100), 11);
  EQ("  the input offset", lseek(in, 0, SEEK_CUR), 16);
  EQ("sendfile at the end", sendfile(out, in, NULL, 100), 0);
  off = 100;
  EQ("sendfile from *offset past the end", sendfile(out, in, &off, 4), 0);
  EQ("  *offset", off, 100);
  EQ("sendfile count 0", sendfile(out, in, NULL, 0), 0);
  content("  copied", "g", "0123AabcdBCD89abcdef", 20);
  printf("sendfile to stdout: ");
  fflush(stdout);
  off = 0;
  long n = sendfile(1, in, &off, 4);
  printf("\n");
  EQ("  returned", n, 4);
  off = -1;
  ERR("sendfile from *offset = -1", sendfile(out, in, &off, 4), EINVAL);
  ERR("sendfile to a read-only fd", sendfile(in, in, NULL, 4), EBADF);
  ERR("sendfile from a write-only fd", sendfile(out, out, NULL, 4), EBADF);
  ERR("sendfile from a bad fd", sendfile(out, 99, NULL, 4), EBADF);
  ERR("sendfile to a bad fd", sendfile(99, in, NULL, 4), EBADF);
  int dfd = open(".", O_RDONLY | O_DIRECTORY);
  off = 0;
  ERR("sendfile from a directory", sendfile(out, dfd, &off, 4), EINVAL);
  close(dfd);
  int app = open("g", O_WRONLY | O_APPEND);
  off = 0;
  ERR("sendfile to an O_APPEND fd", sendfile(app, in, &off, 4), EINVAL);
  close(app);
  close(out);
  close(in);
}

static void test_copy_file_range(void) {
  int in = open("f", O_RDONLY);
  int out = open("h", O_RDWR | O_CREAT | O_TRUNC, 0644);
  EQ("copy_file_range 6 with file offsets", copy_file_range(in, NULL, out, NULL, 6, 0), 6);
  EQ("  the input offset", lseek(in, 0, SEEK_CUR), 6);
  EQ("  the output offset", lseek(out, 0, SEEK_CUR), 6);
  loff_t oi = 12, oo = 2;
  EQ("copy_file_range 10 from *off_in = 12 to *off_out = 2 (short)", copy_file_range(in, &oi, out, &oo, 10, 0), 4);
  EQ("  *off_in", oi, 16);
  EQ("  *off_out", oo, 6);
  EQ("  the input offset stayed", lseek(in, 0, SEEK_CUR), 6);
  content("  copied", "h", "01cdef", 6);
  EQ("copy_file_range at the end", copy_file_range(in, &oi, out, NULL, 10, 0), 0);
  oi = 0;
  ERR("copy_file_range flags 1", copy_file_range(in, &oi, out, NULL, 4, 1), EINVAL);
  loff_t a = 0, b = 2;
  ERR("copy_file_range overlapping in one file", copy_file_range(out, &a, out, &b, 4, 0), EINVAL);
  a = 0, b = 4;
  EQ("copy_file_range disjoint in one file", copy_file_range(out, &a, out, &b, 2, 0), 2);
  content("  h", "h", "01cd01", 6);
  int dfd = open(".", O_RDONLY | O_DIRECTORY);
  ERR("copy_file_range from a directory", copy_file_range(dfd, NULL, out, NULL, 4, 0), EISDIR);
  close(dfd);
  ERR("copy_file_range to a read-only fd", copy_file_range(in, NULL, in, NULL, 4, 0), EBADF);
  int app = open("h", O_WRONLY | O_APPEND);
  ERR("copy_file_range to an O_APPEND fd", copy_file_range(in, NULL, app, NULL, 4, 0), EBADF);
  close(app);
  ERR("copy_file_range a bad fd", copy_file_range(99, NULL, out, NULL, 4, 0), EBADF);
  close(out);
  close(in);
}

/* Pipes: a stream can take sendfile's output but cannot be its input or be positioned. */
static void test_pipes(void) {
  int p[2];
  OK("pipe", pipe(p));
  int fd = open("f", O_RDWR);
  off_t off = 0;
  EQ("sendfile from a file into a pipe", sendfile(p[1], fd, &off, 5), 5);
  char buf[8];
  EQ("  read it back", read(p[0], buf, sizeof buf), 5);
  same_bytes("  bytes", buf, 5, "0123A", 5);
  OK("write xyz into the pipe", write(p[1], "xyz", 3));
  ERR("sendfile from a pipe", sendfile(fd, p[0], NULL, 3), EINVAL);
  off = 0;
  ERR("sendfile from a pipe with an offset", sendfile(fd, p[0], &off, 3), ESPIPE);
  struct iovec iv = {buf, 4};
  ERR("preadv a pipe", preadv(p[0], &iv, 1, 0), ESPIPE);
  ERR("pwritev a pipe", pwritev(p[1], &iv, 1, 0), ESPIPE);
  ERR("copy_file_range from a pipe", copy_file_range(p[0], NULL, fd, NULL, 3, 0), EINVAL);
  EQ("  the pipe still holds xyz", read(p[0], buf, sizeof buf), 3);
  OK("make the write end non-blocking", fcntl(p[1], F_SETFL, O_NONBLOCK));
  EQ("sendfile 200000 bytes into an empty pipe (its capacity)", sendfile(p[1], big, NULL, 200000), 65536);
  EQ("  the input offset moved as far", lseek(big, 0, SEEK_CUR), 65536);
  ERR("sendfile into the full pipe", sendfile(p[1], big, NULL, 10), EAGAIN);
  EQ("  the input offset stayed", lseek(big, 0, SEEK_CUR), 65536);
  close(p[0]);
  close(p[1]);
  close(fd);
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  umask(022);
  enter(argv[1], "vecio");
  test_vectors();
  test_sendfile();
  test_copy_file_range();
  test_large();
  test_pipes();
  close(big);
  return summary("vecio");
}
