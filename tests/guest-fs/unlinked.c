/* What if a file removed while open (mkstemp then unlink: Tcl's exec, temporary files) stops
 * working through its descriptor, on a host mount whose files the kernel otherwise knows by
 * their path?
 *
 * unlinked.c SCRATCH: with a shared mapping of another file alive (the kernel then looks up
 * the shared pages of every file read or written), a file opened O_RDWR|O_CREAT|O_TRUNC and
 * unlinked is still written, read back, seeked and fstat'ed (size, no links) through its
 * descriptor, and a second descriptor from dup() sees the same data.
 */
#include "fscheck.h"
#include <sys/mman.h>

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  umask(022);
  enter(argv[1], "unlinked");
  put("mapped", "shared page");
  int mfd = open("mapped", O_RDWR);
  OK("open mapped", mfd);
  char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
  YES("mmap MAP_SHARED", m != MAP_FAILED);
  int fd = open("tmp", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  OK("open tmp", fd);
  OK("unlink tmp", unlink("tmp"));
  EQ("write", write(fd, "hello, world", 12), 12);
  char buf[32] = {0};
  EQ("pread", pread(fd, buf, sizeof buf, 0), 12);
  same_bytes("  data", buf, 12, "hello, world", 12);
  EQ("lseek", lseek(fd, 7, SEEK_SET), 7);
  EQ("read", read(fd, buf, sizeof buf), 5);
  struct stat st;
  OK("fstat", fstat(fd, &st));
  EQ("  size", st.st_size, 12);
  EQ("  nlink", st.st_nlink, 0);
  int fd2 = dup(fd);
  OK("dup", fd2);
  EQ("pwrite through the dup", pwrite(fd2, "W", 1, 7), 1);
  EQ("pread", pread(fd, buf, 12, 0), 12);
  same_bytes("  data", buf, 12, "hello, World", 12);
  OK("ftruncate", ftruncate(fd, 5));
  OK("fstat", fstat(fd, &st));
  EQ("  size after ftruncate", st.st_size, 5);
  close(fd2);
  close(fd);
  YES("mapped page intact", memcmp(m, "shared page", 11) == 0);
  munmap(m, 4096);
  close(mfd);
  return summary("unlinked");
}
