import { Errno, fail } from "../errno.js";
import { LOG_BUF_BYTES } from "../log/kmsg.js";
import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { encodeString, int, ulong, writeMem } from "./util.js";
import { CAP_SYSLOG, CAP_SYS_ADMIN, capable } from "../process/caps.js";

const CLOSE = 0, OPEN = 1, READ = 2, READ_ALL = 3, READ_CLEAR = 4, CLEAR = 5;
const CONSOLE_OFF = 6, CONSOLE_ON = 7, CONSOLE_LEVEL = 8, SIZE_UNREAD = 9, SIZE_BUFFER = 10;

/**
 * syslog(2) (glibc's klogctl; busybox dmesg): read or clear the kernel log. Root only, as
 * with Debian's kernel.dmesg_restrict=1. READ takes unread records and waits for one when
 * there are none; READ_ALL returns the newest that fit. The console level is accepted and
 * changes nothing: kernel messages reach the host terminal as diagnoses anyway.
 */
export function sysSyslog(t: Thread, a: Args): SysResult {
  const type = int(a[0]);
  const buf = ulong(a[1]);
  const len = int(a[2]);
  const log = t.kernel.log;
  if (type === CLOSE || type === OPEN || type === SIZE_BUFFER) return type === SIZE_BUFFER ? LOG_BUF_BYTES : 0;
  if (!capable(t.process.creds, CAP_SYSLOG) && !capable(t.process.creds, CAP_SYS_ADMIN)) fail(Errno.EPERM);
  const copy = (text: string) => {
    const bytes = encodeString(text);
    if (bytes.length) writeMem(t, buf, bytes);
    return bytes.length;
  };
  switch (type) {
    case READ: {
      if (!buf || len < 0) fail(Errno.EINVAL);
      if (len === 0) return 0;
      if (log.unreadBytes === 0) return new Block([log.added], null, "syslog");
      return copy(log.readUnread(len));
    }
    case READ_ALL:
    case READ_CLEAR: {
      if (!buf || len < 0) fail(Errno.EINVAL);
      const n = copy(log.readAll(len));
      if (type === READ_CLEAR) log.clear();
      return n;
    }
    case CLEAR:
      log.clear();
      return 0;
    case CONSOLE_OFF:
    case CONSOLE_ON:
      return 0;
    case CONSOLE_LEVEL:
      if (len < 1 || len > 8) fail(Errno.EINVAL);
      return 0;
    case SIZE_UNREAD:
      return log.unreadBytes;
    default:
      fail(Errno.EINVAL);
  }
}
