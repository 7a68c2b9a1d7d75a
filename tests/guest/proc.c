/* What if /proc/self/exe does not lead back to the running program?
 *
 * proc.c checks that readlink("/proc/self/exe") succeeds with an absolute path whose last
 * component is the program's own name (argv[0]'s), that the returned length is exact (no
 * NUL counted, buffer not terminated by the kernel), that a too-small buffer truncates
 * silently, that opening /proc/self/exe yields our own ELF file (riscv64, ET_EXEC, same
 * entry point as AT_ENTRY, same size as fstat reports for argv[0]'s file), and that
 * readlinkat(AT_FDCWD, ...) agrees.  The path itself is never printed.
 */
#include <elf.h>
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(int argc, char **argv) {
  (void)argc;
  char buf[4096];
  memset(buf, 'X', sizeof buf);
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf);
  CHECK_TRUE("readlink /proc/self/exe succeeds", n > 0);
  if (n <= 0) return summary("proc");
  CHECK_TRUE("kernel does not NUL-terminate", buf[n] == 'X');
  buf[n] = 0;
  CHECK_TRUE("absolute path", buf[0] == '/');
  const char *me = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  const char *tail = strrchr(buf, '/') + 1;
  CHECK_TRUE("last component is the program name", !strcmp(tail, me));
  char small[4];
  CHECK_EQ("too-small buffer truncates", readlink("/proc/self/exe", small, sizeof small), 4);
  CHECK_TRUE("truncated bytes are the prefix", memcmp(small, buf, 4) == 0);
  char again[4096];
  ssize_t m = readlinkat(AT_FDCWD, "/proc/self/exe", again, sizeof again);
  CHECK_TRUE("readlinkat agrees", m == n && memcmp(again, buf, n) == 0);

  int fd = open("/proc/self/exe", O_RDONLY);
  CHECK_TRUE("open /proc/self/exe", fd >= 0);
  Elf64_Ehdr eh;
  CHECK_EQ("read ELF header", read(fd, &eh, sizeof eh), sizeof eh);
  CHECK_TRUE("ELF magic", memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0);
  CHECK_EQ("ELFCLASS64", eh.e_ident[EI_CLASS], ELFCLASS64);
  CHECK_EQ("EM_RISCV", eh.e_machine, EM_RISCV);
  CHECK_EQ("ET_EXEC", eh.e_type, ET_EXEC);
  CHECK_TRUE("e_entry == AT_ENTRY", eh.e_entry == getauxval(AT_ENTRY));
  struct stat a, b;
  CHECK_EQ("fstat exe", fstat(fd, &a), 0);
  CHECK_EQ("stat argv[0]", stat(argv[0], &b), 0);
  CHECK_TRUE("same size as argv[0]", a.st_size == b.st_size);
  close(fd);
  return summary("proc");
}
