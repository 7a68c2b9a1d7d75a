import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { uint, ulong, writeMem } from "./util.js";

const GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;

/** getrandom(2): bytes from the World's seeded generator, so runs replay exactly. */
export function sysGetrandom(t: Thread, a: Args): SysResult {
  const flags = uint(a[2]);
  if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) fail(Errno.EINVAL);
  const len = Math.min(ulong(a[1]), 33554431);
  writeMem(t, ulong(a[0]), t.kernel.machine.world.randomBytes(len));
  return len;
}
