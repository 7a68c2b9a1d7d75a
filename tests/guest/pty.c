/* What if pseudo-terminals misbehave? (script, expect, terminal multiplexers, python's pty
 * module and every ssh server run programs on one.)
 *
 * pty.c opens /dev/ptmx (posix_openpt), unlocks it (grantpt, unlockpt) and finds the slave's
 * name (ptsname: /dev/pts/N), then checks the pair: the slave is locked until unlockpt; text
 * the master types is echoed back to it and read by the slave a line at a time (canonical
 * mode: erase works); output written to the slave reaches the master with newlines as CR LF;
 * in raw mode bytes pass unchanged; a forked child that makes the slave its controlling
 * terminal (setsid, TIOCSCTTY) gets SIGINT from ^C typed at the master, writes through
 * /dev/tty to the master, gets SIGWINCH from a window size set on the master, and sees end of
 * file and SIGHUP when the master closes. Names and numbers that differ between machines (the
 * pty's number) are never printed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "check.h"

static int master;
static char slave_name[128];

/* Read what the master has within `ms` and print it with control characters shown. */
static void drain(const char *what, int ms) {
  char buf[512];
  char shown[2048];
  size_t k = 0;
  for (;;) {
    struct pollfd p = {.fd = master, .events = POLLIN};
    if (poll(&p, 1, ms) <= 0 || !(p.revents & POLLIN)) break;
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t i = 0; i < n && k + 4 < sizeof shown; i++) {
      unsigned char c = buf[i];
      if (c == '\r') k += sprintf(shown + k, "\\r");
      else if (c == '\n') k += sprintf(shown + k, "\\n");
      else if (c < 32 || c == 127) k += sprintf(shown + k, "^%c", c == 127 ? '?' : c + 64);
      else shown[k++] = c;
    }
    ms = 100;
  }
  shown[k] = 0;
  printf("%s: \"%s\"\n", what, shown);
}

static volatile sig_atomic_t got_int, got_winch, got_hup;
static void on_int(int s) { (void)s; got_int++; }
static void on_winch(int s) { (void)s; got_winch++; }
static void on_hup(int s) { (void)s; got_hup++; }

static void catch(int sig, void (*fn)(int)) {
  struct sigaction sa = {.sa_handler = fn}; /* no SA_RESTART: a blocked read ends with EINTR */
  sigaction(sig, &sa, NULL);
}

/* The child: a session of its own on the slave; it reports on the pipe what it saw, and the
 * parent waits for each report before going on, so the order is the same everywhere. */
static void child(int report) {
  catch(SIGINT, on_int);
  catch(SIGWINCH, on_winch);
  catch(SIGHUP, on_hup);
  close(master); /* the parent's close must be the last */
  setsid();
  int s = open(slave_name, O_RDWR);
  if (s < 0 || ioctl(s, TIOCSCTTY, 0) != 0) _exit(10);
  char line[128];
  write(s, "ready\n", 6);
  dprintf(report, "child: on the slave\n");
  ssize_t n = read(s, line, sizeof line);
  dprintf(report, "child read %zd bytes: %.*s", n, (int)(n > 0 ? n : 0), line);
  n = read(s, line, sizeof line);
  dprintf(report, "read after ^C: %zd errno %s, SIGINT %d\n", n, n < 0 ? strerrorname_np(errno) : "-", (int)got_int);
  int t = open("/dev/tty", O_RDWR);
  write(t, "through /dev/tty\n", 17);
  close(t);
  dprintf(report, "child: wrote through /dev/tty\n");
  while (!got_winch) pause();
  struct winsize ws;
  ioctl(s, TIOCGWINSZ, &ws);
  dprintf(report, "SIGWINCH, size %dx%d\n", ws.ws_col, ws.ws_row);
  /* Wait for the hangup's SIGHUP before reading: a read already blocked when the master
   * closes races, on Linux, with the hangup replacing the slave's file operations (it may
   * end in EIO, EINTR or end of file); after the signal, reads see end of file. */
  while (!got_hup) usleep(1000);
  n = read(s, line, sizeof line);
  dprintf(report, "read after the master closed: %zd, SIGHUP %d\n", n, (int)got_hup);
  _exit(0);
}

/* Print the child's next report: one line (the pipe may hold more than one). */
static void report_line(int fd) {
  char buf[256];
  size_t n = 0;
  while (n + 1 < sizeof buf && read(fd, buf + n, 1) == 1)
    if (buf[n++] == '\n') break;
  printf("%.*s", (int)n, buf);
}

int main(void) {
  master = posix_openpt(O_RDWR | O_NOCTTY);
  CHECK(master >= 0, "posix_openpt: errno %d", errno);
  CHECK_TRUE("master is a terminal", isatty(master));
  CHECK(ptsname_r(master, slave_name, sizeof slave_name) == 0, "ptsname");
  CHECK_TRUE("slave is under /dev/pts/", strncmp(slave_name, "/dev/pts/", 9) == 0);
  ERRNO_IS("open the slave before unlockpt", open(slave_name, O_RDWR | O_NOCTTY), EIO);
  CHECK(grantpt(master) == 0 && unlockpt(master) == 0, "grantpt, unlockpt");
  struct stat st;
  CHECK(stat(slave_name, &st) == 0, "stat slave");
  CHECK_TRUE("slave is a character device of major 136", S_ISCHR(st.st_mode) && major(st.st_rdev) == 136);

  /* Without a process on it: canonical input with echo, output processing. */
  int s = open(slave_name, O_RDWR | O_NOCTTY);
  CHECK(s >= 0, "open slave: errno %d", errno);
  CHECK_TRUE("slave is a terminal", isatty(s));
  const char *typed = "helo\x7fo wrld\x17world\n";
  write(master, typed, strlen(typed));
  drain("echo of typed text with erase", 200);
  char line[128] = {0};
  ssize_t n = read(s, line, sizeof line);
  printf("slave read %zd: %.*s", n, (int)(n > 0 ? n : 0), line);
  write(s, "out\nput\n", 8);
  drain("slave output at the master", 200);
  struct termios tio, cooked;
  tcgetattr(s, &tio);
  cooked = tio;
  cfmakeraw(&tio);
  tcsetattr(s, TCSANOW, &tio);
  write(s, "raw\n", 4);
  drain("raw output", 200);
  write(master, "ab\x03", 3);
  memset(line, 0, sizeof line);
  n = read(s, line, sizeof line);
  printf("raw read %zd bytes: %02x %02x %02x\n", n, line[0], line[1], line[2]);
  drain("no echo in raw mode", 100);
  tcsetattr(s, TCSANOW, &cooked);
  close(s);

  /* With a session on it. */
  int report[2];
  pipe(report);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(report[0]);
    child(report[1]);
  }
  close(report[1]);
  report_line(report[0]);
  drain("the child's greeting", 1000);
  write(master, "typed line\n", 11);
  report_line(report[0]);
  drain("echo of the line", 1000);
  write(master, "\x03", 1);
  report_line(report[0]);
  report_line(report[0]);
  drain("echo of ^C, then the child's write through /dev/tty", 1000);
  struct winsize ws = {.ws_row = 33, .ws_col = 111};
  ioctl(master, TIOCSWINSZ, &ws);
  report_line(report[0]);
  close(master);
  report_line(report[0]);
  int status;
  waitpid(pid, &status, 0);
  CHECK_EQ("child exit", WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status), 0);
  return summary("pty");
}
