import { Errno, fail } from "../errno.js";
import { Pod } from "../../ostd/index.js";
import { SOL_SOCKET, fileOf } from "../net/sockio.js";
import { AF_UNIX, SOCK_STREAM } from "../net/unix.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong, writeMem } from "./util.js";
import {
  SO_ACCEPTCONN, SO_BROADCAST, SO_DOMAIN, SO_DONTROUTE, SO_ERROR, SO_KEEPALIVE, SO_LINGER, SO_PASSCRED, SO_PEERCRED,
  SO_PRIORITY, SO_PROTOCOL, SO_RCVBUF, SO_RCVTIMEO_NEW, SO_RCVTIMEO_OLD, SO_REUSEADDR, SO_REUSEPORT, SO_SNDBUF,
  SO_SNDTIMEO_NEW, SO_SNDTIMEO_OLD, SO_TYPE,
} from "./setsockopt.js";
import { IPPROTO_TCP, IPPROTO_UDP, getInetOption } from "../net/inet.js";

/** getsockopt(2): the value, cut to the caller's length, and the length written back. */
export function sysGetsockopt(t: Thread, a: Args): SysResult {
  const { sock } = fileOf(t, int(a[0]));
  const level = int(a[1]);
  const name = int(a[2]);
  const va = ulong(a[3]);
  const lenVa = ulong(a[4]);
  const room = new Pod(readMem(t, lenVa, 4)).getInt32(0);
  if (room < 0) fail(Errno.EINVAL);
  let value: Pod;
  const int32 = (v: number) => {
    const p = Pod.alloc(4);
    p.setInt32(0, v);
    return p;
  };
  if (level !== SOL_SOCKET) {
    if (sock.family === AF_UNIX) fail(Errno.EOPNOTSUPP, "unix sockets have no protocol-level options");
    return writeOption(t, va, lenVa, room, int32(getInetOption(sock, level, name)));
  }
  const timeval = (ns: number) => {
    const p = Pod.alloc(16);
    const us = Math.ceil(ns / 1000);
    p.setBigInt64(0, BigInt(Math.floor(us / 1e6)));
    p.setBigInt64(8, BigInt(us % 1e6));
    return p;
  };
  switch (name) {
    case SO_TYPE: value = int32(sock.type); break;
    case SO_DOMAIN: value = int32(sock.family); break;
    case SO_PROTOCOL: value = int32(sock.family === AF_UNIX ? 0 : sock.type === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP); break;
    case SO_ERROR:
      value = int32(sock.err);
      sock.err = 0;
      break;
    case SO_ACCEPTCONN: value = int32(sock.state === "listening" ? 1 : 0); break;
    case SO_SNDBUF: value = int32(sock.sndbuf); break;
    case SO_RCVBUF: value = int32(sock.rcvbuf); break;
    case SO_REUSEADDR: value = int32(+sock.reuseaddr); break;
    case SO_REUSEPORT: value = int32(+sock.reuseport); break;
    case SO_KEEPALIVE: value = int32(+sock.keepalive); break;
    case SO_BROADCAST: value = int32(+sock.broadcast); break;
    case SO_DONTROUTE: value = int32(+sock.dontroute); break;
    case SO_PASSCRED: value = int32(+sock.passcred); break;
    case SO_PRIORITY: value = int32(sock.priority); break;
    case SO_LINGER:
      value = Pod.alloc(8);
      value.setInt32(0, sock.linger.on);
      value.setInt32(4, sock.linger.secs);
      break;
    case SO_RCVTIMEO_OLD:
    case SO_RCVTIMEO_NEW:
      value = timeval(sock.rcvtimeoNs);
      break;
    case SO_SNDTIMEO_OLD:
    case SO_SNDTIMEO_NEW:
      value = timeval(sock.sndtimeoNs);
      break;
    case SO_PEERCRED: {
      // Unconnected: no pid, and the overflow ids.
      const c = sock.peerCred ?? { pid: 0, uid: 0xffffffff, gid: 0xffffffff };
      value = Pod.alloc(12);
      value.setInt32(0, c.pid);
      value.setUint32(4, c.uid);
      value.setUint32(8, c.gid);
      break;
    }
    default:
      fail(Errno.ENOPROTOOPT, `socket option ${name} is not supported`);
  }
  return writeOption(t, va, lenVa, room, value);
}

/** The value, cut to the caller's `room`, and its length written back. */
function writeOption(t: Thread, va: number, lenVa: number, room: number, value: Pod): SysResult {
  const n = Math.min(room, value.bytes.length);
  if (n) writeMem(t, va, value.bytes.subarray(0, n));
  const out = Pod.alloc(4);
  out.setInt32(0, n);
  writeMem(t, lenVa, out.bytes);
  return 0;
}
