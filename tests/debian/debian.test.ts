// What if Debian's own dynamically linked programs do not run as on Linux? bash, lua5.4,
// sqlite3 and python3.13 with their libraries (glibc, libtinfo, liblua, libsqlite3,
// libpython, OpenSSL's libcrypto, ...), downloaded from Debian trixie's riscv64 archive
// (scripts/debian-root.mjs: the same private apt and signature checks as the root image),
// each run on a script of ours under qemu-riscv64 (-L the unpacked packages: the oracle) and
// under our CLI (the packages' /usr mounted at /usr and /lib); stdout and the exit status must
// be identical. Then bash as an interactive shell in a pseudo-terminal: readline's line editing,
// history and completion, Ctrl-C, Ctrl-Z and jobs. Without apt or the network, and no cached
// packages, the suite is skipped with a message saying so.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { QEMU, asterBin, haveTool } from "../helpers/toolchain";
import { run, runCli } from "../guest/util";
import { Terminal, sleep } from "../pty/terminal";
// @ts-expect-error: a plain JavaScript module of the build scripts
import { debianRoot, parseDepends } from "../../scripts/debian-root.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const PACKAGES = [
  "libc6", "libgcc-s1", "libstdc++6", "libtinfo6", "libreadline8t64", "zlib1g",
  "bash", "lua5.4", "liblua5.4-0", "sqlite3", "libsqlite3-0",
  "python3.13-minimal", "libpython3.13-minimal", "libexpat1", "libssl3t64",
];

let rootDir = "";
let skipNote = "";
if (!haveTool(QEMU)) skipNote = ` — SKIPPED: needs ${QEMU} (Debian: apt-get install qemu-user)`;
else {
  try {
    rootDir = debianRoot(PACKAGES);
  } catch (e) {
    // 69: apt, dpkg-deb or the network is not there (the message says which).
    if ((e as { code?: number }).code !== 69) throw e;
    skipNote = ` — SKIPPED: ${(e as Error).message.split("\n")[0]}`;
  }
}
if (skipNote) console.warn(`tests/debian${skipNote}`);

interface Case {
  name: string;
  /** The program (a path in the packages' /usr) and its arguments; @T is this folder. */
  argv: string[];
  /** A line the output must contain, so that a program that printed nothing cannot pass. */
  expect: string;
  /** Give the program a scratch folder at /data (@D in argv). */
  scratch?: boolean;
}

const cases: Case[] = [
  { name: "bash runs a script of builtins, expansions, arrays, subshells and pipes", argv: ["/usr/bin/bash", "@T/script.bash"], expect: "fib 12 = 144" },
  { name: "lua5.4 runs tables, closures, coroutines and patterns", argv: ["/usr/bin/lua5.4", "@T/script.lua"], expect: "fib 24\t46368" },
  { name: "sqlite3 builds and queries a database file", argv: ["/usr/bin/sqlite3", "@D/test.db", "-init", "@T/script.sql", ".quit"], expect: "2000|15978|1250.625|item999", scratch: true },
  {
    name: "sqlite3 in WAL mode shares its index through a mapped file",
    argv: ["/usr/bin/sqlite3", "@D/test.db", "pragma journal_mode = wal; create table t(x); insert into t values (1), (2), (3); " +
      "begin; insert into t select x + 10 from t; commit; select count(*), sum(x) from t; pragma wal_checkpoint; pragma integrity_check;"],
    expect: "6|42", scratch: true,
  },
  { name: "python3.13 starts, imports its standard library and forks", argv: ["/usr/bin/python3.13", "@T/script.py"], expect: "fork hello from the child 9" },
  { name: "python3.13 talks TCP and UDP over the loopback interface", argv: ["/usr/bin/python3.13", "@T/sockets.py"], expect: "sockets done" },
  { name: "python3.13 runs a child on a pseudo-terminal (os.forkpty)", argv: ["/usr/bin/python3.13", "@T/pty.py"], expect: "pty done, child exit 3" },
];

describe.skipIf(skipNote !== "")(`Debian's dynamically linked programs under qemu-riscv64 and aster${skipNote}`, () => {
  for (const c of cases) {
    it(c.name, async () => {
      const scratch = c.scratch ? mkdtempSync(join(tmpdir(), "aster-debian-")) : "";
      try {
        const host = (a: string) => a.replace("@T", here).replace("@D", scratch);
        const [program, ...args] = c.argv;
        const oracle = await run(QEMU, ["-L", rootDir, join(rootDir, program), ...args.map(host)], { cwd: here, timeoutMs: 120_000 });
        expect(oracle.status, `under qemu: ${oracle.stderr.toString()}`).toBe(0);
        if (scratch) rmSync(join(scratch, "test.db"), { force: true });
        const cli = ["--mount", `${join(rootDir, "usr")}:/usr`, "--mount", `${join(rootDir, "usr", "lib")}:/lib`, "--mount", `${here}:/t`];
        if (scratch) cli.push("--mount", `${scratch}:/data`);
        const guest = (a: string) => a.replace("@T", "/t").replace("@D", "/data");
        const ours = await runCli([...cli, "--", program, ...args.map(guest)], "", 180_000);
        expect(ours.stderr.toString()).toBe(oracle.stderr.toString());
        expect(ours.stdout.toString()).toBe(oracle.stdout.toString());
        expect(ours.status).toBe(0);
        expect(ours.stdout.toString()).toContain(c.expect);
      } finally {
        if (scratch) rmSync(scratch, { recursive: true, force: true });
      }
    }, 300_000);
  }
});

describe.skipIf(skipNote !== "")(`Debian's bash, interactive in a pseudo-terminal${skipNote}`, () => {
  const PROMPT = "bash-5.2# ";
  it("edits lines with readline, recalls history, completes, and controls jobs", async () => {
    const term = new Terminal(24, 80, [process.execPath, asterBin, "--mount", `${join(rootDir, "usr")}:/usr`, "--mount", `${join(rootDir, "usr", "lib")}:/lib`,
      "--env", "TERM=xterm", "--", "/usr/bin/bash", "--norc", "-i"], PROMPT);
    try {
      await term.waitFor(PROMPT, "the first prompt", 180_000);
      expect(await term.run("echo $((6 * 7))")).toContain("42");
      // Line editing: Ctrl-A to the start of the line, then insert; backspaces.
      term.skip();
      term.type("cho edited\x01e\r");
      await term.waitFor("\nedited\n", "the output of the edited line");
      await term.waitFor(PROMPT, "the prompt after the edited line");
      term.skip();
      term.type("echo abcd\x7f\x7fXY\r");
      await term.waitFor("\nabXY\n", "the output of a line with backspaces");
      await term.waitFor(PROMPT, "the prompt after backspaces");
      // History: the up arrow brings the last line back.
      term.skip();
      term.type("\x1b[A\r");
      await term.waitFor("\nabXY\n", "the recalled line's output");
      await term.waitFor(PROMPT, "the prompt after the recalled line");
      // Completion of a builtin's name.
      term.skip();
      term.type("ech\t completed\r");
      await term.waitFor("\ncompleted\n", "the output of the completed command");
      await term.waitFor(PROMPT, "the prompt after completion");
      // Ctrl-C interrupts the foreground job; Ctrl-Z stops it, and jobs lists it.
      await term.command("sleep 100");
      await sleep(1000);
      term.type("\x03");
      await term.waitFor(PROMPT, "the prompt after Ctrl-C");
      expect(await term.run("echo status $?")).toContain("status 130");
      await term.command("sleep 50");
      await sleep(1000);
      term.type("\x1a");
      await term.waitFor(/Stopped\s+sleep 50/, "bash's report of the stopped job");
      await term.waitFor(PROMPT, "the prompt after Ctrl-Z");
      expect(await term.run("jobs")).toMatch(/\[1\]\+\s+Stopped\s+sleep 50/);
      expect(await term.run("kill %1; wait; echo killed")).toContain("killed");
      term.skip();
      term.type("exit\r");
      expect(await term.exited).toEqual({ exit: 0 });
    } finally {
      term.kill();
    }
  }, 300_000);
});

describe("scripts/debian-root.mjs", () => {
  it("reads the packages a Depends field asks for", () => {
    expect(parseDepends(undefined)).toEqual([]);
    expect(parseDepends("libc6 (>= 2.38), libtinfo6 (>= 6)")).toEqual(["libc6", "libtinfo6"]);
    expect(parseDepends("libpython3.13-minimal (= 3.13.5-2), libexpat1 (>= 2.6.0) | libexpat1-udeb, python3:any")).toEqual(["libpython3.13-minimal", "libexpat1", "python3"]);
  });
});
