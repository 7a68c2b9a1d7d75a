// What if the kernel log (syslog(2), busybox's dmesg) were empty, wrong, or open to anyone?
// It holds the boot banner and what the kernel did to processes (unhandled faults, the
// out-of-memory killer), stamped with virtual time; dmesg -c clears it; only root reads it.
import { describe, expect, it } from "vitest";
import { runScript, sessionReady } from "../helpers/session";

describe.skipIf(!sessionReady)("the kernel log", () => {
  it("starts with the boot banner and the init process", async () => {
    const r = await runScript("dmesg");
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toMatch(/^\[ {4}0\.000000\] Linux version 6\.\d+\.\d+-aster /);
    expect(lines.at(-1)).toBe("[    0.000000] Run /bin/sh as init process");
    expect(r.out).toMatch(/Memory: 65536K\/65536K available/);
  });

  it("logs the out-of-memory killer; dmesg -c clears; -r shows levels", async () => {
    const r = await runScript([
      "dmesg -c >/dev/null; dmesg | wc -l",
      "sh -c 'x=a; while true; do x=$x$x; done'",
      "dmesg -r | grep -c '^<3>.*Out of memory: Killed process [0-9]* ([a-z]*) total-rss:[0-9]*kB$'",
    ].join("; "), 32);
    expect(r.out).toBe("0\nKilled\n1\n");
  });

  it("is root's to read (EPERM for others)", async () => {
    const r = await runScript("su nobody -s /bin/sh -c dmesg 2>&1; echo status $?");
    expect(r.out).toMatch(/Operation not permitted\nstatus 1\n$/);
  });
});
