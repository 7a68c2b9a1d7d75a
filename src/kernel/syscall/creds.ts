// Credentials. Everything starts as root, but set*id calls change the ids a process reports,
// consistently across getuid/geteuid/getresuid, and only a process with CAP_SETUID
// (CAP_SETGID) may set arbitrary ids. The file-system ids follow the effective ones unless
// setfsuid/setfsgid moved them. Changing the user ids changes the capability sets as on Linux
// (process/caps.ts afterIdChange).
import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import { CAP_SETGID, CAP_SETUID, afterIdChange, capable } from "../process/caps.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong, writeI32, writeMem } from "./util.js";

function set3(cur: [number, number, number], r: number, e: number, s: number, privileged: boolean): [number, number, number] {
  const ok = (v: number) => v === -1 || privileged || cur.includes(v);
  if (!ok(r) || !ok(e) || !ok(s)) fail(Errno.EPERM);
  return [r === -1 ? cur[0] : r, e === -1 ? cur[1] : e, s === -1 ? cur[2] : s];
}

/** setresuid(2) */
export function sysSetresuid(t: Thread, a: Args): SysResult {
  const c = t.process.creds;
  const old = { ...c };
  [c.uid, c.euid, c.suid] = set3([c.uid, c.euid, c.suid], int(a[0]), int(a[1]), int(a[2]), capable(c, CAP_SETUID));
  c.fsuid = c.euid;
  afterIdChange(c, old);
  return 0;
}
/** setresgid(2) */
export function sysSetresgid(t: Thread, a: Args): SysResult {
  const c = t.process.creds;
  [c.gid, c.egid, c.sgid] = set3([c.gid, c.egid, c.sgid], int(a[0]), int(a[1]), int(a[2]), capable(c, CAP_SETGID));
  c.fsgid = c.egid;
  return 0;
}
/** setuid(2): with CAP_SETUID all three ids; otherwise only the effective one. */
export function sysSetuid(t: Thread, a: Args): SysResult {
  const c = t.process.creds;
  const old = { ...c };
  const id = int(a[0]);
  if (capable(c, CAP_SETUID)) c.uid = c.euid = c.suid = id;
  else [c.uid, c.euid, c.suid] = set3([c.uid, c.euid, c.suid], -1, id, -1, false);
  c.fsuid = c.euid;
  afterIdChange(c, old);
  return 0;
}
/** setgid(2) */
export function sysSetgid(t: Thread, a: Args): SysResult {
  const c = t.process.creds;
  const id = int(a[0]);
  if (capable(c, CAP_SETGID)) c.gid = c.egid = c.sgid = id;
  else [c.gid, c.egid, c.sgid] = set3([c.gid, c.egid, c.sgid], -1, id, -1, false);
  c.fsgid = c.egid;
  return 0;
}
/** setfsuid(2): returns the old file-system uid; with CAP_SETUID any may be set, otherwise
 *  one of the real, effective, saved or current file-system uids. (uid_t)-1 only asks.
 *  Never fails. */
export function sysSetfsuid(t: Thread, a: Args): SysResult {
  const c = t.process.creds;
  const old = { ...c };
  const id = int(a[0]);
  if (id !== -1 && (capable(c, CAP_SETUID) || [c.uid, c.euid, c.suid, c.fsuid].includes(id))) c.fsuid = id;
  afterIdChange(c, old);
  return old.fsuid;
}
/** setfsgid(2): as setfsuid, for the group. */
export function sysSetfsgid(t: Thread, a: Args): SysResult {
  const c = t.process.creds;
  const old = c.fsgid;
  const id = int(a[0]);
  if (id !== -1 && (capable(c, CAP_SETGID) || [c.gid, c.egid, c.sgid, c.fsgid].includes(id))) c.fsgid = id;
  return old;
}
/** setreuid(2) */
export function sysSetreuid(t: Thread, a: Args): SysResult {
  return sysSetresuid(t, [a[0], a[1], -1n, 0n, 0n, 0n]);
}
/** setregid(2) */
export function sysSetregid(t: Thread, a: Args): SysResult {
  return sysSetresgid(t, [a[0], a[1], -1n, 0n, 0n, 0n]);
}
function get3(t: Thread, a: Args, v: [number, number, number]): SysResult {
  v.forEach((x, i) => writeI32(t, ulong(a[i]), x));
  return 0;
}
/** getresuid(2) */
export const sysGetresuid = (t: Thread, a: Args): SysResult => get3(t, a, [t.process.creds.uid, t.process.creds.euid, t.process.creds.suid]);
/** getresgid(2) */
export const sysGetresgid = (t: Thread, a: Args): SysResult => get3(t, a, [t.process.creds.gid, t.process.creds.egid, t.process.creds.sgid]);
/** getuid(2) */
export const sysGetuid = (t: Thread): SysResult => t.process.creds.uid;
/** geteuid(2) */
export const sysGeteuid = (t: Thread): SysResult => t.process.creds.euid;
/** getgid(2) */
export const sysGetgid = (t: Thread): SysResult => t.process.creds.gid;
/** getegid(2) */
export const sysGetegid = (t: Thread): SysResult => t.process.creds.egid;
/** getgroups(2): root belongs to group 0 only. */
export function sysGetgroups(t: Thread, a: Args): SysResult {
  const n = int(a[0]);
  if (n < 0) fail(Errno.EINVAL);
  const groups = t.process.creds.groups;
  if (n === 0) return groups.length;
  if (n < groups.length) fail(Errno.EINVAL);
  const b = new Uint8Array(groups.length * 4);
  groups.forEach((g, i) => {
    b[i * 4] = g & 0xff;
    b[i * 4 + 1] = (g >> 8) & 0xff;
    b[i * 4 + 2] = (g >> 16) & 0xff;
    b[i * 4 + 3] = (g >>> 24) & 0xff;
  });
  writeMem(t, ulong(a[1]), b);
  return groups.length;
}
/** setgroups(2) */
export function sysSetgroups(t: Thread, a: Args): SysResult {
  const n = int(a[0]);
  if (n < 0 || n > 65536) fail(Errno.EINVAL);
  if (!capable(t.process.creds, CAP_SETGID)) fail(Errno.EPERM);
  const groups: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = t.process.mem.vm.readU32(ulong(a[1]) + i * 4);
    if (typeof r !== "number") fail(Errno.EFAULT);
    groups.push(r);
  }
  t.process.creds.groups = groups;
  return 0;
}
