// Discretionary access control (the classic Unix mode bits), checked against a process's
// file-system ids, and the capabilities that override it (process/caps.ts): CAP_DAC_OVERRIDE
// reads and writes anything and searches any directory, but executes only files with some
// execute bit, as on Linux; CAP_DAC_READ_SEARCH reads any file and reads and searches any
// directory; CAP_FOWNER acts as any file's owner.
import { CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, capable, type CapSets } from "../process/caps.js";
import { Errno, fail } from "../errno.js";
import { S_IFDIR, S_IFMT, type Stat } from "./types.js";

export interface Creds extends CapSets {
  uid: number;
  euid: number;
  suid: number;
  fsuid: number;
  gid: number;
  egid: number;
  sgid: number;
  fsgid: number;
  groups: number[];
}

export const MAY_EXEC = 1, MAY_WRITE = 2, MAY_READ = 4;
export const S_ISVTX = 0o1000;

/** Whether `who` (with ids `uid`/`gid`: the file-system ones, or the real ones for access(2))
 *  may access a file with `st` for `mask` (MAY_*). */
export function permits(who: Creds, st: Pick<Stat, "mode" | "uid" | "gid">, mask: number, uid = who.fsuid, gid = who.fsgid): boolean {
  let bits: number;
  if (st.uid === uid) bits = (st.mode >> 6) & 7;
  else if (st.gid === gid || who.groups.includes(st.gid)) bits = (st.mode >> 3) & 7;
  else bits = st.mode & 7;
  if ((bits & mask) === mask) return true;
  const isDir = (st.mode & S_IFMT) === S_IFDIR;
  if (capable(who, CAP_DAC_OVERRIDE) && (!(mask & MAY_EXEC) || isDir || (st.mode & 0o111) !== 0)) return true;
  return capable(who, CAP_DAC_READ_SEARCH) && (mask === MAY_READ || (isDir && (mask & MAY_WRITE) === 0));
}

/** EACCES unless `who` may access `st` for `mask`; a kernel-internal lookup (no one) may. */
export function checkPermission(who: Creds | undefined, st: Pick<Stat, "mode" | "uid" | "gid">, mask: number): void {
  if (who && !permits(who, st, mask)) fail(Errno.EACCES);
}

/** Whether `who` owns the file or may act as its owner (CAP_FOWNER): chmod, utimes with
 *  explicit times, sticky deletes. */
export function ownerOrRoot(who: Creds | undefined, st: Pick<Stat, "uid">): boolean {
  return !who || who.fsuid === st.uid || capable(who, CAP_FOWNER);
}

/** In a sticky directory (like /tmp) only the file's owner, the directory's owner or root may
 *  remove or rename an entry. */
export function checkSticky(who: Creds | undefined, dir: Pick<Stat, "mode" | "uid">, victim: Pick<Stat, "uid">): void {
  if (!who || !(dir.mode & S_ISVTX) || who.fsuid === victim.uid || who.fsuid === dir.uid || capable(who, CAP_FOWNER)) return;
  fail(Errno.EPERM);
}

/** May `who` add or remove entries of `dir` (write and search permission)? EACCES if not. */
export function checkDirWrite(who: Creds | undefined, dir: Pick<Stat, "mode" | "uid" | "gid">): void {
  checkPermission(who, dir, MAY_WRITE | MAY_EXEC);
}

/** Removing (or renaming away) `victim` from `dir`: write and search on it, then the sticky rule. */
export function checkDelete(who: Creds | undefined, dir: Pick<Stat, "mode" | "uid" | "gid">, victim: Pick<Stat, "uid">): void {
  checkDirWrite(who, dir);
  checkSticky(who, dir, victim);
}

/** A file just created by `who` in `dir` belongs to its fsuid, and to the directory's group
 *  when the directory is set-group-ID, else to its fsgid. (Root's files already are root's.) */
export function ownNewFile(who: Creds | undefined, dirStat: Pick<Stat, "mode" | "gid">, chown: ((uid: number, gid: number) => void) | undefined): void {
  if (!who || !chown) return;
  const gid = dirStat.mode & 0o2000 ? dirStat.gid : who.fsgid;
  if (who.fsuid === 0 && gid === 0) return;
  try {
    chown(who.fsuid, gid);
  } catch {
    // A host directory may refuse (the host process is not root): the host decides owners there.
  }
}
