/* What if inotify misreports what happens to files? (Build watchers, tail -f, file managers
 * and inotifywait rely on it.)
 *
 * inotify.c (argv[1] = an empty writable directory; the same runs again in a directory of its
 * own under /tmp) watches a directory and files in it and prints every event read, in order:
 * watch descriptor, event names, cookie (as the order it first appeared in), record length
 * and name. Covered: creating, opening, reading, writing, closing (for writing or not),
 * chmod, truncate, rename (MOVED_FROM/MOVED_TO with one cookie, MOVE_SELF), link, unlink
 * (DELETE, DELETE_SELF, IGNORED), mkdir and rmdir, listing a directory, identical events
 * merged while unread, IN_ONESHOT, IN_MASK_ADD, IN_MASK_CREATE, IN_ONLYDIR, inotify_rm_watch,
 * FIONREAD, poll, a buffer too small for an event, and the errors of the calls.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int in;
static char base[512];
static uint32_t cookies[64];
static int ncookies;

static const char *path(const char *name) {
  static char buf[2][1024];
  static int k;
  k ^= 1;
  snprintf(buf[k], sizeof buf[k], "%s/%s", base, name);
  return buf[k];
}

static void mask_names(uint32_t m, char *out) {
  static const struct { uint32_t bit; const char *name; } names[] = {
    {IN_ACCESS, "ACCESS"}, {IN_MODIFY, "MODIFY"}, {IN_ATTRIB, "ATTRIB"}, {IN_CLOSE_WRITE, "CLOSE_WRITE"},
    {IN_CLOSE_NOWRITE, "CLOSE_NOWRITE"}, {IN_OPEN, "OPEN"}, {IN_MOVED_FROM, "MOVED_FROM"}, {IN_MOVED_TO, "MOVED_TO"},
    {IN_CREATE, "CREATE"}, {IN_DELETE, "DELETE"}, {IN_DELETE_SELF, "DELETE_SELF"}, {IN_MOVE_SELF, "MOVE_SELF"},
    {IN_UNMOUNT, "UNMOUNT"}, {IN_Q_OVERFLOW, "Q_OVERFLOW"}, {IN_IGNORED, "IGNORED"}, {IN_ISDIR, "ISDIR"},
  };
  out[0] = 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (!(m & names[i].bit)) continue;
    if (out[0]) strcat(out, "|");
    strcat(out, names[i].name);
    m &= ~names[i].bit;
  }
  if (m) sprintf(out + strlen(out), "|0x%x", m);
}

/* Read and print every queued event. */
static void drain(const char *what) {
  char buf[4096] __attribute__((aligned(8)));
  printf("-- %s\n", what);
  for (;;) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n < 0) {
      CHECK(errno == EAGAIN, "%s: read errno %d", what, errno);
      return;
    }
    for (char *p = buf; p < buf + n;) {
      struct inotify_event *e = (struct inotify_event *)p;
      char names[256];
      mask_names(e->mask, names);
      int c = 0;
      if (e->cookie) {
        for (c = 1; c <= ncookies && cookies[c - 1] != e->cookie; c++) {}
        if (c > ncookies && ncookies < 64) cookies[ncookies++] = e->cookie;
      }
      printf("wd=%d %s cookie=%d len=%u name=%s\n", e->wd, names, c, e->len, e->len ? e->name : "");
      p += sizeof *e + e->len;
    }
  }
}

static void put(const char *name, const char *text, int flags) {
  int fd = open(path(name), O_WRONLY | flags, 0644);
  CHECK(fd >= 0, "open %s: errno %d", name, errno);
  CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write %s", name);
  close(fd);
}

static void get(const char *name) {
  char buf[64];
  int fd = open(path(name), O_RDONLY);
  CHECK(fd >= 0, "open %s: errno %d", name, errno);
  CHECK(read(fd, buf, sizeof buf) >= 0, "read %s", name);
  close(fd);
}

static void scenario(const char *dir) {
  snprintf(base, sizeof base, "%s", dir);
  ncookies = 0;
  in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  CHECK(in >= 0, "inotify_init1: errno %d", errno);
  CHECK_EQ("cloexec", fcntl(in, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  char small[4];
  ERRNO_IS("read empty", read(in, small, sizeof small), EAGAIN);

  int wd = inotify_add_watch(in, dir, IN_ALL_EVENTS);
  CHECK_EQ("watch dir", wd, 1);
  CHECK_EQ("watch dir again", inotify_add_watch(in, dir, IN_ALL_EVENTS), 1);

  put("a", "hello", O_CREAT | O_EXCL);
  drain("create and write a");

  CHECK_EQ("watch a", inotify_add_watch(in, path("a"), IN_ALL_EVENTS), 2);
  get("a");
  drain("read a (watched twice)");

  int fd = open(path("a"), O_WRONLY | O_APPEND);
  CHECK(write(fd, "1", 1) == 1 && write(fd, "2", 1) == 1, "two writes");
  int avail = -1;
  CHECK(ioctl(in, FIONREAD, &avail) == 0, "FIONREAD");
  printf("FIONREAD after open and two writes = %d\n", avail);
  struct pollfd p = {.fd = in, .events = POLLIN};
  CHECK_EQ("poll ready", poll(&p, 1, 0), 1);
  CHECK_EQ("poll revents", p.revents, POLLIN);
  ERRNO_IS("read into 4 bytes", read(in, small, sizeof small), EINVAL);
  close(fd);
  drain("two writes merged, then close");
  CHECK_EQ("poll empty", poll(&p, 1, 0), 0);

  CHECK(chmod(path("a"), 0600) == 0, "chmod");
  CHECK(truncate(path("a"), 1) == 0, "truncate");
  drain("chmod, truncate");

  CHECK(rename(path("a"), path("b")) == 0, "rename");
  drain("rename a b");
  CHECK(link(path("b"), path("c")) == 0, "link");
  drain("link b c");
  CHECK(unlink(path("c")) == 0, "unlink c");
  drain("unlink c");
  CHECK(unlink(path("b")) == 0, "unlink b");
  drain("unlink b (last name)");

  CHECK(mkdir(path("sub"), 0755) == 0, "mkdir");
  CHECK_EQ("watch sub", inotify_add_watch(in, path("sub"), IN_ALL_EVENTS | IN_ONLYDIR), 3);
  put("sub/x", "x", O_CREAT);
  CHECK(unlink(path("sub/x")) == 0, "unlink sub/x");
  CHECK(rmdir(path("sub")) == 0, "rmdir");
  drain("mkdir, a file in it, rmdir");

  CHECK(mkdir(path("d2"), 0755) == 0, "mkdir d2");
  CHECK_EQ("watch d2", inotify_add_watch(in, path("d2"), IN_ALL_EVENTS), 4);
  CHECK(rename(path("d2"), path("d3")) == 0, "rename d2 d3");
  CHECK(rmdir(path("d3")) == 0, "rmdir d3");
  drain("a watched directory renamed and removed");

  DIR *d = opendir(dir);
  CHECK(d != NULL, "opendir");
  while (readdir(d)) {}
  closedir(d);
  drain("list the directory");

  put("o", "o", O_CREAT);
  drain("create o");
  int wo = inotify_add_watch(in, path("o"), IN_OPEN | IN_ONESHOT);
  CHECK_EQ("watch o oneshot", wo, 5);
  get("o");
  get("o");
  drain("open o twice (one shot)");
  ERRNO_IS("rm_watch of an ended one-shot watch", inotify_rm_watch(in, wo), EINVAL);

  CHECK(inotify_rm_watch(in, wd) == 0, "rm_watch dir");
  int wc = inotify_add_watch(in, path("o"), IN_CLOSE_WRITE);
  CHECK_EQ("watch o close_write", wc, 6);
  CHECK_EQ("mask add", inotify_add_watch(in, path("o"), IN_OPEN | IN_MASK_ADD), 6);
  ERRNO_IS("mask create", inotify_add_watch(in, path("o"), IN_OPEN | IN_MASK_CREATE), EEXIST);
  put("o", "p", O_TRUNC);
  get("o");
  drain("rm_watch dir; o: close_write + open");

  ERRNO_IS("rm_watch twice", inotify_rm_watch(in, wd), EINVAL);
  ERRNO_IS("no events", inotify_add_watch(in, path("o"), 0), EINVAL);
  ERRNO_IS("only an unknown bit", inotify_add_watch(in, path("o"), 0x00800000), EINVAL);
  ERRNO_IS("mask add and create", inotify_add_watch(in, path("o"), IN_OPEN | IN_MASK_ADD | IN_MASK_CREATE), EINVAL);
  ERRNO_IS("onlydir on a file", inotify_add_watch(in, path("o"), IN_OPEN | IN_ONLYDIR), ENOTDIR);
  ERRNO_IS("missing", inotify_add_watch(in, path("missing"), IN_OPEN), ENOENT);
  ERRNO_IS("bad fd", inotify_add_watch(999, path("o"), IN_OPEN), EBADF);
  ERRNO_IS("not inotify", inotify_add_watch(1, path("o"), IN_OPEN), EINVAL);
  ERRNO_IS("rm_watch not inotify", inotify_rm_watch(1, 1), EINVAL);
  ERRNO_IS("bad flags", inotify_init1(1), EINVAL);
  CHECK(unlink(path("o")) == 0, "unlink o");
  drain("unlink o");

  /* A watched file unlinked while open is deleted at its last close. */
  int wg = inotify_add_watch(in, dir, IN_ALL_EVENTS);
  int g = open(path("g"), O_CREAT | O_WRONLY, 0644);
  int g2 = dup(g);
  CHECK_EQ("watch g", inotify_add_watch(in, path("g"), IN_ALL_EVENTS), wg + 1);
  CHECK(unlink(path("g")) == 0, "unlink g");
  drain("unlink g, open twice");
  close(g);
  drain("close one descriptor of g");
  CHECK(write(g2, "g", 1) == 1, "write g");
  close(g2);
  drain("write and close the last descriptor of g");
  inotify_rm_watch(in, wg);
  drain("rm_watch dir");

  /* A file unlinked while open: the directory still hears of it, unless IN_EXCL_UNLINK. */
  for (int excl = 1; excl >= 0; excl--) {
    int w = inotify_add_watch(in, dir, IN_ALL_EVENTS | (excl ? IN_EXCL_UNLINK : 0));
    printf("watch dir%s = %d\n", excl ? " excl_unlink" : "", w);
    int f = open(path("e"), O_CREAT | O_WRONLY, 0644);
    CHECK(f >= 0 && unlink(path("e")) == 0, "open and unlink e");
    CHECK(write(f, "e", 1) == 1, "write e");
    close(f);
    inotify_rm_watch(in, w);
    drain(excl ? "unlinked while open, IN_EXCL_UNLINK" : "unlinked while open");
  }
  close(in);

  /* A blocking read sleeps until an event comes, here from another process. */
  int bl = inotify_init1(0);
  CHECK_EQ("blocking instance: watch", inotify_add_watch(bl, dir, IN_CREATE), 1);
  pid_t pid = fork();
  if (pid == 0) {
    usleep(20000);
    close(open(path("w"), O_CREAT | O_WRONLY, 0644));
    _exit(0);
  }
  char buf[256] __attribute__((aligned(8)));
  ssize_t n = read(bl, buf, sizeof buf);
  struct inotify_event *e = (struct inotify_event *)buf;
  printf("blocking read: %zd bytes, wd=%d mask=%x name=%s\n", n, e->wd, e->mask, e->name);
  CHECK(waitpid(pid, NULL, 0) == pid, "waitpid");
  CHECK(unlink(path("w")) == 0, "unlink w");
  close(bl);
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  scenario(argv[1]);
  char tmp[] = "/tmp/inotifyXXXXXX";
  CHECK(mkdtemp(tmp) != NULL, "mkdtemp");
  scenario(tmp);
  rmdir(tmp);
  return summary("inotify");
}
