// Synthetic inodes for devfs and procfs: directories whose entries are computed, files whose
// contents are generated on open, symlinks whose targets are computed, and device nodes.
import { Errno, fail } from "../errno.js";
import { S_IFCHR, S_IFDIR, S_IFLNK, S_IFREG, dtypeOf, type DirEntry, type FileHandle, type Inode, type Stat } from "./types.js";
import { registerCounter, recipe } from "../../ostd/index.js";

let nextIno = 1_000_000;
registerCounter("kernel.synthetic.ino", () => nextIno, (v) => (nextIno = v));
/** The number the next node made gets instead of a fresh one (see withIno), or -1. */
let inoOverride = -1;

function takeIno(): number {
  if (inoOverride < 0) return nextIno++;
  const ino = inoOverride;
  inoOverride = -1;
  return ino;
}

/** Set aside `n` inode numbers for nodes made later (withIno): a directory whose entries are
 *  made on first lookup numbers them as if they had all been made with it. Returns the first. */
export function reserveInos(n: number): number {
  const first = nextIno;
  nextIno += n;
  return first;
}

/** Run `make`, which makes one synthetic node: that node gets inode number `ino`. */
export function withIno<T>(ino: number, make: () => T): T {
  inoOverride = ino;
  try {
    return make();
  } finally {
    inoOverride = -1;
  }
}

// Handles are made by recipes so a snapshot can rebuild them. A device's handle is rebuilt by
// opening the device again: device openers are the kernel's own (made with it, so restored
// before any recipe runs) and keep no per-open state beyond what they capture.
/** The handle of an open synthetic directory (reads fail with EISDIR; getdents lists it). */
export const syntheticDirHandle = recipe("kernel.syntheticDirHandle", (): FileHandle => ({ seekable: true, read: () => fail(Errno.EISDIR), write: () => fail(Errno.EISDIR) }));
const generatedHandle = recipe("kernel.generatedHandle", (bytes: Uint8Array): FileHandle => ({
  seekable: true,
  read: (offset, len) => bytes.slice(offset, offset + len),
  write: () => fail(Errno.EACCES),
  size: () => bytes.length,
}));
const deviceHandle = recipe("kernel.deviceHandle", (node: DeviceNode, flags: number): FileHandle => node.opener(flags));

/** The inode number, mode and stat of every synthetic node (a fresh number, or withIno's). */
export abstract class SyntheticNode implements Inode {
  // Assigned, not declared as class fields: every kind of synthetic node runs this constructor,
  // and V8 defines class fields through a slow generic path once a constructor has seen many
  // kinds of object (a /proc/<pid> directory and link are made for every fork).
  declare readonly dev: number;
  declare readonly mode: number;
  declare readonly ino: number;

  constructor(dev: number, mode: number) {
    this.dev = dev;
    this.mode = mode;
    this.ino = takeIno();
  }

  stat(): Stat {
    return {
      dev: this.dev, ino: this.ino, mode: this.mode, nlink: 1, uid: 0, gid: 0, rdev: this.rdev, size: 0,
      blksize: 4096, blocks: 0, atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n,
    };
  }

  get rdev(): number {
    return 0;
  }

  abstract open(flags: number): FileHandle;
}

/** A directory whose entries come from a function (evaluated on each lookup/readdir). */
export class SyntheticDir extends SyntheticNode {
  constructor(dev: number, private readonly entries: () => Map<string, Inode>, mode = 0o555) {
    super(dev, S_IFDIR | mode);
  }

  open(): FileHandle {
    return syntheticDirHandle();
  }

  lookup(name: string): Inode | null {
    return this.entries().get(name) ?? null;
  }

  readdir(): DirEntry[] {
    return [...this.entries()].map(([name, n]) => ({ name, ino: n.ino, type: dtypeOf(n.stat().mode) }));
  }
}

/** A read-only file whose whole content is generated when it is opened. */
export class GeneratedFile extends SyntheticNode {
  constructor(dev: number, private readonly generate: () => string | Uint8Array, mode = 0o444) {
    super(dev, S_IFREG | mode);
  }

  open(): FileHandle {
    const g = this.generate();
    return generatedHandle(typeof g === "string" ? new TextEncoder().encode(g) : g);
  }
}

/** A symbolic link whose target is worked out when it is read. */
export abstract class SyntheticSymlink extends SyntheticNode {
  constructor(dev: number) {
    super(dev, S_IFLNK | 0o777);
  }

  open(): FileHandle {
    return fail(Errno.ELOOP);
  }

  abstract readlink(): string;
}

export class SyntheticLink extends SyntheticSymlink {
  constructor(dev: number, private readonly target: () => string) {
    super(dev);
  }

  readlink(): string {
    return this.target();
  }
}

/** A character device: every open gets a handle from `opener`. */
export class DeviceNode extends SyntheticNode {
  /** `opensObject`: each open returns an object of its own (a pty master, the caller's
   *  terminal), kept as it is by a snapshot, instead of a handle a snapshot rebuilds by opening
   *  the device again. */
  constructor(dev: number, private readonly major: number, private readonly minor: number,
    /** @internal */ readonly opener: (flags: number) => FileHandle, mode = 0o666, private readonly opensObject = false) {
    super(dev, S_IFCHR | mode);
  }

  override get rdev(): number {
    return (this.major << 8) | this.minor;
  }

  open(flags: number): FileHandle {
    return this.opensObject ? this.opener(flags) : deviceHandle(this, flags);
  }
}
