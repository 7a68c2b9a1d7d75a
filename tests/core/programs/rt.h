// Freestanding runtime for the core's C test programs: runs under the core harness
// (tests/core/harness.ts emulates write and exit) and under qemu-riscv64 unchanged.
#pragma once
typedef unsigned long size_t;
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned char u8;
typedef long i64;

static inline long sys3(long n, long a, long b, long c) {
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}
static inline void sys_exit(int code) { sys3(93, code, 0, 0); for (;;) {} }
static inline void write_buf(const char *s, size_t n) { sys3(64, 1, (long)s, (long)n); }
static inline size_t slen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static inline void puts_(const char *s) { write_buf(s, slen(s)); }
static inline void puthex(u64 v) {
  char b[17];
  for (int i = 15; i >= 0; i--) { b[i] = "0123456789abcdef"[v & 15]; v >>= 4; }
  b[16] = '\n';
  write_buf(b, 17);
}

int main(void);

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
