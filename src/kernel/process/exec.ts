// execve: replace a process's memory image with a new program (an ELF executable, or a script
// starting with "#!").
import { afterExec } from "./caps.js";
import { REG } from "../../ostd/index.js";
import { MAY_EXEC, permits } from "../fs/permission.js";
import { deleteAllPosixTimers } from "./posix_timer.js";
import { Errno, fail } from "../errno.js";
import { Memory } from "../mm/memory.js";
import { interpreterOf, loadElf } from "../elf/load.js";
import { S_IFMT, S_IFREG, type Inode } from "../fs/types.js";
import { readWholeFile } from "../fs/whole_file.js";
import { exitThread } from "./lifecycle.js";
import type { Thread } from "./process.js";
import type { Loc } from "../fs/vfs.js";

const MAX_INTERPRETER_DEPTH = 4;
const BINPRM_BUF_SIZE = 256;

/** Parse a "#!interpreter [arg]" line, as Linux does (one optional argument, rest included). */
function parseShebang(bytes: Uint8Array): { interp: string; arg: string | null } | null {
  if (bytes[0] !== 0x23 || bytes[1] !== 0x21) return null;
  let end = bytes.indexOf(0x0a);
  if (end < 0) end = Math.min(bytes.length, BINPRM_BUF_SIZE);
  const line = new TextDecoder().decode(bytes.subarray(2, end)).trim();
  if (line === "") fail(Errno.ENOEXEC, "empty #! line");
  const m = /^(\S+)(?:\s+(.*))?$/.exec(line)!;
  return { interp: m[1], arg: m[2] !== undefined ? m[2].trim() : null };
}

/** Look up a file to execute (a program or its interpreter), unless `found` already is: it
 *  must be a regular file the process may execute. Its contents come from the kernel's
 *  executable cache. */
function openExecutable(thread: Thread, path: string, found?: Loc) {
  const proc = thread.process;
  const kernel = thread.kernel;
  const loc = found ?? kernel.vfs.resolve(path, proc.cwd, true, proc);
  const st = loc.inode.stat();
  if ((st.mode & S_IFMT) !== S_IFREG) fail(Errno.EACCES, `${path} is not a regular file`);
  if (!permits(proc.creds, st, MAY_EXEC)) fail(Errno.EACCES, `${path} is not executable`);
  const file = kernel.execCache.get(`${st.dev}:${st.ino}:${loc.path}`, st.size, st.mtimeNs, loc.path, () => readWholeFile(loc.inode, st.size));
  return { loc, st, file };
}

/**
 * Load `path` into `thread`'s process, replacing its memory, and point the thread at the new
 * entry. Throws ElfError for files that are not riscv64 executables (execve returns ENOEXEC;
 * the CLI reports it), SysError for lookup failures. `found`: the file, already looked up
 * (execveat), with `path` the name the program gets (AT_EXECFN) and `commFrom` the one its
 * comm comes from.
 */
export function execInto(thread: Thread, path: string, argv: string[], envp: string[], depth = 0, found?: Loc, commFrom = path): void {
  const proc = thread.process;
  const kernel = thread.kernel;
  const { loc, st, file } = openExecutable(thread, path, found);
  const script = parseShebang(file.bytes);
  if (script) {
    if (depth >= MAX_INTERPRETER_DEPTH) fail(Errno.ELOOP, "too many levels of #! interpreters");
    const args = [script.interp, ...(script.arg !== null ? [script.arg] : []), path, ...argv.slice(1)];
    return execInto(thread, script.interp, args, envp, depth + 1);
  }
  // A dynamically linked program: its interpreter (the dynamic linker) is found as the
  // program was, and a missing one fails the execve with ENOENT, as on Linux.
  const interpPath = interpreterOf(file.bytes);
  const interp = interpPath === null ? null : openExecutable(thread, interpPath).file;
  const mem = new Memory(kernel.machine);
  let image;
  try {
    image = loadElf(mem, file, { argv, envp, execfn: path, random: kernel.machine.world.randomBytes(16) }, interp);
  } catch (e) {
    mem.release();
    throw e;
  }
  // The point of no return: the old image goes.
  for (const other of proc.threads) if (other !== thread) exitThread(kernel, other);
  proc.threads = [thread];
  const old = proc.mem;
  proc.mem = mem;
  old.release();
  proc.fds = proc.fds.unshare().ownedBy(proc, kernel.locks);
  proc.exePath = loc.path;
  proc.commName = commFrom.slice(commFrom.lastIndexOf("/") + 1).slice(0, 15);
  proc.argv = argv;
  // Set-user-ID and set-group-ID programs run as their file's owner (group), unless the
  // process asked for no new privileges; either way the saved and file-system ids become
  // the effective ones (execve(2)).
  const c = proc.creds;
  if (!proc.noNewPrivs && st.mode & 0o4000) c.euid = st.uid;
  if (!proc.noNewPrivs && (st.mode & 0o2010) === 0o2010) c.egid = st.gid;
  c.suid = c.fsuid = c.euid;
  c.sgid = c.fsgid = c.egid;
  afterExec(c);
  proc.envp = envp;
  proc.fds.closeOnExec();
  if (proc.sigactions.sharedWith > 1) proc.sigactions = proc.sigactions.clone();
  proc.sigactions.resetHandlers();
  deleteAllPosixTimers(kernel, proc);
  thread.altStack = null;
  // The thread starts over in its own context, cleared (and, as a new one would be, not the
  // hart's loaded one: an LR reservation of the old program does not survive).
  const ctx = thread.ctx;
  ctx.reset();
  kernel.machine.userMode.unload();
  ctx.setRegNumber(REG.sp, image.sp);
  ctx.pc = BigInt(image.entry);
  thread.restart = null;
  proc.vforkReleased = true;
  proc.vforkDone.wakeAll();
}

/** execve from a running thread. */
export function execProgram(thread: Thread, path: string, argv: string[], envp: string[]): void {
  execInto(thread, path, argv, envp);
}
