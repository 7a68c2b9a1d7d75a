/* What if a half-closed socket keeps talking, or a write to a dead one goes unpunished?
 *
 * shutdown.c checks shutdown(2) and hang-ups on AF_UNIX sockets: SHUT_WR lets the peer read
 * what was sent and then end of file, while our own send fails with EPIPE and raises SIGPIPE
 * (counted by a handler) unless MSG_NOSIGNAL is given; SHUT_RD gives us end of file after
 * the queued bytes and makes the peer's send fail; SHUT_RDWR both; poll reports POLLIN at
 * end of file and POLLHUP once both directions are shut; a peer that closes with bytes we
 * sent still unread resets the connection (ECONNRESET once, POLLERR, SO_ERROR); a child that
 * writes to a closed socket with SIGPIPE at its default action dies of it; datagram and
 * seqpacket sockets report EPIPE without a signal; a reader blocked in recv is woken by the
 * peer's shutdown.
 */
#include "netcheck.h"
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

static volatile sig_atomic_t pipes;
static void on_pipe(int sig) {
  (void)sig;
  pipes++;
}

static int revents(int fd, short events) {
  struct pollfd p = {fd, events, 0};
  poll(&p, 1, 0);
  return p.revents;
}

static void shut_wr(void) {
  int sv[2];
  char buf[16];
  CHECK_OK("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_EQ("send before shutdown", send(sv[0], "last", 4, 0), 4);
  CHECK_OK("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR));
  CHECK_EQ("peer: POLLIN, no hangup yet", revents(sv[1], POLLIN | POLLOUT), POLLIN | POLLOUT);
  CHECK_EQ("peer reads the rest", recv(sv[1], buf, sizeof buf, 0), 4);
  CHECK_EQ("peer reads end of file", recv(sv[1], buf, sizeof buf, 0), 0);
  CHECK_EQ("peer reads end of file again", read(sv[1], buf, sizeof buf), 0);
  pipes = 0;
  CHECK_ERR("send after SHUT_WR", send(sv[0], "x", 1, 0), EPIPE);
  CHECK_EQ("SIGPIPE raised", pipes, 1);
  CHECK_ERR("write after SHUT_WR", write(sv[0], "x", 1), EPIPE);
  CHECK_EQ("SIGPIPE raised by write", pipes, 2);
  CHECK_ERR("send MSG_NOSIGNAL", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
  CHECK_EQ("no SIGPIPE with MSG_NOSIGNAL", pipes, 2);
  CHECK_EQ("the other direction still works", send(sv[1], "back", 4, 0), 4);
  CHECK_EQ("and is read", recv(sv[0], buf, sizeof buf, 0), 4);
  CHECK_EQ("SHUT_WR side: POLLOUT only", revents(sv[0], POLLIN | POLLOUT), POLLOUT);
  CHECK_OK("peer shuts too", shutdown(sv[1], SHUT_WR));
  CHECK_EQ("now end of file here", recv(sv[0], buf, sizeof buf, 0), 0);
  CHECK_TRUE("both ways shut: POLLHUP", revents(sv[0], POLLIN) & POLLHUP);
  CHECK_TRUE("both ways shut: POLLIN", revents(sv[0], POLLIN) & POLLIN);
  close(sv[0]);
  close(sv[1]);
}

static void shut_rd(void) {
  int sv[2];
  char buf[16];
  CHECK_OK("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_EQ("queued before SHUT_RD", send(sv[1], "queued", 6, 0), 6);
  CHECK_OK("shutdown SHUT_RD", shutdown(sv[0], SHUT_RD));
  CHECK_EQ("queued bytes still read", recv(sv[0], buf, sizeof buf, 0), 6);
  CHECK_EQ("then end of file", recv(sv[0], buf, sizeof buf, 0), 0);
  CHECK_ERR("peer cannot send", send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
  CHECK_EQ("we can still send", send(sv[0], "ok", 2, 0), 2);
  CHECK_EQ("peer reads it", recv(sv[1], buf, sizeof buf, 0), 2);
  CHECK_OK("shutdown SHUT_RDWR", shutdown(sv[0], SHUT_RDWR));
  CHECK_EQ("peer reads end of file", recv(sv[1], buf, sizeof buf, 0), 0);
  CHECK_TRUE("SHUT_RDWR: POLLHUP", revents(sv[0], POLLIN) & POLLHUP);
  CHECK_ERR("shutdown bad how", shutdown(sv[0], 7), EINVAL);
  CHECK_OK("shutdown twice is fine", shutdown(sv[0], SHUT_RDWR));
  close(sv[0]);
  close(sv[1]);
}

static void reset(void) {
  int sv[2];
  char buf[16];
  CHECK_OK("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_EQ("send to peer", send(sv[0], "unread", 6, 0), 6);
  CHECK_EQ("peer sends", send(sv[1], "hi", 2, 0), 2);
  close(sv[1]); /* with our bytes unread */
  int r = revents(sv[0], POLLIN);
  CHECK_TRUE("POLLERR", r & POLLERR);
  CHECK_TRUE("POLLHUP", r & POLLHUP);
  CHECK_EQ("queued bytes first", recv(sv[0], buf, sizeof buf, 0), 2);
  CHECK_ERR("then ECONNRESET", recv(sv[0], buf, sizeof buf, 0), ECONNRESET);
  CHECK_EQ("then end of file", recv(sv[0], buf, sizeof buf, 0), 0);
  pipes = 0;
  CHECK_ERR("send to closed", send(sv[0], "x", 1, 0), EPIPE);
  CHECK_EQ("SIGPIPE", pipes, 1);
  close(sv[0]);

  CHECK_OK("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_EQ("send to peer", send(sv[0], "unread", 6, 0), 6);
  close(sv[1]);
  int e = -1;
  socklen_t l = sizeof e;
  CHECK_OK("SO_ERROR", getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &e, &l));
  CHECK_EQ("SO_ERROR is ECONNRESET", e, ECONNRESET);
  l = sizeof e;
  CHECK_OK("SO_ERROR again", getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &e, &l));
  CHECK_EQ("SO_ERROR cleared", e, 0);
  CHECK_EQ("so recv sees end of file", recv(sv[0], buf, sizeof buf, 0), 0);
  close(sv[0]);
}

static int sv_child[2];
static int die_of_sigpipe(void *arg) {
  (void)arg;
  signal(SIGPIPE, SIG_DFL);
  close(sv_child[0]);
  /* Wait for the parent's close, then write into the void. */
  char c;
  if (read(sv_child[1], &c, 1) != 0) return 2;
  send(sv_child[1], "x", 1, 0);
  return 3; /* not reached: SIGPIPE kills */
}

static void default_action(void) {
  CHECK_OK("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv_child));
  pid_t pid = spawn(die_of_sigpipe, NULL);
  close(sv_child[1]);
  close(sv_child[0]);
  CHECK_EQ("child killed by SIGPIPE", reap(pid), 128 + SIGPIPE);
}

static void packets(void) {
  int sv[2];
  CHECK_OK("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  pipes = 0;
  CHECK_OK("dgram SHUT_WR", shutdown(sv[0], SHUT_WR));
  CHECK_ERR("dgram send after SHUT_WR", send(sv[0], "x", 1, 0), EPIPE);
  CHECK_EQ("dgram other way works", send(sv[1], "y", 1, 0), 1);
  CHECK_OK("dgram SHUT_RD", shutdown(sv[0], SHUT_RD));
  CHECK_ERR("dgram send to SHUT_RD peer", send(sv[1], "x", 1, 0), EPIPE);
  CHECK_EQ("dgram: no SIGPIPE", pipes, 0);
  char buf[4];
  CHECK_EQ("dgram queued datagram still read", recv(sv[0], buf, sizeof buf, 0), 1);
  CHECK_EQ("dgram then end of file", recv(sv[0], buf, sizeof buf, 0), 0);
  close(sv[0]);
  close(sv[1]);
  CHECK_OK("socketpair seqpacket", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
  CHECK_OK("seqpacket SHUT_WR", shutdown(sv[0], SHUT_WR));
  CHECK_ERR("seqpacket send after SHUT_WR", send(sv[0], "x", 1, 0), EPIPE);
  CHECK_EQ("seqpacket peer end of file", recv(sv[1], buf, sizeof buf, 0), 0);
  close(sv[1]);
  CHECK_ERR("seqpacket send to closed", send(sv[0], "x", 1, 0), EPIPE);
  CHECK_EQ("seqpacket: no SIGPIPE", pipes, 0);
  close(sv[0]);
}

static int sv_wake[2];
static int shut_later(void *arg) {
  (void)arg;
  close(sv_wake[0]);
  struct timespec ts = {0, 20 * 1000 * 1000};
  nanosleep(&ts, NULL);
  shutdown(sv_wake[1], SHUT_WR);
  char c;
  return read(sv_wake[1], &c, 1) == 0 ? 0 : 2;
}

static void wake_blocked_reader(void) {
  CHECK_OK("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv_wake));
  pid_t pid = spawn(shut_later, NULL);
  close(sv_wake[1]);
  char buf[4];
  CHECK_EQ("blocked recv woken by peer's SHUT_WR", recv(sv_wake[0], buf, sizeof buf, 0), 0);
  close(sv_wake[0]);
  CHECK_EQ("child exit", reap(pid), 0);
}

int main(void) {
  signal(SIGPIPE, on_pipe);
  shut_wr();
  shut_rd();
  reset();
  default_action();
  packets();
  wake_blocked_reader();
  return summary("shutdown");
}
