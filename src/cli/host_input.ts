// The host's standard input, delivered to the guest as it arrives.
//
// A terminal (and a socket) is read through process.stdin: Node's tty stream does raw mode.
// Anything else is read with fs.read on libuv's thread pool, because process.stdin loads Node's
// stream and net modules, ~7 ms of the main thread that a run lasting more than one slice paid
// in the middle of its work (the CLI starts reading after the first slice, so that a busy
// machine still gets its input).
//
// No read may block, though: Node's process.exit() joins the thread pool's threads, and one
// blocked in read(2) on a pipe nobody writes to would keep the process from ever exiting (the
// CLI exits that way on SIGTERM after saving a snapshot). Files and devices do not block. A
// pipe is opened again through /proc/self/fd/0, non-blocking (a new open file description:
// the flags of the one we inherited, which the writer may share, stay as they are), and polled
// while it is empty.
import * as fs from "node:fs";

/** Chunks of input go to `deliver`; an empty chunk is the end of input (also on an error). */
export function readHostInput(terminal: boolean, deliver: (bytes: Uint8Array) => void): void {
  if (terminal) return viaStream(deliver);
  let st: fs.Stats;
  try {
    st = fs.fstatSync(0);
  } catch {
    return viaStream(deliver);
  }
  if (st.isFIFO()) {
    let fd: number;
    try {
      fd = fs.openSync("/proc/self/fd/0", fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch {
      return viaStream(deliver); // no /proc
    }
    return readLoop(fd, deliver);
  }
  if (st.isFile() || st.isCharacterDevice() || st.isBlockDevice()) return readLoop(0, deliver);
  return viaStream(deliver);
}

function viaStream(deliver: (bytes: Uint8Array) => void): void {
  process.stdin.on("data", (b: Buffer) => deliver(new Uint8Array(b.buffer, b.byteOffset, b.length)));
  process.stdin.on("end", () => deliver(new Uint8Array(0)));
  process.stdin.on("error", () => deliver(new Uint8Array(0)));
}

/** Longest wait between two looks at an empty pipe (ms): input typed into a pipe arrives at
 *  most this late. */
const POLL_MAX_MS = 16;

function readLoop(fd: number, deliver: (bytes: Uint8Array) => void): void {
  const buf = Buffer.allocUnsafe(64 * 1024);
  let wait = 1;
  const end = (): void => {
    if (fd !== 0) fs.close(fd, () => {}); // the pipe opened again; fd 0 stays ours to keep
    deliver(new Uint8Array(0));
  };
  const next = (): void => {
    fs.read(fd, buf, 0, buf.length, null, (err, n) => {
      if (err) {
        if (err.code === "EAGAIN") {
          setTimeout(next, wait);
          wait = Math.min(2 * wait, POLL_MAX_MS);
        } else {
          end();
        }
        return;
      }
      if (n === 0) {
        end();
        return;
      }
      wait = 1;
      deliver(new Uint8Array(buf.subarray(0, n))); // a copy: buf is read into again
      next();
    });
  };
  next();
}
