// A program on a pseudo-terminal made by pty_driver.py, seen as the text it has written so far,
// for the tests that type at a shell like a person (tests/pty, tests/debian).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { StringDecoder } from "node:string_decoder";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
const driver = join(here, "pty_driver.py");

/** The longest we wait for any one thing to appear. */
export const WAIT_MS = 90_000;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One program on a pty, seen as the text it has written so far. */
export class Terminal {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly decoder = new StringDecoder("utf8");
  private readonly listeners = new Set<() => void>();
  /** Everything the program wrote to the terminal, with line ends made "\n": the guest's tty
   *  turns "\n" into "\r\n", and the host pty (in Node's raw mode, which keeps ONLCR) adds its
   *  own "\r" — on a screen "\r\r\n" looks like one line end. */
  text = "";
  private heldCr = "";
  /** Where the next search starts (just after the last thing found). */
  mark = 0;
  private report = "";
  readonly exited: Promise<{ exit?: number; signal?: number }>;

  /** `prompt`: what the shell shows when it waits for a command line (run, recover). */
  constructor(rows: number, cols: number, argv: string[], private readonly prompt: string) {
    this.child = spawn("python3", [driver, String(rows), String(cols), ...argv], { cwd: repoRoot, env: { ...process.env, TERM: "xterm" } });
    this.child.stdout.on("data", (b: Buffer) => {
      // A "\r" at the end of a chunk waits for the next: it may belong to a line end.
      const s = this.heldCr + this.decoder.write(b);
      const keep = s.replace(/\r+$/, "");
      this.heldCr = s.slice(keep.length);
      this.text += keep.replace(/\r+\n/g, "\n");
      for (const f of this.listeners) f();
    });
    this.child.stderr.on("data", (b: Buffer) => (this.report += b.toString()));
    this.exited = new Promise((resolve) => {
      this.child.on("close", () => {
        const line = this.report.trim().split("\n").pop() ?? "";
        try {
          resolve(JSON.parse(line));
        } catch {
          resolve({ exit: -1 });
        }
        for (const f of this.listeners) f();
      });
    });
  }

  private send(cmd: object): void {
    this.child.stdin.write(JSON.stringify(cmd) + "\n");
  }

  /** Type bytes at the keyboard. */
  type(s: string): void {
    this.send({ op: "write", data: Buffer.from(s, "utf8").toString("base64") });
  }

  resize(rows: number, cols: number): void {
    this.send({ op: "resize", rows, cols });
  }

  /** Wait until `pattern` appears after the mark; move the mark past it; return what came
   *  between the old mark and the end of the match. */
  waitFor(pattern: string | RegExp, what: string, timeoutMs = WAIT_MS): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const rest = this.text.slice(this.mark);
        let end = -1;
        if (typeof pattern === "string") {
          const i = rest.indexOf(pattern);
          if (i >= 0) end = i + pattern.length;
        } else {
          const m = pattern.exec(rest);
          if (m) end = m.index + m[0].length;
        }
        if (end < 0) return false;
        this.mark += end;
        resolve(rest.slice(0, end));
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`waited ${timeoutMs} ms for ${what} (${String(pattern)}); the terminal shows after the mark:\n${JSON.stringify(this.text.slice(this.mark).slice(-2000))}`));
      }, timeoutMs);
      const listener = () => {
        if (check()) {
          clearTimeout(timer);
          this.listeners.delete(listener);
        }
      };
      this.listeners.add(listener);
    });
  }

  /** Skip whatever is there now: the next search starts from here. */
  skip(): void {
    this.mark = this.text.length;
  }

  /** Type a command line and wait until the shell has echoed it. */
  async command(line: string): Promise<void> {
    this.skip();
    this.type(line + "\r");
    await this.waitFor(line + "\n", `the echo of ${JSON.stringify(line)}`);
  }

  /** Output of a command line, up to the next prompt. */
  async run(line: string): Promise<string> {
    await this.command(line);
    const out = await this.waitFor(this.prompt, `the prompt after ${JSON.stringify(line)}`);
    return out.slice(0, -this.prompt.length);
  }

  /** Back to a fresh prompt, whatever state a failed step left behind. */
  async recover(): Promise<void> {
    this.skip();
    this.type("\x1b"); // leave vi, if that is where we are
    await sleep(1000);
    this.type(":q!\r");
    await sleep(1000);
    this.type("\x03"); // interrupt whatever runs, or the line being typed
    await sleep(1000);
    this.skip();
    this.type("\r");
    await this.waitFor(this.prompt, "a prompt after recovering");
  }

  kill(): void {
    this.send({ op: "kill" });
    this.child.stdin.end();
  }
}
