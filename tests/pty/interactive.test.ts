// The interactive shell through a real pseudo-terminal: `aster` with no program (busybox `sh -l`
// on the root file system image) runs on the slave side of a pty made by pty_driver.py, and the
// test types at it like a person — arithmetic, Ctrl-C, Ctrl-Z with jobs and fg, vi, a window
// resize, and Ctrl-D to leave. Waits are generous (the machine may be slow and shared); nothing
// is timed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Terminal, WAIT_MS, sleep } from "./terminal";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
const asterBin = join(repoRoot, "bin", "aster.cjs");
const image = join(repoRoot, "build", "rootfs.img");

const STEP_MS = 300_000;
const PROMPT = "~ # "; // PS1='\w \$ ' in /etc/profile, cwd /root = $HOME

const missing = spawnSync("python3", ["-c", "import pty"]).status !== 0 ? "python3 (with its pty module) is missing" : !existsSync(image) ? `${image} is missing (npm run build:rootfs)` : null;
if (missing) console.warn(`tests/pty: skipping: ${missing}`);

describe.skipIf(missing !== null)(`the interactive shell in a pseudo-terminal${missing ? ` — skipped: ${missing}` : ""}`, () => {
  let term: Terminal;
  let healthy = true;

  beforeAll(() => {
    term = new Terminal(24, 80, [process.execPath, asterBin], PROMPT);
  });
  afterAll(async () => {
    if (term) {
      term.kill();
      await Promise.race([term.exited, sleep(10_000)]);
      // PTY_TRANSCRIPT=FILE keeps what the terminal showed, for a person to read.
      if (process.env.PTY_TRANSCRIPT) writeFileSync(process.env.PTY_TRANSCRIPT, term.text);
    }
  });

  /** Each step starts at a prompt: a step after a failed one recovers first. */
  const step = (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      if (!healthy) await term.recover();
      healthy = false;
      await body();
      healthy = true;
    }, STEP_MS);

  it("shows the prompt of `sh -l`", async () => {
    await term.waitFor(PROMPT, "the first prompt", 180_000);
  }, STEP_MS);

  step("echo $((6*7)) prints 42", async () => {
    const out = await term.run("echo $((6*7))");
    expect(out).toBe("42\n");
  });

  step("Ctrl-C interrupts `sleep 100` and the prompt comes back", async () => {
    await term.command("sleep 100");
    await sleep(2000); // let sleep start; Ctrl-C at any moment must work, this only makes it typical
    term.type("\x03");
    await term.waitFor(PROMPT, "the prompt after Ctrl-C");
    expect(await term.run("echo status=$?")).toBe("status=130\n");
  });

  step("Ctrl-Z stops `sleep 50`; jobs lists it; fg resumes it; Ctrl-C ends it", async () => {
    await term.command("sleep 50");
    await sleep(2000);
    term.type("\x1a");
    const stopped = await term.waitFor(PROMPT, "the prompt after Ctrl-Z");
    expect(stopped).toMatch(/Stopped/);
    expect(stopped).toMatch(/sleep 50/);
    const jobs = await term.run("jobs");
    expect(jobs).toMatch(/\[1\]\+?\s+Stopped\s+sleep 50/);
    await term.command("fg");
    await term.waitFor("sleep 50", "fg naming the job it resumes");
    await sleep(2000);
    term.type("\x03");
    await term.waitFor(PROMPT, "the prompt after Ctrl-C of the resumed job");
    expect(await term.run("jobs")).toBe("");
  });

  step("vi /tmp/t.txt: insert a line, Escape, :wq; cat shows it", async () => {
    await term.command("vi /tmp/t.txt");
    await term.waitFor("t.txt", "vi's status line naming the file");
    await sleep(1000);
    term.type("i");
    await sleep(300);
    term.type("hello from vi");
    await term.waitFor("hello from vi", "the typed text on vi's screen");
    term.type("\x1b");
    await sleep(1000); // vi waits a moment after Escape to tell it from an escape sequence
    term.type(":wq");
    await sleep(300);
    term.type("\r");
    await term.waitFor(PROMPT, "the prompt after :wq");
    expect(await term.run("cat /tmp/t.txt")).toBe("hello from vi\n");
  });

  step("a resize of the terminal shows in `stty size`", async () => {
    expect(await term.run("stty size")).toBe("24 80\n");
    term.resize(30, 100);
    // The new size travels host kernel -> SIGWINCH -> CLI -> guest tty; ask until it is there.
    let seen = "";
    for (let attempt = 0; attempt < 10; attempt++) {
      await sleep(500);
      seen = await term.run("stty size");
      if (seen === "30 100\n") break;
    }
    expect(seen).toBe("30 100\n");
  });

  step("Ctrl-D on an empty line ends the shell, and the CLI exits with status 0", async () => {
    term.skip();
    term.type("\x04");
    const result = await Promise.race([term.exited, sleep(WAIT_MS).then(() => ({ timeout: true }))]);
    expect(result).toEqual({ exit: 0 });
  });
});
