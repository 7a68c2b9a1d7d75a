import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import { execProgram } from "../process/exec.js";
import { NO_RETURN, type Args, type SysResult } from "./types.js";
import { readString, readStringArray, ulong } from "./util.js";

/** execve(2): ELF executables, static or dynamically linked (the interpreter PT_INTERP names is loaded with the program), and #! scripts. */
export function sysExecve(t: Thread, a: Args): SysResult {
  const path = readString(t, ulong(a[0]));
  const argv = readStringArray(t, ulong(a[1]));
  const envp = readStringArray(t, ulong(a[2]));
  if (path === "") fail(Errno.ENOENT);
  execProgram(t, path, argv, envp);
  return NO_RETURN;
}
