// Busybox shell scripts (tests/shell/scripts/*.sh) run on our machine and on the reference —
// real Linux running the same riscv64 busybox and /etc through qemu-user, in a chroot into the
// unpacked build/rootfs.img (tests/shell/oracle.sh) — and their stdout and exit status must
// match. Known failures of our kernel are listed, each with its reason, in blocklist.txt.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  firstDifference, oracleUnavailable, prepareOracleRoot, readBlocklist, removeOracleRoot, runOracle, runOurs, scriptsDir,
} from "./harness.js";

const scripts = readdirSync(scriptsDir).filter((f) => f.endsWith(".sh")).sort();
const blocklist = readBlocklist();
const runBlocked = process.env.ASTER_SHELL_ALL === "1";
const unavailable = oracleUnavailable();
if (unavailable !== null) console.warn(`tests/shell: skipping the comparison with the reference: ${unavailable}`);

const SCRIPT_TIMEOUT_MS = 240_000;

describe("the scripts themselves", () => {
  it("each opens with a \"what if...\" comment", () => {
    expect(scripts.length).toBeGreaterThan(10);
    for (const s of scripts) expect(readFileSync(join(scriptsDir, s), "utf8"), s).toMatch(/^# what if\.\.\./);
  });

  it("every blocklist entry names a script or a workload check, with a reason", () => {
    for (const [name, reason] of blocklist) {
      expect(name.endsWith(".sh") ? scripts.includes(name) : name.startsWith("workload:"), name).toBe(true);
      expect(reason, name).not.toBe("(no reason given)");
    }
  });
});

describe.skipIf(unavailable !== null)(`busybox scripts: ours vs the reference (qemu-user + chroot)${unavailable ? ` — skipped: ${unavailable}` : ""}`, () => {
  let root = "";
  let oracleBroken: string | null = null;

  beforeAll(async () => {
    root = prepareOracleRoot();
    const probe = await runOracle(root, ["/bin/sh", "-c", "echo reference-ok; ls /scripts | wc -l"]);
    if (probe.status !== 0 || !probe.stdout.startsWith("reference-ok\n")) {
      oracleBroken = `status ${probe.status}, stdout ${JSON.stringify(probe.stdout)}, stderr ${JSON.stringify(probe.stderr.slice(0, 2000))}`;
    }
  });
  afterAll(() => {
    if (root) removeOracleRoot(root);
  });

  it("the reference machine runs (unshare, a private binfmt_misc, qemu-riscv64-static, chroot)", () => {
    expect(oracleBroken, "the reference could not run a command").toBeNull();
  });

  for (const script of scripts) {
    const reason = blocklist.get(script);
    const title = reason !== undefined && !runBlocked ? `${script} — blocked: ${reason}` : script;
    const test = reason !== undefined && !runBlocked ? it.skip : it;
    test(title, async (ctx) => {
      if (oracleBroken !== null) ctx.skip();
      const argv = ["/bin/sh", `/scripts/${script}`];
      const [ours, ref] = await Promise.all([runOurs(argv, { timeoutMs: SCRIPT_TIMEOUT_MS }), runOracle(root, argv, { timeoutMs: SCRIPT_TIMEOUT_MS })]);
      expect(ref.timedOut, `the reference timed out on ${script}`).toBe(false);
      expect(ours.timedOut, `our machine timed out on ${script}; stderr:\n${ours.stderr}`).toBe(false);
      const context = `${script}: ${firstDifference(ours.stdout, ref.stdout)}\n--- our stderr\n${ours.stderr}--- reference stderr\n${ref.stderr}`;
      expect(ours.stdout, context).toBe(ref.stdout);
      expect(ours.status, `${script}: exit status\n${context}`).toBe(ref.status);
    }, SCRIPT_TIMEOUT_MS * 2);
  }
});
