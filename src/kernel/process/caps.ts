// Capabilities (capabilities(7)): root's privileges, split into bits a process can hold or
// drop. Every privileged check asks `capable`, not whether a uid is 0. A process's sets live
// in its credentials; the rules that keep them in step with the user ids (setuid and
// friends, execve) are here. Ambient capabilities, file capabilities and securebits are not
// supported: PR_CAP_AMBIENT and PR_SET_SECUREBITS are EINVAL.
import type { Creds } from "../fs/permission.js";
import type { Process } from "./process.js";

export const CAP_CHOWN = 0, CAP_DAC_OVERRIDE = 1, CAP_DAC_READ_SEARCH = 2, CAP_FOWNER = 3, CAP_FSETID = 4;
export const CAP_KILL = 5, CAP_SETGID = 6, CAP_SETUID = 7, CAP_SETPCAP = 8, CAP_LINUX_IMMUTABLE = 9;
export const CAP_NET_BIND_SERVICE = 10, CAP_NET_ADMIN = 12, CAP_NET_RAW = 13, CAP_IPC_OWNER = 15;
export const CAP_SYS_CHROOT = 18, CAP_SYS_PTRACE = 19, CAP_SYS_ADMIN = 21, CAP_SYS_BOOT = 22, CAP_SYS_NICE = 23;
export const CAP_SYS_RESOURCE = 24, CAP_SYS_TIME = 25, CAP_MKNOD = 27, CAP_MAC_OVERRIDE = 32, CAP_SYSLOG = 34;
/** The highest capability number Linux 6.x knows (CAP_CHECKPOINT_RESTORE). */
export const CAP_LAST_CAP = 40;
/** Every capability: root's sets, and the bounding set nothing has dropped from. */
export const CAP_FULL = (1n << BigInt(CAP_LAST_CAP + 1)) - 1n;

/** The capabilities that follow the file-system uid (CAP_FS_MASK): dropped from the effective
 *  set when fsuid leaves 0, given back from the permitted set when it returns. */
const CAP_FS_MASK = bit(CAP_CHOWN) | bit(CAP_DAC_OVERRIDE) | bit(CAP_DAC_READ_SEARCH) | bit(CAP_FOWNER) |
  bit(CAP_FSETID) | bit(CAP_LINUX_IMMUTABLE) | bit(CAP_MKNOD) | bit(CAP_MAC_OVERRIDE);

export function bit(cap: number): bigint {
  return 1n << BigInt(cap);
}

/** A process's capability sets (part of its credentials). */
export interface CapSets {
  capEff: bigint;
  capPrm: bigint;
  capInh: bigint;
  /** The bounding set: what execve may give (PR_CAPBSET_DROP takes from it). */
  capBnd: bigint;
  /** PR_SET_KEEPCAPS: the permitted set survives leaving uid 0. */
  keepCaps: boolean;
}

/** Root's sets, as the first process starts with. */
export function rootCaps(): CapSets {
  return { capEff: CAP_FULL, capPrm: CAP_FULL, capInh: 0n, capBnd: CAP_FULL, keepCaps: false };
}

/** Whether `who` has `cap` in its effective set (a kernel-internal caller, none, has all). */
export function capable(who: Creds | undefined, cap: number): boolean {
  return !who || (who.capEff & bit(cap)) !== 0n;
}

/**
 * The sets after a set*id call changed the ids from `old` (capabilities(7), "Effect of user
 * ID changes on capabilities"): leaving uid 0 in all of real, effective and saved clears the
 * permitted and effective sets (unless keepcaps); an effective uid leaving 0 clears the
 * effective set, one returning to 0 gets the permitted set; the file-system uid moves the
 * file-system capabilities the same way.
 */
export function afterIdChange(c: Creds, old: { uid: number; euid: number; suid: number; fsuid: number }): void {
  const wasRoot = old.uid === 0 || old.euid === 0 || old.suid === 0;
  const isRoot = c.uid === 0 || c.euid === 0 || c.suid === 0;
  if (wasRoot && !isRoot && !c.keepCaps) {
    c.capPrm = 0n;
    c.capEff = 0n;
  }
  if (old.euid === 0 && c.euid !== 0) c.capEff = 0n;
  if (old.euid !== 0 && c.euid === 0) c.capEff = c.capPrm;
  if (old.fsuid === 0 && c.fsuid !== 0) c.capEff &= ~CAP_FS_MASK;
  if (old.fsuid !== 0 && c.fsuid === 0) c.capEff |= c.capPrm & CAP_FS_MASK;
}

/** The sets a process gets from execve of a file without file capabilities: a real or
 *  effective uid of 0 gets the whole bounding set as permitted (effective too when the
 *  effective uid is 0); anyone else none. The inheritable set stays; keepcaps is cleared. */
export function afterExec(c: Creds): void {
  if (c.uid === 0 || c.euid === 0) {
    c.capPrm = c.capBnd | c.capInh;
    c.capEff = c.euid === 0 ? c.capPrm : 0n;
  } else {
    c.capPrm = 0n;
    c.capEff = 0n;
  }
  c.keepCaps = false;
}

const SIGCONT = 18;

/** May `sender` signal `target` (kill(2) "Permissions")? With CAP_KILL, or when the sender's
 *  real or effective uid is the target's real or saved uid; SIGCONT also within a session. */
export function mayKill(sender: Process, target: Process, sig: number): boolean {
  const c = sender.creds, tc = target.creds;
  if (c.euid === tc.suid || c.euid === tc.uid || c.uid === tc.suid || c.uid === tc.uid) return true;
  if (capable(c, CAP_KILL)) return true;
  return sig === SIGCONT && sender.sid === target.sid;
}
