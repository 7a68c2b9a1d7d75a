// A small sysfs: what programs commonly probe (CPU topology, kernel parameters).
import type { Inode } from "./types.js";
import { GeneratedFile, SyntheticDir } from "./simple.js";
import type { Kernel } from "../kernel.js";

export function makeSysfs(dev: number, kernel: Kernel): Inode {
  const dir = (entries: Array<[string, Inode]>) => {
    const m = new Map(entries);
    return new SyntheticDir(dev, () => m, 0o755);
  };
  const file = (text: () => string) => new GeneratedFile(dev, text);
  const cpu0 = dir([["online", file(() => "1\n")]]);
  return dir([
    ["devices", dir([["system", dir([["cpu", dir([
      ["cpu0", cpu0], ["online", file(() => "0\n")], ["possible", file(() => "0\n")], ["present", file(() => "0\n")],
    ])]])]])],
    ["kernel", dir([["mm", dir([])], ["hostname", file(() => kernel.hostname + "\n")]])],
    ["fs", dir([["cgroup", dir([])]])],
    ["class", dir([["tty", dir([])]])],
  ]);
}
