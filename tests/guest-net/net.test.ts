// What if a program that talks over AF_UNIX sockets, TCP or UDP on the loopback interface,
// or waits on a timerfd behaves differently on Aster than on Linux?  Each self-checking C
// program here is compiled with the riscv64 cross compiler and run under qemu-riscv64 (the
// oracle: it must pass there) and under our CLI; stdout and the exit status must be
// identical.  The programs use /tmp (a fresh tmpfs
// under Aster, the host's /tmp under qemu) with pid-unique names they remove again.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CC, QEMU, compileGuest, haveTool, runGuestUnderAster, runQemu, type RunResult } from "../helpers/toolchain";

const here = dirname(fileURLToPath(import.meta.url));
const tools = haveTool(CC) && haveTool(QEMU);
if (!tools) console.warn(`tests/guest-net skipped: needs ${CC} and ${QEMU}`);

const PROGRAMS = ["socketpair", "listen", "scm", "shutdown", "nonblock", "timerfd", "mmsg", "inet"];

function compile(name: string): string {
  // The header is part of every program: its hash goes into the cache key.
  const header = createHash("sha256").update(readFileSync(join(here, "netcheck.h"))).digest("hex").slice(0, 12);
  const flags = ["-O2", "-march=rv64gc", "-mabi=lp64d", "-Wall", `-DNETCHECK_HASH=0x${header}`];
  try {
    return compileGuest(join(here, `${name}.c`), flags);
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`compiling tests/guest-net/${name}.c failed:\n${err.stderr?.toString() ?? err.message}`);
  }
}

function failures(r: RunResult): string {
  return r.stdout.toString().split("\n").filter((l) => l.includes("FAIL")).slice(0, 10).join("\n");
}

describe.skipIf(!tools)("guest-net: AF_UNIX and loopback TCP/UDP sockets and timerfd under qemu-riscv64 and aster", () => {
  for (const name of PROGRAMS) {
    it(name, () => {
      const binary = compile(name);
      const oracle = runQemu(binary, [], { timeoutMs: 120_000 });
      if (oracle.status !== 0) {
        throw new Error(`${name} fails under qemu-riscv64 itself (status ${oracle.status}, signal ${oracle.signal}):\n${failures(oracle)}`);
      }
      const ours = runGuestUnderAster(binary, [], { timeoutMs: 240_000 });
      expect({ status: ours.status, stderr: ours.status === 0 ? "" : ours.stderr.toString() }).toEqual({ status: 0, stderr: "" });
      expect(ours.stdout.toString()).toEqual(oracle.stdout.toString());
    }, 600_000);
  }
});
