// What if the guest misbehaves — forks without limit, allocates without limit — or the kernel
// itself throws? Only the guilty process may suffer; the machine and the shell go on.
import { describe, expect, it } from "vitest";
import { runScript as run, sessionReady } from "../helpers/session";
import { SYSCALL_TABLE } from "../../src/kernel/syscall/table";

describe.skipIf(!sessionReady)("bad input", () => {
  it("a fork bomb meets EAGAIN (RLIMIT_NPROC) and the shell stays usable", async () => {
    const r = await run("ulimit -u 40; bomb() { bomb | bomb & }; bomb; sleep 1; echo survived", 128);
    expect(r.out).toContain("survived");
    expect(r.out + r.diag).toMatch(/can't fork|Resource temporarily unavailable/);
  });

  it("a process that allocates without limit is killed by the out-of-memory rule; the rest runs on", async () => {
    const r = await run("x=a; while true; do x=$x$x; done; echo never", 32).catch(() => null);
    // The shell itself is the hog here and the only candidate: it dies with SIGKILL.
    expect(r).not.toBeNull();
    expect(r!.status).toBe(128 + 9);
    expect(r!.diag).toMatch(/out of memory: killed process 1 \(sh\)/);
    const s = await run("sh -c 'x=a; while true; do x=$x$x; done'; echo child status $?; echo still here", 32);
    expect(s.out).toBe("Killed\nchild status 137\nstill here\n");
    expect(s.session.kernel.stats.oomKills).toBe(1);
  });

  it("an exception in a system call handler kills only the calling process (SIGSYS) and is counted", async () => {
    const entry = SYSCALL_TABLE.get(173)!; // getppid
    const original = entry.handler;
    entry.handler = (t, a) => {
      if (t.process.pid !== 1) throw new TypeError("injected kernel bug");
      return original(t, a);
    };
    try {
      const r = await run("sh -c 'echo $PPID'; echo child status $?; echo parent alive");
      expect(r.out).toBe("Bad system call\nchild status 159\nparent alive\n");
      expect(r.diag).toMatch(/kernel bug while running pid \d+ \(\w+\): TypeError: injected kernel bug/);
      expect(r.session.kernel.stats.kernelBugs).toBe(1);
    } finally {
      entry.handler = original;
    }
  });

  it("bad pointers, descriptors and flags get EFAULT, EBADF and EINVAL", async () => {
    const r = await run("cat /nonexistent 2>&1; echo $?; exec 9<&-; echo x >&9 2>/dev/null; echo $?; ls /proc/self/fd/99 2>&1 | head -c 0; echo ok");
    expect(r.out).toContain("No such file or directory");
    expect(r.out).toContain("ok");
  });
});
