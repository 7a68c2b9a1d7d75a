/* What if the initial stack — argv, envp, auxv — is laid out wrongly?
 *
 * env.c prints its arguments (argc, and every argv[i] for i >= 1 with its length, so
 * empty strings, spaces and UTF-8 survive visibly), checks argv[argc] == NULL and that
 * envp follows argv, prints the values of the ASTER_T_* variables the test passes (the
 * rest of the environment legitimately differs), and checks the auxiliary vector through
 * getauxval: AT_PAGESZ 4096, AT_PHNUM > 0 with AT_PHENT 56 and AT_PHDR pointing at our
 * own program headers, AT_ENTRY = _start, AT_HWCAP containing I, M, A, F, D and C,
 * AT_RANDOM pointing at 16 readable bytes (not printed), AT_EXECFN a string whose last
 * path component is argv[0]'s, AT_UID/AT_GID matching getuid/getgid, AT_SECURE 0 and
 * AT_CLKTCK 100.  It also checks the stack pointer alignment at main.
 */
#include <elf.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>
#include "check.h"

extern char **environ;
extern char _start[];
extern const Elf64_Ehdr __ehdr_start __attribute__((weak));

static const char *base(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

int main(int argc, char **argv, char **envp) {
  printf("argc = %d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  CHECK_TRUE("argv[argc] is NULL", argv[argc] == NULL);
  CHECK_TRUE("envp follows argv", envp == argv + argc + 1);
  CHECK_TRUE("environ == envp", environ == envp);
  CHECK_TRUE("argv is 8-byte aligned", ((uintptr_t)argv & 7) == 0);
  uintptr_t sp;
  __asm__ volatile("mv %0, sp" : "=r"(sp));
  CHECK_TRUE("sp is 16-byte aligned in main", (sp & 15) == 0);

  static const char *names[] = {"ASTER_T_ONE", "ASTER_T_EMPTY", "ASTER_T_SPACES", "ASTER_T_MISSING"};
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *v = getenv(names[i]);
    printf("getenv(%s) = %s%s%s\n", names[i], v ? "\"" : "", v ? v : "(null)", v ? "\"" : "");
  }
  int seen = 0;
  for (char **e = envp; *e; e++) seen += strncmp(*e, "ASTER_T_", 8) == 0;
  printf("envp has %d ASTER_T_ entries\n", seen);

  unsigned long pagesz = getauxval(AT_PAGESZ);
  CHECK_EQ("AT_PAGESZ", pagesz, 4096);
  unsigned long phnum = getauxval(AT_PHNUM), phent = getauxval(AT_PHENT), phdr = getauxval(AT_PHDR);
  CHECK_TRUE("AT_PHNUM > 0", phnum > 0);
  CHECK_EQ("AT_PHENT", phent, sizeof(Elf64_Phdr));
  if (&__ehdr_start) {
    CHECK_EQ("AT_PHNUM matches our ELF header", phnum, __ehdr_start.e_phnum);
    CHECK_TRUE("AT_PHDR points at our program headers",
               phdr == (uintptr_t)&__ehdr_start + __ehdr_start.e_phoff);
  }
  const Elf64_Phdr *ph = (const Elf64_Phdr *)phdr;
  int loads = 0;
  for (unsigned long i = 0; i < phnum; i++) loads += ph[i].p_type == PT_LOAD;
  CHECK_TRUE("program headers readable, with PT_LOAD", loads > 0);
  CHECK_TRUE("AT_ENTRY is _start", getauxval(AT_ENTRY) == (uintptr_t)_start);
  unsigned long hwcap = getauxval(AT_HWCAP);
  char letters[27] = {0};
  int k = 0;
  for (int b = 0; b < 26; b++)
    if (hwcap & (1ul << b)) letters[k++] = (char)('a' + b);
  printf("AT_HWCAP letters: %s\n", letters);
  unsigned long need = 0;
  for (const char *c = "imafdc"; *c; c++) need |= 1ul << (*c - 'a');
  CHECK_TRUE("AT_HWCAP has IMAFDC", (hwcap & need) == need);
  const uint8_t *rnd = (const uint8_t *)getauxval(AT_RANDOM);
  CHECK_TRUE("AT_RANDOM present", rnd != NULL);
  if (rnd) {
    unsigned or_ = 0, and_ = 0xff;
    for (int i = 0; i < 16; i++) or_ |= rnd[i], and_ &= rnd[i];
    CHECK_TRUE("AT_RANDOM 16 bytes readable and not constant", or_ != and_);
  }
  const char *execfn = (const char *)getauxval(AT_EXECFN);
  CHECK_TRUE("AT_EXECFN present", execfn != NULL);
  if (execfn) CHECK_TRUE("AT_EXECFN basename == argv[0] basename", !strcmp(base(execfn), base(argv[0])));
  /* (ids are host-dependent: compare, never print) */
  CHECK_TRUE("AT_UID == getuid()", getauxval(AT_UID) == getuid());
  CHECK_TRUE("AT_EUID == geteuid()", getauxval(AT_EUID) == geteuid());
  CHECK_TRUE("AT_GID == getgid()", getauxval(AT_GID) == getgid());
  CHECK_TRUE("AT_EGID == getegid()", getauxval(AT_EGID) == getegid());
  CHECK_EQ("AT_SECURE", getauxval(AT_SECURE), 0);
  CHECK_EQ("AT_CLKTCK", getauxval(AT_CLKTCK), 100);
  CHECK_EQ("sysconf(_SC_CLK_TCK)", sysconf(_SC_CLK_TCK), 100);
  return summary("env");
}
