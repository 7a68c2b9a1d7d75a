// procfs: live views of the kernel's processes and of the machine.
import type { Inode } from "./types.js";
import { GeneratedFile, SyntheticDir, SyntheticLink } from "./simple.js";
import type { Kernel } from "../kernel.js";
import type { Process } from "../process/process.js";

function processDir(dev: number, kernel: Kernel, proc: Process): Inode {
  const entries = new Map<string, Inode>([
    ["exe", new SyntheticLink(dev, () => proc.exePath)],
    ["cwd", new SyntheticLink(dev, () => proc.cwd.path)],
    ["cmdline", new GeneratedFile(dev, () => proc.argv.map((a) => a + "\0").join(""))],
    ["comm", new GeneratedFile(dev, () => proc.comm + "\n")],
    ["maps", new GeneratedFile(dev, () => proc.mem.maps())],
    ["fd", new SyntheticDir(dev, () => new Map(proc.fds.list().map(([fd, f]) => [String(fd), new SyntheticLink(dev, () => f.path)])))],
  ]);
  return new SyntheticDir(dev, () => entries);
}

export function makeProcfs(dev: number, kernel: Kernel): Inode {
  const machine = kernel.machine;
  const fixed = new Map<string, Inode>([
    ["self", new SyntheticLink(dev, () => String(kernel.currentPid()))],
    ["uptime", new GeneratedFile(dev, () => {
      const s = machine.clock.now() / 1e9;
      return `${s.toFixed(2)} 0.00\n`;
    })],
    ["meminfo", new GeneratedFile(dev, () => {
      const kb = (frames: number) => String(frames * 4).padStart(8);
      return `MemTotal:       ${kb(machine.frames.total)} kB\nMemFree:        ${kb(machine.frames.free)} kB\nMemAvailable:   ${kb(machine.frames.free)} kB\n`;
    })],
    ["cpuinfo", new GeneratedFile(dev, () => "processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n\n")],
    ["mounts", new GeneratedFile(dev, () => kernel.vfs.mountPoints().map((p) => `none ${p} ${p === "/" ? "tmpfs" : p === "/proc" ? "proc" : p === "/dev" ? "devtmpfs" : "hostfs"} rw 0 0\n`).join(""))],
  ]);
  const dirs = new Map<number, Inode>();
  return new SyntheticDir(dev, () => {
    const m = new Map(fixed);
    for (const [pid, proc] of kernel.processes) {
      if (!dirs.has(pid)) dirs.set(pid, processDir(dev, kernel, proc));
      m.set(String(pid), dirs.get(pid)!);
    }
    for (const pid of dirs.keys()) if (!kernel.processes.has(pid)) dirs.delete(pid);
    return m;
  });
}
