// execve: replace a process's memory image with a new program.
import { UserContext, REG } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { Memory } from "../mm/memory.js";
import { loadElf } from "../elf/load.js";
import { S_IFMT, S_IFREG } from "../fs/types.js";
import { O_RDONLY } from "../fs/file.js";
import type { Thread } from "./process.js";

/** Read a whole file through its inode. */
export function readWholeFile(inode: { open(flags: number): import("../fs/types.js").FileHandle }): Uint8Array {
  const h = inode.open(O_RDONLY);
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const part = h.read(total, 1 << 20);
      if (!(part instanceof Uint8Array)) fail(Errno.EIO, "executable read would block");
      if (part.length === 0) break;
      chunks.push(part);
      total += part.length;
    }
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  } finally {
    h.close?.();
  }
}

/**
 * Load `path` into `thread`'s process, replacing its memory, and point the thread at the new
 * entry. Throws ElfError for files that are not riscv64 executables (execve maps it to
 * ENOEXEC; the CLI reports it), SysError for lookup failures.
 */
export function execInto(thread: Thread, path: string, argv: string[], envp: string[]): void {
  const proc = thread.process;
  const kernel = thread.kernel;
  const loc = kernel.vfs.resolve(path, proc.cwd, true);
  const st = loc.inode.stat();
  if ((st.mode & S_IFMT) !== S_IFREG) fail(Errno.EACCES, `${path} is not a regular file`);
  if ((st.mode & 0o111) === 0) fail(Errno.EACCES, `${path} is not executable`);
  const bytes = readWholeFile(loc.inode);
  const mem = new Memory(kernel.machine);
  let image;
  try {
    image = loadElf(mem, bytes, loc.path, {
      argv, envp, execfn: path, random: kernel.machine.world.randomBytes(16),
    });
  } catch (e) {
    mem.destroy();
    throw e;
  }
  const old = proc.mem;
  proc.mem = mem;
  if (old !== mem && proc.threads.length) old.destroy();
  proc.exePath = loc.path;
  proc.argv = argv;
  proc.fds.closeOnExec();
  proc.sigactions.resetHandlers();
  const ctx = new UserContext();
  ctx.pc = BigInt(image.entry);
  ctx.setReg(REG.sp, BigInt(image.sp));
  thread.ctx = ctx;
  thread.restart = null;
}
