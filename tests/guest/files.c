/* What if basic file I/O on a mounted host directory loses, misplaces or mis-reports data?
 *
 * files.c (argv[1] = an empty writable directory) checks openat/read/write/lseek/fstat/
 * newfstatat/close as a static glibc program uses them: creating a file and reading it
 * back, short reads at EOF, lseek SEEK_SET/CUR/END and past the end (a hole reads as
 * zeros), O_APPEND writing at the end regardless of the offset, O_TRUNC, O_EXCL, openat
 * relative to a directory fd, pread/pwrite leaving the offset alone, readv/writev,
 * stdio fopen/fprintf/fgets on the same files, and the errno values ENOENT, EBADF,
 * EEXIST, ENOTDIR and EISDIR.  Nothing printed depends on the directory's path.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

static char path_buf[4096];
static const char *P(const char *dir, const char *name) {
  snprintf(path_buf, sizeof path_buf, "%s/%s", dir, name);
  return path_buf;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("usage: files DIR\n");
    return 2;
  }
  const char *dir = argv[1];
  char buf[256];

  /* errors first */
  ERRNO_IS("open missing file", open(P(dir, "missing.txt"), O_RDONLY), ENOENT);
  ERRNO_IS("open in missing dir", open(P(dir, "nodir/x"), O_RDONLY), ENOENT);
  ERRNO_IS("read bad fd", read(99, buf, 1), EBADF);
  ERRNO_IS("write bad fd", write(99, "x", 1), EBADF);
  ERRNO_IS("close bad fd", close(99), EBADF);
  ERRNO_IS("lseek bad fd", lseek(99, 0, SEEK_SET), EBADF);
  struct stat st;
  ERRNO_IS("fstat bad fd", fstat(99, &st), EBADF);
  ERRNO_IS("stat missing", stat(P(dir, "missing.txt"), &st), ENOENT);
  ERRNO_IS("read negative fd", read(-1, buf, 1), EBADF);

  /* create, write, close, stat */
  int fd = open(P(dir, "a.txt"), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK_TRUE("create a.txt", fd >= 0);
  CHECK_TRUE("new fd is >= 3", fd >= 3);
  const char *text = "hello, world\nsecond line\n";
  CHECK_EQ("write returns length", write(fd, text, strlen(text)), strlen(text));
  CHECK_EQ("write 0 bytes", write(fd, text, 0), 0);
  CHECK_EQ("fstat ok", fstat(fd, &st), 0);
  CHECK_EQ("fstat size", st.st_size, strlen(text));
  CHECK_TRUE("fstat S_ISREG", S_ISREG(st.st_mode));
  CHECK_EQ("fstat nlink", st.st_nlink, 1);
  ERRNO_IS("read on O_WRONLY fd", read(fd, buf, 1), EBADF);
  CHECK_EQ("close", close(fd), 0);
  ERRNO_IS("close twice", close(fd), EBADF);
  CHECK_EQ("stat by path", stat(P(dir, "a.txt"), &st), 0);
  CHECK_EQ("stat size", st.st_size, strlen(text));

  /* read back */
  fd = open(P(dir, "a.txt"), O_RDONLY);
  CHECK_TRUE("open for read", fd >= 0);
  memset(buf, 0, sizeof buf);
  CHECK_EQ("read 5", read(fd, buf, 5), 5);
  CHECK_TRUE("first 5 bytes", memcmp(buf, "hello", 5) == 0);
  CHECK_EQ("lseek CUR 0", lseek(fd, 0, SEEK_CUR), 5);
  CHECK_EQ("read rest (short)", read(fd, buf, sizeof buf), strlen(text) - 5);
  CHECK_TRUE("rest content", memcmp(buf, text + 5, strlen(text) - 5) == 0);
  CHECK_EQ("read at EOF", read(fd, buf, sizeof buf), 0);
  CHECK_EQ("lseek SET 7", lseek(fd, 7, SEEK_SET), 7);
  CHECK_EQ("read after SET", read(fd, buf, 5), 5);
  CHECK_TRUE("content after SET", memcmp(buf, "world", 5) == 0);
  CHECK_EQ("lseek END -5", lseek(fd, -5, SEEK_END), strlen(text) - 5);
  CHECK_EQ("read after END", read(fd, buf, 10), 5);
  CHECK_TRUE("content after END", memcmp(buf, "line\n", 5) == 0);
  CHECK_EQ("lseek CUR -6", lseek(fd, -6, SEEK_CUR), strlen(text) - 6);
  ERRNO_IS("lseek before start", lseek(fd, -100, SEEK_SET), EINVAL);
  ERRNO_IS("write on O_RDONLY fd", write(fd, "x", 1), EBADF);
  CHECK_EQ("pread 6 at 7", pread(fd, buf, 6, 7), 6);
  CHECK_TRUE("pread content", memcmp(buf, "world\n", 6) == 0);
  CHECK_EQ("pread left offset alone", lseek(fd, 0, SEEK_CUR), strlen(text) - 6);
  CHECK_EQ("close read fd", close(fd), 0);

  /* holes: seek past end and write */
  fd = open(P(dir, "hole.bin"), O_CREAT | O_RDWR, 0600);
  CHECK_TRUE("create hole.bin", fd >= 0);
  CHECK_EQ("lseek past end", lseek(fd, 10000, SEEK_SET), 10000);
  CHECK_EQ("write after hole", write(fd, "Z", 1), 1);
  CHECK_EQ("fstat hole size", (fstat(fd, &st), st.st_size), 10001);
  static char big[10001];
  memset(big, 0x55, sizeof big);
  CHECK_EQ("pread whole file", pread(fd, big, sizeof big, 0), 10001);
  int zeros = 1;
  for (int i = 0; i < 10000; i++) zeros &= big[i] == 0;
  CHECK_TRUE("hole reads as zeros", zeros);
  CHECK_EQ("last byte", big[10000], 'Z');
  CHECK_EQ("pwrite in the middle", pwrite(fd, "abc", 3, 5000), 3);
  CHECK_EQ("offset unchanged by pwrite", lseek(fd, 0, SEEK_CUR), 10001);
  CHECK_EQ("pread back", pread(fd, buf, 3, 5000), 3);
  CHECK_TRUE("pwrite content", memcmp(buf, "abc", 3) == 0);
  CHECK_EQ("lseek SEEK_END 0", lseek(fd, 0, SEEK_END), 10001);
  close(fd);

  /* O_APPEND: every write goes to the end */
  fd = open(P(dir, "a.txt"), O_WRONLY | O_APPEND);
  CHECK_TRUE("open O_APPEND", fd >= 0);
  CHECK_EQ("lseek 0 on append fd", lseek(fd, 0, SEEK_SET), 0);
  CHECK_EQ("append write", write(fd, "third\n", 6), 6);
  CHECK_EQ("offset after append write", lseek(fd, 0, SEEK_CUR), strlen(text) + 6);
  CHECK_EQ("fcntl F_GETFL has O_APPEND", fcntl(fd, F_GETFL) & O_APPEND, O_APPEND);
  CHECK_EQ("fcntl F_GETFL access mode", fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY);
  close(fd);
  fd = open(P(dir, "a.txt"), O_RDONLY);
  ssize_t n = read(fd, buf, sizeof buf);
  CHECK_EQ("size after append", n, strlen(text) + 6);
  CHECK_TRUE("appended at end", n > 6 && memcmp(buf + n - 6, "third\n", 6) == 0);
  CHECK_TRUE("start intact", memcmp(buf, "hello", 5) == 0);
  close(fd);

  /* O_EXCL, O_TRUNC */
  ERRNO_IS("O_CREAT|O_EXCL on existing", open(P(dir, "a.txt"), O_CREAT | O_EXCL | O_WRONLY, 0644),
           EEXIST);
  fd = open(P(dir, "a.txt"), O_WRONLY | O_TRUNC);
  CHECK_TRUE("open O_TRUNC", fd >= 0);
  CHECK_EQ("size after O_TRUNC", (fstat(fd, &st), st.st_size), 0);
  close(fd);
  ERRNO_IS("O_DIRECTORY on a file", open(P(dir, "a.txt"), O_RDONLY | O_DIRECTORY), ENOTDIR);
  ERRNO_IS("file as a directory", open(P(dir, "a.txt/x"), O_RDONLY), ENOTDIR);
  ERRNO_IS("open dir for writing", open(dir, O_WRONLY), EISDIR);

  /* openat relative to a directory fd, fstatat */
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK_TRUE("open directory", dfd >= 0);
  CHECK_EQ("fstat dir", fstat(dfd, &st), 0);
  CHECK_TRUE("dir S_ISDIR", S_ISDIR(st.st_mode));
  ERRNO_IS("read on a directory", read(dfd, buf, 1), EISDIR);
  fd = openat(dfd, "b.txt", O_CREAT | O_RDWR, 0644);
  CHECK_TRUE("openat create b.txt", fd >= 0);
  struct iovec iov[3] = {{(void *)"one ", 4}, {(void *)"two ", 4}, {(void *)"three", 5}};
  CHECK_EQ("writev", writev(fd, iov, 3), 13);
  CHECK_EQ("lseek back", lseek(fd, 0, SEEK_SET), 0);
  char r1[5] = {0}, r2[9] = {0};
  struct iovec riov[2] = {{r1, 4}, {r2, 9}};
  CHECK_EQ("readv", readv(fd, riov, 2), 13);
  CHECK_TRUE("readv content", memcmp(r1, "one ", 4) == 0 && memcmp(r2, "two three", 9) == 0);
  close(fd);
  CHECK_EQ("fstatat", fstatat(dfd, "b.txt", &st, 0), 0);
  CHECK_EQ("fstatat size", st.st_size, 13);
  ERRNO_IS("fstatat missing", fstatat(dfd, "nope", &st, 0), ENOENT);
  ERRNO_IS("openat missing", openat(dfd, "nope", O_RDONLY), ENOENT);
  CHECK_EQ("close dir", close(dfd), 0);
  ERRNO_IS("openat with bad dirfd", openat(99, "b.txt", O_RDONLY), EBADF);

  /* stdio on top */
  FILE *f = fopen(P(dir, "c.txt"), "w");
  CHECK_TRUE("fopen w", f != NULL);
  for (int i = 0; i < 1000; i++) fprintf(f, "line %d %x\n", i, i * 7919);
  CHECK_EQ("fclose", fclose(f), 0);
  f = fopen(P(dir, "c.txt"), "r");
  CHECK_TRUE("fopen r", f != NULL);
  int lines = 0, ok = 1;
  while (fgets(buf, sizeof buf, f)) {
    char want[64];
    snprintf(want, sizeof want, "line %d %x\n", lines, lines * 7919);
    ok &= strcmp(buf, want) == 0;
    lines++;
  }
  CHECK_EQ("fgets lines", lines, 1000);
  CHECK_TRUE("fgets content", ok);
  CHECK_TRUE("feof", feof(f));
  fclose(f);
  f = fopen(P(dir, "c.txt"), "a+");
  fputs("tail\n", f);
  fseek(f, 0, SEEK_SET);
  CHECK_TRUE("a+ reads from start", fgets(buf, sizeof buf, f) && strcmp(buf, "line 0 0\n") == 0);
  fclose(f);
  CHECK_EQ("stat c.txt", stat(P(dir, "c.txt"), &st), 0);
  printf("c.txt size %lld\n", (long long)st.st_size);

  return summary("files");
}
