#include "rt.h"
#define SZ (256 * 1024)
static u8 a[SZ], b[SZ];
int main(void) {
  u64 sum = 0;
  for (u32 i = 0; i < SZ; i++) a[i] = (u8)(i * 7 + 3);
  for (int rep = 0; rep < 60; rep++) {
    memcpy(b, a, SZ);
    memset(a + (rep * 64) % 4096, rep, 1000);
    memcpy(a + 1, b + 3, SZ - 8); // misaligned: byte loop
    for (u32 i = 0; i < SZ; i += 512) sum += a[i] + b[i];
  }
  puthex(sum);
  return 0;
}
