// Snapshots of the running kernel for the panels: processes, mappings, page walks, a
// thread's registers and code. Read-only: nothing here changes what the guest sees.
import { PAGE_SIZE, Prot, TaskState, type Pfn } from "../ostd/index.js";
import { peekUser, walkSv39 } from "../ostd/debug/index.js";
import type { Kernel } from "../kernel/kernel.js";
import { ProcessState, type Process, type Thread } from "../kernel/process/process.js";
import { stateLetter } from "../kernel/fs/procfs.js";
import { vmaName } from "../kernel/mm/vma.js";
import type { CpuView, Mapping, PageWalk, ProcessInfo, ThreadInfo } from "./api.js";

/** Bytes of code sent around pc (before and after) for the disassembly. */
export const CODE_BEFORE = 64;
export const CODE_AFTER = 96;

function threadInfo(t: Thread): ThreadInfo {
  const s = t.task.state;
  return {
    tid: t.tid,
    state: s === TaskState.Runnable ? "runnable" : s === TaskState.Sleeping ? "sleeping" : "exited",
    waitingOn: t.task.waitingOn,
    instret: t.instret,
    pc: t.ctx.pc,
  };
}

export function processList(kernel: Kernel): ProcessInfo[] {
  const fg = kernel.tty?.fgPgrp ?? -1;
  return [...kernel.processes.values()].map((p) => {
    const live = p.state !== ProcessState.Zombie;
    const main = p.threads[0];
    return {
      pid: p.pid,
      ppid: p.parent?.pid ?? 0,
      pgid: p.pgid,
      sid: p.sid,
      state: stateLetter(p) as ProcessInfo["state"],
      waitingOn: live && main && main.task.state === TaskState.Sleeping ? main.task.waitingOn : "",
      comm: p.comm,
      argv: [...p.argv],
      instret: p.threads.reduce((n, t) => n + t.instret, 0),
      residentPages: live ? p.mem.vm.residentPages() : 0,
      threads: p.threads.map(threadInfo),
      foreground: p.pgid === fg,
    };
  });
}

function liveProcess(kernel: Kernel, pid: number): Process | null {
  const p = kernel.processes.get(pid);
  return p && p.state !== ProcessState.Zombie ? p : null;
}

function perms(prot: number, shared: boolean): string {
  return `${prot & Prot.Read ? "r" : "-"}${prot & Prot.Write ? "w" : "-"}${prot & Prot.Exec ? "x" : "-"}${shared ? "s" : "p"}`;
}

export function mappings(kernel: Kernel, pid: number): Mapping[] | null {
  const p = liveProcess(kernel, pid);
  if (!p) return null;
  const frames = kernel.machine.frames;
  return p.mem.vmas.map((v) => {
    const m: Mapping = {
      start: BigInt(v.start), end: BigInt(v.end), perms: perms(v.prot, v.shared), offset: v.fileOffset ?? 0,
      name: vmaName(v), resident: 0, shared: 0, cow: 0, dirty: 0,
    };
    p.mem.vm.forEachPage(v.start, v.end, (_va, info) => {
      m.resident++;
      if (info.dirty) m.dirty++;
      // Another mapping holds the frame too: a private writable area copies it on the first
      // write (copy-on-write after fork); anything else just shares it (MAP_SHARED, or code
      // and read-only data shared between processes running the same program).
      if (frames.refCount(info.pfn) > 1) {
        if (!v.shared && v.prot & Prot.Write) m.cow++;
        else m.shared++;
      }
    });
    return m;
  });
}

export function pageWalk(kernel: Kernel, pid: number, va: bigint): PageWalk | null {
  const p = liveProcess(kernel, pid);
  if (!p) return null;
  const w = walkSv39(p.mem.vm, va);
  const frameRefs = w.leaf && !w.fault ? kernel.machine.frames.refCount(w.leaf.pfn as Pfn) : null;
  return { ...w, frameRefs };
}

export function cpuState(kernel: Kernel, pid: number): CpuView | null {
  const p = liveProcess(kernel, pid);
  const t = p?.threads.find((th) => th.task.state !== TaskState.Exited);
  if (!p || !t) return null;
  const ctx = t.ctx;
  const pc = ctx.pc;
  // Code from the start of the window, clipped to pc's page when the page before is unmapped.
  let base = pc >= BigInt(CODE_BEFORE) ? pc - BigInt(CODE_BEFORE) : 0n;
  let code = peekUser(kernel.machine, p.mem.vm, Number(base), CODE_BEFORE + CODE_AFTER);
  if (code.length <= Number(pc - base)) {
    const pageStart = pc - (pc % BigInt(PAGE_SIZE));
    base = pageStart > base ? pageStart : base;
    code = peekUser(kernel.machine, p.mem.vm, Number(base), Number(pc - base) + CODE_AFTER);
  }
  const info = threadInfo(t);
  return {
    pid, tid: t.tid, threadState: info.state, waitingOn: info.waitingOn,
    x: Array.from({ length: 32 }, (_, i) => ctx.reg(i)),
    f: Array.from({ length: 32 }, (_, i) => ctx.freg(i)),
    pc, fcsr: ctx.fcsr, codeBase: base, code, instret: t.instret,
  };
}
