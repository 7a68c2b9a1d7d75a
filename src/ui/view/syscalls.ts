// The system-call panel's filter. Pure.
import type { SyscallEvent } from "../../worker/api.js";

/**
 * A predicate from the panel's two fields: pids ("12" or "12,15"; empty = all) and names
 * (comma-separated; a name matches exactly, a name ending in "*" matches as a prefix, a
 * leading "!" excludes; empty = all). Null when a field does not parse.
 */
export function syscallFilter(pids: string, names: string): ((e: SyscallEvent) => boolean) | null {
  const pidList = pids.split(",").map((s) => s.trim()).filter(Boolean);
  if (pidList.some((p) => !/^\d+$/.test(p))) return null;
  const pidSet = new Set(pidList.map(Number));
  const include: string[] = [];
  const exclude: string[] = [];
  for (const raw of names.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (!/^!?[a-z0-9_]+\*?$/.test(raw)) return null;
    (raw.startsWith("!") ? exclude : include).push(raw.replace(/^!/, ""));
  }
  const match = (pattern: string, name: string) => (pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern);
  return (e) => {
    if (pidSet.size && !pidSet.has(e.pid)) return false;
    if (include.length && !include.some((p) => match(p, e.name))) return false;
    return !exclude.some((p) => match(p, e.name));
  };
}

/** `[pid] text`, with the thread when it is not the process's main one. */
export function syscallLine(e: SyscallEvent): string {
  return `[${e.pid === e.tid ? e.pid : `${e.pid}/${e.tid}`}] ${e.text}`;
}
