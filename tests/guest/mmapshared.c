/* What if shared file mappings misbehave? (SQLite's WAL index, databases like LMDB, and any
 * program that shares memory through a file rely on them.)
 *
 * mmapshared.c (argv[1] = an empty writable directory) checks MAP_SHARED mappings of a file:
 * stores seen by read(2) without msync and by another process's mapping (made after a fork,
 * and made on its own open), write(2)s seen through the mapping, stores kept after munmap
 * and after the process exits, a store after mprotect from read-only to read-write, a
 * mapping at a file offset, a mapping past the end of the file not growing it, SIGBUS
 * (BUS_ADRERR) for a page wholly past the end of the file in a shared or a private mapping,
 * EACCES for a writable shared mapping of a read-only descriptor, and ENODEV for devices
 * that do not map (/dev/urandom, /dev/null; /dev/zero does) and for a pipe.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static sigjmp_buf jb;
static volatile int bus_code;
static void on_bus(int sig, siginfo_t *si, void *uc) {
  (void)sig, (void)uc;
  bus_code = si->si_code;
  siglongjmp(jb, 1);
}

/* Whether reading p raises SIGBUS with code BUS_ADRERR. */
static int bus_error(volatile char *p) {
  bus_code = 0;
  if (sigsetjmp(jb, 1) == 0) {
    char c = *p;
    (void)c;
    return 0;
  }
  return bus_code == BUS_ADRERR;
}

static int wait_ok(pid_t pid) {
  int st;
  return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(int argc, char **argv) {
  if (argc < 2 || chdir(argv[1]) != 0) return 2;
  int fd = open("shared", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0, "open");
  CHECK_EQ("ftruncate 3 pages", ftruncate(fd, 3 * 4096), 0);
  char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK_TRUE("mmap shared", m != MAP_FAILED);
  if (m == MAP_FAILED) return summary("mmapshared");

  // A store is in the file at once: read(2) sees it without msync.
  memcpy(m + 10, "hello", 5);
  char buf[16] = {0};
  CHECK_EQ("pread after store", pread(fd, buf, 5, 10), 5);
  CHECK_TRUE("read sees the store", memcmp(buf, "hello", 5) == 0);
  // A write(2) is in the mapping at once.
  CHECK_EQ("pwrite", pwrite(fd, "WORLD", 5, 4096 + 7), 5);
  CHECK_TRUE("mapping sees the write", memcmp(m + 4096 + 7, "WORLD", 5) == 0);
  // The first store stays when a write(2) changes other bytes of its page.
  CHECK_EQ("pwrite same page", pwrite(fd, "!", 1, 20), 1);
  CHECK_TRUE("store and write both there", memcmp(m + 10, "hello", 5) == 0 && m[20] == '!');

  // A child's stores through the mapping it inherited reach the parent's.
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    strcpy(m + 2 * 4096, "from the child");
    m[100]++;
    _exit(0);
  }
  CHECK_TRUE("child exited", wait_ok(pid));
  CHECK_TRUE("parent sees the child's store", strcmp(m + 2 * 4096, "from the child") == 0);
  CHECK_EQ("parent sees the child's increment", m[100], 1);

  // A process that opens and maps the file on its own shares the pages too.
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    int f2 = open("shared", O_RDWR);
    char *n = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, f2, 4096);
    if (n == MAP_FAILED) _exit(1);
    if (memcmp(n + 7, "WORLD", 5) != 0) _exit(2);
    memcpy(n + 100, "second map", 10);
    _exit(0);
  }
  CHECK_TRUE("second mapper exited", wait_ok(pid));
  CHECK_TRUE("its store is in ours", memcmp(m + 4096 + 100, "second map", 10) == 0);

  // mprotect: read-only, then writable again.
  CHECK_EQ("mprotect read-only", mprotect(m, 4096, PROT_READ), 0);
  CHECK_EQ("mprotect read-write", mprotect(m, 4096, PROT_READ | PROT_WRITE), 0);
  m[0] = 'Z';
  CHECK_EQ("pread after store past mprotect", pread(fd, buf, 1, 0), 1);
  CHECK_EQ("it reached the file", buf[0], 'Z');
  CHECK_EQ("msync", msync(m, 3 * 4096, MS_SYNC), 0);
  CHECK_EQ("munmap", munmap(m, 3 * 4096), 0);
  close(fd);

  // After munmap and close, the file holds everything.
  fd = open("shared", O_RDONLY);
  CHECK_EQ("pread after munmap", pread(fd, buf, 14, 2 * 4096), 14);
  CHECK_TRUE("file holds the child's store", memcmp(buf, "from the child", 14) == 0);
  // A writable shared mapping needs a descriptor open for writing.
  errno = 0;
  void *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK_TRUE("writable shared map of a read-only fd fails", ro == MAP_FAILED && errno == EACCES);
  char *r = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
  CHECK_TRUE("read-only shared map", r != MAP_FAILED && r[0] == 'Z' && memcmp(r + 10, "hello", 5) == 0);
  close(fd);

  // A process's stores are in the file after it exits without munmap.
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    int f3 = open("shared", O_RDWR);
    char *k = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, f3, 0);
    if (k == MAP_FAILED) _exit(1);
    memcpy(k + 200, "left at exit", 12);
    _exit(0);
  }
  CHECK_TRUE("exiting mapper exited", wait_ok(pid));
  fd = open("shared", O_RDONLY);
  CHECK_EQ("pread after its exit", pread(fd, buf, 12, 200), 12);
  CHECK_TRUE("its store is in the file", memcmp(buf, "left at exit", 12) == 0);

  // A mapping longer than the file: the pages within the file are shared, and stores to the
  // rest of the last page do not grow the file.
  int s = open("small", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK_EQ("write 100 bytes", write(s, "x", 1) + pwrite(s, "y", 1, 99), 2);
  char *sm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
  CHECK_TRUE("map a small file", sm != MAP_FAILED && sm[0] == 'x' && sm[99] == 'y' && sm[100] == 0);
  if (sm != MAP_FAILED) {
    sm[50] = 'M';
    sm[2000] = 'Q';
    CHECK_EQ("msync small", msync(sm, 4096, MS_SYNC), 0);
    CHECK_EQ("size unchanged", lseek(s, 0, SEEK_END), 100);
    CHECK_EQ("pread small", pread(s, buf, 1, 50), 1);
    CHECK_EQ("store within the file is there", buf[0], 'M');
    munmap(sm, 4096);
  }
  // Pages wholly past the end of the file are not there: SIGBUS, shared or private.
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_bus;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGBUS, &sa, NULL);
  char *ss = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
  char *sp = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE, s, 0);
  CHECK_TRUE("map 3 pages of a 100-byte file", ss != MAP_FAILED && sp != MAP_FAILED);
  if (ss != MAP_FAILED && sp != MAP_FAILED) {
    CHECK_TRUE("the page with the end of the file is there", !bus_error(ss + 4000) && ss[0] == 'x');
    CHECK_TRUE("shared: the next page raises SIGBUS", bus_error(ss + 4096 + 5));
    CHECK_TRUE("private: the next page raises SIGBUS", bus_error(sp + 2 * 4096));
    CHECK_EQ("grow the file to 2 pages", ftruncate(s, 2 * 4096), 0);
    CHECK_TRUE("shared: the second page is there now", !bus_error(ss + 4096 + 5) && ss[4096 + 5] == 0);
  }
  close(s);

  // Only some files map: /dev/zero does, /dev/urandom, /dev/null and a pipe do not.
  const char *devs[] = {"/dev/zero", "/dev/urandom", "/dev/null"};
  for (int i = 0; i < 3; i++) {
    int d = open(devs[i], O_RDONLY);
    errno = 0;
    void *dm = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, d, 0);
    printf("mmap %s: %s\n", devs[i], dm != MAP_FAILED ? "mapped" : errno == ENODEV ? "ENODEV" : "other error");
    CHECK_TRUE(devs[i], i == 0 ? dm != MAP_FAILED : dm == MAP_FAILED && errno == ENODEV);
    close(d);
  }
  int pp[2];
  CHECK_EQ("pipe", pipe(pp), 0);
  errno = 0;
  void *pm = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, pp[0], 0);
  CHECK_TRUE("mmap of a pipe: ENODEV", pm == MAP_FAILED && errno == ENODEV);
  return summary("mmapshared");
}
