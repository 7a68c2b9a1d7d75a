// Freestanding C programs (tests/core/programs) on the bare core: compiled with the cross
// compiler into one image at 0x10000, loaded into the test page table, with write(2) and
// exit(2) emulated here on ecall. The same ELF runs under qemu-riscv64 as the oracle.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { Hart, L, R, W, X, U, repoRoot } from "./harness.js";

const progDir = join(repoRoot, "tests", "core", "programs");
const cache = join(repoRoot, "build", "core-tests");
export const IMAGE_VA = 0x10000;
const IMAGE_PA = 0x400000;

export interface Program {
  elf: string;
  image: Uint8Array;
  /** End of .bss (virtual). */
  end: number;
}

export function compileProgram(name: string, flags: string[] = ["-O2"]): Program {
  const sources = [join(progDir, `${name}.c`), join(progDir, "rt.c")];
  const hash = createHash("sha256");
  for (const s of [...sources, join(progDir, "rt.h"), join(progDir, "link.ld")]) hash.update(readFileSync(s));
  hash.update(flags.join(" "));
  const base = join(cache, `${name}-${hash.digest("hex").slice(0, 16)}`);
  if (!existsSync(`${base}.bin`)) {
    mkdirSync(cache, { recursive: true });
    const tmp = `${base}.${process.pid}`;
    execFileSync("riscv64-linux-gnu-gcc", [
      "-march=rv64gc", "-mabi=lp64d", "-ffreestanding", "-nostdlib", "-static", "-fno-pic",
      "-mcmodel=medany", "-fno-tree-loop-distribute-patterns", "-Wl,--no-warn-rwx-segments", "-Wl,--build-id=none",
      ...flags, "-T", join(progDir, "link.ld"), "-o", `${tmp}.elf`, ...sources,
    ], { stdio: "pipe" });
    execFileSync("riscv64-linux-gnu-objcopy", ["-O", "binary", `${tmp}.elf`, `${tmp}.bin`], { stdio: "pipe" });
    renameSync(`${tmp}.elf`, `${base}.elf`);
    renameSync(`${tmp}.bin`, `${base}.bin`);
  }
  const nm = execFileSync("riscv64-linux-gnu-nm", [`${base}.elf`]).toString();
  const m = /^([0-9a-f]+) \w __bss_end$/m.exec(nm);
  if (!m) throw new Error("no __bss_end");
  return { elf: `${base}.elf`, image: new Uint8Array(readFileSync(`${base}.bin`)), end: parseInt(m[1], 16) };
}

export interface ProgramResult {
  stdout: string;
  exitCode: number;
  instret: bigint;
  seconds: number;
  /** Process CPU time (user + system) spent, s: robust against other load on the machine. */
  cpuSeconds: number;
  runCalls: number;
}

/** Load a program into a fresh hart (RWX image + bss, 1 MiB stack). */
export function loadProgram(p: Program, hart = new Hart(64 << 20)): Hart {
  const len = Math.ceil((p.end - IMAGE_VA + 4096) / 4096) * 4096;
  hart.mapRange(IMAGE_VA, IMAGE_PA, len, R | W | X | U);
  hart.writePhys(IMAGE_PA, p.image);
  const stackPa = IMAGE_PA + len + 0x10000;
  hart.mapRange(0x7ff00000, stackPa, 0x100000, R | W | U);
  hart.setX("sp", 0x80000000 - 16);
  hart.pc = IMAGE_VA;
  hart.ex.flushTlb();
  return hart;
}

/** Run to exit, emulating write and exit; `slice` = budget per run() call. */
export function runProgram(hart: Hart, slice = 5_000_000, maxInstr = 20_000_000_000n): ProgramResult {
  let out = "";
  let calls = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (;;) {
    const r = hart.run(slice);
    calls++;
    if (r === L.TRAP_BUDGET) {
      if (hart.instret > maxInstr) throw new Error("program did not finish");
      continue;
    }
    if (r !== L.TRAP_ECALL_U) throw new Error(`trap ${r} at pc 0x${hart.pc.toString(16)} tval 0x${hart.tval.toString(16)}`);
    const n = Number(hart.x("a7"));
    if (n === 93) {
      return { stdout: out, exitCode: Number(hart.x("a0") & 255n), instret: hart.instret, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSince(c0), runCalls: calls };
    }
    if (n === 64) {
      const buf = Number(hart.x("a1"));
      const len = Number(hart.x("a2"));
      // The image is identity-offset: va -> IMAGE_PA + (va - IMAGE_VA) for the image and bss.
      let s = "";
      for (let i = 0; i < len; i++) s += String.fromCharCode(readVirt8(hart, buf + i));
      out += s;
      hart.setX("a0", BigInt(len));
    } else {
      throw new Error(`unexpected syscall ${n}`);
    }
    hart.pc = hart.pc + 4n;
  }
}

function cpuSince(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

/** Read a byte of guest virtual memory by walking the test page table. */
export function readVirt8(hart: Hart, va: number): number {
  const pte = hart.pte(va);
  const pa = Number((pte >> 10n) << 12n) + (va & 0xfff);
  return hart.readPhys(pa, 1)[0];
}

export function qemuOutput(p: Program): string | null {
  const r = spawnSync("qemu-riscv64", [p.elf], { timeout: 600_000 });
  if (r.error || r.status !== 0) return null;
  return r.stdout.toString();
}
