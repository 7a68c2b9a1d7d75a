import { Errno, fail } from "../errno.js";
import { S_IFLNK, S_IFMT } from "../fs/types.js";
import type { Loc } from "../fs/vfs.js";
import type { Thread } from "../process/process.js";
import { execInto } from "../process/exec.js";
import { NO_RETURN, type Args, type SysResult } from "./types.js";
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, int, readString, readStringArray, resolveAt, ulong } from "./util.js";

/** execveat(2): execve of a path relative to a directory descriptor, or with AT_EMPTY_PATH of
 *  the file a descriptor is open on (fexecve); AT_SYMLINK_NOFOLLOW refuses a final symlink. */
export function sysExecveat(t: Thread, a: Args): SysResult {
  const dirfd = int(a[0]);
  const path = readString(t, ulong(a[1]));
  const argv = readStringArray(t, ulong(a[2]));
  const envp = readStringArray(t, ulong(a[3]));
  const flags = int(a[4]);
  if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) fail(Errno.EINVAL);
  let loc: Loc;
  if (path === "") {
    if (!(flags & AT_EMPTY_PATH)) fail(Errno.ENOENT);
    const f = t.process.fds.get(dirfd);
    if (!f.inode) fail(Errno.EACCES);
    loc = { inode: f.inode, path: f.path };
  } else {
    loc = resolveAt(t, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) === 0);
    if ((loc.inode.stat().mode & S_IFMT) === S_IFLNK) fail(Errno.ELOOP);
  }
  // The name the program gets, as Linux makes it: the path when it stands alone, else the
  // descriptor's /dev/fd name (with the path after it); its comm is the file's own name when
  // the descriptor alone named it.
  const name = path.startsWith("/") || dirfd === AT_FDCWD ? path : path === "" ? `/dev/fd/${dirfd}` : `/dev/fd/${dirfd}/${path}`;
  execInto(t, name, argv, envp, 0, loc, path === "" ? loc.path : name);
  return NO_RETURN;
}
