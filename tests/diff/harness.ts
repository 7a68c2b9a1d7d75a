// Build, run and compare the generated programs (shared by diff.test.ts and cli.ts).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import {
  CC, QEMU, asterBin, compileGuest, haveTool, repoRoot, runGuestUnderAster, runQemu,
  type RunResult,
} from "../helpers/toolchain.js";
import { OUTPUT_SIZE, decodeDump, diffDumps, generate, type GenOptions, type Program } from "./gen.js";

/** Freestanding, static, non-PIE (fixed load address, so auipc/jal values agree), and no
 *  linker relaxation (the body writes gp, so nothing may become gp-relative). */
export const DIFF_FLAGS = ["-nostdlib", "-no-pie", "-march=rv64gc", "-mabi=lp64d", "-Wl,--no-relax"];
export const diffDir = join(repoRoot, "build", "diff");

/** The fixed seeds of the default run. */
export const DEFAULT_SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

export function haveToolchain(): boolean {
  return haveTool(CC) && haveTool(QEMU);
}

/** ASTER_BIN=path/to/aster.cjs compares another copy of the CLI (e.g. a snapshot of a
 *  known build) instead of bin/aster.cjs. */
const asterOverride = process.env.ASTER_BIN;

export function haveAster(): boolean {
  return existsSync(asterOverride || asterBin);
}

/** Seeds to run: DIFF_SEED=a[,b...] exactly those; else DIFF_SEEDS=N seeds starting at
 *  DIFF_SEED_BASE (default 1); else DEFAULT_SEEDS. */
export function seedsFromEnv(env: NodeJS.ProcessEnv = process.env): number[] {
  if (env.DIFF_SEED) return env.DIFF_SEED.split(/[,\s]+/).filter(Boolean).map((s) => Number(s));
  if (env.DIFF_SEEDS) {
    const n = Number(env.DIFF_SEEDS);
    const base = Number(env.DIFF_SEED_BASE ?? 1);
    return Array.from({ length: n }, (_, i) => base + i);
  }
  return DEFAULT_SEEDS;
}

export interface Built {
  asmPath: string;
  binary: string;
}

/** Write the program's source (optionally only its first `limit` units) and assemble it. */
export function build(prog: Program, limit?: number): Built {
  mkdirSync(diffDir, { recursive: true });
  const suffix = limit === undefined ? "" : `-prefix${limit}`;
  const asmPath = join(diffDir, `seed-${prog.seed}${suffix}.S`);
  writeFileSync(asmPath, prog.source(limit));
  const binary = compileGuest(asmPath, DIFF_FLAGS);
  return { asmPath, binary };
}

function describeRun(r: RunResult): string {
  const err = r.stderr.toString("utf8").trim();
  return `status ${r.status}${r.signal ? ` signal ${r.signal}` : ""}, ${r.stdout.length} bytes of output` +
    (err ? `, stderr: ${err.slice(0, 2000)}` : "");
}

/** Check that qemu ran the program to completion; returns an error text or null. */
export function checkOracle(q: RunResult): string | null {
  if (q.status !== 0 || q.stdout.length !== OUTPUT_SIZE) return `qemu did not complete the program: ${describeRun(q)}`;
  return null;
}

/** Compare aster's run against qemu's; returns the differences (empty when equal). */
export function compare(q: RunResult, a: RunResult): string[] {
  const eq = decodeDump(q.stdout);
  const ad = decodeDump(a.stdout);
  if (!eq) return [`qemu: ${describeRun(q)}`];
  if (!ad || a.status !== 0) return [`aster did not complete the program: ${describeRun(a)}`];
  return diffDumps(eq, ad);
}

export interface SeedResult {
  seed: number;
  asmPath: string;
  binary: string;
  /** Empty when aster agrees with qemu (or when aster was not run). */
  diffs: string[];
  /** The first unit whose inclusion makes the outputs differ (when bisected). */
  culprit?: { index: number; text: string; asmPath: string; diffs: string[] };
}

/** Runs a built binary under the implementation being tested. */
export type Candidate = (binary: string, asmPath: string, timeoutMs: number) => RunResult;

export const asterCandidate: Candidate = (binary, _asm, timeoutMs) => {
  if (!asterOverride) return runGuestUnderAster(binary, [], { timeoutMs });
  const args = ["--mount", `${dirname(binary)}:/work`, "--cwd", "/work", "--", `/work/${basename(binary)}`];
  const r = spawnSync(process.execPath, [asterOverride, ...args], { input: "", cwd: repoRoot, timeout: timeoutMs, maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
};

export interface RunSeedOptions extends GenOptions {
  /** false: only check the program under qemu. */
  aster?: boolean;
  /** What to compare against qemu (default: our CLI). */
  candidate?: Candidate;
  bisect?: boolean;
  timeoutMs?: number;
}

/** Generate, build and run one seed under qemu (and aster unless aster: false). Throws when
 *  the oracle itself fails (a generator bug). */
export function runSeed(seed: number, opts: RunSeedOptions = {}): SeedResult {
  const prog = generate(seed, opts);
  const { asmPath, binary } = build(prog);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const q = runQemu(binary, [], { timeoutMs });
  const bad = checkOracle(q);
  if (bad) throw new Error(`seed ${seed}: ${bad} (program ${asmPath})`);
  const result: SeedResult = { seed, asmPath, binary, diffs: [] };
  if (opts.aster === false) return result;
  const candidate = opts.candidate ?? asterCandidate;
  result.diffs = compare(q, candidate(binary, asmPath, timeoutMs));
  if (result.diffs.length && opts.bisect !== false) result.culprit = bisect(prog, candidate, timeoutMs);
  return result;
}

/** Find the shortest prefix of units on which aster and qemu disagree. */
export function bisect(prog: Program, candidate: Candidate, timeoutMs: number): SeedResult["culprit"] {
  const cache = new Map<number, { diffs: string[]; asmPath: string }>();
  const probe = (k: number) => {
    let got = cache.get(k);
    if (!got) {
      const { asmPath, binary } = build(prog, k);
      const q = runQemu(binary, [], { timeoutMs });
      const bad = checkOracle(q);
      if (bad) throw new Error(`seed ${prog.seed} prefix ${k}: ${bad}`);
      got = { diffs: compare(q, candidate(binary, asmPath, timeoutMs)), asmPath };
      cache.set(k, got);
    }
    return got;
  };
  let lo = 0;
  let hi = prog.units.length;
  if (probe(lo).diffs.length) {
    return { index: -1, text: "(the harness alone already differs)", asmPath: probe(lo).asmPath, diffs: probe(lo).diffs };
  }
  if (!probe(hi).diffs.length) return undefined;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (probe(mid).diffs.length) hi = mid;
    else lo = mid;
  }
  const p = probe(hi);
  return { index: hi - 1, text: prog.units[hi - 1], asmPath: p.asmPath, diffs: p.diffs };
}

export function formatResult(r: SeedResult): string {
  const lines = [
    `seed ${r.seed}: aster differs from qemu (reproduce: DIFF_SEED=${r.seed} npx vitest run tests/diff)`,
    `  program: ${r.asmPath}`,
    `  binary:  ${r.binary}`,
    ...r.diffs.slice(0, 40).map((d) => `  ${d}`),
  ];
  if (r.diffs.length > 40) lines.push(`  ... and ${r.diffs.length - 40} more`);
  if (r.culprit) {
    lines.push(
      `  first differing prefix ends at unit ${r.culprit.index} (${r.culprit.asmPath}):`,
      ...r.culprit.text.split("\n").map((l) => `    | ${l}`),
      "  differences after that prefix:",
      ...r.culprit.diffs.slice(0, 20).map((d) => `    ${d}`),
    );
  }
  return lines.join("\n");
}
