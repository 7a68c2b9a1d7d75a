/* What if extended attributes (set/get/list/remove, and their l* and f* forms) behave
 * differently than on Linux?  Works in a fresh directory under /tmp (tmpfs under Aster; the
 * host's /tmp for the oracle, the host's kernel).  Names are sorted before printing, since
 * file systems list them in their own order.
 *
 * Set, get and list user.*, trusted.* and security.* attributes; the size-0 queries; ERANGE
 * for a small buffer; XATTR_CREATE on an existing name (EEXIST) and XATTR_REPLACE on a
 * missing one (ENODATA); an empty value; replacing a value; remove, then ENODATA; a name
 * without a namespace (EOPNOTSUPP), an empty or 256-byte name (ERANGE), a value over 64 KiB
 * (E2BIG), bad flags (EINVAL); setting or removing user.* on a symlink itself (EPERM, and
 * reading it ENODATA) while getxattr follows it
 * to its target; fgetxattr/fsetxattr on a descriptor and EBADF on a bad one; xattrs on a
 * directory; setxattr changing ctime but not mtime.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Print the attribute names of `path`, sorted. */
static void show(const char *what, const char *path) {
  char buf[1024];
  long n = listxattr(path, buf, sizeof buf);
  char *names[32];
  int k = 0;
  for (long i = 0; i < n && k < 32; i += strlen(buf + i) + 1) names[k++] = buf + i;
  qsort(names, k, sizeof names[0], cmp);
  printf("%s:", what);
  for (int i = 0; i < k; i++) printf(" %s", names[i]);
  printf("\n");
}

int main(void) {
  char dir[] = "/tmp/xattrXXXXXX";
  if (!mkdtemp(dir) || chdir(dir) != 0) return 2;
  int fd = open("f", O_RDWR | O_CREAT, 0644);
  CHECK_EQ("listxattr of a new file", listxattr("f", NULL, 0), 0);
  CHECK_EQ("setxattr user.color", setxattr("f", "user.color", "blue", 4, 0), 0);
  CHECK_EQ("setxattr trusted.t", setxattr("f", "trusted.t", "TT", 2, 0), 0);
  CHECK_EQ("setxattr security.s", setxattr("f", "security.s", "S", 1, 0), 0);
  CHECK_EQ("setxattr user.empty (empty value)", setxattr("f", "user.empty", "", 0, 0), 0);
  show("names", "f");
  CHECK_EQ("listxattr size query", listxattr("f", NULL, 0), strlen("user.color") + strlen("trusted.t") + strlen("security.s") + strlen("user.empty") + 4);
  char small[4];
  ERRNO_IS("listxattr small buffer", listxattr("f", small, sizeof small), ERANGE);
  char v[64] = {0};
  CHECK_EQ("getxattr size query", getxattr("f", "user.color", NULL, 0), 4);
  CHECK_EQ("getxattr", getxattr("f", "user.color", v, sizeof v), 4);
  CHECK_TRUE("  blue", !memcmp(v, "blue", 4));
  ERRNO_IS("getxattr small buffer", getxattr("f", "user.color", v, 2), ERANGE);
  CHECK_EQ("getxattr empty value", getxattr("f", "user.empty", v, sizeof v), 0);
  ERRNO_IS("getxattr missing", getxattr("f", "user.nope", v, sizeof v), ENODATA);
  ERRNO_IS("XATTR_CREATE existing", setxattr("f", "user.color", "red", 3, XATTR_CREATE), EEXIST);
  ERRNO_IS("XATTR_REPLACE missing", setxattr("f", "user.nope", "x", 1, XATTR_REPLACE), ENODATA);
  CHECK_EQ("XATTR_REPLACE existing", setxattr("f", "user.color", "green", 5, XATTR_REPLACE), 0);
  CHECK_EQ("  new value", getxattr("f", "user.color", v, sizeof v), 5);
  CHECK_TRUE("  green", !memcmp(v, "green", 5));
  ERRNO_IS("bad flags", setxattr("f", "user.color", "x", 1, 4), EINVAL);
  ERRNO_IS("no namespace", setxattr("f", "color", "x", 1, 0), EOPNOTSUPP);
  ERRNO_IS("unknown namespace", getxattr("f", "foo.bar", v, sizeof v), EOPNOTSUPP);
  ERRNO_IS("empty name", setxattr("f", "", "x", 1, 0), ERANGE);
  char longname[300];
  memset(longname, 'a', sizeof longname);
  memcpy(longname, "user.", 5);
  longname[256] = 0;
  ERRNO_IS("256-byte name", setxattr("f", longname, "x", 1, 0), ERANGE);
  static char big[65537];
  ERRNO_IS("value over 64 KiB", setxattr("f", "user.big", big, sizeof big, 0), E2BIG);
  CHECK_EQ("removexattr", removexattr("f", "user.empty"), 0);
  ERRNO_IS("removexattr again", removexattr("f", "user.empty"), ENODATA);
  show("names after remove", "f");

  CHECK_EQ("fsetxattr", fsetxattr(fd, "user.fd", "via fd", 6, 0), 0);
  CHECK_EQ("fgetxattr", fgetxattr(fd, "user.fd", v, sizeof v), 6);
  CHECK_EQ("flistxattr count", flistxattr(fd, NULL, 0) > 0, 1);
  CHECK_EQ("fremovexattr", fremovexattr(fd, "user.fd"), 0);
  ERRNO_IS("fgetxattr bad fd", fgetxattr(99, "user.fd", v, sizeof v), EBADF);

  CHECK_EQ("symlink", symlink("f", "s"), 0);
  ERRNO_IS("lsetxattr user.* on a symlink", lsetxattr("s", "user.x", "1", 1, 0), EPERM);
  CHECK_EQ("getxattr follows the link", getxattr("s", "user.color", v, sizeof v), 5);
  ERRNO_IS("lgetxattr on the link itself", lgetxattr("s", "user.color", v, sizeof v), ENODATA);
  CHECK_EQ("setxattr through the link", setxattr("s", "user.via", "L", 1, 0), 0);
  show("names of the target", "f");
  CHECK_EQ("llistxattr of the link", llistxattr("s", NULL, 0), 0);
  ERRNO_IS("lremovexattr user.* on the link itself", lremovexattr("s", "user.via"), EPERM);

  CHECK_EQ("mkdir", mkdir("d", 0755), 0);
  CHECK_EQ("setxattr on a directory", setxattr("d", "user.dir", "D", 1, 0), 0);
  show("directory names", "d");

  struct stat a, b;
  fstat(fd, &a);
  struct timespec ts = {0, 20000000};
  nanosleep(&ts, NULL);
  setxattr("f", "user.time", "t", 1, 0);
  fstat(fd, &b);
  CHECK_TRUE("setxattr moves ctime", b.st_ctim.tv_sec > a.st_ctim.tv_sec || (b.st_ctim.tv_sec == a.st_ctim.tv_sec && b.st_ctim.tv_nsec > a.st_ctim.tv_nsec));
  CHECK_TRUE("  not mtime", b.st_mtim.tv_sec == a.st_mtim.tv_sec && b.st_mtim.tv_nsec == a.st_mtim.tv_nsec);
  ERRNO_IS("getxattr of a missing file", getxattr("nofile", "user.x", v, sizeof v), ENOENT);

  close(fd);
  unlink("s");
  unlink("f");
  rmdir("d");
  chdir("/");
  rmdir(dir);
  return summary("xattr");
}
