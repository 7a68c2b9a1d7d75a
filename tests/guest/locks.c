/* What if advisory file locks misbehave? (SQLite, dpkg and many daemons rely on them.)
 *
 * locks.c (argv[1] = an empty writable directory) checks fcntl record locks: F_GETLK's report
 * of the conflicting lock (type, range, owner), F_SETLK's EAGAIN, ranges from SEEK_SET,
 * SEEK_CUR and SEEK_END with positive, zero (to end of file) and negative lengths, unlocking
 * the middle of a lock, a process's own locks never conflicting, F_SETLKW sleeping until the
 * holder unlocks, POSIX locks dropped by closing any descriptor for the file and by exit and
 * not inherited by fork; open file description locks (F_OFD_*) conflicting within one process
 * and dropped with the description; flock's locks dropped with the description; and the
 * errors (EBADF for a lock the descriptor's mode does not allow, EINVAL for bad arguments);
 * locks on a file removed while held.
 * Conflicts are observed from forked children, which report through their exit status.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static int fd;

static int setlk(int f, int cmd, short type, short whence, off_t start, off_t len) {
  struct flock fl = {.l_type = type, .l_whence = whence, .l_start = start, .l_len = len};
  return fcntl(f, cmd, &fl);
}

/* F_GETLK from a child (a process that holds nothing): "type start len owner" of the lock
 * that blocks a write lock of [start, start+len), printed; owner is "parent" when l_pid is the
 * parent's pid. */
static void probe(const char *what, off_t start, off_t len) {
  fflush(stdout);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    if (fcntl(fd, F_GETLK, &fl) != 0) _exit(99);
    if (fl.l_type == F_UNLCK) printf("%s: unlocked\n", what);
    else printf("%s: %s start %lld len %lld owner %s\n", what, fl.l_type == F_WRLCK ? "write" : "read",
                (long long)fl.l_start, (long long)fl.l_len, fl.l_pid == parent ? "parent" : "other");
    fflush(stdout);
    _exit(0);
  }
  int st;
  CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "probe %s: status %x", what, st);
}

/* From a child: whether F_SETLK of [start, start+len) for `type` succeeds (0) or fails with
 * EAGAIN (1). */
static int child_trylock(short type, off_t start, off_t len) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    if (setlk(fd, F_SETLK, type, SEEK_SET, start, len) == 0) _exit(0);
    _exit(errno == EAGAIN || errno == EACCES ? 1 : 2);
  }
  int st;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 3;
}

int main(int argc, char **argv) {
  if (argc < 2 || chdir(argv[1]) != 0) return 2;
  fd = open("data", O_RDWR | O_CREAT, 0644);
  CHECK(fd >= 0, "open");
  CHECK(write(fd, "0123456789abcdefghijklmnopqrstuvwxyz", 36) == 36, "write");

  // A write lock on [0, 10) and what others see of it.
  CHECK_EQ("setlk write 0+10", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10), 0);
  probe("getlk 5+1", 5, 1);
  probe("getlk 10+5", 10, 5);
  probe("getlk 0+0 (to eof)", 0, 0);
  CHECK_EQ("child setlk read 9+1", child_trylock(F_RDLCK, 9, 1), 1);
  CHECK_EQ("child setlk read 10+1", child_trylock(F_RDLCK, 10, 1), 0);
  // The owner's own locks never conflict: converting to a read lock, then read locks shared.
  CHECK_EQ("own relock read 0+10", setlk(fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 10), 0);
  CHECK_EQ("child setlk read 0+10 (shared)", child_trylock(F_RDLCK, 0, 10), 0);
  CHECK_EQ("child setlk write 0+10", child_trylock(F_WRLCK, 0, 10), 1);
  probe("getlk after downgrade", 0, 0);

  // Unlocking the middle splits the lock.
  CHECK_EQ("setlk write 0+100", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100), 0);
  CHECK_EQ("unlock 40+20", setlk(fd, F_SETLK, F_UNLCK, SEEK_SET, 40, 20), 0);
  probe("getlk 0+0 after split", 0, 0);
  probe("getlk 40+20 after split", 40, 20);
  probe("getlk 45+100 after split", 45, 100);
  CHECK_EQ("unlock all", setlk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0), 0);
  probe("getlk after unlock all", 0, 0);

  // SEEK_CUR, SEEK_END and a negative length.
  CHECK_EQ("lseek 20", lseek(fd, 20, SEEK_SET), 20);
  CHECK_EQ("setlk SEEK_CUR 5+3", setlk(fd, F_SETLK, F_WRLCK, SEEK_CUR, 5, 3), 0);
  probe("getlk after SEEK_CUR", 0, 0);
  CHECK_EQ("setlk SEEK_END -6+2", setlk(fd, F_SETLK, F_WRLCK, SEEK_END, -6, 2), 0);
  probe("getlk 26+0 after SEEK_END", 26, 0);
  CHECK_EQ("setlk start 60 len -10", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 60, -10), 0);
  probe("getlk 40+0 after negative len", 40, 0);
  CHECK_EQ("unlock all again", setlk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0), 0);

  // Errors.
  ERRNO_IS("setlk bad type", setlk(fd, F_SETLK, 7, SEEK_SET, 0, 1), EINVAL);
  ERRNO_IS("setlk bad whence", setlk(fd, F_SETLK, F_WRLCK, 9, 0, 1), EINVAL);
  ERRNO_IS("setlk negative start", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, -5, 1), EINVAL);
  ERRNO_IS("setlk len past start", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 3, -5), EINVAL);
  int ro = open("data", O_RDONLY);
  ERRNO_IS("write lock on read-only fd", setlk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1), EBADF);
  CHECK_EQ("read lock on read-only fd", setlk(ro, F_SETLK, F_RDLCK, SEEK_SET, 0, 1), 0);
  ERRNO_IS("setlk bad fd", setlk(99, F_SETLK, F_RDLCK, SEEK_SET, 0, 1), EBADF);
  {
    struct flock fl = {.l_type = F_UNLCK, .l_whence = SEEK_SET};
    ERRNO_IS("getlk F_UNLCK", fcntl(fd, F_GETLK, &fl), EINVAL);
  }

  // POSIX: closing any descriptor for the file drops all the process's locks on it.
  CHECK_EQ("setlk write 0+1 before close", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1), 0);
  probe("getlk before closing the other fd", 0, 0);
  close(ro);
  probe("getlk after closing the other fd", 0, 0);

  // POSIX: locks are not inherited by fork, and go when their process exits.
  fflush(stdout);
  pid_t holder = fork();
  if (holder == 0) {
    setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 100, 10);
    _exit(0);
  }
  waitpid(holder, NULL, 0);
  probe("getlk after the holder exited", 100, 10);
  CHECK_EQ("setlk write 0+0", setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0), 0);
  fflush(stdout);
  pid_t kid = fork();
  if (kid == 0) {
    // The child holds nothing: its parent's lock blocks it.
    _exit(setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1) == -1 && errno == EAGAIN ? 0 : 1);
  }
  int st;
  waitpid(kid, &st, 0);
  CHECK_EQ("fork does not inherit locks", WEXITSTATUS(st), 0);

  // F_SETLKW sleeps until the holder unlocks.
  int p[2];
  CHECK(pipe(p) == 0, "pipe");
  fflush(stdout);
  kid = fork();
  if (kid == 0) {
    close(p[0]);
    int r = setlk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
    char c = r == 0 ? 'y' : 'n';
    write(p[1], &c, 1);
    _exit(0);
  }
  close(p[1]);
  struct timespec ts = {0, 50 * 1000 * 1000};
  nanosleep(&ts, NULL);
  printf("unlocking\n");
  CHECK_EQ("unlock for the sleeper", setlk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0), 0);
  char c = 0;
  CHECK_EQ("sleeper got the lock", read(p[0], &c, 1) == 1 && c == 'y', 1);
  waitpid(kid, NULL, 0);
  close(p[0]);

  // OFD locks belong to the open file description: two descriptions of one process conflict.
  int a = open("data", O_RDWR), b = open("data", O_RDWR);
  CHECK_EQ("ofd setlk write a 0+10", setlk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10), 0);
  ERRNO_IS("ofd setlk write b 5+1", setlk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1), EAGAIN);
  {
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
    CHECK_EQ("ofd getlk from b", fcntl(b, F_OFD_GETLK, &fl), 0);
    printf("ofd getlk: type %s start %lld len %lld pid %d\n", fl.l_type == F_WRLCK ? "write" : "other",
           (long long)fl.l_start, (long long)fl.l_len, fl.l_pid);
    struct flock bad = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_pid = 1};
    ERRNO_IS("ofd setlk with l_pid set", fcntl(b, F_OFD_SETLK, &bad), EINVAL);
  }
  int a2 = dup(a);
  close(a);
  ERRNO_IS("ofd lock kept while a dup is open", setlk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1), EAGAIN);
  close(a2);
  CHECK_EQ("ofd lock gone with the description", setlk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1), 0);
  close(b);

  // flock: the lock belongs to the description and goes with its last descriptor.
  a = open("data", O_RDONLY);
  b = open("data", O_RDONLY);
  CHECK_EQ("flock LOCK_EX a", flock(a, LOCK_EX), 0);
  ERRNO_IS("flock LOCK_EX|LOCK_NB b", flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  close(a);
  CHECK_EQ("flock b after a closed", flock(b, LOCK_EX | LOCK_NB), 0);
  CHECK_EQ("flock LOCK_UN b", flock(b, LOCK_UN), 0);
  close(b);

  // Locks on a file removed while they are held go with their descriptors all the same.
  int g = open("gone", O_RDWR | O_CREAT, 0644);
  int g2 = open("gone", O_RDWR);
  CHECK_EQ("setlk on a file to be removed", setlk(g, F_SETLK, F_WRLCK, SEEK_SET, 0, 1), 0);
  CHECK_EQ("ofd setlk on it", setlk(g2, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1), 0);
  CHECK_EQ("flock on it", flock(g, LOCK_EX), 0);
  CHECK_EQ("unlink it", unlink("gone"), 0);
  CHECK_EQ("close the ofd lock's descriptor", close(g2), 0);
  CHECK_EQ("close the other", close(g), 0);

  return summary("locks");
}
