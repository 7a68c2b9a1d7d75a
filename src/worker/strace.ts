// strace-style decoding of one completed system call, for the playground's system-call panel:
//   openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
// Decoding runs in the worker when the call completes, because string and buffer arguments
// must be read from the caller's memory before it changes. Pure: memory comes in through
// UserMemory, names through the tables below (riscv64 = asm-generic values).
import { RISCV64_SYSCALL_NAMES } from "../kernel/syscall/names.js";
import { Errno } from "../kernel/errno.js";
import { SIGNAL_NAMES } from "../kernel/process/signal.js";

/** Side-effect-free reads of the caller's memory (short or empty where nothing is mapped). */
export interface UserMemory {
  peek(va: number, len: number): Uint8Array;
  cstring(va: number, max: number): { bytes: Uint8Array; terminated: boolean };
}

/** How one argument is shown. */
type Kind =
  | "int" | "uint" | "hex" | "ptr" | "fd" | "dirfd" | "path" | "str" | "oct"
  | "inbuf" /* bytes at the pointer, length = next argument */
  | "outbuf" /* bytes written by the call, length = return value */
  | "outstr" /* a string the call wrote (readlinkat, getcwd), length = return value */
  | "oflags" | "omode" /* mode, shown only with O_CREAT or O_TMPFILE */ | "atflags" | "sig" | "prot" | "mapflags"
  | "clone" | "wait" | "sighow" | "whence" | "fcntl" | "ioctl" | "clock" | "access";

const SPECS: Record<string, Kind[]> = {
  read: ["fd", "outbuf", "uint"], write: ["fd", "inbuf", "uint"],
  pread64: ["fd", "outbuf", "uint", "int"], pwrite64: ["fd", "inbuf", "uint", "int"],
  readv: ["fd", "ptr", "uint"], writev: ["fd", "ptr", "uint"],
  openat: ["dirfd", "path", "oflags", "omode"], close: ["fd"], dup: ["fd"], dup3: ["fd", "fd", "oflags"],
  fcntl: ["fd", "fcntl", "hex"], ioctl: ["fd", "ioctl", "hex"], flock: ["fd", "int"],
  newfstatat: ["dirfd", "path", "ptr", "atflags"], fstat: ["fd", "ptr"], statx: ["dirfd", "path", "atflags", "hex", "ptr"],
  faccessat: ["dirfd", "path", "access"], faccessat2: ["dirfd", "path", "access", "atflags"],
  readlinkat: ["dirfd", "path", "outstr", "uint"], getdents64: ["fd", "ptr", "uint"],
  lseek: ["fd", "int", "whence"], mkdirat: ["dirfd", "path", "oct"], unlinkat: ["dirfd", "path", "atflags"],
  symlinkat: ["path", "dirfd", "path"], linkat: ["dirfd", "path", "dirfd", "path", "atflags"],
  renameat2: ["dirfd", "path", "dirfd", "path", "hex"], mknodat: ["dirfd", "path", "oct", "hex"],
  chdir: ["path"], fchdir: ["fd"], chroot: ["path"], getcwd: ["outstr", "uint"],
  fchmodat: ["dirfd", "path", "oct"], fchmod: ["fd", "oct"], fchownat: ["dirfd", "path", "int", "int", "atflags"],
  fchown: ["fd", "int", "int"], utimensat: ["dirfd", "path", "ptr", "atflags"],
  truncate: ["path", "int"], ftruncate: ["fd", "int"], statfs: ["path", "ptr"], fstatfs: ["fd", "ptr"],
  execve: ["path", "ptr", "ptr"], exit: ["int"], exit_group: ["int"],
  wait4: ["int", "ptr", "wait", "ptr"], waitid: ["int", "int", "ptr", "wait", "ptr"],
  kill: ["int", "sig"], tkill: ["int", "sig"], tgkill: ["int", "int", "sig"],
  rt_sigaction: ["sig", "ptr", "ptr", "uint"], rt_sigprocmask: ["sighow", "ptr", "ptr", "uint"],
  rt_sigreturn: [], rt_sigsuspend: ["ptr", "uint"], sigaltstack: ["ptr", "ptr"],
  clone: ["clone", "ptr", "ptr", "ptr", "ptr"], clone3: ["ptr", "uint"],
  mmap: ["ptr", "uint", "prot", "mapflags", "fd", "hex"], munmap: ["ptr", "uint"], mprotect: ["ptr", "uint", "prot"],
  brk: ["ptr"], mremap: ["ptr", "uint", "uint", "hex", "ptr"], madvise: ["ptr", "uint", "int"],
  pipe2: ["ptr", "oflags"], nanosleep: ["ptr", "ptr"], clock_nanosleep: ["clock", "int", "ptr", "ptr"],
  clock_gettime: ["clock", "ptr"], clock_getres: ["clock", "ptr"], gettimeofday: ["ptr", "ptr"],
  set_tid_address: ["ptr"], set_robust_list: ["ptr", "uint"], uname: ["ptr"], umask: ["oct"],
  setpgid: ["int", "int"], getpgid: ["int"], getsid: ["int"], setsid: [], getpid: [], getppid: [], gettid: [],
  getuid: [], geteuid: [], getgid: [], getegid: [], sched_yield: [], sync: [],
  ppoll: ["ptr", "uint", "ptr", "ptr", "uint"], pselect6: ["int", "ptr", "ptr", "ptr", "ptr", "ptr"],
  prlimit64: ["int", "int", "ptr", "ptr"], getrandom: ["ptr", "uint", "hex"], futex: ["ptr", "int", "int", "ptr"],
  sendfile: ["fd", "fd", "ptr", "uint"], mount: ["str", "path", "str", "hex", "ptr"], umount2: ["path", "int"],
  sysinfo: ["ptr"], prctl: ["int", "hex", "hex"], getrusage: ["int", "ptr"], setitimer: ["int", "ptr", "ptr"],
  socket: ["int", "int", "int"], connect: ["fd", "ptr", "uint"], bind: ["fd", "ptr", "uint"],
  eventfd2: ["uint", "oflags"], epoll_create1: ["oflags"], epoll_ctl: ["fd", "int", "fd", "ptr"],
  epoll_pwait: ["fd", "ptr", "int", "int", "ptr"], fsync: ["fd"], fdatasync: ["fd"],
  sethostname: ["str", "uint"], memfd_create: ["str", "hex"], close_range: ["fd", "fd", "hex"],
};

/** Calls whose result is an address, shown in hex. */
const HEX_RESULT = new Set(["mmap", "brk", "mremap"]);

/** How many bytes of a buffer or string to show (strace's default -s 32). */
export const STRING_LIMIT = 32;
const PATH_MAX = 4096;

const O_FLAGS: Array<[number, string]> = [
  [0o100, "O_CREAT"], [0o200, "O_EXCL"], [0o400, "O_NOCTTY"], [0o1000, "O_TRUNC"], [0o2000, "O_APPEND"],
  [0o4000, "O_NONBLOCK"], [0o4010000, "O_SYNC"], [0o10000, "O_DSYNC"], [0o20000, "O_ASYNC"], [0o40000, "O_DIRECT"],
  [0o100000, "O_LARGEFILE"], [0o20200000, "O_TMPFILE"], [0o200000, "O_DIRECTORY"], [0o400000, "O_NOFOLLOW"],
  [0o1000000, "O_NOATIME"], [0o2000000, "O_CLOEXEC"], [0o10000000, "O_PATH"],
];
const AT_FLAGS: Array<[number, string]> = [
  [0x100, "AT_SYMLINK_NOFOLLOW"], [0x200, "AT_REMOVEDIR"], [0x400, "AT_SYMLINK_FOLLOW"],
  [0x800, "AT_NO_AUTOMOUNT"], [0x1000, "AT_EMPTY_PATH"], [0x2000, "AT_STATX_FORCE_SYNC"], [0x4000, "AT_STATX_DONT_SYNC"],
];
const PROT_FLAGS: Array<[number, string]> = [[1, "PROT_READ"], [2, "PROT_WRITE"], [4, "PROT_EXEC"]];
const MAP_FLAGS: Array<[number, string]> = [
  [0x10, "MAP_FIXED"], [0x20, "MAP_ANONYMOUS"], [0x100, "MAP_GROWSDOWN"], [0x800, "MAP_DENYWRITE"],
  [0x1000, "MAP_EXECUTABLE"], [0x2000, "MAP_LOCKED"], [0x4000, "MAP_NORESERVE"], [0x8000, "MAP_POPULATE"],
  [0x10000, "MAP_NONBLOCK"], [0x20000, "MAP_STACK"], [0x40000, "MAP_HUGETLB"], [0x100000, "MAP_FIXED_NOREPLACE"],
];
const CLONE_FLAGS: Array<[number, string]> = [
  [0x100, "CLONE_VM"], [0x200, "CLONE_FS"], [0x400, "CLONE_FILES"], [0x800, "CLONE_SIGHAND"], [0x1000, "CLONE_PIDFD"],
  [0x2000, "CLONE_PTRACE"], [0x4000, "CLONE_VFORK"], [0x8000, "CLONE_PARENT"], [0x10000, "CLONE_THREAD"],
  [0x20000, "CLONE_NEWNS"], [0x40000, "CLONE_SYSVSEM"], [0x80000, "CLONE_SETTLS"], [0x100000, "CLONE_PARENT_SETTID"],
  [0x200000, "CLONE_CHILD_CLEARTID"], [0x400000, "CLONE_DETACHED"], [0x800000, "CLONE_UNTRACED"], [0x1000000, "CLONE_CHILD_SETTID"],
];
const WAIT_FLAGS: Array<[number, string]> = [
  [1, "WNOHANG"], [2, "WUNTRACED"], [4, "WEXITED"], [8, "WCONTINUED"], [0x1000000, "WNOWAIT"],
  [0x20000000, "__WNOTHREAD"], [0x40000000, "__WALL"], [0x80000000, "__WCLONE"],
];
const ACCESS_FLAGS: Array<[number, string]> = [[1, "X_OK"], [2, "W_OK"], [4, "R_OK"]];
const SIGHOW = ["SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"];
const WHENCE = ["SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE"];
const FCNTL: Record<number, string> = {
  0: "F_DUPFD", 1: "F_GETFD", 2: "F_SETFD", 3: "F_GETFL", 4: "F_SETFL", 5: "F_GETLK", 6: "F_SETLK", 7: "F_SETLKW",
  8: "F_SETOWN", 9: "F_GETOWN", 1030: "F_DUPFD_CLOEXEC", 1031: "F_SETPIPE_SZ", 1032: "F_GETPIPE_SZ",
};
const IOCTL: Record<number, string> = {
  0x5401: "TCGETS", 0x5402: "TCSETS", 0x5403: "TCSETSW", 0x5404: "TCSETSF", 0x540e: "TIOCSCTTY", 0x540f: "TIOCGPGRP",
  0x5410: "TIOCSPGRP", 0x5411: "TIOCOUTQ", 0x5413: "TIOCGWINSZ", 0x5414: "TIOCSWINSZ", 0x541b: "FIONREAD",
  0x5421: "FIONBIO", 0x5422: "TIOCNOTTY", 0x5429: "TIOCGSID", 0x5450: "FIONCLEX", 0x5451: "FIOCLEX",
};
const CLOCKS = ["CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
  "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME"];
const AT_FDCWD = -100;

/** `A|B|0x40`: the names of the set bits, the rest in hex; `zero` when none is set. */
export function flagNames(value: number, table: Array<[number, string]>, zero = "0"): string {
  const names: string[] = [];
  let rest = value;
  for (const [bits, name] of table) {
    if (bits !== 0 && (rest & bits) === bits) {
      names.push(name);
      rest &= ~bits;
    }
  }
  if (rest) names.push(`0x${(rest >>> 0).toString(16)}`);
  return names.length ? names.join("|") : zero;
}

export function openFlags(flags: number): string {
  const acc = ["O_RDONLY", "O_WRONLY", "O_RDWR", "0x3"][flags & 3];
  const rest = flagNames(flags & ~3, O_FLAGS, "");
  return rest ? `${acc}|${rest}` : acc;
}

/** A C string literal for `bytes`, as strace escapes it; `more` adds "..." after the quote. */
export function quote(bytes: Uint8Array, more = false): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 0x22) s += '\\"';
    else if (b === 0x5c) s += "\\\\";
    else if (b === 0x0a) s += "\\n";
    else if (b === 0x09) s += "\\t";
    else if (b === 0x0d) s += "\\r";
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return `${s}"${more ? "..." : ""}`;
}

const int = (v: bigint) => BigInt.asIntN(64, v).toString();
const int32 = (v: bigint) => Number(BigInt.asIntN(32, v));
const hex = (v: bigint) => `0x${BigInt.asUintN(64, v).toString(16)}`;
const ptr = (v: bigint) => (v === 0n ? "NULL" : hex(v));
/** User pointers are below 2^39; anything else cannot be read. */
const addr = (v: bigint) => (v > 0n && v < 1n << 39n ? Number(v) : null);

function showBuffer(mem: UserMemory, at: bigint, len: bigint): string {
  const va = addr(at);
  if (va === null) return ptr(at);
  const n = Number(len < 0n ? 0n : len > BigInt(STRING_LIMIT) ? BigInt(STRING_LIMIT) : len);
  const bytes = mem.peek(va, n);
  if (bytes.length < n) return ptr(at);
  return quote(bytes, len > BigInt(STRING_LIMIT));
}

function showString(mem: UserMemory, at: bigint, max: number): string {
  const va = addr(at);
  if (va === null) return ptr(at);
  const limit = Math.min(max, STRING_LIMIT);
  const s = mem.cstring(va, limit);
  if (!s.terminated && s.bytes.length < limit) return ptr(at);
  return quote(s.bytes, !s.terminated);
}

const isError = (ret: bigint) => BigInt.asIntN(64, ret) < 0n && BigInt.asIntN(64, ret) > -4096n;

function showArg(kind: Kind, args: readonly bigint[], i: number, ret: bigint, mem: UserMemory): string | null {
  const v = args[i];
  switch (kind) {
    case "int": return int(v);
    case "uint": return BigInt.asUintN(64, v).toString();
    case "hex": return hex(v);
    case "ptr": return ptr(v);
    case "fd": return String(int32(v));
    case "dirfd": return int32(v) === AT_FDCWD ? "AT_FDCWD" : String(int32(v));
    case "oct": return `0${Number(v & 0o7777n).toString(8)}`;
    case "path": return showString(mem, v, PATH_MAX);
    case "str": return showString(mem, v, PATH_MAX);
    case "inbuf": return showBuffer(mem, v, args[i + 1]);
    case "outbuf": return isError(ret) ? ptr(v) : showBuffer(mem, v, BigInt.asIntN(64, ret));
    case "outstr": return isError(ret) || ret === 0n ? ptr(v) : showString(mem, v, PATH_MAX);
    case "oflags": return openFlags(Number(v & 0xffffffffn));
    case "omode": return Number(args[i - 1]) & (0o100 | 0o20000000) ? `0${Number(v & 0o7777n).toString(8)}` : null;
    case "atflags": return flagNames(Number(v & 0xffffffffn), AT_FLAGS);
    case "access": return v === 0n ? "F_OK" : flagNames(Number(v & 7n), ACCESS_FLAGS);
    case "sig": return v === 0n ? "0" : SIGNAL_NAMES[Number(v)] ?? int(v);
    case "prot": return flagNames(Number(v & 0xffffffffn), PROT_FLAGS, "PROT_NONE");
    case "mapflags": {
      const f = Number(v & 0xffffffffn);
      const type = ["0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"][f & 3];
      const rest = flagNames(f & ~3, MAP_FLAGS, "");
      return rest ? `${type}|${rest}` : type;
    }
    case "clone": {
      const f = Number(v & 0xffffffffn);
      const sig = f & 0xff;
      const rest = flagNames(f & ~0xff, CLONE_FLAGS, "");
      const s = sig ? SIGNAL_NAMES[sig] ?? String(sig) : "";
      return [rest, s].filter(Boolean).join("|") || "0";
    }
    case "wait": return flagNames(Number(v & 0xffffffffn), WAIT_FLAGS);
    case "sighow": return SIGHOW[Number(v)] ?? int(v);
    case "whence": return WHENCE[Number(v)] ?? int(v);
    case "fcntl": return FCNTL[Number(v)] ?? int(v);
    case "ioctl": return IOCTL[Number(v & 0xffffffffn)] ?? hex(v);
    case "clock": return CLOCKS[Number(v)] ?? int(v);
  }
}

/** The result as strace shows it: `-1 ENOENT` for a failure, hex for addresses. */
export function formatResult(name: string, ret: bigint): string {
  const r = BigInt.asIntN(64, ret);
  if (isError(ret)) {
    const errno = Number(-r);
    return `-1 ${Errno[errno] ?? `E${errno}`}`;
  }
  return HEX_RESULT.has(name) ? hex(ret) : r.toString();
}

/** The name of system call `nr` (riscv64 numbering). */
export function syscallName(nr: number): string {
  return RISCV64_SYSCALL_NAMES.get(nr) ?? `syscall_${nr}`;
}

/** `name(arg, ...) = result`, with arguments decoded by the call's signature; calls without
 *  one show their first three arguments in hex. */
export function formatSyscall(nr: number, args: readonly bigint[], ret: bigint, mem: UserMemory): string {
  const name = syscallName(nr);
  const spec = SPECS[name];
  const shown: string[] = [];
  if (spec) {
    spec.forEach((kind, i) => {
      const s = showArg(kind, args, i, ret, mem);
      if (s !== null) shown.push(s);
    });
  } else {
    for (let i = 0; i < 3; i++) shown.push(hex(args[i] ?? 0n));
  }
  return `${name}(${shown.join(", ")}) = ${formatResult(name, ret)}`;
}
