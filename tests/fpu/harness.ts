// Shared by the FPU tests and the FPU benchmark: build the test Wasm (tests/fpu/fpu_entry.ts
// re-exporting asm/fpu.ts), produce reference vectors with qemu-riscv64, and compare.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileGuest, repoRoot, runQemu } from "../helpers/toolchain.js";

export const fpuWasmPath = join(repoRoot, "build", "fpu-test.wasm");
const entry = join(repoRoot, "tests", "fpu", "fpu_entry.ts");

/** Build build/fpu-test.wasm unless it is newer than asm/ and the entry file. */
export function buildFpuWasm(): string {
  const asmDir = join(repoRoot, "asm");
  const inputs = [
    statSync(entry).mtimeMs,
    ...readdirSync(asmDir).filter((f) => f.endsWith(".ts")).map((f) => statSync(join(asmDir, f)).mtimeMs),
  ];
  if (existsSync(fpuWasmPath) && inputs.every((t) => t < statSync(fpuWasmPath).mtimeMs)) return fpuWasmPath;
  mkdirSync(join(repoRoot, "build"), { recursive: true });
  const tmp = `${fpuWasmPath}.tmp${process.pid}`;
  execFileSync(
    join(repoRoot, "node_modules", ".bin", "asc"),
    [entry, "--outFile", tmp, "--runtime", "stub", "-O3", "--noAssert", "--initialMemory", "256"],
    { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
  );
  renameSync(tmp, fpuWasmPath);
  return fpuWasmPath;
}

export interface FpuExports {
  memory: WebAssembly.Memory;
  runBatch(p: number, n: number, out: number): void;
  crossCheck(op: number, n: number, rmMask: number, out: number, seed: bigint): number;
  [name: string]: unknown;
}

export async function loadFpu(): Promise<FpuExports> {
  const bytes = readFileSync(buildFpuWasm());
  const { instance } = await WebAssembly.instantiate(bytes, {
    env: {
      abort(): never {
        throw new Error("abort in fpu-test.wasm");
      },
    },
  });
  return instance.exports as unknown as FpuExports;
}

export const REC = 40;

/** Reference records from qemu-riscv64 (see vectors.c), cached under build/fpu-vectors. */
export function referenceVectors(seed: number, count: number): Buffer {
  const exe = compileGuest(join(repoRoot, "tests", "fpu", "vectors.c"), ["-O2"]);
  const key = createHash("sha256").update(readFileSync(exe)).digest("hex").slice(0, 16);
  const dir = join(repoRoot, "build", "fpu-vectors");
  const file = join(dir, `${key}-${seed}-${count}.bin`);
  if (existsSync(file)) return readFileSync(file);
  const r = runQemu(exe, [String(seed), String(count)], { timeoutMs: 600_000 });
  if (r.status !== 0) throw new Error(`vectors failed: ${r.status} ${r.signal} ${r.stderr.toString()}`);
  mkdirSync(dir, { recursive: true });
  // Drop vectors of older generator builds (each file is tens of MB).
  for (const f of readdirSync(dir)) if (!f.startsWith(key)) rmSync(join(dir, f), { force: true });
  writeFileSync(`${file}.tmp${process.pid}`, r.stdout);
  renameSync(`${file}.tmp${process.pid}`, file);
  return r.stdout;
}

export const OP_NAMES: Record<number, string> = {
  0: "fadd.d", 1: "fsub.d", 2: "fmul.d", 3: "fdiv.d", 4: "fsqrt.d", 5: "fmadd.d", 6: "fmsub.d",
  7: "fnmsub.d", 8: "fnmadd.d", 9: "fmin.d", 10: "fmax.d", 11: "feq.d", 12: "flt.d", 13: "fle.d",
  14: "fclass.d", 15: "fcvt.w.d", 16: "fcvt.wu.d", 17: "fcvt.l.d", 18: "fcvt.lu.d", 19: "fcvt.d.w",
  20: "fcvt.d.wu", 21: "fcvt.d.l", 22: "fcvt.d.lu", 23: "fcvt.s.d", 24: "fcvt.d.s",
  32: "fadd.s", 33: "fsub.s", 34: "fmul.s", 35: "fdiv.s", 36: "fsqrt.s", 37: "fmadd.s", 38: "fmsub.s",
  39: "fnmsub.s", 40: "fnmadd.s", 41: "fmin.s", 42: "fmax.s", 43: "feq.s", 44: "flt.s", 45: "fle.s",
  46: "fclass.s", 47: "fcvt.w.s", 48: "fcvt.wu.s", 49: "fcvt.l.s", 50: "fcvt.lu.s", 51: "fcvt.s.w",
  52: "fcvt.s.wu", 53: "fcvt.s.l", 54: "fcvt.s.lu",
};

const RM = ["rne", "rtz", "rdn", "rup", "rmm"];
const FLAGS = ["NX", "UF", "OF", "DZ", "NV"];
export const hex = (x: bigint, w = 16): string => "0x" + BigInt.asUintN(64, x).toString(16).padStart(w, "0");
export const flagStr = (f: number): string => FLAGS.filter((_, i) => f & (1 << i)).join("|") || "-";

export interface OpStats {
  total: number;
  bad: number;
  examples: string[];
}

/** Run every record through the Wasm FPU; per-op totals, mismatch counts and examples. */
export function compareAll(fpu: FpuExports, buf: Buffer, maxExamples = 8): Map<number, OpStats> {
  const IN = 0x200000;
  const OUT = 0x500000;
  const CHUNK = 65536;
  const stats = new Map<number, OpStats>();
  const n = Math.floor(buf.length / REC);
  for (let start = 0; start < n; start += CHUNK) {
    const cnt = Math.min(CHUNK, n - start);
    new Uint8Array(fpu.memory.buffer, IN, cnt * REC).set(buf.subarray(start * REC, (start + cnt) * REC));
    fpu.runBatch(IN, cnt, OUT);
    const out = new BigUint64Array(fpu.memory.buffer, OUT, cnt * 2);
    for (let i = 0; i < cnt; i++) {
      const o = (start + i) * REC;
      const hdr = buf.readUInt32LE(o);
      const op = hdr & 0xff;
      const rm = (hdr >> 8) & 0xff;
      const flags = (hdr >> 16) & 31;
      const exp = buf.readBigUInt64LE(o + 32);
      let s = stats.get(op);
      if (!s) stats.set(op, (s = { total: 0, bad: 0, examples: [] }));
      s.total++;
      const got = out[i * 2];
      const gotFlags = Number(out[i * 2 + 1]);
      if (got !== exp || gotFlags !== flags) {
        s.bad++;
        if (s.examples.length < maxExamples) {
          const a = buf.readBigUInt64LE(o + 8);
          const b = buf.readBigUInt64LE(o + 16);
          const c = buf.readBigUInt64LE(o + 24);
          s.examples.push(
            `${OP_NAMES[op]} ${RM[rm]} a=${hex(a)} b=${hex(b)} c=${hex(c)}: ` +
              `expected ${hex(exp)} ${flagStr(flags)}, got ${hex(got)} ${flagStr(gotFlags)}`,
          );
        }
      }
    }
  }
  return stats;
}

export interface SpeedRow {
  name: string;
  rm: number;
  mops: number;
  nsPerOp: number;
}

/** Rough speed of the hot operations inside Wasm (loop overhead included; compare with
 *  the native rows). */
export function measureSpeed(fpu: FpuExports, n = 5_000_000): SpeedRow[] {
  const f = fpu as unknown as Record<string, (n: number, rm?: number) => bigint>;
  (fpu.benchInit as () => void)();
  const rows: SpeedRow[] = [];
  const plan: [string, number][] = [
    ["benchNative", 0], ["benchNativeFma", 0],
    ["benchAdd", 0], ["benchMul", 0], ["benchDiv", 0], ["benchSqrt", 0], ["benchFma", 0],
    ["benchCvtS", 0], ["benchAddS", 0], ["benchMulS", 0],
    ["benchAdd", 2], ["benchMul", 2], ["benchDiv", 2], ["benchSqrt", 2], ["benchFma", 2],
    ["benchToI32", 1], ["benchFromI32", 0], ["benchFromI64", 0],
  ];
  for (const [name, rm] of plan) {
    f[name](10_000, rm);
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      f[name](n, rm);
      best = Math.min(best, performance.now() - t);
    }
    rows.push({ name, rm, mops: n / best / 1000, nsPerOp: (best * 1e6) / n });
  }
  return rows;
}
