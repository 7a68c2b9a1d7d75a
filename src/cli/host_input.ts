// The host's standard input, delivered to the guest as it arrives.
//
// A terminal is read through process.stdin (it is in raw mode, and Node's tty stream does
// that). Anything else (a pipe, a file, a socket, /dev/null) is read with fs.read on libuv's
// thread pool: process.stdin would load Node's stream and net modules, ~7 ms of the main
// thread that a run lasting more than one slice paid in the middle of its work (the CLI
// starts listening after the first slice, so that a busy machine still gets its input).
import * as fs from "node:fs";

/** Chunks of input go to `deliver`; an empty chunk is the end of input (also on an error). */
export function readHostInput(terminal: boolean, deliver: (bytes: Uint8Array) => void): void {
  if (terminal) {
    process.stdin.on("data", (b: Buffer) => deliver(new Uint8Array(b.buffer, b.byteOffset, b.length)));
    process.stdin.on("end", () => deliver(new Uint8Array(0)));
    process.stdin.on("error", () => deliver(new Uint8Array(0)));
    return;
  }
  const buf = Buffer.allocUnsafe(64 * 1024);
  const next = (): void => {
    fs.read(0, buf, 0, buf.length, null, (err, n) => {
      if (err) {
        // A descriptor left non-blocking by whoever started us: try again a little later.
        if (err.code === "EAGAIN") setTimeout(next, 5);
        else deliver(new Uint8Array(0));
        return;
      }
      if (n === 0) {
        deliver(new Uint8Array(0));
        return;
      }
      deliver(new Uint8Array(buf.subarray(0, n))); // a copy: buf is read into again
      next();
    });
  };
  next();
}
