// What if a dynamically linked program does not run as on Linux? Our program dynlink.c and
// two shared libraries of ours (libdyn.so, linked at start-up through the program's RUNPATH
// $ORIGIN, and libplug.so, loaded with dlopen) are built with the riscv64 cross compiler
// against its glibc, and run with that glibc's dynamic linker and libraries: under
// qemu-riscv64 with -L (the oracle) and under our CLI with the cross toolchain's lib folder
// mounted at /lib (where the program's PT_INTERP and ld.so's search path look). stdout and the
// exit status must be identical. Then what the kernel owes a program whose interpreter is
// missing (ENOENT, as on Linux), and a dynamic program started by busybox's shell.
import { describe, expect, it, beforeAll } from "vitest";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CC, QEMU, haveTool, repoRoot } from "../helpers/toolchain";
import { run, runCli } from "../guest/util";

const here = dirname(fileURLToPath(import.meta.url));
/** The cross toolchain's glibc (Debian: libc6-riscv64-cross, a dependency of gcc-riscv64-linux-gnu). */
const SYSROOT = "/usr/riscv64-linux-gnu";
const SYSROOT_LIB = join(SYSROOT, "lib");
const INTERP = "ld-linux-riscv64-lp64d.so.1";

const ready = haveTool(CC) && haveTool(QEMU) && existsSync(join(SYSROOT_LIB, INTERP)) && existsSync(join(SYSROOT_LIB, "libc.so.6"));
const skipNote = ready ? "" : ` — SKIPPED: needs ${CC}, ${QEMU} and ${SYSROOT_LIB} (Debian: apt-get install gcc-riscv64-linux-gnu qemu-user)`;
if (!ready) console.warn(`tests/guest-dyn${skipNote}`);

/** Build the program and its libraries into one folder (cached by the sources' contents). */
function build(): string {
  const sources = ["dynlink.c", "libdyn.c", "libplug.c"];
  const h = createHash("sha256");
  for (const s of sources) h.update(s).update(readFileSync(join(here, s)));
  const dir = join(repoRoot, "build", "guest-dyn", h.digest("hex").slice(0, 16));
  if (existsSync(join(dir, "dynlink"))) return dir;
  const tmp = `${dir}.tmp${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  const cc = (args: string[]) => execFileSync(CC, ["-O2", "-Wall", ...args], { cwd: here, stdio: ["ignore", "pipe", "pipe"] });
  cc(["-fPIC", "-shared", "-o", join(tmp, "libdyn.so"), "libdyn.c"]);
  cc(["-fPIC", "-shared", "-o", join(tmp, "libplug.so"), "libplug.c", `-L${tmp}`, "-ldyn"]);
  cc(["-o", join(tmp, "dynlink"), "dynlink.c", `-L${tmp}`, "-ldyn", "-lm", "-Wl,-rpath,$ORIGIN"]);
  renameSync(tmp, dir);
  return dir;
}

describe.skipIf(!ready)(`dynamically linked programs: glibc's ld.so, shared libraries, dlopen${skipNote}`, () => {
  let dir = "";
  beforeAll(() => {
    dir = build();
  });

  it("runs a program with its shared libraries as qemu-riscv64 does", async () => {
    const oracle = await run(QEMU, ["-L", SYSROOT, join(dir, "dynlink")], { cwd: dir, timeoutMs: 120_000 });
    expect(oracle.status, oracle.stdout.toString()).toBe(0);
    const ours = await runCli(["--mount", `${SYSROOT_LIB}:/lib`, "--mount", `${dir}:/work`, "--cwd", "/work", "--", "/work/dynlink"]);
    expect(ours.stderr.toString()).toBe("");
    expect(ours.stdout.toString()).toBe(oracle.stdout.toString());
    expect(ours.status).toBe(0);
    // What the comparison covers, so that a program that printed nothing cannot pass.
    const out = ours.stdout.toString();
    for (const line of ["libdyn says hello", "thread 4 tls 4007", "cos(0.5) 0.877583", "plug 1008 1014", "child exit 4", `mapped ${INTERP}`, "mapped libc.so.6", "dynlink: 0 failures"]) {
      expect(out).toContain(line);
    }
  });

  it("fails the execve with ENOENT when the interpreter is missing, as Linux does", async () => {
    const direct = await runCli(["--mount", `${dir}:/work`, "--", "/work/dynlink"]);
    expect(direct.status).toBe(127);
    expect(direct.stderr.toString()).toContain("No such file or directory");
    // From a shell: the file exists, yet the shell reports it not found (execve's ENOENT).
    const sh = await runCli(["--mount", `${dir}:/work`, "--", "/bin/sh", "-c", "/work/dynlink; echo status $?"]);
    expect(sh.stdout.toString()).toBe("status 127\n");
    expect(sh.stderr.toString()).toContain("/work/dynlink: not found");
  });

  it("runs dynamic programs that busybox's shell starts, many times over", async () => {
    const r = await runCli(["--mount", `${SYSROOT_LIB}:/lib`, "--mount", `${dir}:/work`, "--cwd", "/work", "--",
      "/bin/sh", "-c", "for i in 1 2 3; do ./dynlink | tail -n 1; done; ./dynlink | grep -c mapped"]);
    // (mapped: the program, ld.so, libc, libm and libdyn; libplug is gone with its dlclose.)
    expect(r.stderr.toString()).toBe("");
    expect(r.stdout.toString()).toBe("dynlink: 0 failures\n".repeat(3) + "5\n");
    expect(r.status).toBe(0);
  });
});
