// devfs: the device nodes every Linux program expects in /dev.
import { Errno, fail } from "../errno.js";
import type { FileHandle, Inode } from "./types.js";
import { DeviceNode, SyntheticDir, SyntheticLink } from "./simple.js";
import type { PtyTable } from "../tty/pty.js";
import type { Tty } from "../tty/tty.js";

export interface DevfsDeps {
  randomBytes(n: number): Uint8Array;
  /** The host's terminal, or the console when the host's streams are not a terminal. */
  openConsole(flags: number): FileHandle;
  /** /dev/tty: the caller's controlling terminal. */
  openControlling(): FileHandle;
  /** /dev/ptmx: a new pseudo-terminal's master. */
  openPtmx(): FileHandle;
  ptys: PtyTable;
  /** The host's terminal, /dev/pts/0 (null when the host's streams are not a terminal). */
  hostTty: Tty | null;
}

// The memory devices (drivers/char/mem.c) accept lseek and report position 0.
function stream(read: (len: number) => Uint8Array, write: (data: Uint8Array) => number, extra: Partial<FileHandle> = {}): FileHandle {
  return { seekable: true, read: (_o, len) => read(len), write: (_o, d) => write(d), poll: () => 1 | 4, seek: () => 0, ...extra };
}

export function makeDevfs(dev: number, deps: DevfsDeps): Inode {
  // Major/minor numbers as on Linux (Documentation/admin-guide/devices.txt).
  const nodes = new Map<string, Inode>([
    ["null", new DeviceNode(dev, 1, 3, () => stream(() => new Uint8Array(0), (d) => d.length))],
    ["zero", new DeviceNode(dev, 1, 5, () => stream((n) => new Uint8Array(n), (d) => d.length, { mapsAnonymous: true }))],
    ["full", new DeviceNode(dev, 1, 7, () => stream((n) => new Uint8Array(n), () => fail(Errno.ENOSPC)))],
    ["random", new DeviceNode(dev, 1, 8, () => stream((n) => deps.randomBytes(n), (d) => d.length))],
    ["urandom", new DeviceNode(dev, 1, 9, () => stream((n) => deps.randomBytes(n), (d) => d.length))],
    // Each open is its own terminal object: the caller's controlling one, a new pty's master.
    ["tty", new DeviceNode(dev, 5, 0, () => deps.openControlling(), 0o666, true)],
    ["ptmx", new DeviceNode(dev, 5, 2, () => deps.openPtmx(), 0o666, true)],
    ["console", new DeviceNode(dev, 5, 1, (f) => deps.openConsole(f), 0o600)],
    ["stdin", new SyntheticLink(dev, () => "/proc/self/fd/0")],
    ["stdout", new SyntheticLink(dev, () => "/proc/self/fd/1")],
    ["stderr", new SyntheticLink(dev, () => "/proc/self/fd/2")],
    // (Made by udev or the init system on Linux; bash's process substitution opens /dev/fd/N.)
    ["fd", new SyntheticLink(dev, () => "/proc/self/fd")],
  ]);
  // devpts: the host's terminal as 0, then each pseudo-terminal's slave.
  const host = deps.hostTty ? new DeviceNode(dev, 136, 0, (f) => deps.openConsole(f), 0o620) : null;
  nodes.set("pts", new SyntheticDir(dev, () => {
    const m = new Map<string, Inode>();
    if (host) m.set("0", host);
    for (const [n, pty] of deps.ptys.byIndex) if (pty.masterOpen) m.set(String(n), pty.node);
    return m;
  }, 0o755));
  return new SyntheticDir(dev, () => nodes, 0o755);
}
