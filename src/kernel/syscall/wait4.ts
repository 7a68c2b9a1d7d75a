import { Errno, fail, failed } from "../errno.js";
import { Pod } from "../../ostd/index.js";
import { ProcessState, type Process, type Thread } from "../process/process.js";
import { reap } from "../process/lifecycle.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, uint, ulong, writeI32, writeMem } from "./util.js";

export const WNOHANG = 1, WUNTRACED = 2, WSTOPPED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x01000000;
export const __WALL = 0x40000000, __WCLONE = 0x80000000, __WNOTHREAD = 0x20000000;

/** Children of the caller's process that `pid` selects (wait4's pid rules). */
export function selectChildren(t: Thread, pid: number): Process[] {
  const kids = t.process.children;
  if (pid > 0) return kids.filter((c) => c.pid === pid);
  if (pid === 0) return kids.filter((c) => c.pgid === t.process.pgid);
  if (pid === -1) return kids;
  return kids.filter((c) => c.pgid === -pid);
}

export interface WaitEvent {
  child: Process;
  /** wait status as wait4 stores it */
  status: number;
  kind: "exited" | "stopped" | "continued";
}

/** The first child with something to report, consuming it unless `peek`. */
export function findWaitEvent(t: Thread, children: Process[], options: number, peek: boolean): WaitEvent | null {
  for (const c of children) {
    if (c.state === ProcessState.Zombie && options & WEXITED) {
      if (!peek) reap(t.kernel, c);
      return { child: c, status: c.waitStatus, kind: "exited" };
    }
    const ev = c.stopEvent;
    if (ev?.kind === "stopped" && options & WUNTRACED && c.stopped) {
      if (!peek) c.stopEvent = null;
      return { child: c, status: (ev.sig << 8) | 0x7f, kind: "stopped" };
    }
    if (ev?.kind === "continued" && options & WCONTINUED) {
      if (!peek) c.stopEvent = null;
      return { child: c, status: 0xffff, kind: "continued" };
    }
  }
  return null;
}

/** wait4(2) */
export function sysWait4(t: Thread, a: Args): SysResult {
  const pid = int(a[0]);
  const statusPtr = ulong(a[1]);
  const options = uint(a[2]);
  if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE | __WNOTHREAD)) fail(Errno.EINVAL);
  const children = selectChildren(t, pid);
  if (children.length === 0) return failed(Errno.ECHILD);
  const ev = findWaitEvent(t, children, options | WEXITED, false);
  if (!ev) {
    if (options & WNOHANG) return 0;
    return new Block([t.process.childExit], null, "wait4");
  }
  if (statusPtr) writeI32(t, statusPtr, ev.status);
  if (ulong(a[3])) writeMem(t, ulong(a[3]), rusageOf(ev.child));
  return ev.child.pid;
}

/** struct rusage: user and system time, then 14 longs; we report user time from instructions. */
export function rusageOf(p: Process): Uint8Array {
  const r = Pod.alloc(144);
  const ns = p.threads.reduce((n, th) => n + th.instret, 0);
  r.setBigInt64(0, BigInt(Math.floor(ns / 1e9)));
  r.setBigInt64(8, BigInt(Math.floor((ns % 1e9) / 1000)));
  return r.bytes;
}
