/* What if a program that talks TCP or UDP to itself (a local web server and its client, a
 * test suite's echo server) behaves differently on Aster than on Linux?
 *
 * inet.c checks AF_INET and AF_INET6 sockets on the loopback interface: a TCP listener on an
 * ephemeral port, a client connecting to it (its own ephemeral port, the addresses
 * getsockname, getpeername and accept report), data both ways, shutdown and end of file,
 * EPIPE after the peer closed, ECONNREFUSED with no listener, EADDRINUSE, ENETUNREACH for an
 * address off this machine, poll readiness, a nonblocking accept, TCP's recvfrom leaving the
 * address empty; UDP datagrams with the sender's address, a connected UDP socket, datagrams
 * to a port nobody has (sent, and lost), EDESTADDRREQ; an IPv6 listener on :: reached over
 * IPv4 (v4-mapped) and ::1, and IPV6_V6ONLY; socket options (SO_DOMAIN, SO_PROTOCOL,
 * TCP_NODELAY); socket() and socketpair() errors. Ports are ephemeral
 * (never fixed, so runs on the host cannot collide) and are never printed, only compared.
 */
#include "netcheck.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

static struct sockaddr_in v4(const char *ip, int port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

static int port_of(int fd) {
  struct sockaddr_storage s;
  socklen_t n = sizeof s;
  if (getsockname(fd, (struct sockaddr *)&s, &n) != 0) return -1;
  return s.ss_family == AF_INET ? ntohs(((struct sockaddr_in *)&s)->sin_port) : ntohs(((struct sockaddr_in6 *)&s)->sin6_port);
}

/* "family address" of a socket address, the port left out (ports are compared, not shown). */
static const char *show(struct sockaddr_storage *s, socklen_t n) {
  static char out[80];
  char ip[INET6_ADDRSTRLEN] = "?";
  if (s->ss_family == AF_INET) inet_ntop(AF_INET, &((struct sockaddr_in *)s)->sin_addr, ip, sizeof ip);
  else if (s->ss_family == AF_INET6) inet_ntop(AF_INET6, &((struct sockaddr_in6 *)s)->sin6_addr, ip, sizeof ip);
  snprintf(out, sizeof out, "%s %s len %u", s->ss_family == AF_INET ? "AF_INET" : s->ss_family == AF_INET6 ? "AF_INET6" : "?", ip, n);
  return out;
}

static void tcp4(void) {
  int l = socket(AF_INET, SOCK_STREAM, 0);
  CHECK_OK("tcp: socket", l);
  int one = 1;
  CHECK_OK("tcp: SO_REUSEADDR", setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
  struct sockaddr_in any = v4("0.0.0.0", 0);
  CHECK_OK("tcp: bind 0.0.0.0:0", bind(l, (struct sockaddr *)&any, sizeof any));
  int port = port_of(l);
  CHECK_TRUE("tcp: an ephemeral port", port >= 1024);
  CHECK_OK("tcp: listen", listen(l, 4));
  struct sockaddr_storage s;
  socklen_t n = sizeof s;
  getsockname(l, (struct sockaddr *)&s, &n);
  printf("tcp: listener address: %s\n", show(&s, n));

  struct pollfd p = {.fd = l, .events = POLLIN};
  CHECK_EQ("tcp: poll listener before connect", poll(&p, 1, 0), 0);
  int fl = fcntl(l, F_GETFL);
  fcntl(l, F_SETFL, fl | O_NONBLOCK);
  CHECK_ERR("tcp: nonblocking accept, nobody", accept(l, NULL, NULL), EAGAIN);
  fcntl(l, F_SETFL, fl);

  int c = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in to = v4("127.0.0.1", port);
  CHECK_OK("tcp: connect", connect(c, (struct sockaddr *)&to, sizeof to));
  CHECK_ERR("tcp: connect again", connect(c, (struct sockaddr *)&to, sizeof to), EISCONN);
  CHECK_EQ("tcp: poll listener after connect", poll(&p, 1, 1000), 1);
  n = sizeof s;
  int a = accept(l, (struct sockaddr *)&s, &n);
  CHECK_OK("tcp: accept", a);
  printf("tcp: accepted from: %s\n", show(&s, n));
  CHECK_TRUE("tcp: the client's port is what accept reports", ntohs(((struct sockaddr_in *)&s)->sin_port) == port_of(c));
  CHECK_TRUE("tcp: the client's port is another", port_of(c) != port && port_of(c) >= 1024);
  n = sizeof s;
  getsockname(c, (struct sockaddr *)&s, &n);
  printf("tcp: client address: %s\n", show(&s, n));
  n = sizeof s;
  getpeername(c, (struct sockaddr *)&s, &n);
  printf("tcp: client's peer: %s\n", show(&s, n));
  CHECK_TRUE("tcp: the client's peer port is the listener's", ntohs(((struct sockaddr_in *)&s)->sin_port) == port);
  n = sizeof s;
  getsockname(a, (struct sockaddr *)&s, &n);
  printf("tcp: accepted socket's address: %s\n", show(&s, n));
  CHECK_TRUE("tcp: the accepted socket has the listener's port", port_of(a) == port);

  CHECK_EQ("tcp: send", send(c, "ping", 4, 0), 4);
  char buf[64] = {0};
  n = sizeof s;
  s.ss_family = 12345;
  CHECK_EQ("tcp: recvfrom", recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *)&s, &n), 4);
  CHECK_EQ("tcp: recvfrom leaves the address empty", n, 0);
  printf("tcp: got %s\n", buf);
  CHECK_EQ("tcp: write back", write(a, "pong!", 5), 5);
  memset(buf, 0, sizeof buf);
  CHECK_EQ("tcp: read", read(c, buf, sizeof buf), 5);
  printf("tcp: got %s\n", buf);

  int v = -1;
  socklen_t vl = sizeof v;
  getsockopt(c, SOL_SOCKET, SO_DOMAIN, &v, &vl);
  CHECK_EQ("tcp: SO_DOMAIN", v, AF_INET);
  getsockopt(c, SOL_SOCKET, SO_PROTOCOL, &v, &vl);
  CHECK_EQ("tcp: SO_PROTOCOL", v, IPPROTO_TCP);
  getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &vl);
  CHECK_EQ("tcp: TCP_NODELAY default", v, 0);
  CHECK_OK("tcp: set TCP_NODELAY", setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
  getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &vl);
  CHECK_EQ("tcp: TCP_NODELAY", v, 1);
  CHECK_ERR("tcp: an IPv6 option on an IPv4 socket", setsockopt(c, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one), ENOPROTOOPT);

  CHECK_OK("tcp: shutdown write", shutdown(c, SHUT_WR));
  CHECK_EQ("tcp: end of file after shutdown", read(a, buf, sizeof buf), 0);
  close(c);
  signal(SIGPIPE, SIG_IGN);
  send(a, "x", 1, MSG_NOSIGNAL);
  CHECK_ERR("tcp: send after the peer closed", send(a, "x", 1, MSG_NOSIGNAL), EPIPE);
  close(a);

  int d = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in same = v4("127.0.0.1", port);
  CHECK_ERR("tcp: bind a port in use", bind(d, (struct sockaddr *)&same, sizeof same), EADDRINUSE);
  CHECK_ERR("tcp: send before connect", send(d, "x", 1, MSG_NOSIGNAL), EPIPE);
  close(d);
  close(l);
  d = socket(AF_INET, SOCK_STREAM, 0);
  CHECK_ERR("tcp: connect to a closed port", connect(d, (struct sockaddr *)&to, sizeof to), ECONNREFUSED);
  close(d);
  d = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in far = v4("192.0.2.1", 80);
  CHECK_ERR("tcp: bind an address of another machine", bind(d, (struct sockaddr *)&far, sizeof far), EADDRNOTAVAIL);
  close(d);
}

static void udp4(void) {
  int r = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in lo = v4("127.0.0.1", 0);
  CHECK_OK("udp: bind 127.0.0.1:0", bind(r, (struct sockaddr *)&lo, sizeof lo));
  int port = port_of(r);
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK_ERR("udp: send without a destination", send(s, "x", 1, 0), EDESTADDRREQ);
  struct sockaddr_in to = v4("127.0.0.1", port);
  CHECK_EQ("udp: sendto", sendto(s, "first", 5, 0, (struct sockaddr *)&to, sizeof to), 5);
  CHECK_EQ("udp: sendto again", sendto(s, "second!", 7, 0, (struct sockaddr *)&to, sizeof to), 7);
  CHECK_TRUE("udp: the sender got a port", port_of(s) >= 1024);
  char buf[64] = {0};
  struct sockaddr_storage from;
  socklen_t n = sizeof from;
  CHECK_EQ("udp: recvfrom first", recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &n), 5);
  printf("udp: from %s, %s\n", show(&from, n), buf);
  CHECK_TRUE("udp: from the sender's port", ntohs(((struct sockaddr_in *)&from)->sin_port) == port_of(s));
  memset(buf, 0, sizeof buf);
  CHECK_EQ("udp: a short read cuts the datagram", recv(r, buf, 3, 0), 3);
  printf("udp: got %s\n", buf);
  struct pollfd p = {.fd = r, .events = POLLIN};
  CHECK_EQ("udp: nothing left", poll(&p, 1, 0), 0);

  struct sockaddr_in nobody = v4("127.0.0.1", port_of(s) == 65000 ? 65001 : 65000);
  CHECK_EQ("udp: sendto a port nobody has", sendto(s, "lost", 4, 0, (struct sockaddr *)&nobody, sizeof nobody), 4);
  CHECK_OK("udp: connect", connect(s, (struct sockaddr *)&to, sizeof to));
  struct sockaddr_storage peer;
  n = sizeof peer;
  CHECK_OK("udp: getpeername", getpeername(s, (struct sockaddr *)&peer, &n));
  printf("udp: peer %s\n", show(&peer, n));
  CHECK_EQ("udp: send connected", send(s, "third", 5, 0), 5);
  memset(buf, 0, sizeof buf);
  CHECK_EQ("udp: recv", recv(r, buf, sizeof buf, 0), 5);
  printf("udp: got %s\n", buf);
  close(s);
  close(r);
}

static void tcp6(void) {
  int l = socket(AF_INET6, SOCK_STREAM, 0);
  struct sockaddr_in6 any = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT};
  CHECK_OK("tcp6: bind [::]:0", bind(l, (struct sockaddr *)&any, sizeof any));
  int port = port_of(l);
  CHECK_OK("tcp6: listen", listen(l, 4));
  struct sockaddr_storage s;
  socklen_t n;
  for (int k = 0; k < 2; k++) {
    int c;
    if (k == 0) {
      c = socket(AF_INET6, SOCK_STREAM, 0);
      struct sockaddr_in6 to = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = IN6ADDR_LOOPBACK_INIT};
      CHECK_OK("tcp6: connect [::1]", connect(c, (struct sockaddr *)&to, sizeof to));
    } else {
      c = socket(AF_INET, SOCK_STREAM, 0);
      struct sockaddr_in to = v4("127.0.0.1", port);
      CHECK_OK("tcp6: connect over IPv4", connect(c, (struct sockaddr *)&to, sizeof to));
    }
    n = sizeof s;
    int a = accept(l, (struct sockaddr *)&s, &n);
    printf("tcp6: accepted from %s\n", show(&s, n));
    n = sizeof s;
    getsockname(a, (struct sockaddr *)&s, &n);
    printf("tcp6: accepted socket's address: %s\n", show(&s, n));
    CHECK_EQ("tcp6: data", write(c, "v6", 2), 2);
    char buf[8] = {0};
    CHECK_EQ("tcp6: read", read(a, buf, sizeof buf), 2);
    close(a);
    close(c);
  }
  close(l);
  l = socket(AF_INET6, SOCK_STREAM, 0);
  int one = 1;
  CHECK_OK("tcp6: IPV6_V6ONLY", setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));
  CHECK_OK("tcp6: bind v6only", bind(l, (struct sockaddr *)&any, sizeof any));
  port = port_of(l);
  listen(l, 1);
  int c = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in to = v4("127.0.0.1", port);
  CHECK_ERR("tcp6: v6only takes no IPv4", connect(c, (struct sockaddr *)&to, sizeof to), ECONNREFUSED);
  close(c);
  close(l);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  CHECK_ERR("socket: TCP over a datagram socket", socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT);
  CHECK_ERR("socketpair: AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, (int[2]){0, 0}), EOPNOTSUPP);
  tcp4();
  udp4();
  tcp6();
  return summary("inet");
}
