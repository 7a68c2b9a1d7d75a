// The process panel's view model: the process table as a tree, and words for states. Pure.
import type { ProcessInfo } from "../../worker/api.js";

export interface TreeRow {
  p: ProcessInfo;
  depth: number;
}

/** Processes depth-first under their parents (by pid); orphans of a missing parent are roots. */
export function processTree(list: ProcessInfo[]): TreeRow[] {
  const byPid = new Map(list.map((p) => [p.pid, p]));
  const children = new Map<number, ProcessInfo[]>();
  const roots: ProcessInfo[] = [];
  for (const p of [...list].sort((a, b) => a.pid - b.pid)) {
    if (p.ppid !== p.pid && byPid.has(p.ppid)) {
      const c = children.get(p.ppid) ?? [];
      c.push(p);
      children.set(p.ppid, c);
    } else {
      roots.push(p);
    }
  }
  const out: TreeRow[] = [];
  const visit = (p: ProcessInfo, depth: number) => {
    out.push({ p, depth });
    for (const c of children.get(p.pid) ?? []) visit(c, depth + 1);
  };
  for (const r of roots) visit(r, 0);
  return out;
}

/** "running", "sleeping (read)", "stopped", "zombie". */
export function describeState(p: ProcessInfo): string {
  switch (p.state) {
    case "R": return "running";
    case "S": return p.waitingOn ? `sleeping (${p.waitingOn})` : "sleeping";
    case "T": return "stopped";
    case "Z": return "zombie";
  }
}

/** The command line, or [comm] when it has none (a zombie's). */
export function commandLine(p: ProcessInfo): string {
  return p.argv.length ? p.argv.join(" ") : `[${p.comm}]`;
}

/** The signals the panel offers, most useful first. */
export const SIGNALS: Array<[number, string]> = [
  [2, "SIGINT"], [15, "SIGTERM"], [9, "SIGKILL"], [19, "SIGSTOP"], [18, "SIGCONT"], [20, "SIGTSTP"],
  [1, "SIGHUP"], [3, "SIGQUIT"], [10, "SIGUSR1"], [12, "SIGUSR2"], [14, "SIGALRM"], [28, "SIGWINCH"],
];
