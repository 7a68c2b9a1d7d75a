#!/usr/bin/env python3
"""Run a program on a fresh pseudo-terminal and relay it, for tests/pty.

    python3 pty_driver.py ROWS COLS PROGRAM [ARGS...]

The program gets a new session whose controlling terminal is the pty's slave side (stdin,
stdout and stderr), sized ROWS x COLS. Everything the program writes to the terminal comes
out on our stdout, byte for byte. Our stdin takes one JSON command per line:

    {"op": "write", "data": "<base64>"}     type these bytes (as a keyboard would)
    {"op": "resize", "rows": R, "cols": C}  TIOCSWINSZ on the master (the kernel sends SIGWINCH)
    {"op": "kill"}                          SIGKILL the program's process group

When the program has exited and the terminal is drained, one JSON line goes to stderr,
{"exit": STATUS} or {"signal": N}, and we exit. End of our stdin kills the program too.
"""
import base64
import errno
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios


def set_size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def main():
    rows, cols, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    master, slave = pty.openpty()
    set_size(master, rows, cols)
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        if slave > 2:
            os.close(slave)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        try:
            os.execvp(argv[0], argv)
        except OSError as e:
            os.write(2, f"pty_driver: exec {argv[0]}: {e}\n".encode())
            os._exit(127)
    os.close(slave)

    def kill():
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass

    pending = b""
    stdin_open = True
    while True:
        fds = [master] + ([0] if stdin_open else [])
        ready, _, _ = select.select(fds, [], [])
        if master in ready:
            try:
                data = os.read(master, 65536)
            except OSError as e:
                if e.errno != errno.EIO:
                    raise
                data = b""
            if not data:
                break  # every slave descriptor is closed: the program is gone
            os.write(1, data)
        if stdin_open and 0 in ready:
            chunk = os.read(0, 65536)
            if not chunk:
                stdin_open = False
                kill()
                continue
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                if not line.strip():
                    continue
                cmd = json.loads(line)
                if cmd["op"] == "write":
                    os.write(master, base64.b64decode(cmd["data"]))
                elif cmd["op"] == "resize":
                    set_size(master, int(cmd["rows"]), int(cmd["cols"]))
                elif cmd["op"] == "kill":
                    kill()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        report = {"signal": os.WTERMSIG(status)}
    else:
        report = {"exit": os.WEXITSTATUS(status)}
    sys.stderr.write(json.dumps(report) + "\n")
    sys.stderr.flush()


if __name__ == "__main__":
    main()
