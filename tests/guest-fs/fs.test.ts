// What if a file-system call (renameat2, linkat, utimensat, statx, sendfile, ...) behaves
// differently on Aster than on Linux? Each of our self-checking C programs in tests/guest-fs
// runs under qemu-riscv64 (the oracle: it must pass there) and under our CLI, twice: once with
// its scratch directory on a host mount (--mount TMP:/scratch, hostfs) and once in /tmp
// (tmpfs). Stdout and exit status must equal the oracle's. A program's second argument is a
// directory for what only a memory file system can hold (FIFOs, sockets, RENAME_EXCHANGE):
// /tmp under Aster. Known failures are listed below with their reason; a listed case that
// starts passing fails until its entry is removed.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CC, QEMU, compileGuest, haveTool, runAster, runQemu, type RunResult } from "../helpers/toolchain";

const here = dirname(fileURLToPath(import.meta.url));
const tools = haveTool(CC) && haveTool(QEMU);
if (!tools) console.warn(`tests/guest-fs skipped: needs ${CC} and ${QEMU}`);

const PROGRAMS = ["names", "attrs", "sizes", "fsinfo", "vecio", "opath", "lchmod", "unlinked"];
const PLACES = ["a host mount", "tmpfs"] as const;

const KNOWN: Record<string, string> = {
};

/** Compile tests/guest-fs/NAME.c; the shared header is hashed into the cache key. */
function build(name: string): string {
  const h = createHash("sha256").update(readFileSync(join(here, "fscheck.h"))).digest("hex").slice(0, 12);
  try {
    return compileGuest(join(here, `${name}.c`), ["-O2", "-Wall", `-DFSCHECK_HASH=0x${h}`]);
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`compiling tests/guest-fs/${name}.c failed:\n${err.stderr?.toString() ?? err.message}`);
  }
}

/** Exit status, a signal death counting as 128+signo (as the CLI reports it). */
function status(r: RunResult): number | null {
  if (r.signal) return 128 + ((constants.signals as Record<string, number>)[r.signal] ?? 0);
  return r.status;
}

function withDirs<T>(n: number, fn: (dirs: string[]) => T): T {
  const dirs = Array.from({ length: n }, () => mkdtempSync(join(tmpdir(), "aster-fs-")));
  try {
    return fn(dirs);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

function difference(oracle: RunResult, ours: RunResult): string | null {
  const problems: string[] = [];
  if (status(oracle) !== status(ours)) problems.push(`exit status: qemu ${status(oracle)}, aster ${status(ours)}`);
  if (!oracle.stdout.equals(ours.stdout)) {
    const a = oracle.stdout.toString("latin1").split("\n");
    const b = ours.stdout.toString("latin1").split("\n");
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    problems.push(`stdout differs first at line ${i + 1}:\n    qemu:  ${JSON.stringify(a[i] ?? "(end)")}\n    aster: ${JSON.stringify(b[i] ?? "(end)")}`);
    const fails = b.filter((l) => l.includes("FAIL"));
    if (fails.length) problems.push(`aster's failed checks:\n    ${fails.slice(0, 10).join("\n    ")}`);
  }
  if (problems.length === 0) return null;
  const err = ours.stderr.toString().trim();
  if (err) problems.push(`aster stderr: ${err.slice(0, 600)}`);
  return problems.join("\n  ");
}

describe.skipIf(!tools)("file-system calls: our programs under qemu-riscv64 and aster", () => {
  it("lists only existing cases as known failures", () => {
    const names = new Set(PROGRAMS.flatMap((p) => PLACES.map((w) => `${p} on ${w}`)));
    expect(Object.keys(KNOWN).filter((n) => !names.has(n))).toEqual([]);
  });

  for (const program of PROGRAMS) {
    for (const place of PLACES) {
      const name = `${program} on ${place}`;
      it(name, () => {
        const binary = build(program);
        const oracle = withDirs(2, (d) => runQemu(binary, d));
        if (status(oracle) !== 0) {
          const fails = oracle.stdout.toString().split("\n").filter((l) => l.includes("FAIL"));
          throw new Error(`the program fails under the oracle (status ${status(oracle)}):\n${fails.slice(0, 10).join("\n")}`);
        }
        const ours = withDirs(1, ([scratch]) => {
          const mounts = ["--mount", `${dirname(binary)}:/work`];
          if (place === "a host mount") mounts.push("--mount", `${scratch}:/scratch`);
          const args = place === "a host mount" ? ["/scratch", "/tmp"] : ["/tmp", "/tmp"];
          return runAster([...mounts, "--", `/work/${basename(binary)}`, ...args]);
        });
        const diff = difference(oracle, ours);
        const known = KNOWN[name];
        if (known !== undefined) {
          if (diff === null) throw new Error(`"${name}" passes now: remove it from KNOWN in tests/guest-fs/fs.test.ts (${known})`);
          return;
        }
        if (diff !== null) throw new Error(`${name}: aster differs from qemu-riscv64:\n  ${diff}`);
      });
    }
  }
});
