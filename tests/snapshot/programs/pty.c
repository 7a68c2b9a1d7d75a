// Kernel state a snapshot must carry for a pseudo-terminal: the master, the slave and its
// settings, bytes in flight both ways, and a child whose controlling terminal the slave is.
// Each exchange is printed, so a resumed run's output shows any difference.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int main(void) {
  int m = posix_openpt(O_RDWR | O_NOCTTY);
  char name[64];
  if (m < 0 || grantpt(m) || unlockpt(m) || ptsname_r(m, name, sizeof name)) return 1;
  int s = open(name, O_RDWR | O_NOCTTY);
  struct termios t;
  tcgetattr(s, &t);
  cfmakeraw(&t);
  tcsetattr(s, TCSANOW, &t);
  unsigned sum = 0;
  for (int i = 0; i < 40; i++) {
    char c = 'a' + i % 26;
    write(m, &c, 1);
    read(s, &c, 1);
    c ^= 0x20;
    write(s, &c, 1);
    read(m, &c, 1);
    sum = sum * 31 + (unsigned char)c;
    if (i % 8 == 7) printf("round %d: %c sum %u\n", i, c, sum);
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(m);
    setsid();
    int c = open(name, O_RDWR);
    if (c < 0 || ioctl(c, TIOCSCTTY, 0)) _exit(90);
    write(c, "child\n", 6);
    char b;
    read(c, &b, 1);
    _exit(b - '0');
  }
  char buf[16] = {0};
  int n = read(m, buf, sizeof buf - 1);
  printf("master read %d: %s", n, buf);
  write(m, "7", 1);
  int st;
  waitpid(pid, &st, 0);
  printf("child exit %d\n", WEXITSTATUS(st));
  return 0;
}
