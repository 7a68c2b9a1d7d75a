/* What if a socket blocks when it must not, or stays asleep when it may go on?
 *
 * nonblock.c checks AF_UNIX sockets without blocking and their readiness: SOCK_NONBLOCK,
 * O_NONBLOCK through fcntl and MSG_DONTWAIT make an empty recv, an accept with nothing
 * pending and a send into a full buffer fail with EAGAIN; a stream and a datagram pair fill
 * up (some bytes or datagrams fit, then EAGAIN) and poll drops POLLOUT until the reader
 * drains them; poll and epoll report POLLIN for data and for a pending connection, and a
 * poll blocked on a socket wakes when a forked child writes; a blocked sender is woken as
 * its reader drains; SO_RCVTIMEO and SO_SNDTIMEO end a blocked call with EAGAIN; a partial
 * nonblocking stream send reports how much it sent.  Counts of what fits depend on buffer
 * bookkeeping and are never printed, only that they are positive.
 */
#include "netcheck.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <stddef.h>
#include <time.h>

static int revents(int fd, short events) {
  struct pollfd p = {fd, events, 0};
  poll(&p, 1, 0);
  return p.revents;
}

static void empty_and_full(void) {
  int sv[2];
  char buf[4096];
  CHECK_OK("socketpair nonblocking", socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
  CHECK_TRUE("O_NONBLOCK set", fcntl(sv[0], F_GETFL) & O_NONBLOCK);
  CHECK_ERR("recv empty", recv(sv[0], buf, sizeof buf, 0), EAGAIN);
  CHECK_ERR("read empty", read(sv[0], buf, sizeof buf), EAGAIN);
  CHECK_EQ("fresh pair: POLLOUT only", revents(sv[0], POLLIN | POLLOUT), POLLOUT);
  memset(buf, 'x', sizeof buf);
  long sent = 0;
  int sends = 0;
  for (;;) {
    ssize_t n = send(sv[0], buf, sizeof buf, 0);
    if (n < 0) break;
    sent += n;
    if (++sends > 100000) break;
  }
  CHECK_EQ("stream fills: EAGAIN", errno, EAGAIN);
  CHECK_TRUE("some bytes fit", sent > 0);
  CHECK_EQ("full: no POLLOUT", revents(sv[0], POLLOUT), 0);
  CHECK_EQ("reader: POLLIN", revents(sv[1], POLLIN | POLLOUT), POLLIN | POLLOUT);
  long got = 0;
  for (;;) {
    ssize_t n = recv(sv[1], buf, sizeof buf, 0);
    if (n <= 0) break;
    got += n;
  }
  CHECK_TRUE("everything read back", got == sent);
  CHECK_EQ("drained: POLLOUT again", revents(sv[0], POLLOUT), POLLOUT);
  CHECK_EQ("drained: reader not readable", revents(sv[1], POLLIN), 0);

  /* fcntl clears O_NONBLOCK; MSG_DONTWAIT still does not wait. */
  CHECK_OK("clear O_NONBLOCK", fcntl(sv[1], F_SETFL, 0));
  CHECK_ERR("MSG_DONTWAIT", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
  close(sv[0]);
  close(sv[1]);

  /* A datagram pair fills too. */
  CHECK_OK("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  CHECK_OK("set O_NONBLOCK", fcntl(sv[0], F_SETFL, O_NONBLOCK));
  int msgs = 0;
  for (;;) {
    if (send(sv[0], buf, 1000, 0) < 0) break;
    if (++msgs > 100000) break;
  }
  CHECK_EQ("dgram fills: EAGAIN", errno, EAGAIN);
  CHECK_TRUE("some datagrams fit", msgs > 0);
  CHECK_ERR("MSG_DONTWAIT send when full", send(sv[0], buf, 10, MSG_DONTWAIT), EAGAIN);
  int back = 0;
  while (recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) == 1000) back++;
  CHECK_TRUE("every datagram read back", back == msgs);
  CHECK_EQ("room again", send(sv[0], buf, 10, 0), 10);
  close(sv[0]);
  close(sv[1]);
}

static int sv2[2];
static int child_writes_later(void *arg) {
  (void)arg;
  close(sv2[0]);
  struct timespec ts = {0, 30 * 1000 * 1000};
  nanosleep(&ts, NULL);
  if (send(sv2[1], "wake", 4, 0) != 4) return 2;
  char c;
  return read(sv2[1], &c, 1) == 0 ? 0 : 3; /* stay until the parent is done */
}

static int child_drains(void *arg) {
  (void)arg;
  close(sv2[0]);
  struct timespec ts = {0, 20 * 1000 * 1000};
  nanosleep(&ts, NULL);
  char buf[8192];
  long total = 0;
  ssize_t n;
  while ((n = read(sv2[1], buf, sizeof buf)) > 0) total += n;
  return total == 1 << 20 ? 0 : 2;
}

static void wakeups(void) {
  CHECK_OK("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv2));
  pid_t pid = spawn(child_writes_later, NULL);
  close(sv2[1]);
  struct pollfd p = {sv2[0], POLLIN, 0};
  CHECK_EQ("poll blocks until the child writes", poll(&p, 1, -1), 1);
  CHECK_EQ("POLLIN", p.revents, POLLIN);
  char buf[8];
  CHECK_EQ("the data", recv(sv2[0], buf, sizeof buf, 0), 4);
  close(sv2[0]);
  CHECK_EQ("child exit", reap(pid), 0);

  /* A sender blocked on a full socket is woken as the reader drains it. */
  CHECK_OK("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv2));
  pid = spawn(child_drains, NULL);
  close(sv2[1]);
  static char big[1 << 20];
  long sent = 0;
  while (sent < (long)sizeof big) {
    ssize_t n = write(sv2[0], big + sent, sizeof big - sent);
    if (n <= 0) break;
    sent += n;
  }
  CHECK_EQ("blocking writes all go through", sent, 1 << 20);
  close(sv2[0]);
  CHECK_EQ("drainer exit", reap(pid), 0);
}

static void listeners(void) {
  char path[100];
  snprintf(path, sizeof path, "/tmp/aster-net-%d-nb", (int)getpid());
  unlink(path);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  strcpy(a.sun_path, path);
  socklen_t l = offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  CHECK_OK("bind", bind(s, (struct sockaddr *)&a, l));
  CHECK_OK("listen", listen(s, 4));
  CHECK_ERR("accept nothing pending", accept(s, NULL, NULL), EAGAIN);
  CHECK_EQ("listener: nothing to report", revents(s, POLLIN | POLLOUT), 0);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 42};
  CHECK_OK("epoll_ctl listener", epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
  struct epoll_event out[4];
  CHECK_EQ("epoll: nothing yet", epoll_wait(ep, out, 4, 0), 0);
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK("connect", connect(c, (struct sockaddr *)&a, l));
  CHECK_EQ("epoll: listener ready", epoll_wait(ep, out, 4, 0), 1);
  CHECK_TRUE("epoll: the listener's data", out[0].data.u64 == 42 && out[0].events == EPOLLIN);
  CHECK_EQ("poll listener: POLLIN", revents(s, POLLIN | POLLOUT), POLLIN);
  int x = accept(s, NULL, NULL);
  CHECK_TRUE("accept", x >= 0);
  CHECK_TRUE("accepted socket is blocking", !(fcntl(x, F_GETFL) & O_NONBLOCK));
  CHECK_EQ("epoll: drained", epoll_wait(ep, out, 4, 0), 0);
  ev.events = EPOLLIN | EPOLLRDHUP;
  ev.data.u64 = 7;
  CHECK_OK("epoll_ctl connection", epoll_ctl(ep, EPOLL_CTL_ADD, x, &ev));
  CHECK_EQ("send", send(c, "e", 1, 0), 1);
  CHECK_EQ("epoll: connection readable", epoll_wait(ep, out, 4, 0), 1);
  CHECK_TRUE("epoll: EPOLLIN on 7", out[0].data.u64 == 7 && out[0].events == EPOLLIN);
  char buf[4];
  recv(x, buf, sizeof buf, 0);
  close(c);
  CHECK_EQ("epoll: hangup", epoll_wait(ep, out, 4, 0), 1);
  CHECK_EQ("epoll: EPOLLIN|EPOLLRDHUP|EPOLLHUP", out[0].events, EPOLLIN | EPOLLRDHUP | EPOLLHUP);
  close(x);
  close(ep);
  close(s);
  unlink(path);

  /* FIONBIO switches O_NONBLOCK; SO_RCVTIMEO bounds a blocking accept. */
  s = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK("bind again", bind(s, (struct sockaddr *)&a, l));
  CHECK_OK("listen again", listen(s, 1));
  int one = 1;
  CHECK_OK("FIONBIO on", ioctl(s, FIONBIO, &one));
  CHECK_TRUE("FIONBIO set O_NONBLOCK", fcntl(s, F_GETFL) & O_NONBLOCK);
  CHECK_ERR("accept after FIONBIO", accept(s, NULL, NULL), EAGAIN);
  one = 0;
  CHECK_OK("FIONBIO off", ioctl(s, FIONBIO, &one));
  CHECK_TRUE("FIONBIO cleared O_NONBLOCK", !(fcntl(s, F_GETFL) & O_NONBLOCK));
  struct timeval tv = {0, 10000};
  CHECK_OK("SO_RCVTIMEO on listener", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  CHECK_ERR("accept times out", accept(s, NULL, NULL), EAGAIN);
  close(s);
  unlink(path);

  /* A full backlog with a blocking connect waits; with a nonblocking one, EAGAIN. */
  s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  CHECK_OK("bind seqpacket", bind(s, (struct sockaddr *)&a, l));
  CHECK_OK("listen 0", listen(s, 0));
  int c1 = socket(AF_UNIX, SOCK_SEQPACKET, 0), c2 = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0);
  CHECK_OK("first connect", connect(c1, (struct sockaddr *)&a, l));
  CHECK_ERR("second connect: backlog full", connect(c2, (struct sockaddr *)&a, l), EAGAIN);
  int x1 = accept(s, NULL, NULL);
  CHECK_OK("second connect after accept", connect(c2, (struct sockaddr *)&a, l));
  close(x1);
  close(c1);
  close(c2);
  close(s);
  unlink(path);
}

static void timeouts(void) {
  int sv[2];
  char buf[8];
  CHECK_OK("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  struct timeval tv = {0, 20000};
  CHECK_OK("SO_RCVTIMEO", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  struct timeval back = {9, 9};
  socklen_t l = sizeof back;
  CHECK_OK("get SO_RCVTIMEO", getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &back, &l));
  CHECK_TRUE("SO_RCVTIMEO value", l == sizeof back && back.tv_sec == 0 && back.tv_usec == 20000);
  CHECK_ERR("recv times out", recv(sv[0], buf, sizeof buf, 0), EAGAIN);
  tv.tv_usec = 2000000;
  CHECK_ERR("SO_RCVTIMEO bad usec", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), EDOM);
  int small = 1;
  CHECK_OK("small SO_SNDBUF", setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &small, sizeof small));
  tv.tv_usec = 20000;
  CHECK_OK("SO_SNDTIMEO", setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
  static char big[1 << 16];
  ssize_t n = send(sv[1], big, sizeof big, 0);
  CHECK_TRUE("send with timeout sends part", n > 0 && n < (ssize_t)sizeof big);
  CHECK_ERR("then times out", send(sv[1], big, sizeof big, 0), EAGAIN);
  CHECK_OK("nonblocking", fcntl(sv[1], F_SETFL, O_NONBLOCK));
  CHECK_ERR("nonblocking send when full", send(sv[1], big, sizeof big, 0), EAGAIN);
  close(sv[0]);
  close(sv[1]);
}

int main(void) {
  empty_and_full();
  wakeups();
  listeners();
  timeouts();
  return summary("nonblock");
}
