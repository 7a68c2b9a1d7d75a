#include "rt.h"
#define N 2000000
static u8 composite[N + 1];
int main(void) {
  u64 total = 0;
  for (int rep = 0; rep < 5; rep++) {
    memset(composite, 0, sizeof composite);
    u64 count = 0;
    for (u64 i = 2; i <= N; i++) {
      if (!composite[i]) {
        count++;
        for (u64 j = i * i; j <= N; j += i) composite[j] = 1;
      }
    }
    total += count;
  }
  puthex(total);
  return 0;
}
