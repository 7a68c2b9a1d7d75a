/* What if code a program writes at run time (a JIT, like PCRE2's in `grep -P`) is not what
 * runs after riscv_flush_icache, or the call itself fails?
 *
 * A function is written into an executable mapping (li a0, N; ret), run, rewritten with another
 * N and run again, each time after riscv_flush_icache over it (flags 0, then
 * SYS_RISCV_FLUSH_ICACHE_LOCAL): it returns the new value. (Unknown flags are EINVAL on Linux
 * and here; qemu-user takes any, so this program does not ask.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#ifndef SYS_riscv_flush_icache
#define SYS_riscv_flush_icache 259
#endif

/* li a0, imm (addi a0, zero, imm: imm in -2048..2047); ret (jalr zero, 0(ra)) */
static void put_function(uint32_t *code, int imm) {
  code[0] = ((uint32_t)(imm & 0xfff) << 20) | (10u << 7) | 0x13;
  code[1] = 0x00008067;
}

int main(void) {
  uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(code != MAP_FAILED, "mmap: errno %d", errno);
  int (*fn)(void) = (int (*)(void))(void *)code;
  put_function(code, 42);
  CHECK_EQ("riscv_flush_icache", syscall(SYS_riscv_flush_icache, code, code + 2, 0), 0);
  CHECK_EQ("the written function", fn(), 42);
  for (int i = 0; i < 3; i++) {
    put_function(code, 100 + i);
    CHECK_EQ("riscv_flush_icache LOCAL", syscall(SYS_riscv_flush_icache, code, code + 2, 1), 0);
    CHECK_EQ("  the rewritten function", fn(), 100 + i);
  }
  return summary("flushicache");
}
