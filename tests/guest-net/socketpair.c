/* What if a socketpair loses bytes, merges datagrams, or reports the wrong state?
 *
 * socketpair.c checks AF_UNIX socketpair(2) for the three types: stream bytes arrive in order
 * and short reads split them, while datagrams and sequenced packets keep their boundaries
 * (MSG_TRUNC cuts and flags, MSG_PEEK leaves them queued); read/write work as recv/send;
 * fstat says S_IFSOCK; getsockname/getpeername of unnamed sockets give the family alone;
 * SO_TYPE, SO_DOMAIN, SO_PEERCRED (our own pid), FIONREAD; readv/writev/sendmsg gather and
 * scatter; a 1 MiB stream transfer to a forked child, blocking on both sides, arrives intact;
 * closing one end gives the other end of file; and bad arguments get Linux's errnos.
 */
#include "netcheck.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>

static int sv[2];

static void stream_basics(void) {
  char buf[64];
  CHECK_OK("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_EQ("send hello", send(sv[0], "hello", 5, 0), 5);
  CHECK_EQ("send world", send(sv[0], "world", 5, 0), 5);
  int n = 0;
  CHECK_OK("FIONREAD", ioctl(sv[1], FIONREAD, &n));
  CHECK_EQ("FIONREAD stream bytes", n, 10);
  CHECK_EQ("recv 3", recv(sv[1], buf, 3, 0), 3);
  CHECK_TRUE("recv 3 is hel", memcmp(buf, "hel", 3) == 0);
  CHECK_EQ("peek 4", recv(sv[1], buf, 4, MSG_PEEK), 4);
  CHECK_TRUE("peek is lowo", memcmp(buf, "lowo", 4) == 0);
  CHECK_EQ("recv merges sends", recv(sv[1], buf, sizeof buf, 0), 7);
  CHECK_TRUE("recv rest is loworld", memcmp(buf, "loworld", 7) == 0);
  CHECK_EQ("write other way", write(sv[1], "back", 4), 4);
  CHECK_EQ("read other way", read(sv[0], buf, sizeof buf), 4);
  CHECK_TRUE("read is back", memcmp(buf, "back", 4) == 0);

  struct stat st;
  CHECK_OK("fstat", fstat(sv[0], &st));
  CHECK_TRUE("fstat S_ISSOCK", S_ISSOCK(st.st_mode));
  CHECK_EQ("lseek", lseek(sv[0], 0, SEEK_SET) < 0 ? errno : 0, ESPIPE);

  int v = -1;
  socklen_t l = sizeof v;
  CHECK_OK("SO_TYPE", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &l));
  CHECK_EQ("SO_TYPE value", v, SOCK_STREAM);
  CHECK_EQ("SO_TYPE len", l, 4);
  l = sizeof v;
  CHECK_OK("SO_DOMAIN", getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &l));
  CHECK_EQ("SO_DOMAIN value", v, AF_UNIX);
  l = sizeof v;
  CHECK_OK("SO_ERROR", getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &l));
  CHECK_EQ("SO_ERROR value", v, 0);
  l = sizeof v;
  CHECK_OK("SO_ACCEPTCONN", getsockopt(sv[0], SOL_SOCKET, SO_ACCEPTCONN, &v, &l));
  CHECK_EQ("SO_ACCEPTCONN value", v, 0);
  struct ucred uc;
  l = sizeof uc;
  CHECK_OK("SO_PEERCRED", getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &uc, &l));
  CHECK_EQ("SO_PEERCRED len", l, sizeof uc);
  CHECK_TRUE("SO_PEERCRED pid is ours", uc.pid == getpid());
  CHECK_TRUE("SO_PEERCRED uid is ours", uc.uid == geteuid());
  CHECK_TRUE("SO_PEERCRED gid is ours", uc.gid == getegid());
  l = sizeof v;
  CHECK_OK("SO_SNDBUF", getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &l));
  CHECK_TRUE("SO_SNDBUF positive", v > 0);
  v = 65536;
  CHECK_OK("set SO_SNDBUF", setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
  l = sizeof v;
  CHECK_OK("SO_SNDBUF again", getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &l));
  CHECK_TRUE("SO_SNDBUF doubled", v == 131072);
  v = 1;
  CHECK_OK("set SO_REUSEADDR", setsockopt(sv[0], SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
  v = 0;
  l = sizeof v;
  CHECK_OK("SO_REUSEADDR", getsockopt(sv[0], SOL_SOCKET, SO_REUSEADDR, &v, &l));
  CHECK_EQ("SO_REUSEADDR value", v, 1);
  CHECK_ERR("set SO_TYPE", setsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, sizeof v), ENOPROTOOPT);
  CHECK_ERR("unknown option", setsockopt(sv[0], SOL_SOCKET, 9999, &v, sizeof v), ENOPROTOOPT);
  CHECK_ERR("get unknown option", getsockopt(sv[0], SOL_SOCKET, 9999, &v, &l), ENOPROTOOPT);
  CHECK_ERR("TCP level option", setsockopt(sv[0], 6, 1, &v, sizeof v), EOPNOTSUPP);
  CHECK_ERR("short optlen", setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, 2), EINVAL);

  struct sockaddr_un a;
  l = sizeof a;
  memset(&a, 0x55, sizeof a);
  CHECK_OK("getsockname unnamed", getsockname(sv[0], (struct sockaddr *)&a, &l));
  CHECK_EQ("unnamed name len", l, 2);
  CHECK_EQ("unnamed family", a.sun_family, AF_UNIX);
  l = sizeof a;
  CHECK_OK("getpeername unnamed", getpeername(sv[0], (struct sockaddr *)&a, &l));
  CHECK_EQ("unnamed peer len", l, 2);
  CHECK_ERR("bind connected pair again? no: connect", connect(sv[0], (struct sockaddr *)&a, 2), EINVAL);
  CHECK_ERR("listen on unbound", listen(sv[0], 1), EINVAL);
  CHECK_ERR("accept on non-listener", accept(sv[0], NULL, NULL), EINVAL);
  CHECK_ERR("sendto with address on stream", sendto(sv[0], "x", 1, 0, (struct sockaddr *)&a, sizeof a), EISCONN);

  /* gather and scatter */
  struct iovec out[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};
  CHECK_EQ("writev", writev(sv[0], out, 3), 6);
  char x[3], y[10];
  struct iovec in[2] = {{x, 3}, {y, sizeof y}};
  CHECK_EQ("readv", readv(sv[1], in, 2), 6);
  CHECK_TRUE("readv scatter", memcmp(x, "abc", 3) == 0 && memcmp(y, "def", 3) == 0);
  struct msghdr m = {0};
  m.msg_iov = out;
  m.msg_iovlen = 3;
  CHECK_EQ("sendmsg gather", sendmsg(sv[0], &m, 0), 6);
  memset(x, 0, sizeof x);
  memset(y, 0, sizeof y);
  struct msghdr r = {0};
  r.msg_iov = in;
  r.msg_iovlen = 2;
  CHECK_EQ("recvmsg scatter", recvmsg(sv[1], &r, 0), 6);
  CHECK_TRUE("recvmsg scatter data", memcmp(x, "abc", 3) == 0 && memcmp(y, "def", 3) == 0);
  CHECK_EQ("recvmsg flags", r.msg_flags, 0);
  CHECK_EQ("recvmsg controllen", r.msg_controllen, 0);

  /* end of file */
  CHECK_EQ("send before close", send(sv[1], "bye", 3, 0), 3);
  close(sv[1]);
  CHECK_EQ("data before eof", read(sv[0], buf, sizeof buf), 3);
  CHECK_EQ("eof", read(sv[0], buf, sizeof buf), 0);
  CHECK_EQ("eof again", recv(sv[0], buf, sizeof buf, 0), 0);
  struct pollfd p = {sv[0], POLLIN | POLLOUT, 0};
  CHECK_EQ("poll after peer close", poll(&p, 1, 0), 1);
  CHECK_TRUE("POLLHUP after peer close", p.revents & POLLHUP);
  CHECK_TRUE("POLLIN after peer close", p.revents & POLLIN);
  close(sv[0]);
}

static void packet_basics(int type, const char *name) {
  char buf[64], what[80];
  snprintf(what, sizeof what, "socketpair %s", name);
  CHECK_OK(what, socketpair(AF_UNIX, type, 0, sv));
  CHECK_EQ("send one", send(sv[0], "one", 3, 0), 3);
  CHECK_EQ("send three", send(sv[0], "three", 5, 0), 5);
  CHECK_EQ("send empty", send(sv[0], "", 0, 0), 0);
  CHECK_EQ("send four", write(sv[0], "four", 4), 4);
  int n = 0;
  CHECK_OK("FIONREAD", ioctl(sv[1], FIONREAD, &n));
  /* A datagram socket reports its first datagram, a seqpacket socket all it holds. */
  CHECK_EQ("FIONREAD", n, type == SOCK_DGRAM ? 3 : 12);
  CHECK_EQ("recv keeps boundary", recv(sv[1], buf, sizeof buf, 0), 3);
  CHECK_EQ("peek next", recv(sv[1], buf, sizeof buf, MSG_PEEK), 5);
  CHECK_EQ("peek truncated with MSG_TRUNC", recv(sv[1], buf, 2, MSG_PEEK | MSG_TRUNC), 5);
  struct iovec io = {buf, 2};
  struct msghdr m = {0};
  m.msg_iov = &io;
  m.msg_iovlen = 1;
  CHECK_EQ("recvmsg cut", recvmsg(sv[1], &m, 0), 2);
  CHECK_TRUE("recvmsg MSG_TRUNC flag", m.msg_flags & MSG_TRUNC);
  CHECK_TRUE("cut data", memcmp(buf, "th", 2) == 0);
  CHECK_EQ("rest was discarded: empty datagram", recv(sv[1], buf, sizeof buf, 0), 0);
  CHECK_EQ("read four", read(sv[1], buf, sizeof buf), 4);
  CHECK_ERR("nothing left", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
  int v;
  socklen_t l = sizeof v;
  CHECK_OK("SO_TYPE", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &l));
  CHECK_EQ("SO_TYPE value", v, type);
  close(sv[1]);
  if (type == SOCK_SEQPACKET) {
    CHECK_EQ("seqpacket eof", recv(sv[0], buf, sizeof buf, 0), 0);
    CHECK_ERR("seqpacket send to closed", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
  } else {
    CHECK_ERR("dgram send to closed peer", send(sv[0], "x", 1, 0), ECONNREFUSED);
    CHECK_ERR("dgram now unconnected", send(sv[0], "x", 1, 0), ENOTCONN);
    CHECK_ERR("dgram recv nothing", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
  }
  close(sv[0]);
}

/* A big transfer through a stream pair: the child echoes a checksum of what it read. */
#define BIG (1 << 20)
static int big_child(void *arg) {
  (void)arg;
  close(sv[0]);
  static unsigned char buf[70000];
  unsigned long sum = 0, total = 0;
  for (;;) {
    ssize_t n = read(sv[1], buf, sizeof buf);
    if (n < 0) return 2;
    if (n == 0) break;
    for (ssize_t i = 0; i < n; i++) sum = sum * 31 + buf[i];
    total += n;
  }
  if (send(sv[1], &total, sizeof total, 0) != sizeof total) return 3;
  if (send(sv[1], &sum, sizeof sum, 0) != sizeof sum) return 4;
  return 0;
}

static void big_transfer(void) {
  CHECK_OK("socketpair for 1 MiB", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  pid_t pid = spawn(big_child, NULL);
  close(sv[1]);
  static unsigned char data[BIG];
  unsigned long sum = 0;
  for (int i = 0; i < BIG; i++) {
    data[i] = (unsigned char)(i * 7 + (i >> 9));
    sum = sum * 31 + data[i];
  }
  /* One send of the whole buffer blocks until the reader has taken all but the last bit. */
  CHECK_EQ("send 1 MiB at once", send(sv[0], data, BIG, 0), BIG);
  CHECK_OK("shutdown write", shutdown(sv[0], SHUT_WR));
  unsigned long total = 0, got = 0;
  CHECK_EQ("child total", recv(sv[0], &total, sizeof total, MSG_WAITALL), sizeof total);
  CHECK_EQ("child sum", recv(sv[0], &got, sizeof got, MSG_WAITALL), sizeof got);
  CHECK_EQ("bytes received", total, BIG);
  CHECK_TRUE("checksum matches", got == sum);
  CHECK_EQ("child exit", reap(pid), 0);
  close(sv[0]);
}

static void bad_args(void) {
  CHECK_ERR("socketpair AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP);
  CHECK_ERR("socket family 99", socket(99, SOCK_STREAM, 0), EAFNOSUPPORT);
  CHECK_ERR("socket type 4", socket(AF_UNIX, 4, 0), ESOCKTNOSUPPORT);
  CHECK_ERR("socket type 0", socket(AF_UNIX, 0, 0), ESOCKTNOSUPPORT);
  CHECK_ERR("socket protocol 2", socket(AF_UNIX, SOCK_STREAM, 2), EPROTONOSUPPORT);
  int *volatile bad = (int *)8;
  CHECK_ERR("socketpair bad pointer", socketpair(AF_UNIX, SOCK_STREAM, 0, bad), EFAULT);
  int fd = open("/dev/null", O_RDONLY);
  char c;
  CHECK_ERR("recv on a file", recv(fd, &c, 1, 0), ENOTSOCK);
  CHECK_ERR("shutdown on a file", shutdown(fd, SHUT_RD), ENOTSOCK);
  close(fd);
  CHECK_ERR("recv on a bad fd", recv(99, &c, 1, 0), EBADF);
  int s = socket(AF_UNIX, SOCK_RAW, 0);
  CHECK_TRUE("SOCK_RAW is a datagram socket", s >= 0);
  int v;
  socklen_t l = sizeof v;
  getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l);
  CHECK_EQ("SOCK_RAW type", v, SOCK_DGRAM);
  CHECK_ERR("shutdown bad how", shutdown(s, 3), EINVAL);
  CHECK_ERR("listen on dgram", listen(s, 1), EOPNOTSUPP);
  CHECK_ERR("accept on dgram", accept(s, NULL, NULL), EOPNOTSUPP);
  CHECK_ERR("send unconnected dgram", send(s, "x", 1, 0), ENOTCONN);
  close(s);
  s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  CHECK_TRUE("SOCK_CLOEXEC", fcntl(s, F_GETFD) & FD_CLOEXEC);
  CHECK_ERR("recv unconnected stream", recv(s, &c, 1, 0), EINVAL);
  CHECK_ERR("send unconnected stream", send(s, "x", 1, 0), ENOTCONN);
  struct sockaddr_un a;
  socklen_t al = sizeof a;
  CHECK_ERR("getpeername unconnected", getpeername(s, (struct sockaddr *)&a, &al), ENOTCONN);
  struct pollfd p = {s, POLLIN | POLLOUT, 0};
  poll(&p, 1, 0);
  CHECK_EQ("fresh stream poll", p.revents, POLLOUT | POLLHUP);
  close(s);
  s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  CHECK_ERR("send unconnected seqpacket", send(s, "x", 1, 0), ENOTCONN);
  CHECK_ERR("recv unconnected seqpacket", recv(s, &c, 1, 0), ENOTCONN);
  close(s);
}

int main(void) {
  stream_basics();
  packet_basics(SOCK_DGRAM, "dgram");
  packet_basics(SOCK_SEQPACKET, "seqpacket");
  big_transfer();
  bad_args();
  return summary("socketpair");
}
