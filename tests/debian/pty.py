# os.forkpty (glibc's openpty and login_tty: /dev/ptmx, grantpt, unlockpt, ptsname, setsid,
# TIOCSCTTY): a child on a pseudo-terminal talks to its parent through the master.
import os

pid, fd = os.forkpty()
if pid == 0:
    print("child: stdin is a terminal:", os.isatty(0), flush=True)
    line = input()
    print("child got:", line, flush=True)
    os._exit(3)

out = b""
while b"terminal: True" not in out:
    out += os.read(fd, 1024)
os.write(fd, b"typed at the master\n")
while True:
    try:
        data = os.read(fd, 1024)
    except OSError:  # EIO: the child's side is closed
        break
    if not data:
        break
    out += data
_, status = os.waitpid(pid, 0)
print(repr(out.decode()))
print("pty done, child exit", os.waitstatus_to_exitcode(status))
