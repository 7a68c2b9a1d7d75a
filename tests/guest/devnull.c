/* What if the device files behave like ordinary files, or not at all?
 *
 * devnull.c checks /dev/null (writes of any size succeed and vanish, reads return EOF at
 * once, it is a character device, lseek is allowed, O_CREAT|O_TRUNC on it works) and
 * /dev/zero (reads fill a buffer that was not zero with zeros, for small, page-sized and
 * large reads, repeatedly; writes succeed; a private mmap of it gives zero pages), and
 * that fstat on the standard descriptors 0, 1 and 2 succeeds.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(void) {
  struct stat st;
  int fd = open("/dev/null", O_RDWR);
  CHECK_TRUE("open /dev/null", fd >= 0);
  CHECK_EQ("fstat /dev/null", fstat(fd, &st), 0);
  CHECK_TRUE("/dev/null is a char device", S_ISCHR(st.st_mode));
  static char big[1 << 20];
  memset(big, 'q', sizeof big);
  CHECK_EQ("write 5 to /dev/null", write(fd, "hello", 5), 5);
  CHECK_EQ("write 1 MiB to /dev/null", write(fd, big, sizeof big), sizeof big);
  char c = 'x';
  CHECK_EQ("read /dev/null is EOF", read(fd, &c, 1), 0);
  CHECK_EQ("buffer untouched", c, 'x');
  CHECK_EQ("lseek /dev/null", lseek(fd, 0, SEEK_SET), 0);
  close(fd);
  fd = open("/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK_TRUE("open /dev/null O_CREAT|O_TRUNC", fd >= 0);
  close(fd);
  CHECK_EQ("stat /dev/null by path", stat("/dev/null", &st), 0);
  CHECK_TRUE("still a char device", S_ISCHR(st.st_mode));
  FILE *f = fopen("/dev/null", "w");
  CHECK_TRUE("fopen /dev/null", f != NULL);
  for (int i = 0; i < 10000; i++) fprintf(f, "discarded %d\n", i);
  CHECK_EQ("fclose /dev/null", fclose(f), 0);

  fd = open("/dev/zero", O_RDONLY);
  CHECK_TRUE("open /dev/zero", fd >= 0);
  CHECK_EQ("fstat /dev/zero", fstat(fd, &st), 0);
  CHECK_TRUE("/dev/zero is a char device", S_ISCHR(st.st_mode));
  static const size_t sizes[] = {1, 7, 4096, 5000, 1 << 20};
  for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    for (int rep = 0; rep < 2; rep++) {
      memset(big, 0xee, sizes[i] + (sizes[i] < sizeof big));
      ssize_t n = read(fd, big, sizes[i]);
      int zero = 1;
      for (size_t k = 0; k < sizes[i]; k++) zero &= big[k] == 0;
      char what[64];
      snprintf(what, sizeof what, "read %zu from /dev/zero (rep %d)", sizes[i], rep);
      CHECK_TRUE(what, n == (ssize_t)sizes[i] && zero);
      if (sizes[i] < sizeof big) CHECK_TRUE("byte after the read untouched", (uint8_t)big[sizes[i]] == 0xee);
    }
  }
  close(fd);
  fd = open("/dev/zero", O_WRONLY);
  CHECK_EQ("write to /dev/zero", write(fd, "abc", 3), 3);
  close(fd);
  fd = open("/dev/zero", O_RDWR);
  uint8_t *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK_TRUE("mmap /dev/zero", m != MAP_FAILED);
  if (m != MAP_FAILED) {
    CHECK_TRUE("mapped /dev/zero reads zero", m[0] == 0 && m[8191] == 0);
    m[100] = 5;
    CHECK_EQ("mapped /dev/zero writable", m[100], 5);
    munmap(m, 8192);
  }
  close(fd);
  for (int i = 0; i < 3; i++) {
    char what[32];
    snprintf(what, sizeof what, "fstat(%d)", i);
    CHECK_EQ(what, fstat(i, &st), 0);
  }
  return summary("devnull");
}
