// The browser playground end to end: the built static site (vite build), served by a plain
// static server, in Debian's Chromium driven by playwright-core. What a student does: wait for
// the prompt, run commands, interrupt one, upload a file, look at the panels.
//
// Needs /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it). Browsers are
// never downloaded. The screenshot goes to test-results/ (git-ignored).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import type { Browser, Page } from "playwright-core";
import { serveStatic, type StaticServer } from "./server.js";
import { parseRootfsImage } from "../../src/kernel/fs/rootfs_image.js";
import type { PlaygroundApi, StatsSample } from "../../src/worker/api.js";
import { decodeLink, encodeLink } from "../../src/worker/link.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const site = join(root, "build", "e2e-site");
const results = join(root, "test-results");
const PROMPT = "~ # ";

/** What the page exposes for tests (src/ui/main.ts). */
interface AsterWindow {
  aster: { api: PlaygroundApi; screen(): string; lastLines(n: number): string[]; firstOutputMs(): number | null };
}

const haveChromium = existsSync(CHROMIUM);

/** The static site of this checkout, built once per test file. */
let siteBuilt: Promise<void> | null = null;
function buildSite(): Promise<void> {
  siteBuilt ??= import("vite").then((vite) => vite.build({ root, logLevel: "warn", build: { outDir: site, emptyOutDir: true } })).then(() => undefined);
  return siteBuilt;
}

describe.skipIf(!haveChromium)("the playground in Chromium", () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    await buildSite();
    server = await serveStatic(site);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(`page error: ${e.message}`));
    const t0 = Date.now();
    await page.goto(server.url);
    await waitForScreen((s) => s.includes(PROMPT.trimEnd()), "the first prompt", 15_000);
    figures.promptMs = Date.now() - t0;
    const marks = await page.evaluate(() => performance.getEntriesByType("mark").map((m) => [m.name, Math.round(m.startTime)] as const));
    for (const [name, ms] of marks) figures[`${name.replace("aster:", "")}Ms`] = ms;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (Object.keys(figures).length) {
      mkdirSync(results, { recursive: true });
      writeFileSync(join(results, "playground-figures.json"), JSON.stringify(figures, null, 2) + "\n");
      console.log("playground figures:", figures);
    }
  });

  const screen = () => page.evaluate(() => (window as unknown as AsterWindow).aster.screen());
  const lastLines = (n: number) => page.evaluate((k) => (window as unknown as AsterWindow).aster.lastLines(k), n);
  const stats = () => page.evaluate(() => (window as unknown as AsterWindow).aster.api.stats()) as Promise<StatsSample>;

  async function waitForScreen(pred: (s: string) => boolean, what: string, ms = 10_000): Promise<string> {
    const end = Date.now() + ms;
    let s = "";
    while (Date.now() < end) {
      s = await page.evaluate(() => document.querySelector(".xterm-rows")?.textContent ?? "");
      if (pred(s)) return s;
      await page.waitForTimeout(25);
    }
    throw new Error(`timed out waiting for ${what}; the screen shows:\n${await screen().catch(() => s)}`);
  }

  /** Type a command line at the prompt, wait for its echo, then press Enter (or not). Until
   *  the echo shows, the last line is still the old prompt, or an earlier run of cmd. */
  async function type(cmd: string, enter = true): Promise<void> {
    const before = (await lastLines(1))[0] ?? "";
    expect(before.trimEnd(), `a prompt before "${cmd}"`).toBe(PROMPT.trimEnd());
    await page.keyboard.type(cmd);
    const echoed = Date.now() + 5000;
    while ((await lastLines(1))[0]?.trimEnd() !== `${PROMPT}${cmd}`.trimEnd()) {
      if (Date.now() > echoed) throw new Error(`"${cmd}" was not echoed; the screen shows:\n${await screen()}`);
      await page.waitForTimeout(10);
    }
    if (enter) await page.keyboard.press("Enter");
  }

  /** Type a command line and wait until its output is followed by a new prompt. */
  async function run(cmd: string, ms = 10_000): Promise<string[]> {
    await type(cmd);
    const end = Date.now() + ms;
    for (;;) {
      const lines = await lastLines(200);
      const at = lines.map((l) => l.trimEnd()).lastIndexOf(`${PROMPT}${cmd}`);
      const last = lines[lines.length - 1];
      if (at >= 0 && at < lines.length - 1 && last.trimEnd() === PROMPT.trimEnd()) return lines.slice(at + 1, -1);
      if (Date.now() > end) throw new Error(`timed out running ${cmd}; the screen shows:\n${await screen()}`);
      await page.waitForTimeout(25);
    }
  }

  // The target is 1.5 s on an idle machine (measured and reported in test-results/); the bound
  // checked here leaves room for a machine busy with the other test suites.
  it("shows the prompt soon after navigation", () => {
    expect(figures.promptMs).toBeLessThan(Number(process.env.ASTER_E2E_PROMPT_MS ?? 5000));
  });

  it("computes in the shell", async () => {
    expect(await run("echo $((6*7))")).toEqual(["42"]);
    // The buffer has the line at once; xterm's DOM renderer draws it on a later animation
    // frame, so the rendered rows are polled (a busy machine delays frames).
    await page.waitForFunction(() => [...document.querySelectorAll(".xterm-rows > div")].some((d) => d.textContent?.trim() === "42"), null, { timeout: 5000 }).catch(() => undefined);
    const rows = await page.evaluate(() => [...document.querySelectorAll(".xterm-rows > div")].map((d) => d.textContent ?? ""));
    expect(rows.some((r) => r.trim() === "42"), `rendered rows:\n${rows.join("\n")}`).toBe(true);
  });

  it("lists /bin", async () => {
    const image = parseRootfsImage(new Uint8Array(readFileSync(join(root, "build", "rootfs.img"))), { verifyHashes: false });
    const inBin = image.entries.filter((e) => /^\/bin\/[^/]+$/.test(e.path)).length;
    expect(await run("ls /bin | wc -l")).toEqual([String(inBin)]);
  });

  it("gives the prompt back on Ctrl-C during sleep 100", async () => {
    await type("sleep 100");
    await page.waitForTimeout(300);
    await page.keyboard.press("Control+C");
    const end = Date.now() + 3000;
    for (;;) {
      const lines = await lastLines(3);
      if (lines[lines.length - 1]?.trimEnd() === PROMPT.trimEnd() && lines.some((l) => l.includes("^C"))) break;
      if (Date.now() > end) throw new Error(`no prompt after Ctrl-C:\n${await screen()}`);
      await page.waitForTimeout(25);
    }
    expect(await run("echo $?")).toEqual(["130"]);
  });

  /** Wait until the last line is a bare prompt. */
  async function promptBack(what: string, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while ((await lastLines(1))[0]?.trimEnd() !== PROMPT.trimEnd()) {
      if (Date.now() > end) throw new Error(`no prompt after ${what}:\n${await screen()}`);
      await page.waitForTimeout(25);
    }
  }

  it("stops a job with Ctrl-Z, shows it stopped, and resumes it", async () => {
    await type("sleep 100");
    await page.waitForTimeout(300);
    await page.keyboard.press("Control+Z");
    await promptBack("Ctrl-Z");
    expect((await lastLines(3)).join("\n")).toMatch(/Stopped/);
    await page.waitForFunction(() => [...document.querySelectorAll(".panel-processes tbody tr")].some((r) => /stopped/.test(r.textContent ?? "") && /sleep 100/.test(r.textContent ?? "")));
    await type("fg");
    await page.waitForTimeout(300);
    await page.keyboard.press("Control+C");
    await promptBack("Ctrl-C after fg");
  });

  it("interrupts a flood of output with Ctrl-C", async () => {
    await type("yes");
    await page.waitForTimeout(1000);
    await page.keyboard.press("Control+C");
    await promptBack("Ctrl-C during yes", 10_000);
    expect((await lastLines(3))[0]).toMatch(/^y/);
  });

  it("pastes into the terminal", async () => {
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData("text/plain", "echo pasted; echo twice");
      document.querySelector(".xterm-helper-textarea")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => (window as unknown as AsterWindow).aster.lastLines(1)[0]?.endsWith("echo pasted; echo twice"));
    await page.keyboard.press("Enter");
    await promptBack("the pasted line");
    expect((await lastLines(3)).slice(0, 2)).toEqual(["pasted", "twice"]);
  });

  it("copies the selection with Ctrl+Shift+C", async () => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    expect(await run("echo copyme")).toEqual(["copyme"]);
    const row = page.locator(".xterm-rows > div", { hasText: /^copyme\s*$/ }).last();
    const box = (await row.boundingBox())!;
    await page.mouse.dblclick(box.x + 20, box.y + box.height / 2);
    await page.keyboard.press("Control+Shift+C");
    await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t === "copyme"));
  });

  it("uploads a file into /root and cats it", async () => {
    await page.setInputFiles(".panel-files input[type=file]", { name: "hello.txt", mimeType: "text/plain", buffer: Buffer.from("hello from the page\n") });
    await page.waitForFunction(() => document.getElementById("toast")?.textContent?.includes("uploaded /root/hello.txt"));
    expect(await run("cat /root/hello.txt")).toEqual(["hello from the page"]);
  });

  it("refuses a file too large to upload, saying why", async () => {
    const big = join(tmpdir(), `aster-e2e-big-${process.pid}.bin`);
    writeFileSync(big, Buffer.alloc(65 * 1024 * 1024));
    try {
      await page.setInputFiles(".panel-files input[type=file]", big);
      await page.waitForFunction(() => /files up to 64 MiB can be uploaded/.test(document.getElementById("toast")?.textContent ?? ""));
    } finally {
      rmSync(big);
    }
  });

  it("streams system calls, with write( among them", async () => {
    await run("echo traced");
    await page.waitForFunction(() => [...document.querySelectorAll(".panel-syscalls .log div")].some((d) => /^\[\d+\] write\(1, "traced\\n", 7\) = 7$/.test(d.textContent ?? "")));
    await page.waitForFunction(() => [...document.querySelectorAll(".panel-syscalls .log div")].some((d) => /openat\(AT_FDCWD, "[^"]+", O_RDONLY/.test(d.textContent ?? "")));
  });

  it("shows the shell in the process panel", async () => {
    await page.waitForFunction(() => [...document.querySelectorAll(".panel-processes tbody tr")].some((r) => r.textContent?.includes("/bin/sh -l")));
    const row = await page.$eval(".panel-processes tr[data-pid='1']", (r) => r.textContent ?? "");
    expect(row).toMatch(/sleeping/);
  });

  it("sends a signal to the selected process", async () => {
    await run("sleep 100 &");
    const row = page.locator(".panel-processes tbody tr", { hasText: "sleep 100" });
    await row.waitFor();
    const pid = Number(await row.getAttribute("data-pid"));
    await row.click();
    await page.selectOption(".panel-processes select", "15");
    await page.click(".panel-processes button:text-is('Send')");
    await page.waitForFunction((p) => document.getElementById("toast")?.textContent === `sent SIGTERM to ${p}`, pid);
    await page.waitForFunction((p) => {
      const r = document.querySelector(`.panel-processes tr[data-pid='${p}']`);
      return !r || /zombie/.test(r.textContent ?? "");
    }, pid);
    await run("wait");
    await page.waitForFunction((p) => !document.querySelector(`.panel-processes tr[data-pid='${p}']`), pid);
  });

  it("walks the stack pointer to a valid user leaf PTE with R and W", async () => {
    await page.click(".panel-processes tr[data-pid='1']");
    await page.click(".panel-memory button:text-is('sp')");
    await page.waitForSelector(".panel-memory .walk tr.walk-leaf");
    const flags = await page.$$eval(".panel-memory .walk tr.walk-leaf .flags .on", (s) => s.map((e) => e.textContent));
    expect(flags).toEqual(expect.arrayContaining(["V", "R", "W", "U"]));
    expect(flags).not.toContain("X");
    expect(await page.$$eval(".panel-memory .walk tbody tr", (r) => r.length)).toBe(3);
    expect(await page.textContent(".panel-memory .walk .summary")).toMatch(/→ physical 0x/);
  });

  it("keeps the terminal focused after a panel click", async () => {
    await page.click(".panel-stats .figures");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("xterm-helper-textarea"))).toBe(true);
  });

  it("follows the page's size: the guest sees the new window size", async () => {
    const rowsShown = () => page.evaluate(() => document.querySelector(".xterm-rows")!.children.length);
    const [before] = await run("stty size");
    const shownBefore = await rowsShown();
    await page.setViewportSize({ width: 1100, height: 700 });
    await page.waitForFunction((n) => document.querySelector(".xterm-rows")!.children.length !== n, shownBefore);
    await page.waitForTimeout(100);
    const [after] = await run("stty size");
    expect(after).not.toBe(before);
    const [rows, cols] = after.split(" ").map(Number);
    expect(rows).toBe(await rowsShown());
    expect(cols).toBeGreaterThan(20);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.waitForTimeout(300);
  });

  it("stays responsive while the guest spins, and Ctrl-C stops it", async () => {
    await type("while :; do :; done");
    await page.waitForTimeout(500);
    // Round trips to the worker between its slices: the slowest of ten.
    let worst = 0;
    let s = await stats();
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      s = await stats();
      worst = Math.max(worst, performance.now() - t0);
    }
    figures.worstRoundTripWhileSpinningMs = Math.round(worst);
    expect(worst).toBeLessThan(500);
    expect(s.instret).toBeGreaterThan(0);
    // The loop's pages get hot: the JIT tier compiles them in the browser too (its code uses
    // Wasm tail calls), and they keep running right (Ctrl-C below still stops the loop).
    const jitBy = Date.now() + 20_000;
    while (s.jitCompiles === 0 && Date.now() < jitBy) {
      await page.waitForTimeout(100);
      s = await stats();
    }
    figures.browserJitPages = s.jitCompiles;
    expect(s.jitFailures).toBe(0);
    expect(s.decodedPages).toBeGreaterThan(0);
    expect(s.jitCompiles).toBeGreaterThan(0);
    await page.keyboard.press("Control+C");
    const end = Date.now() + 3000;
    while ((await lastLines(1))[0]?.trimEnd() !== PROMPT.trimEnd()) {
      if (Date.now() > end) throw new Error(`the loop did not stop:\n${await screen()}`);
      await page.waitForTimeout(25);
    }
  });

  it("throttles huge output without losing a byte", async () => {
    // More lines than the scrollback keeps: check the last 4000 arrived, in order.
    await type("seq 1 60000");
    const end = Date.now() + 60_000;
    let lines: string[] = [];
    for (;;) {
      lines = await lastLines(4002);
      if (lines[lines.length - 1]?.trimEnd() === PROMPT.trimEnd() && lines[lines.length - 2] === "60000") break;
      if (Date.now() > end) throw new Error(`seq did not finish:\n${await screen()}`);
      await page.waitForTimeout(50);
    }
    const tail = lines.slice(-4001, -1).map(Number);
    expect(tail).toEqual(Array.from({ length: 4000 }, (_, i) => 56001 + i));
  });

  const LOOP = "i=0; while [ $i -lt 5000 ]; do i=$((i+1)); done";

  it("runs a CPU-bound loop about as fast as the CLI (measured)", async () => {
    // Typed first, timed from Enter: the guest idles while keys arrive.
    await type(LOOP, false);
    const before = await stats();
    await page.keyboard.press("Enter");
    const end = Date.now() + 60_000;
    while ((await lastLines(1))[0]?.trimEnd() !== PROMPT.trimEnd()) {
      if (Date.now() > end) throw new Error(`the loop did not finish:\n${await screen()}`);
      await page.waitForTimeout(10);
    }
    const after = await stats();
    figures.loopInstructions = after.instret - before.instret;
    figures.browserLoopSeconds = Number(((after.hostMs - before.hostMs) / 1000).toFixed(3));
    figures.browserMips = Math.round(figures.loopInstructions / (after.hostMs - before.hostMs) / 1000);
    figures.browserMipsWhileRunning = Math.round(figures.loopInstructions / (after.busyMs - before.busyMs) / 1000);
    const cli = spawnSync(process.execPath, [join(root, "bin", "aster.cjs"), "--stats", "--", "/bin/sh", "-c", LOOP], { encoding: "utf8" });
    const line = JSON.parse(cli.stderr.trim().split("\n").pop()!) as { instret: number; seconds: number; mips: number };
    figures.cliMips = line.mips;
    figures.cliSeconds = line.seconds;
    expect(figures.browserMips).toBeGreaterThan(1);
  });

  it("copies a local folder in and writes the guest's changes back to it", async () => {
    // The origin-private file system stands in for a folder the user picked: the same
    // File System Access handles, without the picker.
    await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle("p", { create: true });
      const w = await (await dir.getFileHandle("readme.txt", { create: true })).createWritable();
      await w.write("from the host\n");
      await w.close();
      await (window as unknown as { aster: { mountFolder(h: FileSystemDirectoryHandle): Promise<void> } }).aster.mountFolder(dir);
    });
    expect(await run("cat /mnt/p/readme.txt")).toEqual(["from the host"]);
    await run("echo from the guest > /mnt/p/new.txt; rm /mnt/p/readme.txt");
    await run("mkdir /mnt/p/d");
    await page.waitForFunction(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle("p");
      const names: string[] = [];
      for await (const name of dir.keys()) names.push(name);
      if (names.sort().join() !== "d,new.txt") return false;
      return (await (await dir.getFileHandle("new.txt")).getFile()).text().then((t) => t === "from the guest\n");
    }, null, { timeout: 10_000, polling: 200 });
    // And the other way: a file the host side writes afterwards reaches the guest (the sync
    // runs every 2 s; ask again until it has).
    await page.evaluate(async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle("p");
      const w = await (await dir.getFileHandle("later.txt", { create: true })).createWritable();
      await w.write("written on the host later\n");
      await w.close();
    });
    let seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      await page.waitForTimeout(1000);
      seen = await run("cat /mnt/p/later.txt 2>/dev/null; ls -1 /mnt/p");
      if (seen[0] === "written on the host later") break;
    }
    expect(seen).toEqual(["written on the host later", "d", "later.txt", "new.txt"]);
  });

  it("pauses, single-steps the shell's code and shows it disassembled", async () => {
    await type("sh -c 'while :; do :; done'");
    await page.waitForTimeout(300);
    const pid = await page.evaluate(async () => {
      const ps = await (window as unknown as AsterWindow).aster.api.processes();
      return ps.find((p) => p.state === "R" && p.argv[1] === "-c")?.pid ?? 0;
    });
    expect(pid).toBeGreaterThan(1);
    await page.click(`.panel-processes tr[data-pid='${pid}']`);
    await page.click(".panel-cpu button:text-is('Pause')");
    await page.waitForSelector(".panel-cpu .line.at");
    const pcBefore = await page.getAttribute(".panel-cpu .line.at", "data-pc");
    await page.click(".panel-cpu button:text-is('Step')");
    await page.waitForFunction((pc) => document.querySelector(".panel-cpu .line.at")?.getAttribute("data-pc") !== pc, pcBefore);
    expect(await page.textContent(".panel-cpu .note")).toMatch(new RegExp(`machine paused after a step · pid ${pid}`));
    expect(await page.$$eval(".panel-cpu .line .insn", (l) => l.length)).toBeGreaterThan(10);
    mkdirSync(results, { recursive: true });
    await page.locator(".panel-cpu").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(results, "playground-paused.png") });
    // A breakpoint where the thread is: continuing stops there when the loop comes round.
    const next = await page.getAttribute(".panel-cpu .line.at", "data-pc");
    await page.click(".panel-cpu .line.at");
    await page.waitForSelector(".panel-cpu .line.bp", { timeout: 5000 }).catch(async (e: unknown) => {
      const state = await page.evaluate(() => ({
        note: document.querySelector(".panel-cpu .note")?.textContent, bps: document.querySelector(".panel-cpu .bps")?.textContent,
        selected: document.querySelector(".panel-processes tr.selected")?.textContent, at: document.querySelector(".panel-cpu .line.at")?.getAttribute("data-pc"),
        toast: document.getElementById("toast")?.textContent,
      }));
      throw new Error(`no breakpoint shown (clicked ${next}): ${JSON.stringify(state)}: ${String(e)}`);
    });
    await page.click(".panel-cpu button:text-is('Continue')");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "paused at a breakpoint");
    await page.waitForFunction((pc) => document.querySelector(".panel-cpu .line.at")?.getAttribute("data-pc") === pc, next);
    expect(await page.textContent(".panel-cpu .note")).toMatch(/paused at breakpoint 0x[0-9a-f]+ \(pid \d+\)/);
    await page.click(".panel-cpu .line.bp");
    await page.waitForFunction(() => !document.querySelector(".panel-cpu .line.bp"));
    await page.click(".panel-cpu button:text-is('Continue')");
    await page.keyboard.press("Control+C");
    const end = Date.now() + 3000;
    while ((await lastLines(1))[0]?.trimEnd() !== PROMPT.trimEnd()) {
      if (Date.now() > end) throw new Error(`the loop did not stop:\n${await screen()}`);
      await page.waitForTimeout(25);
    }
  });

  it("looks right and logged no errors", async () => {
    await run("ls -l /root");
    await page.waitForTimeout(800);
    mkdirSync(results, { recursive: true });
    await page.screenshot({ path: join(results, "playground.png") });
    expect(consoleErrors).toEqual([]);
  });

  it("ends the shell with Ctrl-D and starts a new one on Enter", async () => {
    await page.keyboard.press("Control+D");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "exited (0)");
    await page.waitForFunction(() => (window as unknown as AsterWindow).aster.lastLines(1)[0]?.includes("press Enter for a new one"));
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => (window as unknown as AsterWindow).aster.lastLines(1)[0]?.trimEnd() === "~ #");
    expect(await page.textContent("#status")).toBe("running");
    expect(await run("echo again")).toEqual(["again"]);
    await page.waitForFunction(() => [...document.querySelectorAll(".panel-processes tbody tr")].some((r) => r.textContent?.includes("/bin/sh -l")));
    // The panels follow the new machine: the trace starts afresh.
    await page.waitForFunction(() => [...document.querySelectorAll(".panel-syscalls .log div")].some((d) => d.textContent === '[1] write(1, "again\\n", 6) = 6'));
    expect(await page.$$eval(".panel-syscalls .log div", (d) => d.some((x) => x.textContent?.includes("traced")))).toBe(false);
    expect(consoleErrors).toEqual([]);
  });
});

describe.skipIf(!haveChromium)("the playground when the machine cannot start", () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(site, "index.html"))) {
      const vite = await import("vite");
      await vite.build({ root, logLevel: "warn", build: { outDir: site, emptyOutDir: true } });
    }
    server = await serveStatic(site);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Load the page with some of its files replaced; return what the page says. */
  async function failWith(pattern: string, reply: { status: number; body?: string }): Promise<string> {
    const page = await browser.newPage();
    await page.route(pattern, (route) => route.fulfill({ status: reply.status, body: reply.body ?? "", contentType: "application/octet-stream" }));
    await page.goto(server.url);
    await page.waitForSelector(".fatal", { timeout: 15_000 });
    const text = await page.textContent(".fatal");
    expect(await page.textContent("#status")).toBe("not running");
    await page.close();
    return text ?? "";
  }

  it("says the core could not be fetched", async () => {
    expect(await failWith("**/core-*.wasm", { status: 404 })).toMatch(/could not fetch the machine core \(core\.wasm\) .*HTTP 404/);
  });

  it("says the core is not WebAssembly", async () => {
    expect(await failWith("**/core-*.wasm", { status: 200, body: "<html>not wasm</html>" })).toMatch(/is not valid WebAssembly/);
  });

  it("says the worker did not load", async () => {
    expect(await failWith("**/worker-*.js", { status: 404 })).toMatch(/worker failed/);
  });
});

describe.skipIf(!haveChromium)("share links in Chromium", () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    await buildSite();
    server = await serveStatic(site);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The first test's link. */
  let firstLink = "";
  const rows = (p: Page) => p.evaluate(() => [...document.querySelectorAll(".xterm-rows > div")].map((d) => (d.textContent ?? "").trimEnd()));

  async function waitForRow(p: Page, text: string, what: string, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await rows(p)).includes(text)) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the screen shows:\n${(await rows(p)).join("\n")}`);
      await p.waitForTimeout(25);
    }
  }

  /** Type a command key by key (a person at the keyboard) and wait for its output line. */
  async function run(p: Page, cmd: string, expectRow: string): Promise<void> {
    await p.keyboard.type(cmd, { delay: 15 });
    await p.keyboard.press("Enter");
    await waitForRow(p, expectRow, `the output of ${cmd}`);
  }

  async function share(p: Page): Promise<{ url: string; length: string }> {
    await p.getByRole("button", { name: "Share", exact: true }).click();
    await p.waitForSelector("#share-url", { timeout: 10_000 });
    const url = await p.inputValue("#share-url");
    const length = (await p.textContent("#share-length")) ?? "";
    await p.getByRole("button", { name: "Close" }).click();
    return { url, length };
  }

  it("shares a session as a link that replays it in a new page, where typing goes on", async () => {
    const a = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    a.on("pageerror", (e) => errors.push(e.message));
    await a.goto(server.url);
    await waitForRow(a, PROMPT.trimEnd(), "the prompt");
    await run(a, "echo shared $((6*7))", "shared 42");
    await run(a, "cd /tmp; echo x > f; ls", "f");
    const first = await share(a);
    firstLink = first.url;
    expect(first.url).toMatch(/#v1\.[A-Za-z0-9_-]+$/);
    expect(first.url.startsWith(server.url)).toBe(true);
    expect(first.length).toMatch(new RegExp(`^${first.url.length.toLocaleString("en")} characters, \\d+ events`));
    expect(first.url.length).toBeLessThan(2000);
    expect(first.length).not.toMatch(/chat apps/);

    const b = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    b.on("pageerror", (e) => errors.push(e.message));
    await b.goto(first.url);
    await b.waitForSelector("#replay:not([hidden])", { timeout: 15_000 });
    expect(await b.textContent("#replay")).toMatch(/Replaying a shared run: \/bin\/sh -l in \/root: \d+ events/);
    await b.waitForSelector('#replay[data-state="done"]', { timeout: 30_000 });
    expect(await b.textContent("#replay")).toMatch(/Replay complete \(replay identical: \d+ events/);
    const replayed = await rows(b);
    for (const line of ["~ # echo shared $((6*7))", "shared 42", "/tmp # ".trimEnd(), "f"]) {
      expect(replayed.some((r) => r === line || r.startsWith(line)), line).toBe(true);
    }
    // Take over, and share the continued run.
    await run(b, "echo more", "more");
    const second = await share(b);
    expect(second.url.length).toBeGreaterThan(first.url.length);

    const c = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await c.goto(second.url);
    await c.getByRole("button", { name: "Skip to end" }).click();
    await c.waitForSelector('#replay[data-state="done"]', { timeout: 30_000 });
    await waitForRow(c, "more", "the taken-over part replayed");
    expect(errors).toEqual([]);
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it("says a damaged link cannot be replayed, and starts a fresh shell instead", async () => {
    const p = await browser.newPage();
    await p.goto(`${server.url}#v1.Y2RSL81LKs1LyUlN0U1JLdNNKs3MSfkPA4wNTA0NL97POzXnsAQTu35SZp5`);
    await p.waitForSelector("#link-problem", { timeout: 15_000 });
    expect(await p.textContent("#link-problem")).toMatch(/This link cannot be replayed\.It is (damaged|cut short)/);
    await p.getByRole("button", { name: "Start a fresh shell" }).click();
    await waitForRow(p, PROMPT.trimEnd(), "a fresh prompt");
    expect(new URL(p.url()).hash).toBe("");
    await p.close();
  });

  it("names what differs in a link from another build, and replays it anyway when asked", async () => {
    expect(firstLink).not.toBe("");
    const rec = decodeLink(firstLink);
    const foreign = `${server.url}#${encodeLink({ ...rec, build: "0123456789ab".repeat(5) + "cdef" })}`;
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await p.goto(foreign);
    await p.waitForSelector("#link-problem", { timeout: 15_000 });
    expect(await p.textContent("#link-problem")).toMatch(/This link was recorded elsewhere\..*another build of the machine \(recorded on 0123456789ab…, this is /);
    await p.getByRole("button", { name: "Replay anyway" }).click();
    await p.waitForSelector('#replay[data-state="done"]', { timeout: 30_000 });
    expect(await p.textContent("#replay")).toMatch(/Replay complete/);
    await waitForRow(p, "shared 42", "the replayed output");
    await p.close();
  });
});
