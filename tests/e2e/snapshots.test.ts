// Saved machines in the browser: "Save machine" keeps the whole machine in IndexedDB, "Restore"
// brings it back — files, shell variables and all — even after the page is reloaded.
//
// Needs /usr/bin/chromium (never downloaded), like playground.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { serveStatic, type StaticServer } from "./server.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const site = join(root, "build", "e2e-site-snapshots");

describe.skipIf(!existsSync(CHROMIUM))("saved machines in Chromium", () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const vite = await import("vite");
    await vite.build({ root, logLevel: "warn", build: { outDir: site, emptyOutDir: true } });
    server = await serveStatic(site);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.url);
    await until(async () => (await screen()).includes("~ #"), "the first prompt");
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const screen = () => page.evaluate(() => document.querySelector(".xterm-rows")?.textContent ?? "");
  const panel = () => page.locator("section.panel-snapshots");

  async function until(pred: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await pred())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the screen shows:\n${await screen()}`);
      await page.waitForTimeout(50);
    }
  }

  /** Type a line and wait for `expect` on the screen. */
  async function run(line: string, expectText: string): Promise<void> {
    await page.keyboard.type(line);
    await page.keyboard.press("Enter");
    await until(async () => (await screen()).includes(expectText), `"${expectText}" after ${line}`);
  }

  it("saves the machine, changes it, and restores the saved state", async () => {
    await page.locator("#terminal").click();
    await run("echo kept > /tmp/s; x=41; echo ok-$x", "ok-41");
    await panel().getByRole("button", { name: "Save machine" }).click();
    await until(async () => (await panel().locator("li").count()) === 1, "the saved machine in the list");
    await page.locator("#terminal").click();
    await run("echo changed > /tmp/s; x=0; echo now-$x", "now-0");
    await panel().getByRole("button", { name: "Restore" }).click();
    await until(async () => !(await screen()).includes("now-0"), "the terminal to be reset");
    await page.locator("#terminal").click();
    await run("echo got-$(cat /tmp/s)-$((x+1))", "got-kept-42");
  });

  it("keeps saved machines across a page reload, and deletes them", async () => {
    await page.reload();
    await until(async () => (await screen()).includes("~ #"), "the prompt after reload");
    await until(async () => (await panel().locator("li").count()) === 1, "the saved machine after reload");
    await panel().getByRole("button", { name: "Restore" }).click();
    await page.waitForTimeout(300);
    await page.locator("#terminal").click();
    await run("echo again-$(cat /tmp/s)-$x", "again-kept-41");
    await panel().getByRole("button", { name: "Delete" }).click();
    await until(async () => (await panel().locator("li").count()) === 0, "an empty list");
    expect(errors).toEqual([]);
  });
});
