/* What if glibc's fchmodat(..., AT_SYMLINK_NOFOLLOW) (lchmod) goes wrong? The system call has
 * no flags argument, so glibc 2.36 opens the file itself with O_PATH|O_NOFOLLOW, fstatat()s
 * the descriptor, refuses a symlink with EOPNOTSUPP, and otherwise changes the mode through
 * /proc/self/fd/N.
 *
 * lchmod.c SCRATCH: a symlink gives EOPNOTSUPP and keeps its target's mode; a regular file
 * gets its mode.
 */
#include "fscheck.h"

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  umask(022);
  enter(argv[1], "lchmod");
  put("f", "data");
  struct stat st;
  OK("symlink s -> f", symlink("f", "s"));
  ERR("fchmodat AT_SYMLINK_NOFOLLOW on a symlink", fchmodat(AT_FDCWD, "s", 0600, AT_SYMLINK_NOFOLLOW), EOPNOTSUPP);
  OK("  stat", stat("f", &st));
  OCT("  the target's mode is untouched", st.st_mode & 07777, 0644);
  OK("fchmodat AT_SYMLINK_NOFOLLOW on a file", fchmodat(AT_FDCWD, "f", 0600, AT_SYMLINK_NOFOLLOW));
  OK("  stat", stat("f", &st));
  OCT("  mode", st.st_mode & 07777, 0600);
  return summary("lchmod");
}
