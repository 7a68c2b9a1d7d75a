// The JIT's execution counts on the workload they were made for: every static busybox start
// runs libgcc's FDE registration, a loop over ~3,700 frame descriptions in two pages that
// also hold code run once per process. A shell running /bin/true again and again gets those
// pages compiled without the once-per-process code (docs/jit.md "What runs often").
import { describe, expect, it } from "vitest";
import { runScript, sessionReady } from "../helpers/session";

// ASTER_JIT sets another threshold (1 compiles everything at once, before any run is counted).
describe.skipIf(!sessionReady || !!process.env.ASTER_JIT)("JIT execution counts in a fork loop", () => {
  it("compiles libgcc's FDE scan without the code each busybox start runs once", async () => {
    const r = await runScript("i=0; while [ $i -lt 40 ]; do /bin/true; i=$((i+1)); done; echo $i");
    expect(r.status).toBe(0);
    expect(r.out).toBe("40\n");
    const jit = r.session.machine.jitStats();
    // The loop's page and the decoder page it calls (compiled ahead and carried): 354
    // instructions with the counts, about 800 with everything that has run.
    expect(jit.compiles).toBe(2);
    expect(jit.ahead).toBe(1);
    expect(jit.linked).toBe(1);
    expect(jit.instructions).toBeLessThan(500);
  });
});
