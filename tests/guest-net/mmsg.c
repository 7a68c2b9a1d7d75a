/* What if sendmmsg sends the wrong messages, reports the wrong lengths, or resends after a
 * partial batch?
 *
 * Three datagrams in one sendmmsg on a socketpair (each msg_len set, each received apart);
 * vlen 0; a batch into a non-blocking socket that fills up part way (the count of those
 * sent, then EAGAIN on the next call); a stream socket (the messages run together); a bad
 * descriptor (EBADF); a bad first msghdr (EFAULT).
 */
#include "netcheck.h"
#include <fcntl.h>
#include <sys/socket.h>

static void fill(struct mmsghdr *m, struct iovec *iov, char (*bufs)[32], int n) {
  memset(m, 0, sizeof *m * n);
  for (int i = 0; i < n; i++) {
    int len = snprintf(bufs[i], 32, "message %d", i);
    iov[i].iov_base = bufs[i];
    iov[i].iov_len = len;
    m[i].msg_hdr.msg_iov = &iov[i];
    m[i].msg_hdr.msg_iovlen = 1;
  }
}

int main(void) {
  int sv[2];
  CHECK_OK("socketpair SOCK_DGRAM", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  struct mmsghdr m[64];
  struct iovec iov[64];
  static char bufs[64][32];
  fill(m, iov, bufs, 3);
  CHECK_EQ("sendmmsg three", sendmmsg(sv[0], m, 3, 0), 3);
  CHECK_EQ("  msg_len 0", m[0].msg_len, 9);
  CHECK_EQ("  msg_len 2", m[2].msg_len, 9);
  char r[64];
  for (int i = 0; i < 3; i++) {
    ssize_t n = recv(sv[1], r, sizeof r, MSG_DONTWAIT);
    r[n > 0 ? n : 0] = 0;
    printf("datagram %d: %s\n", i, r);
  }
  CHECK_ERR("  no fourth", recv(sv[1], r, sizeof r, MSG_DONTWAIT), EAGAIN);
  CHECK_EQ("vlen 0", sendmmsg(sv[0], m, 0, 0), 0);

  /* Fill the receiver's queue part way through a batch. */
  int big = 0;
  for (;;) {
    fill(m, iov, bufs, 64);
    int n = sendmmsg(sv[0], m, 64, MSG_DONTWAIT);
    if (n < 0) {
      CHECK_TRUE("the queue fills: EAGAIN once nothing more fits", errno == EAGAIN);
      break;
    }
    big += n;
    if (n < 64) {
      CHECK_TRUE("a partial batch counts what was sent", n >= 0 && n < 64);
      CHECK_ERR("  the next call: EAGAIN", sendmmsg(sv[0], m, 64, MSG_DONTWAIT), EAGAIN);
      break;
    }
    if (big > 100000) break;
  }
  CHECK_TRUE("some were queued", big > 0);
  close(sv[0]);
  close(sv[1]);

  CHECK_OK("socketpair SOCK_STREAM", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  fill(m, iov, bufs, 2);
  CHECK_EQ("sendmmsg on a stream", sendmmsg(sv[0], m, 2, 0), 2);
  ssize_t n = recv(sv[1], r, sizeof r, 0);
  r[n > 0 ? n : 0] = 0;
  printf("stream bytes: %s\n", r);
  CHECK_ERR("bad fd", sendmmsg(99, m, 1, 0), EBADF);
  CHECK_ERR("bad msghdr", sendmmsg(sv[0], (struct mmsghdr *)8, 1, 0), EFAULT);
  close(sv[0]);
  close(sv[1]);
  return summary("mmsg");
}
