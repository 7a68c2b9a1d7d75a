/* What if System V semaphores (semget, semop, semtimedop, semctl) behave differently than on
 * Linux?  Values, all-or-nothing semop, IPC_NOWAIT, waiting for zero, a blocked decrement that
 * a later increment releases (with GETNCNT counting the waiter), SEM_UNDO at exit, timeouts,
 * range and size errors, IPC_STAT/IPC_SET, keys (IPC_CREAT, IPC_EXCL, ENOENT), a waiter seeing
 * EIDRM when the set is removed, EACCES for another user.  Its oracle is the host's kernel
 * (run as root, as CI does).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

union semun {
  int val;
  struct semid_ds *buf;
  unsigned short *array;
};

static void pause_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

static int op(int id, int num, int delta, int flags) {
  struct sembuf b = {(unsigned short)num, (short)delta, (short)flags};
  return semop(id, &b, 1);
}

int main(void) {
  int id = semget(IPC_PRIVATE, 3, 0600);
  CHECK_TRUE("semget IPC_PRIVATE", id >= 0);
  CHECK_EQ("a new set is zero", semctl(id, 1, GETVAL), 0);
  unsigned short vals[3] = {1, 2, 3}, got[3] = {0};
  CHECK_EQ("SETALL", semctl(id, 0, SETALL, (union semun){.array = vals}), 0);
  CHECK_EQ("GETALL", semctl(id, 0, GETALL, (union semun){.array = got}), 0);
  CHECK_TRUE("  1 2 3", got[0] == 1 && got[1] == 2 && got[2] == 3);
  CHECK_EQ("decrement sem 0", op(id, 0, -1, 0), 0);
  CHECK_TRUE("GETPID is ours", semctl(id, 0, GETPID) == getpid());
  ERRNO_IS("decrement again, IPC_NOWAIT", op(id, 0, -1, IPC_NOWAIT), EAGAIN);
  struct sembuf two[2] = {{1, -1, 0}, {0, -1, IPC_NOWAIT}};
  ERRNO_IS("all or nothing", semop(id, two, 2), EAGAIN);
  CHECK_EQ("  sem 1 untouched", semctl(id, 1, GETVAL), 2);
  CHECK_EQ("wait for zero on a zero", op(id, 0, 0, 0), 0);
  ERRNO_IS("wait for zero on a non-zero, IPC_NOWAIT", op(id, 1, 0, IPC_NOWAIT), EAGAIN);

  pid_t c = fork();
  if (c == 0) _exit(op(id, 2, -10, 0) == 0 ? 0 : 1);
  pause_ms(100);
  CHECK_EQ("GETNCNT counts the waiter", semctl(id, 2, GETNCNT), 1);
  CHECK_EQ("GETZCNT", semctl(id, 2, GETZCNT), 0);
  CHECK_EQ("add 7 (3 + 7 = 10)", op(id, 2, 7, 0), 0);
  int st = 0;
  waitpid(c, &st, 0);
  CHECK_TRUE("the waiter took 10", WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK_EQ("  sem 2 is 0", semctl(id, 2, GETVAL), 0);

  c = fork();
  if (c == 0) _exit(op(id, 1, -2, SEM_UNDO) == 0 && semctl(id, 1, GETVAL) == 0 ? 0 : 1);
  waitpid(c, &st, 0);
  CHECK_TRUE("a SEM_UNDO decrement in a child", WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK_EQ("  is undone at its exit", semctl(id, 1, GETVAL), 2);

  struct sembuf b = {0, -1, 0};
  struct timespec to = {0, 50000000};
  ERRNO_IS("semtimedop times out", semtimedop(id, &b, 1, &to), EAGAIN);
  ERRNO_IS("SETVAL 40000", semctl(id, 0, SETVAL, (union semun){.val = 40000}), ERANGE);
  CHECK_EQ("SETVAL 32767", semctl(id, 0, SETVAL, (union semun){.val = 32767}), 0);
  ERRNO_IS("overflow", op(id, 0, 1, 0), ERANGE);
  ERRNO_IS("sem_num 5", op(id, 5, 1, 0), EFBIG);
  static struct sembuf many[501];
  ERRNO_IS("501 operations", semop(id, many, 501), E2BIG);
  ERRNO_IS("no operations", semop(id, many, 0), EINVAL);
  ERRNO_IS("GETVAL of sem 3", semctl(id, 3, GETVAL), EINVAL);

  struct semid_ds ds;
  CHECK_EQ("IPC_STAT", semctl(id, 0, IPC_STAT, (union semun){.buf = &ds}), 0);
  CHECK_EQ("  nsems", ds.sem_nsems, 3);
  CHECK_EQ("  mode", ds.sem_perm.mode & 0777, 0600);
  ds.sem_perm.mode = 0640;
  CHECK_EQ("IPC_SET", semctl(id, 0, IPC_SET, (union semun){.buf = &ds}), 0);
  CHECK_EQ("IPC_STAT", semctl(id, 0, IPC_STAT, (union semun){.buf = &ds}), 0);
  CHECK_EQ("  mode", ds.sem_perm.mode & 0777, 0640);

  c = fork();
  if (c == 0) {
    if (setuid(65534) != 0) _exit(3);
    errno = 0;
    _exit(op(id, 0, -1, IPC_NOWAIT) == -1 && errno == EACCES ? 0 : 1);
  }
  waitpid(c, &st, 0);
  CHECK_TRUE("another user: EACCES", WIFEXITED(st) && WEXITSTATUS(st) == 0);

  key_t key = 0x4a5b6c7d;
  int k1 = semget(key, 2, IPC_CREAT | 0600);
  CHECK_TRUE("semget by key, creating", k1 >= 0);
  CHECK_TRUE("  again: the same set", semget(key, 2, IPC_CREAT | 0600) == k1);
  CHECK_TRUE("  without IPC_CREAT", semget(key, 0, 0) == k1);
  ERRNO_IS("  IPC_EXCL", semget(key, 2, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
  ERRNO_IS("  more semaphores than it has", semget(key, 5, 0600), EINVAL);
  CHECK_EQ("IPC_RMID by key", semctl(k1, 0, IPC_RMID), 0);
  ERRNO_IS("a missing key", semget(key, 1, 0600), ENOENT);

  c = fork();
  if (c == 0) {
    errno = 0;
    _exit(op(id, 2, -1, 0) == -1 && errno == EIDRM ? 0 : 1);
  }
  pause_ms(100);
  CHECK_EQ("IPC_RMID with a waiter", semctl(id, 0, IPC_RMID), 0);
  waitpid(c, &st, 0);
  CHECK_TRUE("  the waiter gets EIDRM", WIFEXITED(st) && WEXITSTATUS(st) == 0);
  ERRNO_IS("semop on the removed set", op(id, 0, 1, 0), EINVAL);
  return summary("sysvsem");
}
