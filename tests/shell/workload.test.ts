// Heavier work on our machine alone, checked for the right answers (never for speed): a 19 MB
// dd into md5sum, a 2 MiB gzip/gunzip round trip, a 3000-iteration shell loop, 30 fork+exec+wait
// of /bin/true; and what happens when the CLI's own stdout is closed early.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { asterBin, readBlocklist, rootfsImage, runOurs } from "./harness.js";

const md5 = (b: Buffer | string) => createHash("md5").update(b).digest("hex");
const TIMEOUT = 600_000;
const blocklist = readBlocklist();
const blocked = (name: string) => (blocklist.has(name) && process.env.ASTER_SHELL_ALL !== "1" ? it.skip : it);
const title = (name: string, what: string) => (blocklist.has(name) ? `${what} — blocked: ${blocklist.get(name)}` : what);

/** Run a shell command line on our machine; fail with its stderr if it does not exit 0. */
async function sh(cmd: string, extraArgs: string[] = []): Promise<{ stdout: string; stderr: string }> {
  const r = await runOurs(["/bin/sh", "-c", cmd], { timeoutMs: TIMEOUT, extraArgs });
  expect(r.timedOut, `timed out: ${cmd}`).toBe(false);
  expect(r.status, `status of: ${cmd}\nstderr:\n${r.stderr}`).toBe(0);
  return r;
}

describe.skipIf(!existsSync(rootfsImage))(`workloads on our machine${existsSync(rootfsImage) ? "" : ` — skipped: ${rootfsImage} is missing`}`, () => {
  it("dd if=/dev/zero bs=64k count=300 | md5sum", async () => {
    const r = await sh("dd if=/dev/zero bs=64k count=300 2>/dev/null | md5sum; dd if=/dev/zero bs=64k count=300 2>&1 >/dev/null | head -n 2");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`${md5(Buffer.alloc(65536 * 300))}  -`);
    expect(lines[1]).toBe("300+0 records in");
    expect(lines[2]).toBe("300+0 records out");
  }, TIMEOUT);

  it("gzip and gunzip a 2 MiB file and get it back", async () => {
    let text = "";
    for (let i = 1; text.length < 2 * 1024 * 1024; i++) text += `${i}\n`;
    const want = md5(text.slice(0, 2 * 1024 * 1024));
    const r = await sh([
      "cd /tmp && seq 1 400000 > src && dd if=src of=f bs=4096 count=512 2>/dev/null",
      "md5sum < f; wc -c < f",
      "gzip -c f > f.gz && gunzip -c f.gz | md5sum",
      "[ $(wc -c < f.gz) -lt 1000000 ] && echo smaller",
      "rm f.gz && gzip f && [ ! -e f ] && gunzip f.gz && md5sum < f",
    ].join("\n"));
    expect(r.stdout).toBe(`${want}  -\n2097152\n${want}  -\nsmaller\n${want}  -\n`);
  }, TIMEOUT);

  it("a 3000-iteration while loop of shell arithmetic", async () => {
    let s = 0;
    for (let i = 1; i <= 3000; i++) s = (s + ((i * i) % 7) * i) % 1000003;
    const r = await sh("i=0; s=0; while [ $i -lt 3000 ]; do i=$((i + 1)); s=$(( (s + (i * i % 7) * i) % 1000003 )); done; echo $i $s");
    expect(r.stdout).toBe(`3000 ${s}\n`);
  }, TIMEOUT);

  it("30 fork+exec+wait of /bin/true", async () => {
    // A path with a slash makes busybox ash fork and really execve, not run the applet in-process.
    // --strace shows no line for a successful execve, but every new program image starts with
    // glibc's set_tid_address: one for the shell, one per /bin/true.
    const cmd = "n=0; i=0; while [ $i -lt 30 ]; do /bin/true & wait $! && n=$((n + 1)); i=$((i + 1)); done; echo \"$n of $i\"";
    const r = await sh(cmd, ["--strace"]);
    expect(r.stdout).toBe("30 of 30\n");
    const images = r.stderr.split("\n").filter((l) => /^\[\d+\] set_tid_address\(/.test(l)).length;
    expect(images, "each /bin/true should be a new program image").toBe(31);
  }, TIMEOUT);

  blocked("workload:host-stdout-closed")(title("workload:host-stdout-closed", "the CLI's stdout closed early (aster -- sh -c yes | head -n 1)"), () => {
    // On Linux, yes dies of SIGPIPE once head is gone. The CLI should end the same way (its
    // one-line diagnosis and status 128+13), not with an internal error.
    const p = spawnSync("bash", ["-c", `"$0" "$1" -- /bin/sh -c yes | head -n 1; echo "cli status \${PIPESTATUS[0]}"`, process.execPath, asterBin], { encoding: "utf8", timeout: TIMEOUT });
    expect(p.stdout.split("\n")[0]).toBe("y");
    expect(p.stderr).not.toMatch(/internal error/);
    expect(p.stdout).toMatch(/^cli status 141$/m);
  }, TIMEOUT);
});
