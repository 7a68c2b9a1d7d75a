/* What if FUTEX_WAKE_OP applies the wrong operation, compares the wrong value or wakes the
 * wrong number of waiters?
 *
 * Without waiters: every operation (SET, ADD, OR, ANDN, XOR, and the 1<<oparg form) on the
 * second word, with negative 12-bit operands, and the return value (0 woken).  With waiters:
 * two threads wait on each of two words; one WAKE_OP must wake one from the first word and,
 * because the comparison holds, one from the second; a second WAKE_OP whose comparison fails
 * wakes only from the first word.  Threads are given 300 ms to block, which is plenty under
 * qemu-user and exact under Aster (time is virtual there).  Also: a bad second address is
 * EFAULT.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static long futex(void *uaddr, int op, int val, long val2, void *uaddr2, int val3) {
  return syscall(SYS_futex, uaddr, op, val, val2, uaddr2, val3);
}

static uint32_t w1, w2;
static atomic_int ready, woke1, woke2;

static void *waiter(void *arg) {
  uint32_t *w = arg;
  atomic_fetch_add(&ready, 1);
  while (futex(w, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0) != 0 && errno == EINTR) {
  }
  atomic_fetch_add(w == &w1 ? &woke1 : &woke2, 1);
  return NULL;
}

static void pause_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

int main(void) {
  uint32_t word = 5;
  CHECK_EQ("add: woken", futex(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 5)), 0);
  CHECK_EQ("add: word", word, 8);
  CHECK_EQ("set", (futex(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word, FUTEX_OP(FUTEX_OP_SET, -7, FUTEX_OP_CMP_NE, 0)), word), (uint32_t)-7);
  CHECK_EQ("or", (futex(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word, FUTEX_OP(FUTEX_OP_OR, 0x70, FUTEX_OP_CMP_LT, -1)), word), (uint32_t)-7 | 0x70);
  word = 0xff;
  CHECK_EQ("andn", (futex(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word, FUTEX_OP(FUTEX_OP_ANDN, 0x0f, FUTEX_OP_CMP_GE, 0)), word), 0xf0);
  CHECK_EQ("xor", (futex(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word, FUTEX_OP(FUTEX_OP_XOR, 0x11, FUTEX_OP_CMP_GT, 0)), word), 0xe1);
  CHECK_EQ("set 1<<oparg", (futex(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &word, FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 9, FUTEX_OP_CMP_LE, 0)), word), 512);

  errno = 0;
  CHECK_EQ("bad uaddr2", futex(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, (void *)8, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)), -1);
  CHECK_EQ("bad uaddr2 errno", errno, EFAULT);

  pthread_t th[4];
  for (int i = 0; i < 4; i++) pthread_create(&th[i], NULL, waiter, i < 2 ? (void *)&w1 : (void *)&w2);
  while (atomic_load(&ready) < 4) sched_yield();
  pause_ms(300);
  /* old w2 == 0 == cmparg: wake one on w1 and one on w2; w2 becomes 1. */
  CHECK_EQ("wake-op cmp true", futex(&w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &w2, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)), 2);
  pause_ms(100);
  CHECK_EQ("woke1", atomic_load(&woke1), 1);
  CHECK_EQ("woke2", atomic_load(&woke2), 1);
  CHECK_EQ("w2 after", w2, 1);
  /* old w2 == 1 != 0: only the first word's waiter. */
  CHECK_EQ("wake-op cmp false", futex(&w1, FUTEX_WAKE_OP_PRIVATE, 5, 5, &w2, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)), 1);
  CHECK_EQ("w2 after 2", w2, 2);
  CHECK_EQ("wake last", futex(&w2, FUTEX_WAKE_PRIVATE, 5, 0, NULL, 0), 1);
  for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
  CHECK_EQ("all woke", atomic_load(&woke1) + atomic_load(&woke2), 4);
  return summary("futexop");
}
