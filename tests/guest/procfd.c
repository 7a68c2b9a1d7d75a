/* What if opening /proc/self/fd/N (or /dev/fd/N) does not reach the open file itself?
 * (bash's process substitution, `cat /dev/stdin`, and programs that reopen a descriptor
 * with other flags rely on it: Linux's "magic links".)
 *
 * procfd.c (argv[1] = an empty writable directory) checks that opening the link of a pipe's
 * read end reads what is written to the pipe, that of its write end writes into it, that a
 * file renamed or removed after it was opened is still reached, that /dev/fd is the same,
 * that readlink shows a pipe as "pipe:[...]" and a file by its path, and that a socket's link
 * cannot be opened (ENXIO).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include "check.h"

static int open_fd_link(const char *dir, int fd, int flags) {
  char path[64];
  snprintf(path, sizeof path, "%s/%d", dir, fd);
  return open(path, flags);
}

int main(int argc, char **argv) {
  if (argc < 2 || chdir(argv[1]) != 0) return 2;
  int p[2];
  CHECK_EQ("pipe", pipe(p), 0);
  char link[128] = {0};
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
  CHECK_TRUE("readlink of a pipe is pipe:[...]", readlink(path, link, sizeof link - 1) > 6 && strncmp(link, "pipe:[", 6) == 0);

  // The read end's link, opened, reads the pipe.
  int r2 = open_fd_link("/proc/self/fd", p[0], O_RDONLY);
  CHECK_TRUE("open the read end's link", r2 >= 0);
  CHECK_EQ("write into the pipe", write(p[1], "through", 7), 7);
  char buf[32] = {0};
  CHECK_EQ("read through the reopened read end", read(r2, buf, sizeof buf), 7);
  CHECK_TRUE("the bytes written", memcmp(buf, "through", 7) == 0);
  // The write end's link, opened, writes into it; /dev/fd is the same.
  int w2 = open_fd_link("/dev/fd", p[1], O_WRONLY);
  CHECK_TRUE("open the write end's link through /dev/fd", w2 >= 0);
  CHECK_EQ("write through it", write(w2, "again", 5), 5);
  CHECK_EQ("read from the original read end", read(p[0], buf, sizeof buf), 5);
  CHECK_TRUE("the bytes written through the link", memcmp(buf, "again", 5) == 0);
  // The pipe ends when every write end is closed, the reopened one included.
  close(p[1]);
  CHECK_EQ("no end of file while a reopened write end is open", write(w2, "!", 1), 1);
  close(w2);
  CHECK_EQ("read the last byte", read(r2, buf, sizeof buf), 1);
  CHECK_EQ("then end of file", read(r2, buf, sizeof buf), 0);
  close(r2);
  close(p[0]);

  // A file renamed, then removed, after it was opened.
  int f = open("file", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK_EQ("write the file", write(f, "contents", 8), 8);
  snprintf(path, sizeof path, "/proc/self/fd/%d", f);
  memset(link, 0, sizeof link);
  CHECK_TRUE("readlink of a file ends in its name", readlink(path, link, sizeof link - 1) > 5 && strcmp(link + strlen(link) - 5, "/file") == 0);
  CHECK_EQ("rename it", rename("file", "renamed"), 0);
  int f2 = open_fd_link("/proc/self/fd", f, O_RDONLY);
  CHECK_TRUE("open the link after the rename", f2 >= 0);
  memset(buf, 0, sizeof buf);
  CHECK_EQ("read it", pread(f2, buf, 8, 0), 8);
  CHECK_TRUE("its contents", memcmp(buf, "contents", 8) == 0);
  CHECK_EQ("remove it", unlink("renamed"), 0);
  int f3 = open_fd_link("/dev/fd", f, O_RDONLY);
  CHECK_TRUE("open the link after the removal", f3 >= 0);
  CHECK_EQ("read the removed file", pread(f3, buf, 8, 0), 8);
  CHECK_TRUE("its contents still", memcmp(buf, "contents", 8) == 0);
  CHECK_EQ("a new description: its own offset", lseek(f3, 0, SEEK_CUR), 0);

  // A socket's link cannot be opened.
  int sv[2];
  CHECK_EQ("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  ERRNO_IS("open a socket's link", open_fd_link("/proc/self/fd", sv[0], O_RDWR), ENXIO);
  return summary("procfd");
}
