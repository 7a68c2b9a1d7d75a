// The credential getters. Everything runs as root (uid 0, gid 0); the calls exist so programs
// see consistent credentials.
import type { SysResult } from "./types.js";

/** getuid(2) */
export const sysGetuid = (): SysResult => 0;
/** geteuid(2) */
export const sysGeteuid = (): SysResult => 0;
/** getgid(2) */
export const sysGetgid = (): SysResult => 0;
/** getegid(2) */
export const sysGetegid = (): SysResult => 0;
