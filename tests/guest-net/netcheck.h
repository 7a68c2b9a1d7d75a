/* netcheck.h — the self-check harness of the socket and timerfd guest programs.
 *
 * Every check prints one line naming what it checked and what it saw (a value, yes/no, or
 * an errno name), so the first line that differs between qemu-riscv64 and Aster names the
 * operation.  A mismatch appends "FAIL".  Nothing printed may depend on the host: no pids,
 * paths, addresses or times.  Child processes print nothing: they report through their exit
 * status (the number of failed checks), which the parent checks.
 */
#ifndef GUEST_NETCHECK_H
#define GUEST_NETCHECK_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int g_checks, g_fails;
/* Set in a child: checks count failures silently. */
static int g_quiet;

static void check_line(int ok, const char *what, const char *got, const char *want) {
  g_checks++;
  if (!ok) g_fails++;
  if (g_quiet) return;
  if (ok) printf("%s: %s\n", what, got);
  else printf("%s: %s FAIL want %s\n", what, got, want);
}

/* A long value. */
#define CHECK_EQ(what, got, want)                                                           \
  do {                                                                                      \
    long g_ = (long)(got), w_ = (long)(want);                                               \
    char gs_[32], ws_[32];                                                                  \
    snprintf(gs_, sizeof gs_, "%ld", g_);                                                   \
    snprintf(ws_, sizeof ws_, "%ld", w_);                                                   \
    check_line(g_ == w_, (what), gs_, ws_);                                             \
  } while (0)

/* A property. */
#define CHECK_TRUE(what, cond) check_line(!!(cond), (what), (cond) ? "yes" : "no", "yes")

/* A call that must fail with errno `want` (printed by name). */
#define CHECK_ERR(what, expr, want)                                                         \
  do {                                                                                      \
    errno = 0;                                                                              \
    long r_ = (long)(expr);                                                                 \
    int e_ = r_ < 0 ? errno : 0;                                                            \
    char gs_[48];                                                                           \
    if (r_ < 0) snprintf(gs_, sizeof gs_, "%s", strerrorname_np(e_));                      \
    else snprintf(gs_, sizeof gs_, "succeeded (%ld)", r_);                                   \
    check_line(r_ < 0 && e_ == (want), (what), gs_, strerrorname_np(want));             \
  } while (0)

/* A call that must succeed (its value is not printed: descriptors and sizes vary). */
#define CHECK_OK(what, expr)                                                                \
  do {                                                                                      \
    errno = 0;                                                                              \
    long r_ = (long)(expr);                                                                 \
    char gs_[48];                                                                           \
    snprintf(gs_, sizeof gs_, "%s", r_ < 0 ? strerrorname_np(errno) : "ok");               \
    check_line(r_ >= 0, (what), gs_, "ok");                                             \
  } while (0)

/* Run `fn` in a forked child; the parent checks that it exited with status 0. */
static pid_t spawn(int (*fn)(void *), void *arg) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    g_quiet = 1;
    g_fails = 0;
    int r = fn(arg);
    fflush(stdout);
    _exit(r ? r : (g_fails > 0 ? 100 + (g_fails > 100 ? 100 : g_fails) : 0));
  }
  return pid;
}

/* Wait for a child; returns its exit status, or 128+signal. */
static int reap(pid_t pid) {
  int st;
  if (waitpid(pid, &st, 0) != pid) return -1;
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return WEXITSTATUS(st);
}

static int summary(const char *name) {
  printf("%s: %d checks, %d failures\n", name, g_checks, g_fails);
  fflush(stdout);
  return g_fails ? 1 : 0;
}

#endif
