/* What if directory and descriptor operations beyond plain read/write misbehave?
 *
 * fsops.c (argv[1] = an empty writable directory) checks mkdir/mkdirat/rmdir (ENOTEMPTY,
 * EEXIST), readdir/getdents64 listing (sorted here, with d_type), rename (including over
 * an existing file), unlink/unlinkat (and AT_REMOVEDIR), ftruncate/truncate growing with
 * zeros and shrinking, dup/dup2/dup3/F_DUPFD_CLOEXEC sharing one file offset, FD_CLOEXEC,
 * chdir/fchdir/getcwd with relative paths, access/faccessat, symlink/readlink/lstat, and
 * mmap of a file (MAP_SHARED writes reaching the file, MAP_PRIVATE writes not).
 * Nothing printed depends on the directory's path.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *what) {
  DIR *d = opendir(".");
  CHECK_TRUE("opendir .", d != NULL);
  if (!d) return;
  char *names[64];
  int n = 0, dots = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 64) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
      dots++;
      continue;
    }
    char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l' : '?';
    names[n] = malloc(strlen(e->d_name) + 3);
    sprintf(names[n], "%s:%c", e->d_name, t);
    n++;
  }
  closedir(d);
  qsort(names, n, sizeof names[0], cmp);
  printf("%s: . and .. seen %d times;", what, dots);
  for (int i = 0; i < n; i++) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

static void write_file(const char *name, const char *s) {
  int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK_TRUE("create file", fd >= 0);
  CHECK_EQ("write file", write(fd, s, strlen(s)), strlen(s));
  close(fd);
}

static void read_file(const char *what, const char *name, const char *want) {
  char buf[256] = {0};
  int fd = open(name, O_RDONLY);
  ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
  if (fd >= 0) close(fd);
  CHECK_TRUE(what, n == (ssize_t)strlen(want) && memcmp(buf, want, n) == 0);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("usage: fsops DIR\n");
    return 2;
  }
  CHECK_EQ("chdir DIR", chdir(argv[1]), 0);
  char cwd[4096];
  struct stat st;

  /* directories */
  CHECK_EQ("mkdir sub", mkdir("sub", 0755), 0);
  ERRNO_IS("mkdir sub again", mkdir("sub", 0755), EEXIST);
  ERRNO_IS("mkdir in missing parent", mkdir("nope/sub", 0755), ENOENT);
  CHECK_EQ("stat sub", stat("sub", &st), 0);
  CHECK_TRUE("sub is a dir", S_ISDIR(st.st_mode));
  int dfd = open("sub", O_RDONLY | O_DIRECTORY);
  CHECK_TRUE("open sub", dfd >= 0);
  CHECK_EQ("mkdirat sub/inner", mkdirat(dfd, "inner", 0755), 0);
  write_file("sub/f1", "one");
  write_file("top", "top file");
  ERRNO_IS("rmdir non-empty", rmdir("sub"), ENOTEMPTY);
  ERRNO_IS("rmdir a file", rmdir("top"), ENOTDIR);
  ERRNO_IS("unlink a directory", unlink("sub"), EISDIR);
  list("after mkdir");

  /* cwd */
  CHECK_EQ("chdir sub", chdir("sub"), 0);
  CHECK_TRUE("getcwd", getcwd(cwd, sizeof cwd) != NULL);
  size_t L = strlen(cwd);
  CHECK_TRUE("getcwd ends with /sub", L > 4 && strcmp(cwd + L - 4, "/sub") == 0);
  CHECK_TRUE("getcwd is absolute", cwd[0] == '/');
  read_file("relative open after chdir", "f1", "one");
  read_file("open via ..", "../top", "top file");
  CHECK_EQ("chdir inner", chdir("inner"), 0);
  CHECK_EQ("fchdir back to sub", fchdir(dfd), 0);
  CHECK_TRUE("getcwd after fchdir", getcwd(cwd, sizeof cwd) && strcmp(cwd + strlen(cwd) - 4, "/sub") == 0);
  CHECK_EQ("chdir ..", chdir(".."), 0);
  ERRNO_IS("chdir to a file", chdir("top"), ENOTDIR);
  ERRNO_IS("chdir missing", chdir("missing"), ENOENT);

  /* access */
  CHECK_EQ("access F_OK", access("top", F_OK), 0);
  CHECK_EQ("access R_OK|W_OK", access("top", R_OK | W_OK), 0);
  ERRNO_IS("access missing", access("missing", F_OK), ENOENT);
  CHECK_EQ("faccessat", faccessat(dfd, "f1", R_OK, 0), 0);

  /* rename and unlink */
  CHECK_EQ("rename top -> moved", rename("top", "moved"), 0);
  ERRNO_IS("old name gone", access("top", F_OK), ENOENT);
  read_file("renamed content", "moved", "top file");
  write_file("other", "other content");
  CHECK_EQ("rename over existing", rename("other", "moved"), 0);
  read_file("content after rename-over", "moved", "other content");
  CHECK_EQ("rename into subdir", rename("moved", "sub/moved"), 0);
  CHECK_EQ("renameat back", renameat(dfd, "moved", AT_FDCWD, "back"), 0);
  ERRNO_IS("rename missing", rename("missing", "x"), ENOENT);
  CHECK_EQ("unlink sub/f1", unlink("sub/f1"), 0);
  ERRNO_IS("unlink again", unlink("sub/f1"), ENOENT);
  CHECK_EQ("unlinkat AT_REMOVEDIR", unlinkat(dfd, "inner", AT_REMOVEDIR), 0);
  CHECK_EQ("rmdir sub now empty", rmdir("sub"), 0);
  close(dfd);
  list("after rename/unlink");

  /* unlinked-but-open file stays readable */
  write_file("ghost", "boo");
  int gfd = open("ghost", O_RDONLY);
  CHECK_EQ("unlink open file", unlink("ghost"), 0);
  char gb[8] = {0};
  CHECK_EQ("read unlinked open file", read(gfd, gb, 8), 3);
  CHECK_TRUE("unlinked content", memcmp(gb, "boo", 3) == 0);
  close(gfd);

  /* truncate */
  int fd = open("t", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK_EQ("write 10", write(fd, "0123456789", 10), 10);
  CHECK_EQ("ftruncate grow", ftruncate(fd, 100), 0);
  CHECK_EQ("size after grow", (fstat(fd, &st), st.st_size), 100);
  char b[100];
  CHECK_EQ("pread grown", pread(fd, b, 100, 0), 100);
  int z = 1;
  for (int i = 10; i < 100; i++) z &= b[i] == 0;
  CHECK_TRUE("grown part is zero", z && memcmp(b, "0123456789", 10) == 0);
  CHECK_EQ("ftruncate shrink", ftruncate(fd, 4), 0);
  CHECK_EQ("offset unchanged by ftruncate", lseek(fd, 0, SEEK_CUR), 10);
  CHECK_EQ("read past new end", read(fd, b, 10), 0);
  CHECK_EQ("truncate by path", truncate("t", 2), 0);
  CHECK_EQ("size after truncate", (fstat(fd, &st), st.st_size), 2);

  /* dup family: shared offsets, distinct fd flags */
  lseek(fd, 0, SEEK_SET);
  int d1 = dup(fd);
  CHECK_TRUE("dup", d1 > fd);
  CHECK_EQ("read 1 via original", read(fd, b, 1), 1);
  CHECK_EQ("dup shares offset", lseek(d1, 0, SEEK_CUR), 1);
  CHECK_EQ("dup2 to 50", dup2(fd, 50), 50);
  CHECK_EQ("dup2 same fd", dup2(50, 50), 50);
  ERRNO_IS("dup3 same fd", dup3(50, 50, 0), EINVAL);
  CHECK_EQ("dup3 with O_CLOEXEC", dup3(fd, 51, O_CLOEXEC), 51);
  CHECK_EQ("F_GETFD of dup3", fcntl(51, F_GETFD), FD_CLOEXEC);
  CHECK_EQ("F_GETFD of dup2", fcntl(50, F_GETFD), 0);
  int d2 = fcntl(fd, F_DUPFD_CLOEXEC, 60);
  CHECK_EQ("F_DUPFD_CLOEXEC >= 60", d2, 60);
  CHECK_EQ("F_SETFD", fcntl(50, F_SETFD, FD_CLOEXEC), 0);
  CHECK_EQ("F_GETFD after set", fcntl(50, F_GETFD), FD_CLOEXEC);
  ERRNO_IS("dup bad fd", dup(99), EBADF);
  ERRNO_IS("dup2 bad fd", dup2(99, 70), EBADF);
  close(50);
  close(51);
  close(d2);
  CHECK_EQ("close dup", close(d1), 0);
  CHECK_EQ("original still works", (lseek(fd, 0, SEEK_SET), read(fd, b, 2)), 2);
  close(fd);

  /* symlinks */
  write_file("target", "pointed at");
  CHECK_EQ("symlink", symlink("target", "link"), 0);
  char lbuf[64] = {0};
  CHECK_EQ("readlink", readlink("link", lbuf, sizeof lbuf), 6);
  CHECK_TRUE("readlink content", strcmp(lbuf, "target") == 0);
  read_file("open through symlink", "link", "pointed at");
  CHECK_EQ("lstat link", lstat("link", &st), 0);
  CHECK_TRUE("lstat S_ISLNK", S_ISLNK(st.st_mode));
  CHECK_EQ("stat link", stat("link", &st), 0);
  CHECK_TRUE("stat follows to S_ISREG", S_ISREG(st.st_mode));
  ERRNO_IS("readlink on a file", readlink("target", lbuf, sizeof lbuf), EINVAL);
  CHECK_EQ("symlink dangling", symlink("nowhere", "dangling"), 0);
  ERRNO_IS("open dangling", open("dangling", O_RDONLY), ENOENT);
  list("with symlinks");

  /* mmap of a file */
  fd = open("m", O_CREAT | O_RDWR | O_TRUNC, 0644);
  char page[8192];
  for (int i = 0; i < 8192; i++) page[i] = (char)('a' + i % 26);
  CHECK_EQ("write 2 pages", write(fd, page, 8192), 8192);
  char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK_TRUE("mmap shared", m != MAP_FAILED);
  if (m != MAP_FAILED) {
    CHECK_TRUE("mapped content", memcmp(m, page, 8192) == 0);
    memcpy(m + 4090, "SHARED", 6);
    CHECK_EQ("msync", msync(m, 8192, MS_SYNC), 0);
    char rb[6];
    CHECK_EQ("pread after shared write", pread(fd, rb, 6, 4090), 6);
    CHECK_TRUE("shared write reached the file", memcmp(rb, "SHARED", 6) == 0);
    CHECK_EQ("pwrite", pwrite(fd, "XY", 2, 100), 2);
    CHECK_TRUE("pwrite visible in shared map", m[100] == 'X' && m[101] == 'Y');
    munmap(m, 8192);
  }
  char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 4096);
  CHECK_TRUE("mmap private at offset 4096", p != MAP_FAILED);
  if (p != MAP_FAILED) {
    CHECK_TRUE("private map content", memcmp(p, page + 4096, 4096) == 0);
    p[0] = '#';
    char rb;
    CHECK_EQ("pread after private write", pread(fd, &rb, 1, 4096), 1);
    CHECK_TRUE("private write did not reach the file", rb == page[4096]);
    munmap(p, 4096);
  }
  char *r = mmap(NULL, 100, PROT_READ, MAP_PRIVATE, fd, 0);
  CHECK_TRUE("mmap of 100 bytes maps the whole page",
             r != MAP_FAILED && r[100] == 'X' && r[4089] == page[4089] && r[4090] == 'S');
  close(fd);
  CHECK_TRUE("mapping survives close", r != MAP_FAILED && r[0] == 'a');

  return summary("fsops");
}
