// What if a real static glibc program behaves differently on Aster than on Linux?
// Each of our self-checking C programs in tests/guest is compiled with the riscv64 cross
// compiler, run under qemu-riscv64 (the oracle: it must pass there, with the expected exit
// status) and under our CLI with the same arguments, stdin and environment; stdout and the
// exit status (a signal death counts as 128+signo) must be identical.  Known failures are
// listed with a reason in tests/guest/blocklist.txt; a listed case that starts passing fails
// until its entry is removed.  Set ASTER_GUEST_ORACLE_ONLY=1 to check the programs under
// qemu alone, and ASTER_GUEST_CLI=/path/to/aster.cjs to test another build of the CLI.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CC, HOST_CC, QEMU, haveTool } from "../helpers/toolchain";
import {
  DIR_ARG,
  type GuestCase,
  compileProgram,
  describeDifference,
  loadBlocklist,
  runCaseAster,
  runCaseQemu,
  runCli,
} from "./util";

const tools = haveTool(CC) && haveTool(QEMU);
const oracleOnly = process.env.ASTER_GUEST_ORACLE_ONLY === "1";
const skipNote = tools
  ? ""
  : ` — SKIPPED: needs ${CC} and ${QEMU} (Debian: apt-get install gcc-riscv64-linux-gnu qemu-user)`;
if (!tools) console.warn(`tests/guest${skipNote}`);
if (tools && !haveTool(HOST_CC)) console.warn(`tests/guest: cases whose oracle is the host's kernel are SKIPPED: needs ${HOST_CC} (Debian: apt-get install gcc)`);

/** Deterministic text for the stdin test: ~120 KiB, lines of varying length. */
function stdinText(): string {
  const lines: string[] = [];
  let x = 12345;
  for (let i = 0; i < 3000; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    lines.push(`stdin line ${i} ${"abcdefghijklmnopqrstuvwxyz".repeat(1 + (x % 3)).slice(0, x % 70)}`);
  }
  return lines.join("\n") + "\n";
}

const SIGSEGV = 139;
const SIGILL = 132;
const SIGTRAP = 133;
const SIGABRT = 134;

const cases: GuestCase[] = [
  { name: "rv64i", program: "rv64i" },
  { name: "flushicache", program: "flushicache" },
  { name: "rv64m", program: "rv64m" },
  { name: "rv64a", program: "rv64a" },
  { name: "rv64f", program: "rv64f" },
  { name: "rv64d", program: "rv64d" },
  { name: "rvc", program: "rvc" },
  { name: "zicsr", program: "zicsr" },
  { name: "files", program: "files", args: [DIR_ARG], dir: true },
  { name: "fsops", program: "fsops", args: [DIR_ARG], dir: true },
  { name: "locks", program: "locks", args: [DIR_ARG], dir: true },
  { name: "mmapshared", program: "mmapshared", args: [DIR_ARG], dir: true },
  { name: "procfd", program: "procfd", args: [DIR_ARG], dir: true },
  { name: "mem", program: "mem" },
  { name: "futexop", program: "futexop" },
  { name: "rwv2", program: "rwv2", args: [DIR_ARG], dir: true, oracle: "native" },
  { name: "ptimer", program: "ptimer", oracle: "native" },
  { name: "sigfd", program: "sigfd", oracle: "native" },
  { name: "pidfd", program: "pidfd", oracle: "native" },
  { name: "clearsighand", program: "clearsighand", oracle: "native" },
  { name: "xattr", program: "xattr", oracle: "native" },
  { name: "inotify", program: "inotify", args: [DIR_ARG], dir: true, oracle: "native" },
  { name: "pty", program: "pty", oracle: "native" },
  { name: "hwprobe", program: "hwprobe", oracle: "self" },
  { name: "execveat", program: "execveat", oracle: "native" },
  { name: "ioprio", program: "ioprio", oracle: "native" },
  { name: "sched", program: "sched", oracle: "native" },
  // Needs root natively (it drops to nobody); CI runs as root.
  ...(process.getuid?.() === 0 ? [
    { name: "perms", program: "perms", oracle: "native" as const },
    { name: "chroot", program: "chroot", oracle: "native" as const },
    { name: "sysvsem", program: "sysvsem", oracle: "native" as const },
    { name: "caps", program: "caps", oracle: "native" as const },
  ] : []),
  { name: "stdio", program: "stdio", stdin: stdinText() },
  { name: "stdio empty-stdin", program: "stdio", stdin: "" },
  {
    name: "env",
    program: "env",
    args: ["", "with space", "ünï ✓", "-x", "--", "last"],
    env: { ASTER_T_ONE: "one", ASTER_T_EMPTY: "", ASTER_T_SPACES: "a b  c=d" },
  },
  { name: "ids", program: "ids" },
  { name: "clock", program: "clock" },
  { name: "proc", program: "proc" },
  { name: "devnull", program: "devnull" },
  { name: "signals", program: "signals" },
  { name: "threads", program: "threads" },
  { name: "fork", program: "fork" },
  ...[
    ["exit", "42", 42],
    ["exit", "0", 0],
    ["exit", "256", 0],
    ["exit", "-1", 255],
    ["return", "42", 42],
    ["return", "255", 255],
    ["_exit", "7", 7],
    ["exit_group", "3", 3],
    ["thread-exit", "5", 5],
  ].map(([mode, n, status]) => ({
    name: `exitcode ${mode} ${n}`,
    program: "exitcode",
    args: [String(mode), String(n)],
    status: Number(status),
  })),
  ...[
    "null-read",
    "null-write",
    "ro-write",
    "rodata-write",
    "text-write",
    "unmapped",
    "prot-none",
    "split",
    "nx-exec",
    "jump-null",
    "stack-overflow",
  ].map((mode) => ({ name: `segv ${mode}`, program: "segv", args: [mode], status: SIGSEGV })),
  ...[
    "zero",
    "ones",
    "unimp",
    "csr-m",
    "csr-none",
    "mret",
    "sret",
    "sfence",
    "frm5",
    "rm5",
    "rm7-fcvt",
    "c-addi16sp0",
    "c-lui0",
    "c-jr0",
    "c-lwsp0",
    "c-addi4spn0",
    "amo-bad",
    "vector",
    "long48",
    "custom0",
  ].map((mode) => ({ name: `illegal ${mode}`, program: "illegal", args: [mode], status: SIGILL })),
  { name: "trap ebreak", program: "trap", args: ["ebreak"], status: SIGTRAP },
  { name: "trap c.ebreak", program: "trap", args: ["c.ebreak"], status: SIGTRAP },
  { name: "abort", program: "abort", status: SIGABRT },
  { name: "abort handler", program: "abort", args: ["handler"], status: SIGABRT },
];

const blocklist = loadBlocklist();

describe.skipIf(!tools)(`guest conformance: our programs under qemu-riscv64 and aster${skipNote}`, () => {
  it("has a blocklist that names only existing cases", () => {
    const names = new Set(cases.map((c) => c.name));
    expect([...blocklist.keys()].filter((n) => !names.has(n))).toEqual([]);
  });

  const hostCc = haveTool(HOST_CC);
  for (const c of cases) {
    it.skipIf(c.oracle === "native" && !hostCc)(c.name, async () => {
      const binary = compileProgram(c.program);
      if (c.oracle === "self") {
        const ours = await runCaseAster(binary, c);
        const fails = ours.stdout.toString().split("\n").filter((l) => l.includes("FAIL"));
        if (ours.status !== (c.status ?? 0) || fails.length) throw new Error(`${c.name}: status ${ours.status}\n${fails.join("\n")}${ours.stderr.toString()}`);
        return;
      }
      const native = c.oracle === "native";
      const oracle = await runCaseQemu(native ? compileProgram(c.program, true) : binary, c, native);
      const want = c.status ?? 0;
      if (oracle.status !== want) {
        throw new Error(
          `the program itself fails under the oracle: ${native ? "the host's Linux" : "qemu-riscv64"} exit status ${oracle.status}, want ${want}` +
            `${oracle.killedBy ? ` (${oracle.killedBy})` : ""}\n` +
            oracle.stdout.toString().split("\n").filter((l) => l.includes("FAIL")).slice(0, 10).join("\n"),
        );
      }
      if (oracleOnly) return;
      const ours = await runCaseAster(binary, c);
      const diff = describeDifference(oracle, ours);
      const reason = blocklist.get(c.name);
      if (reason !== undefined) {
        if (diff === null) {
          throw new Error(`"${c.name}" passes now: remove its entry from tests/guest/blocklist.txt (${reason})`);
        }
        return; // a known failure, listed with its reason
      }
      if (diff !== null) throw new Error(`${c.name}: aster differs from ${native ? "the host's Linux" : "qemu-riscv64"}:\n  ${diff}`);
    }, 600_000);
  }
});

describe.skipIf(!tools || oracleOnly)(`guest conformance: files the CLI must refuse${skipNote}`, () => {
  async function refuse(contents: Buffer | string, name: string) {
    const dir = mkdtempSync(join(tmpdir(), "aster-refuse-"));
    try {
      writeFileSync(join(dir, name), contents, { mode: 0o755 });
      return await runCli(["--mount", `${dir}:/work`, "--", `/work/${name}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("refuses an x86-64 ELF executable with status 126", async () => {
    // A minimal, well-formed x86-64 executable: ELF header + one PT_LOAD program header.
    const elf = Buffer.alloc(120);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0); // magic, ELFCLASS64, little endian, version
    elf.writeUInt16LE(2, 16); // ET_EXEC
    elf.writeUInt16LE(62, 18); // EM_X86_64
    elf.writeUInt32LE(1, 20);
    elf.writeBigUInt64LE(0x400078n, 24); // e_entry
    elf.writeBigUInt64LE(64n, 32); // e_phoff
    elf.writeUInt16LE(64, 52); // e_ehsize
    elf.writeUInt16LE(56, 54); // e_phentsize
    elf.writeUInt16LE(1, 56); // e_phnum
    elf.writeUInt32LE(1, 64); // PT_LOAD
    elf.writeUInt32LE(5, 68); // R+X
    elf.writeBigUInt64LE(0x400000n, 80); // p_vaddr
    elf.writeBigUInt64LE(0x400000n, 88); // p_paddr
    elf.writeBigUInt64LE(120n, 96); // p_filesz
    elf.writeBigUInt64LE(120n, 104); // p_memsz
    const r = await refuse(elf, "x86prog");
    expect(r.status).toBe(126);
    expect(r.stderr.toString()).toContain("not a riscv64 ELF executable");
  });

  it("refuses a truncated riscv64 ELF with status 126", async () => {
    const elf = readFileSync(compileProgram("exitcode"));
    const r = await refuse(elf.subarray(0, 40), "truncated");
    expect(r.status).toBe(126);
    expect(r.stderr.toString()).toContain("not a riscv64 ELF executable");
  });
});
