import { Errno, fail } from "../errno.js";
import { OpenFile, O_CLOEXEC, O_NONBLOCK, O_RDONLY, O_WRONLY } from "../fs/file.js";
import { Pipe } from "../ipc/pipe.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { uint, ulong, writeMem } from "./util.js";
import { Pod } from "../../ostd/index.js";

const O_DIRECT = 0o40000;

/** pipe2(2) */
export function sysPipe2(t: Thread, a: Args): SysResult {
  const flags = uint(a[1]);
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) fail(Errno.EINVAL);
  const pipe = new Pipe(t.kernel.machine.scheduler);
  const status = flags & O_NONBLOCK;
  const fds = t.process.fds;
  const cloexec = (flags & O_CLOEXEC) !== 0;
  const rfd = fds.install(new OpenFile(pipe.readEnd(), O_RDONLY | status, null, `pipe:[${pipe.ino}]`), cloexec);
  let wfd: number;
  try {
    wfd = fds.install(new OpenFile(pipe.writeEnd(), O_WRONLY | status, null, `pipe:[${pipe.ino}]`), cloexec);
  } catch (e) {
    fds.close(rfd);
    throw e;
  }
  const out = Pod.alloc(8);
  out.setInt32(0, rfd);
  out.setInt32(4, wfd);
  try {
    writeMem(t, ulong(a[0]), out.bytes);
  } catch (e) {
    fds.close(rfd);
    fds.close(wfd);
    throw e;
  }
  return 0;
}
