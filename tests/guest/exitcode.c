/* What if the exit status or the final flushing of stdout is wrong?
 *
 * exitcode.c takes a mode and a number: "exit N" calls exit(N) after printing a line
 * without a trailing newline (exit must flush stdio) and registering an atexit handler
 * (which must run, after the line); "return N" returns N from main; "_exit N" prints a
 * line and calls _exit(N): with stdout a pipe the line is still in the stdio buffer and is
 * lost — only if the kernel wrongly reports the pipe as a terminal (line buffering) does
 * it appear; "exit_group N" uses the raw syscall; "thread-exit N" uses the raw exit
 * syscall of the only thread.  The status is N & 0xff (so 256 -> 0, -1 -> 255).
 */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#define CHECK_KEEP_STDIO_BUFFERING
#include "check.h"

static void bye(void) { printf("[atexit handler ran]\n"); }

int main(int argc, char **argv) {
  if (argc < 3) {
    printf("usage: exitcode MODE N\n");
    return 2;
  }
  int n = atoi(argv[2]);
  if (!strcmp(argv[1], "exit")) {
    atexit(bye);
    printf("exit(%d) with pending output", n);
    exit(n);
  } else if (!strcmp(argv[1], "return")) {
    printf("return %d from main\n", n);
    return n;
  } else if (!strcmp(argv[1], "_exit")) {
    atexit(bye);
    printf("_exit(%d): this line is buffered and lost on a pipe\n", n);
    _exit(n);
  } else if (!strcmp(argv[1], "exit_group")) {
    printf("exit_group(%d)\n", n);
    fflush(stdout);
    syscall(SYS_exit_group, n);
  } else if (!strcmp(argv[1], "thread-exit")) {
    printf("exit(%d) syscall\n", n);
    fflush(stdout);
    syscall(SYS_exit, n);
  }
  printf("exitcode: bad mode\n");
  return 2;
}
