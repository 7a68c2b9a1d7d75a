import { Errno, fail } from "../errno.js";
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFMT, S_IFREG, S_IFSOCK } from "../fs/types.js";
import { ownNewFile } from "../fs/permission.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readString, uint, ulong } from "./util.js";
import { createTarget } from "./symlinkat.js";
import { CAP_MKNOD, capable } from "../process/caps.js";

/** mknodat(2): the file type is checked before the path, as Linux's may_mknod does: a
 *  directory is EPERM (mkdir makes those), an unknown type EINVAL. Which types a file system
 *  can hold is its own business: tmpfs takes files, FIFOs and sockets, a host mount files. */
export function sysMknodat(t: Thread, a: Args): SysResult {
  const mode = uint(a[2]);
  let type = mode & S_IFMT;
  switch (type) {
    case 0:
      type = S_IFREG;
      break;
    case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
      break;
    case S_IFDIR:
      fail(Errno.EPERM);
    default:
      fail(Errno.EINVAL);
  }
  // Device nodes need CAP_MKNOD.
  if ((type === S_IFCHR || type === S_IFBLK) && !capable(t.process.creds, CAP_MKNOD)) fail(Errno.EPERM);
  const path = readString(t, ulong(a[1]));
  const { dir, name } = createTarget(t, int(a[0]), path);
  if (!dir.inode.mknod) fail(Errno.EPERM);
  const made = dir.inode.mknod(name, type | (mode & 0o7777 & ~t.process.umask), uint(a[3]));
  ownNewFile(t.process.creds, dir.inode.stat(), made.chown?.bind(made));
  t.kernel.fsnotify.created(dir.inode, name, made);
  return 0;
}
