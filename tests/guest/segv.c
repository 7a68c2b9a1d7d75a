/* What if a bad memory access does not kill the process with SIGSEGV?
 *
 * segv.c takes one mode argument and performs one faulting access; the process must die
 * by SIGSEGV (exit status 139 from the CLI, like qemu's signal death), after the line
 * printed (and flushed) before the fault reached stdout.  Modes: null-read, null-write,
 * ro-write (a PROT_READ mmap page), rodata-write (a string literal), text-write (our own
 * code), unmapped (a page after munmap), prot-none, split (a misaligned 8-byte load whose
 * second half is in an unmapped page), nx-exec (jumping into a readable, writable but not
 * executable page that holds valid code), jump-null (calling a null function pointer),
 * and stack-overflow (unbounded recursion).
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

static const char literal[] = "constant";

#pragma GCC diagnostic ignored "-Winfinite-recursion"

__attribute__((noinline)) static unsigned long recurse(volatile unsigned long *p, unsigned long n) {
  volatile unsigned long pad[32];
  pad[n & 31] = n;
  return recurse(pad, n + 1) + p[0];
}

static void fault(const char *mode) {
  volatile uint8_t *vp;
  if (!strcmp(mode, "null-read")) {
    vp = (volatile uint8_t *)opaque(0);
    (void)*vp;
  } else if (!strcmp(mode, "null-write")) {
    vp = (volatile uint8_t *)opaque(0);
    *vp = 1;
  } else if (!strcmp(mode, "ro-write")) {
    uint8_t *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    vp = (volatile uint8_t *)p;
    (void)vp[10]; /* reading is fine */
    vp[10] = 1;
  } else if (!strcmp(mode, "rodata-write")) {
    vp = (volatile uint8_t *)opaque((uint64_t)literal);
    *vp = 'C';
  } else if (!strcmp(mode, "text-write")) {
    vp = (volatile uint8_t *)opaque((uint64_t)(void *)fault);
    *vp = 0;
  } else if (!strcmp(mode, "unmapped")) {
    uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 1;
    munmap(p, 4096);
    vp = (volatile uint8_t *)p;
    (void)vp[0];
  } else if (!strcmp(mode, "prot-none")) {
    uint8_t *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    vp = (volatile uint8_t *)p;
    (void)vp[0];
  } else if (!strcmp(mode, "split")) {
    uint8_t *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p + 4096, 4096);
    uint64_t r;
    __asm__ volatile("ld %0, 0(%1)" : "=r"(r) : "r"(p + 4092) : "memory");
    (void)r;
  } else if (!strcmp(mode, "nx-exec")) {
    uint32_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 0x00008067u; /* ret */
    __asm__ volatile("fence.i" ::: "memory");
    ((void (*)(void))(void *)p)();
  } else if (!strcmp(mode, "jump-null")) {
    void (*fn)(void) = (void (*)(void))(void *)opaque(0);
    fn();
  } else if (!strcmp(mode, "stack-overflow")) {
    volatile unsigned long z = 0;
    printf("%lu\n", recurse(&z, 0));
  } else {
    printf("segv: unknown mode %s\n", mode);
    exit(2);
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("usage: segv MODE\n");
    return 2;
  }
  printf("segv: %s: about to fault\n", argv[1]);
  fflush(stdout);
  fault(argv[1]);
  printf("segv: %s: survived the fault\n", argv[1]);
  return 1;
}
