/* What if a named socket cannot be found, is found twice, or connects to the wrong listener?
 *
 * listen.c checks bind/listen/accept/connect over a pathname in /tmp with a forked client:
 * bind makes a socket inode (S_IFSOCK; a second bind of the name is EADDRINUSE, open() of it
 * ENXIO), getsockname/getpeername/accept report the path with its length, the client sees
 * the server's credentials with SO_PEERCRED and vice versa, connect before accept succeeds
 * and data sent then is read after accept; a full backlog makes a nonblocking connect
 * EAGAIN; a listener closed with a connection not yet accepted resets it; connect to a
 * missing path is ENOENT, to a file or a closed socket's name ECONNREFUSED, to another type
 * EPROTOTYPE.  Abstract names (a leading NUL) and autobind (the family alone) work without
 * the file system, and datagram sockets bound to names exchange messages with sendto and
 * recvfrom reporting the sender.  Names carry the pid so that runs under qemu on the host's
 * /tmp cannot collide; they are never printed.
 */
#include "netcheck.h"
#include <fcntl.h>
#include <stddef.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

static struct sockaddr_un addr;
static socklen_t addrlen;
static char path[100];

static void make_path(const char *tag) {
  snprintf(path, sizeof path, "/tmp/aster-net-%d-%s", (int)getpid(), tag);
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  strcpy(addr.sun_path, path);
  addrlen = offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

/* The client: connect, check who the server is, exchange a line, report by exit status. */
static int client(void *arg) {
  (void)arg;
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  if (c < 0) return 2;
  if (connect(c, (struct sockaddr *)&addr, addrlen) != 0) return 3;
  struct sockaddr_un peer;
  socklen_t l = sizeof peer;
  if (getpeername(c, (struct sockaddr *)&peer, &l) != 0) return 4;
  if (l != addrlen || strcmp(peer.sun_path, path) != 0) return 5;
  struct ucred uc;
  l = sizeof uc;
  if (getsockopt(c, SOL_SOCKET, SO_PEERCRED, &uc, &l) != 0) return 6;
  if (uc.pid != getppid()) return 7;
  if (send(c, "ping", 4, 0) != 4) return 8;
  char buf[16];
  if (recv(c, buf, sizeof buf, MSG_WAITALL) != 4 || memcmp(buf, "pong", 4) != 0) return 9;
  if (recv(c, buf, sizeof buf, 0) != 0) return 10; /* the server closed: end of file */
  close(c);
  return 0;
}

static void stream_server(void) {
  make_path("stream");
  unlink(path);
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK("bind path", bind(s, (struct sockaddr *)&addr, addrlen));
  struct stat st;
  CHECK_OK("stat socket path", lstat(path, &st));
  CHECK_TRUE("path is S_IFSOCK", S_ISSOCK(st.st_mode));
  CHECK_ERR("open socket path", open(path, O_RDONLY), ENXIO);
  struct sockaddr_un got;
  socklen_t l = sizeof got;
  CHECK_OK("getsockname", getsockname(s, (struct sockaddr *)&got, &l));
  CHECK_TRUE("getsockname length is family+path+NUL", l == addrlen);
  CHECK_TRUE("getsockname path", strcmp(got.sun_path, path) == 0);
  l = 5;
  memset(&got, 0, sizeof got);
  CHECK_OK("getsockname short buffer", getsockname(s, (struct sockaddr *)&got, &l));
  CHECK_TRUE("short buffer gets full length", l == addrlen);
  CHECK_TRUE("short buffer cut", got.sun_path[2] == path[2] && got.sun_path[3] == 0);
  CHECK_ERR("bind again, same name", bind(s, (struct sockaddr *)&addr, addrlen), EADDRINUSE);
  struct sockaddr_un fresh = addr;
  strcat(fresh.sun_path, "-x");
  CHECK_ERR("bind again, new name", bind(s, (struct sockaddr *)&fresh, sizeof fresh), EINVAL);
  CHECK_ERR("the new name was not left behind", access(fresh.sun_path, F_OK), ENOENT);
  int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR("bind taken name", bind(s2, (struct sockaddr *)&addr, addrlen), EADDRINUSE);
  CHECK_ERR("connect before listen", connect(s2, (struct sockaddr *)&addr, addrlen), ECONNREFUSED);
  close(s2);
  CHECK_OK("listen", listen(s, 4));
  int v;
  l = sizeof v;
  CHECK_OK("SO_ACCEPTCONN", getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &l));
  CHECK_EQ("SO_ACCEPTCONN value", v, 1);
  CHECK_OK("listen again", listen(s, 8));

  pid_t pid = spawn(client, NULL);
  struct sockaddr_un from;
  l = sizeof from;
  memset(&from, 0x55, sizeof from);
  int c = accept(s, (struct sockaddr *)&from, &l);
  CHECK_TRUE("accept", c >= 0);
  CHECK_EQ("accepted client address length (unnamed)", l, 2);
  CHECK_EQ("accepted client family", from.sun_family, AF_UNIX);
  l = sizeof got;
  CHECK_OK("accepted getsockname", getsockname(c, (struct sockaddr *)&got, &l));
  CHECK_TRUE("accepted socket has the listener's name", l == addrlen && strcmp(got.sun_path, path) == 0);
  struct ucred uc;
  l = sizeof uc;
  CHECK_OK("accepted SO_PEERCRED", getsockopt(c, SOL_SOCKET, SO_PEERCRED, &uc, &l));
  CHECK_TRUE("peer pid is the client", uc.pid == pid);
  char buf[16];
  CHECK_EQ("recv ping", recv(c, buf, 4, MSG_WAITALL), 4);
  CHECK_TRUE("ping", memcmp(buf, "ping", 4) == 0);
  CHECK_EQ("send pong", send(c, "pong", 4, 0), 4);
  close(c);
  CHECK_EQ("client exit", reap(pid), 0);

  /* Connect completes before accept; data waits in the new connection. */
  int early = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK("connect without accept", connect(early, (struct sockaddr *)&addr, addrlen));
  CHECK_EQ("send before accept", send(early, "early", 5, 0), 5);
  struct pollfd p = {s, POLLIN, 0};
  CHECK_EQ("listener readable", poll(&p, 1, 0), 1);
  c = accept4(s, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
  CHECK_TRUE("accept4", c >= 0);
  CHECK_TRUE("accept4 cloexec", fcntl(c, F_GETFD) & FD_CLOEXEC);
  CHECK_TRUE("accept4 nonblock", fcntl(c, F_GETFL) & O_NONBLOCK);
  CHECK_EQ("data sent before accept", recv(c, buf, sizeof buf, 0), 5);
  CHECK_ERR("accept4 bad flags", accept4(s, NULL, NULL, 1), EINVAL);
  close(c);
  close(early);

  /* A full backlog. */
  CHECK_OK("listen backlog 0", listen(s, 0));
  int a1 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int a2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  CHECK_OK("first pending connect", connect(a1, (struct sockaddr *)&addr, addrlen));
  CHECK_ERR("backlog full", connect(a2, (struct sockaddr *)&addr, addrlen), EAGAIN);
  CHECK_EQ("send to pending", send(a1, "x", 1, 0), 1);
  /* The listener goes away with a1 unaccepted: a1 is reset. */
  close(s);
  CHECK_ERR("pending connection reset", recv(a1, buf, sizeof buf, 0), ECONNRESET);
  CHECK_EQ("then end of file", recv(a1, buf, sizeof buf, 0), 0);
  CHECK_ERR("send to reset", send(a1, "x", 1, MSG_NOSIGNAL), EPIPE);
  CHECK_ERR("connect to closed listener", connect(a2, (struct sockaddr *)&addr, addrlen), ECONNREFUSED);
  close(a1);
  close(a2);
  CHECK_OK("unlink socket path", unlink(path));
  int late = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR("connect to unlinked path", connect(late, (struct sockaddr *)&addr, addrlen), ENOENT);

  struct sockaddr_un other = {.sun_family = AF_UNIX};
  strcpy(other.sun_path, "/tmp");
  CHECK_ERR("connect to a directory", connect(late, (struct sockaddr *)&other, sizeof other), ECONNREFUSED);
  strcpy(other.sun_path, "/nonexistent-dir/x");
  CHECK_ERR("connect to missing dir", connect(late, (struct sockaddr *)&other, sizeof other), ENOENT);
  CHECK_ERR("bind in missing dir", bind(late, (struct sockaddr *)&other, sizeof other), ENOENT);
  CHECK_ERR("connect with family only", connect(late, (struct sockaddr *)&other, 2), EINVAL);
  other.sun_family = AF_INET;
  CHECK_ERR("connect wrong family", connect(late, (struct sockaddr *)&other, sizeof other), EINVAL);
  CHECK_ERR("connect too long", connect(late, (struct sockaddr *)&other, 111), EINVAL);
  close(late);
}

static void types_and_relative(void) {
  make_path("dgram");
  unlink(path);
  int d = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK_OK("bind dgram", bind(d, (struct sockaddr *)&addr, addrlen));
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR("stream connect to dgram", connect(s, (struct sockaddr *)&addr, addrlen), EPROTOTYPE);
  close(s);

  /* Two named datagram sockets: recvfrom names the sender. */
  struct sockaddr_un a2 = addr;
  char path2[100];
  snprintf(path2, sizeof path2, "%s2", path);
  strcpy(a2.sun_path, path2);
  socklen_t l2 = offsetof(struct sockaddr_un, sun_path) + strlen(path2) + 1;
  unlink(path2);
  int e = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK_OK("bind second dgram", bind(e, (struct sockaddr *)&a2, l2));
  CHECK_EQ("sendto named", sendto(e, "to-d", 4, 0, (struct sockaddr *)&addr, addrlen), 4);
  char buf[16];
  struct sockaddr_un from;
  socklen_t fl = sizeof from;
  CHECK_EQ("recvfrom", recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl), 4);
  CHECK_TRUE("recvfrom names sender", fl == l2 && strcmp(from.sun_path, path2) == 0);
  int anon = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK_EQ("sendto from unnamed", sendto(anon, "anon", 4, 0, (struct sockaddr *)&addr, addrlen), 4);
  fl = sizeof from;
  CHECK_EQ("recvfrom unnamed", recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl), 4);
  CHECK_EQ("unnamed sender length", fl, 0);
  struct msghdr m = {0};
  struct iovec io = {buf, sizeof buf};
  m.msg_iov = &io;
  m.msg_iovlen = 1;
  m.msg_name = &from;
  m.msg_namelen = sizeof from;
  CHECK_EQ("sendto again", sendto(e, "msg", 3, 0, (struct sockaddr *)&addr, addrlen), 3);
  CHECK_EQ("recvmsg with name", recvmsg(d, &m, 0), 3);
  CHECK_TRUE("recvmsg names sender", m.msg_namelen == l2 && strcmp(from.sun_path, path2) == 0);
  /* d connects to e: e may no longer be reached by others... */
  CHECK_OK("connect dgram", connect(e, (struct sockaddr *)&addr, addrlen));
  CHECK_EQ("send connected", send(e, "conn", 4, 0), 4);
  CHECK_OK("connect d to e", connect(d, (struct sockaddr *)&a2, l2));
  CHECK_ERR("third party to a connected socket", sendto(anon, "x", 1, 0, (struct sockaddr *)&addr, addrlen), EPERM);
  struct sockaddr_un peer;
  socklen_t pl = sizeof peer;
  CHECK_OK("dgram getpeername", getpeername(e, (struct sockaddr *)&peer, &pl));
  CHECK_TRUE("dgram peer name", pl == addrlen && strcmp(peer.sun_path, path) == 0);
  struct sockaddr unspec = {.sa_family = AF_UNSPEC};
  CHECK_OK("disconnect", connect(e, &unspec, sizeof unspec));
  CHECK_ERR("disconnected", send(e, "x", 1, 0), ENOTCONN);
  CHECK_EQ("recv conn", recv(d, buf, sizeof buf, 0), 4);
  close(anon);
  close(d);
  CHECK_ERR("sendto closed socket's name", sendto(e, "x", 1, 0, (struct sockaddr *)&addr, addrlen), ECONNREFUSED);
  close(e);
  unlink(path);
  unlink(path2);

  /* A relative path, from the working directory. */
  CHECK_OK("chdir /tmp", chdir("/tmp"));
  char rel[100];
  snprintf(rel, sizeof rel, "aster-net-%d-rel", (int)getpid());
  unlink(rel);
  struct sockaddr_un r = {.sun_family = AF_UNIX};
  strcpy(r.sun_path, rel);
  socklen_t rl = offsetof(struct sockaddr_un, sun_path) + strlen(rel) + 1;
  int rs = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  CHECK_OK("bind relative", bind(rs, (struct sockaddr *)&r, rl));
  CHECK_OK("listen seqpacket", listen(rs, 1));
  int rc = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  make_path("rel");
  CHECK_OK("connect by absolute path", connect(rc, (struct sockaddr *)&addr, addrlen));
  int ra = accept(rs, NULL, NULL);
  CHECK_TRUE("accept seqpacket", ra >= 0);
  CHECK_EQ("seqpacket send", send(rc, "abc", 3, 0), 3);
  CHECK_EQ("seqpacket send 2", send(rc, "de", 2, 0), 2);
  CHECK_EQ("seqpacket recv keeps boundary", recv(ra, buf, sizeof buf, 0), 3);
  CHECK_EQ("seqpacket recv 2", recv(ra, buf, sizeof buf, 0), 2);
  close(rc);
  CHECK_EQ("seqpacket eof", recv(ra, buf, sizeof buf, 0), 0);
  close(ra);
  close(rs);
  unlink(rel);
}

static void abstract_names(void) {
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  int n = snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "aster-net-%d-abstract", (int)getpid());
  socklen_t l = offsetof(struct sockaddr_un, sun_path) + 1 + n;
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK("bind abstract", bind(s, (struct sockaddr *)&a, l));
  struct sockaddr_un got;
  socklen_t gl = sizeof got;
  CHECK_OK("getsockname abstract", getsockname(s, (struct sockaddr *)&got, &gl));
  CHECK_TRUE("abstract name as given", gl == l && memcmp(&got, &a, l) == 0);
  int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR("abstract name taken", bind(s2, (struct sockaddr *)&a, l), EADDRINUSE);
  CHECK_OK("listen abstract", listen(s, 2));
  CHECK_OK("connect abstract", connect(s2, (struct sockaddr *)&a, l));
  int c = accept(s, NULL, NULL);
  CHECK_TRUE("accept abstract", c >= 0);
  CHECK_EQ("send over abstract", send(s2, "abs", 3, 0), 3);
  char buf[8];
  CHECK_EQ("recv over abstract", recv(c, buf, sizeof buf, 0), 3);
  int s3 = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_ERR("prefix of the name is another name", connect(s3, (struct sockaddr *)&a, l - 1), ECONNREFUSED);
  close(c);
  close(s2);
  close(s);
  CHECK_ERR("abstract name freed: refused", connect(s3, (struct sockaddr *)&a, l), ECONNREFUSED);
  int s4 = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK("abstract name reusable after close", bind(s4, (struct sockaddr *)&a, l));
  close(s4);

  /* Autobind: the family alone picks a name "\0" + five hex digits. */
  struct sockaddr_un fam = {.sun_family = AF_UNIX};
  CHECK_OK("autobind", bind(s3, (struct sockaddr *)&fam, 2));
  gl = sizeof got;
  CHECK_OK("autobind name", getsockname(s3, (struct sockaddr *)&got, &gl));
  CHECK_EQ("autobind name length", gl, 8);
  CHECK_TRUE("autobind name is abstract", got.sun_path[0] == 0);
  CHECK_OK("autobind twice is fine", bind(s3, (struct sockaddr *)&fam, 2));
  CHECK_ERR("but a path after it is not", bind(s3, (struct sockaddr *)&a, l), EINVAL);
  CHECK_OK("listen on autobound", listen(s3, 1));
  int c3 = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK("connect to autobound name", connect(c3, (struct sockaddr *)&got, gl));
  close(c3);
  close(s3);
}

int main(void) {
  stream_server();
  types_and_relative();
  abstract_names();
  return summary("listen");
}
