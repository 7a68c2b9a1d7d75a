/* What if abort() does not end the process with SIGABRT?
 *
 * abort.c flushes a line and calls abort().  glibc's abort() unblocks SIGABRT with
 * rt_sigprocmask and raises it with tgkill(getpid(), gettid(), SIGABRT); with the default
 * disposition the process must die by SIGABRT (exit status 134).  If the signal is lost,
 * glibc falls back to other means, and the line printed after abort() would show it.
 * With argument "handler" a SIGABRT handler is installed first: it must run (and print),
 * and abort() must still terminate the process with SIGABRT after the handler returns.
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include "check.h"

static void on_abrt(int sig) {
  static const char msg[] = "abort: handler ran\n";
  (void)sig;
  write(1, msg, sizeof msg - 1);
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "handler")) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_abrt;
    sigaction(SIGABRT, &sa, NULL);
  }
  printf("abort: about to call abort()\n");
  fflush(stdout);
  abort();
  printf("abort: survived\n");
  return 1;
}
