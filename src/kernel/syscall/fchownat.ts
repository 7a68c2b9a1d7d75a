import { IN_ATTRIB } from "../fs/inotify.js";
import { Errno, fail } from "../errno.js";
import { S_IFDIR, S_IFMT, type Inode } from "../fs/types.js";
import type { Creds } from "../fs/permission.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW, locAt, int, readString, uint, ulong } from "./util.js";
import { CAP_CHOWN, capable } from "../process/caps.js";

const S_ISUID = 0o4000, S_ISGID = 0o2000, S_IXGRP = 0o010;
const NO_CHANGE = 0xffff_ffff;

/** Change owner and group ((uid_t)-1 keeps one). As on Linux since 2.2.13, even root's chown
 *  of a non-directory drops set-user-ID, and set-group-ID when group-execute makes it one. */
export function chownInode(inode: Inode, uid: number, gid: number, who?: Creds): void {
  if (!inode.chown) fail(Errno.EPERM);
  if (who && !capable(who, CAP_CHOWN)) {
    // Without CAP_CHOWN: only the owner, keeping the owner, moving to one of its own groups.
    const st = inode.stat();
    if (st.uid !== who.fsuid) fail(Errno.EPERM);
    if (uid !== NO_CHANGE && uid !== st.uid) fail(Errno.EPERM);
    if (gid !== NO_CHANGE && gid !== st.gid && gid !== who.fsgid && !who.groups.includes(gid)) fail(Errno.EPERM);
  }
  inode.chown(uid === NO_CHANGE ? -1 : uid, gid === NO_CHANGE ? -1 : gid);
  const mode = inode.stat().mode;
  if ((mode & S_IFMT) === S_IFDIR) return;
  let kept = mode & 0o7777 & ~S_ISUID;
  if ((mode & (S_ISGID | S_IXGRP)) === (S_ISGID | S_IXGRP)) kept &= ~S_ISGID;
  if (kept !== (mode & 0o7777)) inode.chmod?.(kept);
}

/** fchownat(2) */
export function sysFchownat(t: Thread, a: Args): SysResult {
  const dirfd = int(a[0]);
  const flags = uint(a[4]);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail(Errno.EINVAL);
  const loc = locAt(t, dirfd, readString(t, ulong(a[1])), flags);
  if (!loc) return 0; // a pseudo-inode (console, pipe): nothing of ours to change
  chownInode(loc.inode, uint(a[2]), uint(a[3]), t.process.creds);
  t.kernel.fsnotify.object(loc.inode, loc.path, IN_ATTRIB);
  return 0;
}
