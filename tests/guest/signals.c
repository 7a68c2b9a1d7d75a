/* What if signals are delivered late, to the wrong place, or corrupt the interrupted code?
 *
 * signals.c checks POSIX signal delivery for a single-threaded static program:
 * raise/kill/tgkill of SIGUSR1 running a handler synchronously with the right signo;
 * SA_SIGINFO's si_signo/si_code (SI_USER vs SI_TKILL); sigprocmask blocking a signal,
 * sigpending seeing it, and unblocking delivering it before sigprocmask returns; the
 * handler's own signal masked during the handler (and SA_NODEFER not masking it);
 * SA_RESETHAND; a SIGSEGV handler seeing si_addr of the faulting access and recovering
 * with siglongjmp, twice; a SIGILL handler that skips the faulting instruction by
 * advancing the pc in the ucontext; sigaltstack (the handler runs on the alternate
 * stack); fflags/frm and integer registers preserved across an asynchronous handler
 * that changes them; SIGALRM from setitimer interrupting a busy loop; pause/nanosleep
 * interrupted with EINTR; SIG_IGN discarding; and sigsuspend.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t hits, last_sig, nested, depth, max_depth;
static volatile int last_code;
static void *volatile last_addr;

static void on_usr(int sig) {
  hits++;
  last_sig = sig;
}

static void on_info(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  hits++;
  last_sig = sig;
  last_code = si->si_code;
  CHECK(si->si_signo == sig, "si_signo %d != %d", si->si_signo, sig);
}

static volatile sig_atomic_t raised;
static void on_nest(int sig) {
  depth++;
  if (depth > max_depth) max_depth = depth;
  if (!raised) { /* masked during the handler unless SA_NODEFER */
    raised = 1;
    raise(sig);
  }
  depth--;
  hits++;
}

static sigjmp_buf jb;
static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  last_sig = sig;
  last_addr = si->si_addr;
  last_code = si->si_code;
  siglongjmp(jb, 1);
}

static void on_ill(int sig, siginfo_t *si, void *ucv) {
  (void)si;
  ucontext_t *uc = ucv;
  last_sig = sig;
  uc->uc_mcontext.__gregs[0] += 4; /* REG_PC: skip the 4-byte illegal instruction */
}

static char *alt_base;
static size_t alt_size;
static volatile int on_alt;
static void on_altstack(int sig) {
  char here;
  (void)sig;
  on_alt = &here >= alt_base && &here < alt_base + alt_size;
}

static void on_alarm_clobber(int sig) {
  (void)sig;
  hits++;
  /* scribble over FP state and some caller-saved registers */
  __asm__ volatile("fsrmi 3\n\tfsflagsi 0x1f\n\tli t0, -1\n\tli t1, -1\n\tli a5, -1\n\t"
                   "fmv.d.x ft0, t0\n\tfmv.d.x fa0, t0" ::: "t0", "t1", "a5", "ft0", "fa0");
}

static void set(int sig, void (*h)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = h;
  sa.sa_flags = flags;
  CHECK(sigaction(sig, &sa, NULL) == 0, "sigaction(%d)", sig);
}
static void set_info(int sig, void (*h)(int, siginfo_t *, void *), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = h;
  sa.sa_flags = flags | SA_SIGINFO;
  CHECK(sigaction(sig, &sa, NULL) == 0, "sigaction(%d)", sig);
}

int main(void) {
  /* synchronous delivery */
  set(SIGUSR1, on_usr, 0);
  hits = 0;
  CHECK_EQ("raise SIGUSR1", raise(SIGUSR1), 0);
  CHECK_EQ("handler ran once", hits, 1);
  CHECK_EQ("handler signo", last_sig, SIGUSR1);
  CHECK_EQ("kill self SIGUSR1", kill(getpid(), SIGUSR1), 0);
  CHECK_EQ("handler ran after kill", hits, 2);
  CHECK_EQ("tgkill", syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1), 0);
  CHECK_EQ("handler ran after tgkill", hits, 3);
  set_info(SIGUSR2, on_info, 0);
  kill(getpid(), SIGUSR2);
  CHECK_TRUE("SA_SIGINFO si_code SI_USER from kill", last_code == SI_USER);
  raise(SIGUSR2);
  CHECK_TRUE("SA_SIGINFO si_code SI_TKILL from raise", last_code == SI_TKILL);

  /* blocking, pending, unblocking */
  sigset_t block, old, pend;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  CHECK_EQ("block SIGUSR1", sigprocmask(SIG_BLOCK, &block, &old), 0);
  hits = 0;
  raise(SIGUSR1);
  CHECK_EQ("blocked signal not delivered", hits, 0);
  CHECK_EQ("sigpending", sigpending(&pend), 0);
  CHECK_TRUE("SIGUSR1 pending", sigismember(&pend, SIGUSR1) == 1);
  raise(SIGUSR1); /* standard signals do not queue */
  CHECK_EQ("unblock", sigprocmask(SIG_SETMASK, &old, NULL), 0);
  CHECK_EQ("delivered once on unblock", hits, 1);
  sigpending(&pend);
  CHECK_TRUE("no longer pending", sigismember(&pend, SIGUSR1) == 0);
  sigset_t cur;
  sigprocmask(SIG_BLOCK, NULL, &cur);
  CHECK_TRUE("mask restored", sigismember(&cur, SIGUSR1) == 0);

  /* handler masking, SA_NODEFER, SA_RESETHAND */
  set(SIGUSR1, on_nest, 0);
  hits = depth = max_depth = raised = 0;
  raise(SIGUSR1);
  CHECK_EQ("own signal deferred during handler: handlers run", hits, 2);
  CHECK_EQ("own signal deferred during handler: max depth", max_depth, 1);
  set(SIGUSR1, on_nest, SA_NODEFER);
  hits = depth = max_depth = raised = 0;
  raise(SIGUSR1);
  CHECK_EQ("SA_NODEFER nests: max depth", max_depth, 2);
  set(SIGUSR1, on_usr, SA_RESETHAND);
  hits = 0;
  raise(SIGUSR1);
  struct sigaction now;
  sigaction(SIGUSR1, NULL, &now);
  CHECK_TRUE("SA_RESETHAND resets to SIG_DFL", hits == 1 && now.sa_handler == SIG_DFL);

  /* SIG_IGN */
  signal(SIGUSR1, SIG_IGN);
  CHECK_EQ("ignored signal is discarded", raise(SIGUSR1), 0);

  /* SIGSEGV handler with siglongjmp, twice */
  set_info(SIGSEGV, on_segv, SA_NODEFER);
  for (int round = 0; round < 2; round++) {
    volatile uint8_t *bad = (volatile uint8_t *)(uintptr_t)opaque(0x10 + round * 8);
    if (sigsetjmp(jb, 1) == 0) {
      (void)*bad;
      CHECK(0, "no SIGSEGV on null page read");
    } else {
      CHECK_TRUE("SIGSEGV caught", last_sig == SIGSEGV);
      CHECK_TRUE("si_addr is the faulting address", last_addr == (void *)bad);
      CHECK_TRUE("si_code SEGV_MAPERR", last_code == SEGV_MAPERR);
    }
  }
  uint8_t *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (sigsetjmp(jb, 1) == 0) {
    ((volatile uint8_t *)ro)[123] = 1;
    CHECK(0, "no SIGSEGV on read-only write");
  } else {
    CHECK_TRUE("write to PROT_READ: si_addr", last_addr == ro + 123);
    CHECK_TRUE("write to PROT_READ: SEGV_ACCERR", last_code == SEGV_ACCERR);
  }
  munmap(ro, 4096);

  /* SIGILL handler that skips the instruction */
  set_info(SIGILL, on_ill, 0);
  last_sig = 0;
  uint64_t after = 0;
  __asm__ volatile(".option push\n\t.option norvc\n\tli %0, 1\n\t.word 0xffffffff\n\taddi %0, %0, 41\n\t.option pop"
                   : "=&r"(after));
  CHECK_TRUE("SIGILL handled", last_sig == SIGILL);
  CHECK_EQ("execution resumed after the skipped instruction", after, 42);

  /* sigaltstack */
  alt_size = 64 * 1024;
  alt_base = malloc(alt_size);
  stack_t ss = {.ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0};
  CHECK_EQ("sigaltstack", sigaltstack(&ss, NULL), 0);
  set(SIGUSR2, on_altstack, SA_ONSTACK);
  raise(SIGUSR2);
  CHECK_TRUE("handler ran on the alternate stack", on_alt);
  stack_t q;
  sigaltstack(NULL, &q);
  CHECK_TRUE("not on altstack after return", (q.ss_flags & SS_ONSTACK) == 0);

  /* asynchronous: a timer signal interrupting a busy loop, state preserved */
  set(SIGALRM, on_alarm_clobber, SA_RESTART);
  hits = 0;
  struct itimerval it = {{0, 5000}, {0, 5000}}; /* every 5 ms */
  CHECK_EQ("setitimer", setitimer(ITIMER_REAL, &it, NULL), 0);
  uint64_t frm_bad = 0, flags_bad = 0, reg_bad = 0, iters = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  do {
    uint64_t fr, ff, t;
    __asm__ volatile("fsrmi 1\n\tcsrw fflags, zero\n\tli t1, 1234\n\t"
                     ".rept 200\n\taddi t1, t1, 1\n\t.endr\n\t"
                     "frrm %0\n\tfrflags %1\n\tmv %2, t1"
                     : "=r"(fr), "=r"(ff), "=r"(t)
                     :
                     : "t1");
    frm_bad += fr != 1;
    flags_bad += ff != 0;
    reg_bad += t != 1434;
    iters++;
    clock_gettime(CLOCK_MONOTONIC, &t1);
  } while (hits < 5 && iters < 3000000 && (t1.tv_sec - t0.tv_sec) < 20);
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  __asm__ volatile("fsrmi 0\n\tcsrw fflags, zero");
  CHECK_TRUE("SIGALRM interrupted the busy loop 5 times", hits >= 5);
  CHECK_TRUE("frm preserved across async handlers", frm_bad == 0);
  CHECK_TRUE("fflags preserved across async handlers", flags_bad == 0);
  CHECK_TRUE("integer registers preserved across async handlers", reg_bad == 0);

  /* EINTR */
  set(SIGALRM, on_usr, 0); /* no SA_RESTART */
  struct itimerval once = {{0, 0}, {0, 20000}};
  setitimer(ITIMER_REAL, &once, NULL);
  struct timespec longsleep = {5, 0}, rem = {0, 0};
  errno = 0;
  int r = nanosleep(&longsleep, &rem);
  CHECK_TRUE("nanosleep interrupted with EINTR", r == -1 && errno == EINTR);
  CHECK_TRUE("remaining time reported", rem.tv_sec >= 3 && rem.tv_sec <= 5);
  setitimer(ITIMER_REAL, &once, NULL);
  errno = 0;
  r = pause();
  CHECK_TRUE("pause returns -1 EINTR", r == -1 && errno == EINTR);

  /* sigsuspend */
  set(SIGUSR1, on_usr, 0);
  sigprocmask(SIG_BLOCK, &block, &old);
  raise(SIGUSR1);
  hits = 0;
  sigset_t waitmask;
  sigemptyset(&waitmask);
  errno = 0;
  r = sigsuspend(&waitmask);
  CHECK_TRUE("sigsuspend delivered the pending signal", r == -1 && errno == EINTR && hits == 1);
  sigprocmask(SIG_BLOCK, NULL, &cur);
  CHECK_TRUE("sigsuspend restored the mask", sigismember(&cur, SIGUSR1) == 1);
  sigprocmask(SIG_SETMASK, &old, NULL);
  return summary("signals");
}
