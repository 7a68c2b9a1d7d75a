// What if reboot(2) (busybox's poweroff -f, halt -f, reboot -f) does not end the run, ends
// it with the wrong status, or lets processes run on? And a caller that is not root must be
// refused.
import { describe, expect, it } from "vitest";
import { runScript as run, sessionReady } from "../helpers/session";

describe.skipIf(!sessionReady)("reboot(2)", () => {
  it("poweroff -f ends the run with status 0, background jobs and all", async () => {
    const r = await run("sleep 100 & echo before; poweroff -f; echo after");
    expect(r.out).toBe("before\n");
    expect(r.diag).toBe("reboot: Power down\n");
    expect(r.status).toBe(0);
  });

  it("halt -f and reboot -f end it too, each with Linux's console message", async () => {
    expect((await run("halt -f")).diag).toBe("reboot: System halted\n");
    expect((await run("reboot -f")).diag).toMatch(/^reboot: Restarting system/);
  });

  it("refuses a caller that is not root (EPERM)", async () => {
    const r = await run("su nobody -s /bin/sh -c 'id -u; poweroff -f' 2>&1 || echo refused; echo still here");
    expect(r.out).toMatch(/^65534\npoweroff: .*Operation not permitted\nrefused\nstill here\n$/);
    expect(r.status).toBe(0);
    expect(r.diag).toBe("");
  });
});
