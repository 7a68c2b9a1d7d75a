/* fscheck.h — the self-check harness of the file-system call programs (tests/guest-fs).
 *
 * Every check prints one line naming the operation and its outcome, so the run under Aster
 * and the run under qemu-riscv64 can be compared line by line; a check that misses its
 * expectation also says "FAIL" and what was wanted.  Nothing printed may depend on the host:
 * no paths, inode numbers, device numbers or wall-clock times (times only as relations or as
 * values the program set itself).  fs.test.ts hashes this file into the compile cache key.
 */
#ifndef FSCHECK_H
#define FSCHECK_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int g_checks, g_fails;

static const char *errname(int e) {
  switch (e) {
#define E(x) case x: return #x;
    E(EPERM) E(ENOENT) E(EIO) E(EBADF) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT) E(EBUSY)
    E(EEXIST) E(EXDEV) E(ENODEV) E(ENOTDIR) E(EISDIR) E(EINVAL) E(EMFILE) E(ENOTTY) E(EFBIG)
    E(ENOSPC) E(ESPIPE) E(EROFS) E(EMLINK) E(EPIPE) E(ENAMETOOLONG) E(ENOSYS) E(ENOTEMPTY)
    E(ELOOP) E(EOVERFLOW) E(EOPNOTSUPP)
#undef E
    default: return "E?";
  }
}

/* The call must succeed (return >= 0). */
#define OK(what, call)                                                                     \
  do {                                                                                     \
    errno = 0;                                                                             \
    long r_ = (long)(call);                                                                \
    int e_ = errno;                                                                        \
    g_checks++;                                                                            \
    if (r_ >= 0) {                                                                         \
      printf("%s: ok\n", (what));                                                          \
    } else {                                                                               \
      g_fails++;                                                                           \
      printf("%s: %ld %s FAIL want success (line %d)\n", (what), r_, errname(e_), __LINE__); \
    }                                                                                      \
  } while (0)

/* The call must fail with errno `want`. */
#define ERR(what, call, want)                                                              \
  do {                                                                                     \
    errno = 0;                                                                             \
    long r_ = (long)(call);                                                                \
    int e_ = errno;                                                                        \
    g_checks++;                                                                            \
    if (r_ == -1 && e_ == (want)) {                                                        \
      printf("%s: -1 %s\n", (what), #want);                                                \
    } else {                                                                               \
      g_fails++;                                                                           \
      printf("%s: %ld %s FAIL want -1 %s (line %d)\n", (what), r_, r_ == -1 ? errname(e_) : "", \
             #want, __LINE__);                                                             \
    }                                                                                      \
  } while (0)

/* A value, printed either way. */
#define EQ(what, got, want)                                                                \
  do {                                                                                     \
    long long g_ = (long long)(got), w_ = (long long)(want);                               \
    g_checks++;                                                                            \
    if (g_ == w_) {                                                                        \
      printf("%s = %lld\n", (what), g_);                                                   \
    } else {                                                                               \
      g_fails++;                                                                           \
      printf("%s = %lld FAIL want %lld (line %d)\n", (what), g_, w_, __LINE__);            \
    }                                                                                      \
  } while (0)

/* A mode, printed in octal either way. */
#define OCT(what, got, want)                                                               \
  do {                                                                                     \
    long long g_ = (long long)(got), w_ = (long long)(want);                               \
    g_checks++;                                                                            \
    if (g_ == w_) {                                                                        \
      printf("%s = 0%llo\n", (what), g_);                                                  \
    } else {                                                                               \
      g_fails++;                                                                           \
      printf("%s = 0%llo FAIL want 0%llo (line %d)\n", (what), g_, w_, __LINE__);          \
    }                                                                                      \
  } while (0)

/* A property, printed as "what: yes". */
#define YES(what, cond)                                                                    \
  do {                                                                                     \
    g_checks++;                                                                            \
    if (cond) {                                                                            \
      printf("%s: yes\n", (what));                                                         \
    } else {                                                                               \
      g_fails++;                                                                           \
      printf("%s: no FAIL (line %d)\n", (what), __LINE__);                                 \
    }                                                                                      \
  } while (0)

/* Bytes, printed with NULs as '.', compared with the expectation. */
static __attribute__((unused)) void same_bytes(const char *what, const char *got, long n, const char *want, long wn) {
  g_checks++;
  char shown[256];
  long k = n < 255 ? n : 255;
  for (long i = 0; i < k; i++) shown[i] = got[i] ? got[i] : '.';
  shown[k < 0 ? 0 : k] = 0;
  if (n == wn && memcmp(got, want, n) == 0) {
    printf("%s = \"%s\"\n", what, shown);
  } else {
    g_fails++;
    printf("%s = \"%s\" (%ld bytes) FAIL\n", what, shown, n);
  }
}

/* The whole content of `path` compared with `want` (wn bytes). */
static __attribute__((unused)) void content(const char *what, const char *path, const char *want, long wn) {
  char buf[256];
  int fd = open(path, O_RDONLY);
  long n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
  if (fd >= 0) close(fd);
  same_bytes(what, buf, n, want, wn);
}

static __attribute__((unused)) void put(const char *path, const char *data) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, data, strlen(data)) != (long)strlen(data)) {
    printf("setup: cannot write %s: %s FAIL\n", path, errname(errno));
    g_fails++;
  }
  if (fd >= 0) close(fd);
}

static __attribute__((unused)) long long size_of(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static __attribute__((unused)) int exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

/* Make `parent`/`name` (removing nothing: the runner gives a fresh directory) and enter it. */
static void enter(const char *parent, const char *name) {
  char dir[512];
  snprintf(dir, sizeof dir, "%s/%s", parent, name);
  if (mkdir(dir, 0755) != 0 || chdir(dir) != 0) {
    printf("setup: cannot make and enter the scratch directory: %s\n", errname(errno));
    exit(2);
  }
}

static int summary(const char *name) {
  printf("%s: %d checks, %d failures\n", name, g_checks, g_fails);
  fflush(stdout);
  return g_fails ? 1 : 0;
}

#endif
