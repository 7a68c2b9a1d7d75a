// Linux errno values (include/uapi/asm-generic/errno-base.h and errno.h) and the one place
// where OSTD's errors become errnos.
import { OstdError } from "../ostd/index.js";

export enum Errno {
  EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8,
  EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, ENOTBLK = 15,
  EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
  ENFILE = 23, EMFILE = 24, ENOTTY = 25, ETXTBSY = 26, EFBIG = 27, ENOSPC = 28, ESPIPE = 29,
  EROFS = 30, EMLINK = 31, EPIPE = 32, EDOM = 33, ERANGE = 34, EDEADLK = 35, ENAMETOOLONG = 36,
  ENOLCK = 37, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40, ENOMSG = 42, EIDRM = 43, ENOSTR = 60,
  ENODATA = 61, ETIME = 62, EOVERFLOW = 75, EBADFD = 77, EILSEQ = 84, ERESTART = 85, ENOTSOCK = 88,
  EDESTADDRREQ = 89, EMSGSIZE = 90, EPROTOTYPE = 91, ENOPROTOOPT = 92, EPROTONOSUPPORT = 93,
  EOPNOTSUPP = 95, EAFNOSUPPORT = 97, EADDRINUSE = 98, EADDRNOTAVAIL = 99, ENETDOWN = 100,
  ENETUNREACH = 101, ECONNABORTED = 103, ECONNRESET = 104, ENOBUFS = 105, EISCONN = 106,
  ENOTCONN = 107, ETIMEDOUT = 110, ECONNREFUSED = 111, EALREADY = 114, EINPROGRESS = 115,
  ESTALE = 116, EDQUOT = 122, ECANCELED = 125, EOWNERDEAD = 130, ENOTRECOVERABLE = 131,
  // Kernel-internal: restart the system call after a signal handler (never seen by the guest).
  ERESTARTSYS = 512, ERESTARTNOINTR = 513, ERESTARTNOHAND = 514, ERESTART_RESTARTBLOCK = 516,
}

/** An error a system call returns to the guest: the dispatcher writes -errno to a0. Not an
 *  Error subclass on purpose: failing calls are routine (ENOENT while searching PATH), and
 *  capturing a host stack trace for each one cost more than the system call itself. */
export class SysError {
  readonly name = "SysError";
  constructor(readonly errno: Errno, readonly detail = "") {}

  get message(): string {
    return `${Errno[this.errno]}${this.detail ? `: ${this.detail}` : ""}`;
  }

  toString(): string {
    return this.message;
  }
}

/** The failure a handler returns rather than throws (wait4's ECHILD when a shell reaps its
 *  last child, every time): the dispatcher treats it exactly as the thrown one. */
export function failed(errno: Errno, message = ""): SysError {
  return new SysError(errno, message);
}

/** Fail the current system call with `errno`. */
export function fail(errno: Errno, message = ""): never {
  throw new SysError(errno, message);
}

/** OSTD's error enum to errno: the only such mapping in the kernel. */
export function errnoOf(e: OstdError): Errno {
  switch (e) {
    case OstdError.PageFault:
      return Errno.EFAULT;
    case OstdError.NoMemory:
      return Errno.ENOMEM;
    case OstdError.InvalidArgs:
      return Errno.EINVAL;
  }
}

/** Unwrap an OSTD result, failing the system call with the mapped errno on error. */
export function check<T>(r: T | OstdError): T {
  if (typeof r === "string" && (Object.values(OstdError) as string[]).includes(r)) fail(errnoOf(r as OstdError));
  return r as T;
}
