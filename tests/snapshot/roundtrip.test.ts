// Save mid-run, restore into a fresh machine, finish: the same output, exit status,
// instruction count and final state digest as a run that was never interrupted.
import { describe, expect, it } from "vitest";
import { config, newSession, ready, snap, stepUntil } from "./harness";

const SCRIPT = [
  "i=0; while [ $i -lt 30 ]; do echo line $i; i=$((i+1)); done | sort -r | head -n 5",
  "date; od -An -N8 -tx1 /dev/urandom",
  "sleep 1 & echo child $!; wait",
  "echo hello > /tmp/f; cat /tmp/f; rm /tmp/f; ls /tmp",
  "seq 1 200 | md5sum",
].join("\n");

describe.skipIf(!ready)("snapshot round trip", () => {
  it("a shell script resumes from a mid-run snapshot exactly", async () => {
    const argv = ["/bin/sh", "-c", SCRIPT];
    const whole = newSession(argv);
    const status = await whole.session.run();
    const total = whole.session.machine.clock.instret();
    const digest = whole.session.kernel.digest();
    expect(whole.out()).toContain("child");

    for (const frac of [3n, 2n]) {
      const first = newSession(argv);
      stepUntil(first.session, () => first.session.machine.clock.instret() >= total / frac);
      expect(first.session.exited).toBeNull();
      const { image } = snap(first.session, config(argv));
      const second = newSession(argv, { restore: image });
      const status2 = await second.session.run();
      expect(first.out() + second.out()).toBe(whole.out());
      expect(status2).toBe(status);
      expect(second.session.machine.clock.instret()).toBe(total);
      expect(second.session.kernel.digest()).toBe(digest);
    }
  });
});
