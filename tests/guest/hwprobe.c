/* What if riscv_hwprobe describes the hart wrongly?  qemu-user 7.2 lacks the call, so the
 * expected values here come from the kernel's documentation (Documentation/arch/riscv/
 * hwprobe.rst) and from what the hart implements: RV64IMAFDC, IMA base behaviour, F+D and C
 * in IMA_EXT_0 (no Zba/Zbb/Zbs, no vector), no Zicboz, Sv39's highest address, a time CSR
 * counting nanoseconds; an unknown key comes back as -1; a non-zero flags argument is EINVAL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

struct pair {
  int64_t key;
  uint64_t value;
};

int main(void) {
  struct pair p[] = {{0, 9}, {1, 9}, {2, 9}, {3, 9}, {4, 9}, {6, 9}, {7, 9}, {8, 9}, {10, 9}, {9999, 9}};
  int n = sizeof p / sizeof p[0];
  CHECK_EQ("riscv_hwprobe", syscall(258, p, n, 0, NULL, 0), 0);
  CHECK_EQ("mvendorid", p[0].value, 0);
  CHECK_EQ("marchid", p[1].value, 0);
  CHECK_EQ("mimpid", p[2].value, 0);
  CHECK_EQ("base behaviour: IMA", p[3].value, 1);
  CHECK_EQ("IMA_EXT_0: FD and C", p[4].value, 3);
  CHECK_EQ("Zicboz block size", p[5].value, 0);
  CHECK_EQ("highest virtual address (Sv39)", p[6].value, 0x3fffffffffULL);
  CHECK_EQ("time CSR frequency", p[7].value, 1000000000);
  CHECK_EQ("misaligned vector: unsupported", p[8].value, 4);
  CHECK_EQ("unknown key becomes -1", p[9].key, -1);
  CHECK_EQ("  and value 0", p[9].value, 0);
  errno = 0;
  CHECK_TRUE("flags: EINVAL", syscall(258, p, 1, 0, NULL, 1) == -1 && errno == EINVAL);
  CHECK_EQ("no pairs", syscall(258, p, 0, 0, NULL, 0), 0);
  return summary("hwprobe");
}
