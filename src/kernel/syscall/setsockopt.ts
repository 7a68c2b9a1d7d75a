import { Errno, fail } from "../errno.js";
import { Pod } from "../../ostd/index.js";
import { SOL_SOCKET, fileOf } from "../net/sockio.js";
import { MAX_BUF, MIN_RCVBUF, MIN_SNDBUF } from "../net/unix.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong } from "./util.js";
import { CAP_NET_ADMIN, capable } from "../process/caps.js";
import { setInetOption } from "../net/inet.js";
import { AF_UNIX } from "../net/unix.js";

// SOL_SOCKET option names (include/uapi/asm-generic/socket.h, which riscv64 uses).
export const SO_REUSEADDR = 2, SO_TYPE = 3, SO_ERROR = 4, SO_DONTROUTE = 5, SO_BROADCAST = 6;
export const SO_SNDBUF = 7, SO_RCVBUF = 8, SO_KEEPALIVE = 9, SO_PRIORITY = 12, SO_LINGER = 13;
export const SO_REUSEPORT = 15, SO_PASSCRED = 16, SO_PEERCRED = 17, SO_RCVTIMEO_OLD = 20, SO_SNDTIMEO_OLD = 21;
export const SO_ACCEPTCONN = 30, SO_PROTOCOL = 38, SO_DOMAIN = 39, SO_RCVTIMEO_NEW = 66, SO_SNDTIMEO_NEW = 67;

/** A struct timeval option value (SO_RCVTIMEO / SO_SNDTIMEO) in ns; 0 means no timeout. */
function timeoutNs(p: Pod): number {
  const sec = p.getBigInt64(0);
  const usec = p.getBigInt64(8);
  if (usec < 0n || usec >= 1_000_000n) fail(Errno.EDOM);
  if (sec < 0n) return 0;
  return Number(sec) * 1e9 + Number(usec) * 1000;
}

/**
 * setsockopt(2). SOL_SOCKET options a unix socket acts on or keeps (buffer sizes, SO_PASSCRED,
 * timeouts, and flags that Linux also only records for AF_UNIX); any other name is ENOPROTOOPT,
 * and other levels EOPNOTSUPP (unix sockets have no protocol options).
 */
export function sysSetsockopt(t: Thread, a: Args): SysResult {
  const { sock } = fileOf(t, int(a[0]));
  const level = int(a[1]);
  const name = int(a[2]);
  const va = ulong(a[3]);
  const len = int(a[4]);
  if (len < 0) fail(Errno.EINVAL);
  if (level !== SOL_SOCKET) {
    if (sock.family === AF_UNIX) fail(Errno.EOPNOTSUPP, "unix sockets have no protocol-level options");
    if (len < 4) fail(Errno.EINVAL);
    setInetOption(sock, level, name, new Pod(readMem(t, va, 4)).getInt32(0));
    return 0;
  }
  const intValue = (): number => {
    if (len < 4) fail(Errno.EINVAL);
    return new Pod(readMem(t, va, 4)).getInt32(0);
  };
  const flag = () => intValue() !== 0;
  // Buffer sizes: clamped to the maximum, doubled for bookkeeping, at least the minimum.
  const bufSize = (min: number) => Math.max(Math.min(intValue() >>> 0, MAX_BUF) * 2, min);
  switch (name) {
    case SO_REUSEADDR: sock.reuseaddr = flag(); return 0;
    case SO_REUSEPORT: sock.reuseport = flag(); return 0;
    case SO_KEEPALIVE: sock.keepalive = flag(); return 0;
    case SO_BROADCAST: sock.broadcast = flag(); return 0;
    case SO_DONTROUTE: sock.dontroute = flag(); return 0;
    case SO_PASSCRED: sock.passcred = flag(); return 0;
    case SO_PRIORITY: {
      const v = intValue();
      // Priorities above 6 take CAP_NET_ADMIN, which only root has here.
      if ((v < 0 || v > 6) && !capable(t.process.creds, CAP_NET_ADMIN)) fail(Errno.EPERM);
      sock.priority = v;
      return 0;
    }
    case SO_SNDBUF:
      sock.sndbuf = bufSize(MIN_SNDBUF);
      sock.wq.wakeAll();
      return 0;
    case SO_RCVBUF:
      sock.rcvbuf = bufSize(MIN_RCVBUF);
      return 0;
    case SO_LINGER: {
      if (len < 8) fail(Errno.EINVAL);
      const p = new Pod(readMem(t, va, 8));
      sock.linger = { on: p.getInt32(0), secs: p.getInt32(4) };
      return 0;
    }
    case SO_RCVTIMEO_OLD:
    case SO_RCVTIMEO_NEW:
    case SO_SNDTIMEO_OLD:
    case SO_SNDTIMEO_NEW: {
      if (len < 16) fail(Errno.EINVAL);
      const ns = timeoutNs(new Pod(readMem(t, va, 16)));
      if (name === SO_RCVTIMEO_OLD || name === SO_RCVTIMEO_NEW) sock.rcvtimeoNs = ns;
      else sock.sndtimeoNs = ns;
      return 0;
    }
    default:
      fail(Errno.ENOPROTOOPT, `socket option ${name} is not supported`);
  }
}
