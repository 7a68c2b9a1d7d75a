import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import { NO_RETURN, type Args, type SysResult } from "./types.js";
import { uint } from "./util.js";
import { CAP_SYS_BOOT, capable } from "../process/caps.js";

const MAGIC1 = 0xfee1dead;
const MAGIC2 = [672274793, 85072278, 369367448, 537993216];
const CMD_RESTART = 0x01234567, CMD_HALT = 0xcdef0123, CMD_POWER_OFF = 0x4321fedc;
const CMD_CAD_ON = 0x89abcdef, CMD_CAD_OFF = 0;

/**
 * reboot(2), for root: POWER_OFF, HALT and RESTART end the run (status 0) with the message
 * Linux prints; CAD_ON/CAD_OFF (what Ctrl-Alt-Del does) are accepted, there being no such
 * key. Other commands (RESTART2, KEXEC, SW_SUSPEND) are EINVAL: nothing here can do them.
 */
export function sysReboot(t: Thread, a: Args): SysResult {
  if (!capable(t.process.creds, CAP_SYS_BOOT)) fail(Errno.EPERM);
  if (uint(a[0]) !== MAGIC1 || !MAGIC2.includes(uint(a[1]))) fail(Errno.EINVAL);
  switch (uint(a[2])) {
    case CMD_CAD_ON:
    case CMD_CAD_OFF:
      return 0;
    case CMD_POWER_OFF:
      t.kernel.shutdown("reboot: Power down");
      return NO_RETURN;
    case CMD_HALT:
      t.kernel.shutdown("reboot: System halted");
      return NO_RETURN;
    case CMD_RESTART:
      t.kernel.shutdown("reboot: Restarting system (a restart ends the run here)");
      return NO_RETURN;
    default:
      fail(Errno.EINVAL);
  }
}
