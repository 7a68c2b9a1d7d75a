import { Errno, fail } from "../errno.js";
import { OpenFile, O_CLOEXEC, O_RDWR } from "../fs/file.js";
import { TmpFs } from "../fs/tmpfs.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { readString, uint, ulong } from "./util.js";
import { guestNow } from "../util/guest_now.js";

const MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2;

/** memfd_create(2): an anonymous tmpfs file. Sealing is not supported (EINVAL). */
export function sysMemfdCreate(t: Thread, a: Args): SysResult {
  const name = readString(t, ulong(a[0]), 249);
  const flags = uint(a[1]);
  if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING)) fail(Errno.EINVAL);
  const fs = new TmpFs(guestNow(t.kernel.machine.world));
  const node = fs.root.create("memfd", 0o777);
  const file = new OpenFile(node.open(O_RDWR), O_RDWR, node, `/memfd:${name} (deleted)`);
  return t.process.fds.install(file, (flags & MFD_CLOEXEC) !== 0);
}
