import { Errno, fail } from "../errno.js";
import { WouldBlock } from "../fs/types.js";
import { bindSocket, connectInet, fileOf, findSocket, readSockaddr, waitOrFail } from "../net/sockio.js";
import { AF_UNIX, AF_UNSPEC, SOCK_DGRAM, parseUnixAddress } from "../net/unix.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong } from "./util.js";

/**
 * connect(2). A stream or seqpacket socket joins a listener's accept queue and is connected at
 * once (it waits only while that queue is full: EAGAIN when nonblocking). A datagram socket
 * sets its default destination; AF_UNSPEC clears it.
 */
export function sysConnect(t: Thread, a: Args): SysResult {
  const { file, sock } = fileOf(t, int(a[0]));
  const raw = readSockaddr(t, ulong(a[1]), int(a[2]));
  if (sock.family !== AF_UNIX) return connectInet(t, file, sock, raw);
  if (sock.type === SOCK_DGRAM) {
    if (raw.length < 2) fail(Errno.EINVAL);
    if ((raw[0] | (raw[1] << 8)) === AF_UNSPEC) {
      sock.connectDgram(null);
      return 0;
    }
    const target = findSocket(t, parseUnixAddress(raw, false), sock.type);
    if (sock.passcred && !sock.addr) bindSocket(t, sock, { kind: "autobind" });
    sock.connectDgram(target);
    return 0;
  }
  const listener = findSocket(t, parseUnixAddress(raw, false), sock.type);
  if (sock.passcred && !sock.addr) bindSocket(t, sock, { kind: "autobind" });
  const r = sock.connectTo(listener);
  // A full accept queue: wait for room (SO_SNDTIMEO bounds the wait, as on Linux).
  if (r instanceof WouldBlock) return waitOrFail(t, 203, file, sock.sndtimeoNs, r);
  return 0;
}
