// A dynamically linked program: glibc's ld.so loads libc, libm and our libdyn (found through
// the program's RUNPATH, $ORIGIN), runs their constructors, and sets up TLS; then the program
// uses libc (stdio, malloc large and small, qsort, strtod, errno), threads whose library TLS
// is separate, dlopen/dlsym of libm and of our libplug (whose TLS appears after the threads
// do), dl_iterate_phdr, getauxval, and fork. Prints what it found; the oracle is qemu-riscv64.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

extern int dyn_counter;
int dyn_ctor_ran(void);
int dyn_add(int a, int b);
int dyn_tls_bump(int by);
int dyn_apply(int (*fn)(int), int x);
const char *dyn_name(void);

static int failures;
#define CHECK(cond, ...) do { if (!(cond)) { failures++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

static int triple(int x) { return 3 * x; }

static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void *thread_main(void *arg) {
  long id = (long)arg;
  int v = 0;
  for (int i = 0; i < 1000; i++) v = dyn_tls_bump((int)id);
  return (void *)(long)v;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static int seen_libc, seen_libm, seen_dyn, seen_ld;
static int note_object(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size; (void)data;
  const char *n = base_name(info->dlpi_name);
  if (!strcmp(n, "libc.so.6")) seen_libc = 1;
  if (!strcmp(n, "libm.so.6")) seen_libm = 1;
  if (!strcmp(n, "libdyn.so")) seen_dyn = 1;
  if (!strncmp(n, "ld-linux-riscv64", 16)) seen_ld = 1;
  return 0;
}

int main(int argc, char **argv) {
  (void)argc;
  printf("%s says hello\n", dyn_name());
  CHECK(dyn_ctor_ran() == 1, "the library's constructor did not run");
  CHECK(dyn_add(2, 3) == 5, "dyn_add");
  CHECK(dyn_counter == 101, "dyn_counter %d", dyn_counter);
  CHECK(dyn_apply(triple, 7) == 42, "callback");

  // The auxiliary vector a dynamic program gets from the kernel.
  CHECK(getauxval(AT_BASE) != 0, "AT_BASE is zero: no interpreter base");
  CHECK(getauxval(AT_ENTRY) != 0, "AT_ENTRY");
  CHECK(getauxval(AT_PHNUM) > 0, "AT_PHNUM");
  CHECK(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ");
  Dl_info info;
  CHECK(dladdr((void *)main, &info) && info.dli_fbase != NULL, "dladdr(main)");

  dl_iterate_phdr(note_object, NULL);
  printf("objects: libc %d libm %d libdyn %d ld.so %d\n", seen_libc, seen_libm, seen_dyn, seen_ld);

  // libc: stdio, small and large allocations (brk and mmap), qsort, strtod, errno in TLS.
  char *big = malloc(8 << 20);
  CHECK(big != NULL, "malloc 8 MiB");
  memset(big, 0x5a, 8 << 20);
  long sum = 0;
  for (int i = 0; i < (8 << 20); i += 4096) sum += big[i];
  free(big);
  printf("sum %ld\n", sum);
  int v[] = {5, 3, 9, 1, 7};
  qsort(v, 5, sizeof v[0], cmp);
  printf("sorted %d %d %d %d %d\n", v[0], v[1], v[2], v[3], v[4]);
  printf("strtod %.3f sqrt %.6f\n", strtod("2.71828", NULL), sqrt(2.0));
  errno = 0;
  CHECK(write(-1, "x", 1) == -1 && errno == EBADF, "errno after a bad write: %d", errno);

  // Threads: each has its own copy of libdyn's TLS variable.
  pthread_t th[4];
  for (long i = 0; i < 4; i++) CHECK(pthread_create(&th[i], NULL, thread_main, (void *)(i + 1)) == 0, "pthread_create");
  for (long i = 0; i < 4; i++) {
    void *r;
    pthread_join(th[i], &r);
    printf("thread %ld tls %ld\n", i + 1, (long)r);
  }
  printf("main tls %d\n", dyn_tls_bump(0));

  // dlopen: a system library by soname, and ours through RUNPATH ($ORIGIN).
  void *m = dlopen("libm.so.6", RTLD_NOW);
  CHECK(m != NULL, "dlopen libm: %s", dlerror());
  if (m) {
    double (*cosine)(double) = (double (*)(double))dlsym(m, "cos");
    CHECK(cosine != NULL, "dlsym cos");
    if (cosine) printf("cos(0.5) %.6f\n", cosine(0.5));
  }
  void *p = dlopen("libplug.so", RTLD_NOW);
  CHECK(p != NULL, "dlopen libplug: %s", dlerror());
  if (p) {
    long (*entry)(long) = (long (*)(long))dlsym(p, "plug_entry");
    CHECK(entry != NULL, "dlsym plug_entry");
    if (entry) printf("plug %ld %ld\n", entry(5), entry(6));
    CHECK(dlclose(p) == 0, "dlclose");
  }
  CHECK(dlopen("libnot-there.so", RTLD_NOW) == NULL, "dlopen of a missing library succeeded");

  // fork: the child uses the libraries too.
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    printf("child %d %s\n", dyn_add(20, 22), dyn_name());
    fflush(stdout);
    _exit(dyn_counter == 103 ? 3 : 4);
  }
  int status;
  CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
  printf("child exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

  // /proc/self/maps names the files mapped: the program, its libraries and ld.so (sorted:
  // where each goes is the kernel's choice).
  FILE *maps = fopen("/proc/self/maps", "r");
  CHECK(maps != NULL, "open /proc/self/maps");
  if (maps) {
    char line[512], *names[64];
    int n = 0;
    while (fgets(line, sizeof line, maps) && n < 64) {
      char *path = strchr(line, '/');
      if (!path) continue;
      path[strcspn(path, "\n")] = 0;
      const char *b = base_name(path);
      if (!strstr(b, ".so") && strcmp(b, "dynlink") != 0) continue;
      int seen = 0;
      for (int i = 0; i < n; i++) seen |= !strcmp(names[i], b);
      if (!seen) names[n++] = strdup(b);
    }
    fclose(maps);
    qsort(names, n, sizeof names[0], cmp_str);
    for (int i = 0; i < n; i++) printf("mapped %s\n", names[i]);
  }

  printf("%s: %d failures\n", base_name(argv[0]), failures);
  return failures ? 1 : 0;
}
