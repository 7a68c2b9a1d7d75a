import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { DT_DIR, isDir } from "../fs/types.js";
import { IN_ACCESS } from "../fs/inotify.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { encodeString, int, ulong, writeMem } from "./util.js";

/** getdents64(2): struct linux_dirent64 records, 8-byte aligned; "." and ".." first. */
export function sysGetdents64(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (!file.inode || !isDir(file.inode)) fail(Errno.ENOTDIR);
  const size = ulong(a[2]);
  const listed = file.inode.readdir!();
  const names = new Set(listed.map((e) => e.name));
  const mountPoints = t.kernel.vfs.mountsUnder(file.path).filter((n) => !names.has(n)).map((name) => ({ name, ino: 1, type: DT_DIR }));
  const entries = [{ name: ".", ino: file.inode.ino, type: DT_DIR }, { name: "..", ino: 1, type: DT_DIR }, ...listed, ...mountPoints];
  const out = new Uint8Array(Math.min(size, 1 << 20));
  const v = new Pod(out);
  let off = 0;
  let i = file.dirCursor;
  for (; i < entries.length; i++) {
    const name = encodeString(entries[i].name);
    const reclen = (19 + name.length + 1 + 7) & ~7;
    if (off + reclen > out.length) break;
    v.setBigUint64(off, BigInt(entries[i].ino));
    v.setBigInt64(off + 8, BigInt(i + 1));
    v.setUint16(off + 16, reclen);
    out[off + 18] = entries[i].type;
    out.set(name, off + 19);
    off += reclen;
  }
  if (off === 0 && i < entries.length) fail(Errno.EINVAL);
  file.dirCursor = i;
  writeMem(t, ulong(a[1]), out.subarray(0, off));
  t.kernel.fsnotify.file(file, IN_ACCESS); // every read of a directory, the last (empty) one too
  return off;
}
