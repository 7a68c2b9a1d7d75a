import { Errno, fail } from "../errno.js";
import { Pod } from "../../ostd/index.js";
import { fileOf, parseAddress, parseControl, readSockaddr, sendOn } from "../net/sockio.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, uint, ulong } from "./util.js";

export const NR_SENDMSG = 211;
/** sizeof(struct msghdr) on riscv64. */
export const MSGHDR_SIZE = 56;
const UIO_MAXIOV = 1024;
const CONTROL_MAX = 0x7fffffff;

/** The (base, len) pairs of a msghdr's iovec array (too many is EMSGSIZE for sockets). */
export function msgIovecs(t: Thread, va: number, count: number): Array<[number, number]> {
  if (count > UIO_MAXIOV) fail(Errno.EMSGSIZE);
  const raw = new Pod(count ? readMem(t, va, count * 16) : new Uint8Array(0));
  const out: Array<[number, number]> = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const len = Number(raw.getBigUint64(i * 16 + 8));
    if (len > 0x7fff_f000 - total) fail(Errno.EINVAL);
    total += len;
    out.push([Number(raw.getBigUint64(i * 16)), len]);
  }
  return out;
}

/** sendmsg(2): gathered buffers, an optional destination, SCM_RIGHTS / SCM_CREDENTIALS. */
export function sysSendmsg(t: Thread, a: Args): SysResult {
  const { file, sock } = fileOf(t, int(a[0]));
  const m = new Pod(readMem(t, ulong(a[1]), MSGHDR_SIZE));
  const name = Number(m.getBigUint64(0));
  const nameLen = m.getInt32(8);
  const iov = msgIovecs(t, Number(m.getBigUint64(16)), Number(m.getBigUint64(24)));
  const controlVa = Number(m.getBigUint64(32));
  const controlLen = Number(m.getBigUint64(40));
  if (controlLen > CONTROL_MAX) fail(Errno.ENOBUFS);
  const parts = iov.map(([base, len]) => (len ? readMem(t, base, len) : new Uint8Array(0)));
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.length;
  }
  const raw = name ? readSockaddr(t, name, nameLen) : new Uint8Array(0);
  const target = raw.length ? parseAddress(sock, raw) : null;
  const control = parseControl(t, controlLen ? readMem(t, controlVa, controlLen) : new Uint8Array(0));
  return sendOn(t, NR_SENDMSG, file, sock, data, uint(a[2]), target, control);
}
