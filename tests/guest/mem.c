/* What if the address-space syscalls hand out wrong, overlapping or non-zeroed memory?
 *
 * mem.c checks brk (query, growth by many pages — every byte writable and zero — and
 * shrinking; a request below the initial break is refused), anonymous mmap (page aligned,
 * zero filled, a hint over an existing mapping not honoured, MAP_FIXED replacing part of a mapping, munmap of a
 * middle page and remapping the hole, a large 64 MiB reservation touched sparsely),
 * mprotect (PROT_READ pages still readable, back to RW writable; see segv.c for the fault),
 * mremap growing in place or moving with the contents, malloc/realloc/free of small and
 * large blocks (glibc uses brk and mmap/mremap underneath), errno for bad arguments, and
 * executing code written at run time: fence.i after writing instructions into a mapping,
 * then rewriting them and running the new version (no stale translated code).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#define PAGE 4096ul

static uintptr_t sys_brk(uintptr_t p) { return (uintptr_t)syscall(SYS_brk, p); }

static void brk_tests(void) {
  uintptr_t b0 = sys_brk(0);
  CHECK_TRUE("brk(0) nonzero", b0 != 0);
  CHECK_EQ("brk(0) is stable", sys_brk(0), b0);
  uintptr_t want = b0 + 64 * PAGE + 123;
  uintptr_t b1 = sys_brk(want);
  CHECK_EQ("brk grows to the exact request", b1 - b0, 64 * PAGE + 123);
  uint8_t *p = (uint8_t *)b0;
  int zero = 1;
  for (uintptr_t i = 0; i < 64 * PAGE + 123; i++) zero &= p[i] == 0;
  CHECK_TRUE("new brk memory reads zero", zero);
  memset(p, 0xab, 64 * PAGE + 123);
  CHECK_EQ("brk memory writable (last byte)", p[64 * PAGE + 122], 0xab);
  uintptr_t b2 = sys_brk(b0 + PAGE);
  CHECK_EQ("brk shrinks", b2 - b0, PAGE);
  CHECK_EQ("memory below the shrunk break is kept", p[PAGE - 1], 0xab);
  uintptr_t b3 = sys_brk(b0 + 4 * PAGE);
  CHECK_EQ("brk regrows", b3 - b0, 4 * PAGE);
  /* Pages released by shrinking come back zeroed (beyond the page that stayed mapped). */
  zero = 1;
  for (uintptr_t i = 2 * PAGE; i < 4 * PAGE; i++) zero &= p[i] == 0;
  CHECK_TRUE("regrown brk pages are zero", zero);
  uintptr_t b4 = sys_brk(PAGE);
  CHECK_EQ("brk(4096), below the start, is refused (returns current)", b4 - b0, 4 * PAGE);
  sys_brk(b0);
  /* sbrk through glibc */
  void *s0 = sbrk(0);
  void *s1 = sbrk(8192);
  CHECK_TRUE("sbrk returns the old break", s1 == s0);
  CHECK_TRUE("sbrk moved the break", (char *)sbrk(0) - (char *)s0 == 8192);
  memset(s1, 1, 8192);
  sbrk(-8192);
}

static void mmap_tests(void) {
  uint8_t *a = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK_TRUE("mmap 16 pages", a != MAP_FAILED);
  CHECK_EQ("mmap page aligned", (uintptr_t)a % PAGE, 0);
  int zero = 1;
  for (size_t i = 0; i < 16 * PAGE; i++) zero &= a[i] == 0;
  CHECK_TRUE("anonymous memory is zero", zero);
  for (size_t i = 0; i < 16 * PAGE; i++) a[i] = (uint8_t)(i / PAGE + 1);
  /* MAP_FIXED over pages 4..5: replaced by fresh zero pages */
  uint8_t *f = mmap(a + 4 * PAGE, 2 * PAGE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  CHECK_TRUE("MAP_FIXED lands at the address", f == a + 4 * PAGE);
  CHECK_TRUE("MAP_FIXED pages are zero", a[4 * PAGE] == 0 && a[6 * PAGE - 1] == 0);
  CHECK_TRUE("neighbours of MAP_FIXED intact", a[4 * PAGE - 1] == 4 && a[6 * PAGE] == 7);
  /* unmap a middle page and map it again */
  CHECK_EQ("munmap middle page", munmap(a + 8 * PAGE, PAGE), 0);
  uint8_t *h = mmap(a + 8 * PAGE, PAGE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  CHECK_TRUE("remap the hole with MAP_FIXED", h == a + 8 * PAGE);
  CHECK_TRUE("remapped hole is zero", h[0] == 0 && h[PAGE - 1] == 0);
  /* (MAP_FIXED_NOREPLACE is not tested: qemu-user 7.2, the oracle, does not implement it.) */
  uint8_t *hint = mmap(a + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK_TRUE("a hint over an existing mapping is not honoured", hint != MAP_FAILED && hint != a + 2 * PAGE);
  CHECK_EQ("mapping under the hint intact", a[2 * PAGE], 3);
  munmap(hint, PAGE);
  /* mprotect */
  CHECK_EQ("mprotect PROT_READ", mprotect(a, 2 * PAGE, PROT_READ), 0);
  CHECK_EQ("read-only page still readable", a[PAGE], 2);
  CHECK_EQ("mprotect RW again", mprotect(a, 2 * PAGE, PROT_READ | PROT_WRITE), 0);
  a[PAGE] = 99;
  CHECK_EQ("writable again", a[PAGE], 99);
  CHECK_EQ("mprotect PROT_NONE then back", mprotect(a + 10 * PAGE, PAGE, PROT_NONE) |
                                               mprotect(a + 10 * PAGE, PAGE, PROT_READ), 0);
  CHECK_EQ("content survives PROT_NONE", a[10 * PAGE], 11);
  /* errors */
  errno = 0;
  CHECK_TRUE("mmap length 0 fails EINVAL",
             mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("munmap unaligned fails EINVAL", munmap(a + 1, PAGE) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("mprotect unaligned fails EINVAL", mprotect(a + 1, PAGE, PROT_READ) == -1 && errno == EINVAL);
  errno = 0;
  CHECK_TRUE("mmap bad fd fails EBADF", mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 1234, 0) == MAP_FAILED &&
                                            errno == EBADF);
  CHECK_EQ("munmap all", munmap(a, 16 * PAGE), 0);
  CHECK_EQ("munmap of unmapped range is fine", munmap(a, 16 * PAGE), 0);

  /* two mappings do not overlap */
  uint8_t *x = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  uint8_t *y = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK_TRUE("two mappings disjoint", x + 3 * PAGE <= y || y + 3 * PAGE <= x);
  memset(x, 1, 3 * PAGE);
  memset(y, 2, 3 * PAGE);
  CHECK_TRUE("writes stay in their mapping", x[3 * PAGE - 1] == 1 && y[0] == 2);

  /* mremap */
  uint8_t *g = mremap(x, 3 * PAGE, 40 * PAGE, MREMAP_MAYMOVE);
  CHECK_TRUE("mremap grow", g != MAP_FAILED);
  CHECK_TRUE("mremap keeps contents", g[0] == 1 && g[3 * PAGE - 1] == 1);
  CHECK_TRUE("mremap new part is zero", g[3 * PAGE] == 0 && g[40 * PAGE - 1] == 0);
  g[40 * PAGE - 1] = 5;
  uint8_t *s = mremap(g, 40 * PAGE, PAGE, 0);
  CHECK_TRUE("mremap shrink in place", s == g && s[0] == 1);
  munmap(s, PAGE);
  munmap(y, 3 * PAGE);

  /* a big sparse reservation */
  size_t big = 64ul << 20;
  uint8_t *r = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  CHECK_TRUE("mmap 64 MiB", r != MAP_FAILED);
  if (r != MAP_FAILED) {
    unsigned long sum = 0;
    for (size_t i = 0; i < big; i += 1 << 20) r[i] = (uint8_t)(i >> 20);
    for (size_t i = 0; i < big; i += 1 << 20) sum += r[i];
    CHECK_EQ("sparse touches", sum, 63 * 64 / 2);
    munmap(r, big);
  }
}

static void malloc_tests(void) {
  unsigned long sum = 0;
  void *ptrs[200];
  for (int i = 0; i < 200; i++) {
    size_t n = (size_t)(i * 37 % 1000 + 1);
    ptrs[i] = malloc(n);
    memset(ptrs[i], i & 0xff, n);
  }
  for (int i = 0; i < 200; i += 2) free(ptrs[i]);
  for (int i = 1; i < 200; i += 2) sum += ((uint8_t *)ptrs[i])[0];
  CHECK_EQ("small blocks intact", sum, 10000);
  for (int i = 1; i < 200; i += 2) free(ptrs[i]);
  /* large: glibc uses mmap and mremap for these */
  size_t n = 1 << 20;
  uint8_t *p = malloc(n);
  CHECK_TRUE("malloc 1 MiB", p != NULL);
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(i * 31);
  p = realloc(p, 8 * n);
  CHECK_TRUE("realloc to 8 MiB", p != NULL);
  int ok = 1;
  for (size_t i = 0; i < n; i++) ok &= p[i] == (uint8_t)(i * 31);
  CHECK_TRUE("realloc kept contents", ok);
  memset(p + n, 7, 7 * n);
  p = realloc(p, n / 2);
  ok = 1;
  for (size_t i = 0; i < n / 2; i++) ok &= p[i] == (uint8_t)(i * 31);
  CHECK_TRUE("realloc shrink kept contents", ok);
  free(p);
  uint64_t *c = calloc(1 << 18, sizeof(uint64_t));
  ok = 1;
  for (size_t i = 0; i < 1 << 18; i++) ok &= c[i] == 0;
  CHECK_TRUE("calloc 2 MiB zero", ok);
  free(c);
}

/* Encodings: addi a0, zero, imm ; jalr zero, 0(ra) */
static uint32_t li_a0(int imm) { return ((uint32_t)imm & 0xfff) << 20 | 10 << 7 | 0x13; }
#define RET 0x00008067u

static void jit_tests(void) {
  uint32_t *code = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK_TRUE("mmap code page", code != MAP_FAILED);
  if (code == MAP_FAILED) return;
  code[0] = li_a0(1);
  code[1] = RET;
  CHECK_EQ("mprotect RX", mprotect(code, PAGE, PROT_READ | PROT_EXEC), 0);
  __asm__ volatile("fence.i" ::: "memory");
  int (*fn)(void) = (int (*)(void))(void *)code;
  CHECK_EQ("run generated code", fn(), 1);
  CHECK_EQ("mprotect RW", mprotect(code, PAGE, PROT_READ | PROT_WRITE), 0);
  code[0] = li_a0(2);
  CHECK_EQ("mprotect RX again", mprotect(code, PAGE, PROT_READ | PROT_EXEC), 0);
  __asm__ volatile("fence.i" ::: "memory");
  CHECK_EQ("run rewritten code", fn(), 2);
  /* RWX mapping rewritten in a loop, each version run once */
  uint32_t *rwx = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK_TRUE("mmap RWX", rwx != MAP_FAILED);
  if (rwx == MAP_FAILED) return;
  int (*g)(void) = (int (*)(void))(void *)rwx;
  long total = 0;
  for (int i = 0; i < 100; i++) {
    rwx[0] = li_a0(i);
    rwx[1] = RET;
    __asm__ volatile("fence.i" ::: "memory");
    total += g();
  }
  CHECK_EQ("100 rewrites each seen", total, 4950);
  /* code in the middle of a page, reached after an unmap/remap of the same address */
  munmap(rwx, PAGE);
  uint32_t *again = mmap(rwx, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  CHECK_TRUE("remap same address", again == rwx);
  again[500] = li_a0(-7);
  again[501] = RET;
  __asm__ volatile("fence.i" ::: "memory");
  CHECK_EQ("code after remap", ((int (*)(void))(void *)(again + 500))(), -7);
  munmap(again, PAGE);
  munmap(code, PAGE);
}

int main(void) {
  CHECK_EQ("sysconf page size", sysconf(_SC_PAGESIZE), 4096);
  brk_tests();
  mmap_tests();
  malloc_tests();
  jit_tests();
  return summary("mem");
}
