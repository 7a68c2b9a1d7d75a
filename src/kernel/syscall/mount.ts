import { Errno, fail } from "../errno.js";
import { TmpFs } from "../fs/tmpfs.js";
import { makeProcfs } from "../fs/procfs.js";
import { makeSysfs } from "../fs/sysfs.js";
import { isDir } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { readString, uint, ulong } from "./util.js";
import { guestNow } from "../util/guest_now.js";
import { registerCounter } from "../../ostd/index.js";
import { CAP_SYS_ADMIN, capable } from "../process/caps.js";

// MS_RDONLY and MS_REC are accepted without effect: mounts are not read-only-enforced yet,
// and a bind mount always covers the whole subtree.
const MS_REMOUNT = 32, MS_BIND = 4096;

let nextDev = 300;
registerCounter("kernel.mount.dev", () => nextDev, (v) => (nextDev = v));

/** A new tmpfs with Linux's defaults (half of RAM, as many inodes as it has pages), or the
 *  size= / nr_inodes= options (k, m, g suffixes; 0 for none); ramfs has no limits. */
function tmpfsFor(t: Thread, fstype: string, dataVa: number): TmpFs {
  const now = guestNow(t.kernel.machine.world);
  if (fstype === "ramfs") return new TmpFs(now);
  const half = Math.floor(t.kernel.machine.frames.total / 2);
  let pages = half, inodes = half;
  const opts = dataVa ? readString(t, dataVa, 4096).split(",") : [];
  const amount = (v: string): number => {
    const m = /^(\d+)([kmg%]?)$/i.exec(v);
    if (!m) fail(Errno.EINVAL, `bad tmpfs option value ${v}`);
    const n = Number(m[1]);
    const unit = m[2].toLowerCase();
    if (unit === "%") return Math.floor((t.kernel.machine.frames.total * n) / 100) * 4096;
    return n * (unit === "k" ? 1024 : unit === "m" ? 1 << 20 : unit === "g" ? 1 << 30 : 1);
  };
  for (const o of opts) {
    const [k, v] = o.split("=");
    if (k === "size" && v !== undefined) pages = Math.ceil(amount(v) / 4096);
    else if (k === "nr_inodes" && v !== undefined) inodes = amount(v);
  }
  return new TmpFs(now, pages, inodes);
}

/** mount(2): new tmpfs, proc, sysfs and devtmpfs instances, and bind mounts. Remounts are
 *  accepted for flags we keep (none are enforced yet beyond the mount table). */
export function sysMount(t: Thread, a: Args): SysResult {
  if (!capable(t.process.creds, CAP_SYS_ADMIN)) fail(Errno.EPERM);
  const target = t.kernel.vfs.resolve(readString(t, ulong(a[1])), t.process.cwd, true, t.process);
  if (!isDir(target.inode)) fail(Errno.ENOTDIR);
  const flags = uint(a[3]);
  if (flags & MS_REMOUNT) return 0;
  if (flags & MS_BIND) {
    const source = t.kernel.vfs.resolve(readString(t, ulong(a[0])), t.process.cwd, true, t.process);
    t.kernel.vfs.mount(target.path, source.inode);
    return 0;
  }
  const fstype = readString(t, ulong(a[2]), 64);
  const now = guestNow(t.kernel.machine.world);
  switch (fstype) {
    case "tmpfs":
    case "ramfs":
      t.kernel.vfs.mount(target.path, tmpfsFor(t, fstype, ulong(a[4])).root);
      break;
    case "proc":
      t.kernel.vfs.mount(target.path, makeProcfs(nextDev++, t.kernel));
      break;
    case "sysfs":
      t.kernel.vfs.mount(target.path, makeSysfs(nextDev++, t.kernel));
      break;
    case "devtmpfs":
      t.kernel.vfs.mount(target.path, t.kernel.vfs.resolve("/dev", t.kernel.vfs.root).inode);
      break;
    default:
      fail(Errno.ENODEV, `file system type ${fstype} is not supported`);
  }
  t.kernel.mountTypes.set(target.path, fstype);
  return 0;
}

const MNT_FORCE = 1, MNT_DETACH = 2, MNT_EXPIRE = 4, UMOUNT_NOFOLLOW = 8;

/** umount2(2) */
export function sysUmount2(t: Thread, a: Args): SysResult {
  if (!capable(t.process.creds, CAP_SYS_ADMIN)) fail(Errno.EPERM);
  const flags = uint(a[1]);
  if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) fail(Errno.EINVAL);
  const target = t.kernel.vfs.resolve(readString(t, ulong(a[0])), t.process.cwd, (flags & UMOUNT_NOFOLLOW) === 0, t.process);
  if (!t.kernel.vfs.mountPoints().includes(target.path)) fail(Errno.EINVAL, "not a mount point");
  if (t.process.cwd.path === target.path || t.process.cwd.path.startsWith(target.path + "/")) {
    if (!(flags & MNT_DETACH)) fail(Errno.EBUSY);
  }
  t.kernel.vfs.unmount(target.path);
  t.kernel.mountTypes.delete(target.path);
  return 0;
}
