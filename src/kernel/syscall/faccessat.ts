import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import { permits, type Creds } from "../fs/permission.js";
import type { Args, SysResult } from "./types.js";
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, dirLoc, int, readString, uint, ulong } from "./util.js";


const AT_EACCESS = 0x200;

/** faccessat(2) / faccessat2(2): checked with the real ids (AT_EACCESS: the effective ones),
 *  the path walked with them too. Root may read and write anything; execute needs some x bit
 *  (or a directory), as for root on Linux. */
export function sysFaccessat(t: Thread, a: Args): SysResult {
  const mode = int(a[2]);
  const flags = a.length > 3 ? uint(a[3]) : 0;
  if (mode & ~7) fail(Errno.EINVAL);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH)) fail(Errno.EINVAL);
  const c = t.process.creds;
  // With the real ids, as Linux's access_override_creds: root's permitted set, else none.
  const asWho: Creds = flags & AT_EACCESS ? c : { ...c, fsuid: c.uid, fsgid: c.gid, capEff: c.uid === 0 ? c.capPrm : 0n };
  const path = readString(t, ulong(a[1]));
  const inode = path === "" && flags & AT_EMPTY_PATH
    ? (int(a[0]) === AT_FDCWD ? t.process.cwd.inode : t.process.fds.get(int(a[0])).inode ?? fail(Errno.EBADF))
    : t.kernel.vfs.resolve(path, dirLoc(t, int(a[0]), path), (flags & AT_SYMLINK_NOFOLLOW) === 0, { creds: asWho, root: t.process.root }).inode;
  if (mode && !permits(asWho, inode.stat(), mode)) fail(Errno.EACCES);
  return 0;
}

/** faccessat(2) has no flags argument. */
export function sysFaccessat1(t: Thread, a: Args): SysResult {
  return sysFaccessat(t, [a[0], a[1], a[2], 0n, 0n, 0n]);
}
