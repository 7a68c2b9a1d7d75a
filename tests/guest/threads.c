/* What if threads share memory wrongly, lose wake-ups, or see each other's thread-locals?
 *
 * threads.c runs pthreads in a static glibc program (clone with CLONE_THREAD|CLONE_SETTLS|
 * CLONE_CHILD_CLEARTID..., futex wait/wake, set_robust_list): 4 threads each add 1 to a
 * mutex-protected counter and an atomic counter 20000 times (totals must be exact), each
 * thread has its own __thread variable and its own gettid() != getpid(), return values come
 * back through pthread_join, a condition variable ping-pongs 1000 times between two threads,
 * a barrier releases all threads together, a detached thread signals completion through a
 * semaphore, and pthread_once runs its function exactly once.  Only totals are printed.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#define NT 4
#define ITER 20000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long locked_counter;
static _Atomic long atomic_counter;
static __thread long tls_value = 1000;
static pid_t tids[NT];
static pthread_barrier_t barrier;
static _Atomic int after_barrier;

static void *worker(void *arg) {
  long id = (long)arg;
  tls_value += id;
  tids[id] = (pid_t)syscall(SYS_gettid);
  pthread_barrier_wait(&barrier);
  atomic_fetch_add(&after_barrier, 1);
  for (int i = 0; i < ITER; i++) {
    pthread_mutex_lock(&mu);
    locked_counter++;
    pthread_mutex_unlock(&mu);
    atomic_fetch_add_explicit(&atomic_counter, 1, memory_order_relaxed);
  }
  return (void *)(tls_value * 10);
}

static pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pc = PTHREAD_COND_INITIALIZER;
static int turn, rounds;

static void *pong(void *arg) {
  (void)arg;
  pthread_mutex_lock(&pm);
  while (rounds < 1000) {
    while (turn != 1 && rounds < 1000) pthread_cond_wait(&pc, &pm);
    if (rounds >= 1000) break;
    turn = 0;
    rounds++;
    pthread_cond_broadcast(&pc);
  }
  pthread_mutex_unlock(&pm);
  return NULL;
}

static sem_t done;
static void *detached(void *arg) {
  *(int *)arg = 99;
  sem_post(&done);
  return NULL;
}

static int once_count;
static void once_fn(void) { once_count++; }
static pthread_once_t once = PTHREAD_ONCE_INIT;
static void *call_once(void *arg) {
  (void)arg;
  pthread_once(&once, once_fn);
  return NULL;
}

int main(void) {
  pthread_t th[NT];
  CHECK_EQ("barrier init", pthread_barrier_init(&barrier, NULL, NT), 0);
  for (long i = 0; i < NT; i++) CHECK_EQ("pthread_create", pthread_create(&th[i], NULL, worker, (void *)i), 0);
  long sum = 0;
  for (int i = 0; i < NT; i++) {
    void *ret;
    CHECK_EQ("pthread_join", pthread_join(th[i], &ret), 0);
    sum += (long)ret;
  }
  CHECK_EQ("mutex counter", locked_counter, NT * ITER);
  CHECK_EQ("atomic counter", atomic_counter, NT * ITER);
  CHECK_EQ("all passed the barrier", after_barrier, NT);
  CHECK_EQ("join return values (per-thread TLS)", sum, 10 * (NT * 1000 + 0 + 1 + 2 + 3));
  CHECK_EQ("main thread's TLS untouched", tls_value, 1000);
  int distinct = 1;
  for (int i = 0; i < NT; i++) {
    if (tids[i] == getpid() || tids[i] <= 0) distinct = 0;
    for (int j = 0; j < i; j++)
      if (tids[i] == tids[j]) distinct = 0;
  }
  CHECK_TRUE("thread ids distinct and != pid", distinct);

  pthread_t p;
  pthread_create(&p, NULL, pong, NULL);
  pthread_mutex_lock(&pm);
  while (rounds < 1000) {
    while (turn != 0) pthread_cond_wait(&pc, &pm);
    if (rounds >= 1000) break;
    turn = 1;
    pthread_cond_broadcast(&pc);
  }
  pthread_cond_broadcast(&pc);
  pthread_mutex_unlock(&pm);
  pthread_join(p, NULL);
  CHECK_EQ("condvar ping-pong rounds", rounds, 1000);

  sem_init(&done, 0, 0);
  int value = 0;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t d;
  CHECK_EQ("create detached", pthread_create(&d, &attr, detached, &value), 0);
  CHECK_EQ("sem_wait", sem_wait(&done), 0);
  CHECK_EQ("detached thread ran", value, 99);

  pthread_t o[3];
  for (int i = 0; i < 3; i++) pthread_create(&o[i], NULL, call_once, NULL);
  for (int i = 0; i < 3; i++) pthread_join(o[i], NULL);
  pthread_once(&once, once_fn);
  CHECK_EQ("pthread_once ran once", once_count, 1);
  return summary("threads");
}
