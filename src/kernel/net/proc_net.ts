// /proc/net: the socket tables netstat and ss read (tcp, tcp6, udp, udp6, unix), in Linux's
// formats, and the one interface there is (dev and if_inet6: lo). Sockets are found through the processes'
// descriptor tables, each listed once.
import type { Kernel } from "../kernel.js";
import { SocketHandle, SOCK_DGRAM, SOCK_STREAM, unixNamespace, type UnixSocket } from "./unix.js";
import { AF_INET, AF_INET6, isV4, type InetAddress } from "./inet.js";

/** Every socket some process has open, each once, oldest first. */
function openSockets(kernel: Kernel): UnixSocket[] {
  const seen = new Set<UnixSocket>();
  for (const p of kernel.processes.values()) {
    for (const [, f] of p.fds.list()) if (f.handle instanceof SocketHandle && !f.handle.sock.dead) seen.add(f.handle.sock);
  }
  return [...seen].sort((a, b) => a.ino - b.ino);
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, "0");

/** An address as /proc/net/tcp writes it: the IP as host-order (little-endian) 32-bit words. */
function address(a: InetAddress | null, v6: boolean): string {
  const ip = a?.ip ?? new Uint8Array(16);
  const port = a?.port ?? 0;
  const word = (o: number) => hex((ip[o] | (ip[o + 1] << 8) | (ip[o + 2] << 16) | (ip[o + 3] << 24)) >>> 0, 8);
  const host = v6 ? word(0) + word(4) + word(8) + word(12) : word(12);
  return `${host}:${hex(port, 4)}`;
}

/** The other end's address, as the socket itself would report it. */
function remote(s: UnixSocket): InetAddress | null {
  return s.peer?.local ?? s.dest;
}

// tcp_states.h
const TCP_ESTABLISHED = 1, TCP_CLOSE = 7, TCP_LISTEN = 10;

function table(kernel: Kernel, type: number, v6: boolean): string {
  const family = v6 ? AF_INET6 : AF_INET;
  const head = v6
    ? "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    : "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
  const rows: string[] = [];
  for (const s of openSockets(kernel)) {
    if (s.family !== family || s.type !== type) continue;
    // An AF_INET6 socket with an IPv4 address shows in the v6 table, as Linux lists it.
    if (!v6 && s.local && !isV4(s.local.ip)) continue;
    const st = s.state === "listening" ? TCP_LISTEN : s.state === "connected" ? TCP_ESTABLISHED : TCP_CLOSE;
    const queues = `${hex(Math.max(0, s.inflight), 8)}:${hex(s.readable(), 8)}`;
    rows.push(`${String(rows.length).padStart(4)}: ${address(s.local, v6)} ${address(remote(s), v6)} ${hex(st, 2)} ${queues} 00:00000000 00000000 ${String(s.cred.uid).padStart(5)}        0 ${s.ino} 1 0000000000000000 100 0 0 10 0`);
  }
  return head + rows.map((r) => r + "\n").join("");
}

export const procNetTcp = (kernel: Kernel) => table(kernel, SOCK_STREAM, false);
export const procNetTcp6 = (kernel: Kernel) => table(kernel, SOCK_STREAM, true);
export const procNetUdp = (kernel: Kernel) => table(kernel, SOCK_DGRAM, false);
export const procNetUdp6 = (kernel: Kernel) => table(kernel, SOCK_DGRAM, true);

// Flags and states of /proc/net/unix (__SO_ACCEPTCON, SS_UNCONNECTED / SS_CONNECTED).
const SO_ACCEPTCON = 0x10000, SS_UNCONNECTED = 1, SS_CONNECTED = 3;

export function procNetUnix(kernel: Kernel): string {
  let out = "Num       RefCount Protocol Flags    Type St Inode Path\n";
  for (const s of openSockets(kernel)) {
    if (s.family !== AF_INET && s.family !== AF_INET6) {
      const flags = s.state === "listening" ? SO_ACCEPTCON : 0;
      const st = s.state === "connected" ? SS_CONNECTED : SS_UNCONNECTED;
      const addr = s.addr;
      let path = "";
      if (addr && addr.length > 2) {
        const name = addr.subarray(2);
        path = name[0] === 0 ? "@" + new TextDecoder().decode(name.subarray(1)) : new TextDecoder().decode(name.subarray(0, name.indexOf(0) < 0 ? name.length : name.indexOf(0)));
      }
      out += `${hex(0, 16)}: 00000002 00000000 ${hex(flags, 8)} ${hex(s.type, 4)} ${hex(st, 2)} ${s.ino}${path ? " " + path : ""}\n`;
    }
  }
  return out;
}

/** The loopback interface: what internet sockets sent over it (each send of a stream's
 *  bytes one packet), received as sent. */
export function procNetDev(kernel: Kernel): string {
  const ns = unixNamespace(kernel);
  const n = (v: number, w: number) => String(v).padStart(w);
  const side = `${n(ns.loBytes, 8)} ${n(ns.loPackets, 7)}    0    0    0`;
  return "Inter-|   Receive                                                |  Transmit\n" +
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n" +
    `    lo:${side}     0          0         0 ${side}     0       0          0\n`;
}
