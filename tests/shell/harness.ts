// Run a busybox shell script twice: under our CLI, and under the reference — the same root file
// system unpacked into a directory and entered with chroot in private namespaces, where a
// private binfmt_misc hands every riscv64 ELF to qemu-riscv64-static (tests/shell/oracle.sh).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { extractRootfsFile } from "./rootfs_dir.js";

export const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, "..", "..");
export const scriptsDir = join(here, "scripts");
export const rootfsImage = join(repoRoot, "build", "rootfs.img");
export const asterBin = join(repoRoot, "bin", "aster.cjs");
export const oracleScript = join(here, "oracle.sh");
export const QEMU_STATIC = "/usr/bin/qemu-riscv64-static";

/** The environment both machines give the script (our CLI's defaults, TERM pinned). */
export const GUEST_ENV = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  HOME: "/root",
  TERM: "xterm",
  LANG: "C.UTF-8",
};

export interface Outcome {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Spawn, collect everything, never throw; a timeout kills the whole process group. */
export function runProcess(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs: number }): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: opts.env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, opts.timeoutMs);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.stdin.on("error", () => {});
    child.stdin.end(opts.input ?? "");
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ status: null, signal: null, stdout: "", stderr: String(e), timedOut });
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), timedOut });
    });
  });
}

/** Why the reference cannot run here, or null when it can. */
export function oracleUnavailable(): string | null {
  if (!existsSync(rootfsImage)) return `${rootfsImage} is missing (npm run build:rootfs)`;
  if (!existsSync(QEMU_STATIC)) return `${QEMU_STATIC} is missing (apt-get install qemu-user-static)`;
  if (spawnSync("sh", ["-c", "command -v unshare && command -v chroot"]).status !== 0) return "unshare or chroot is missing (util-linux, coreutils)";
  return null;
}

/** Unpack the image into a fresh directory, with the scripts at /scripts. */
export function prepareOracleRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), "aster-shell-oracle-"));
  extractRootfsFile(rootfsImage, dir);
  mkdirSync(join(dir, "scripts"));
  cpSync(scriptsDir, join(dir, "scripts"), { recursive: true });
  return dir;
}

export function removeOracleRoot(dir: string): void {
  // Mounts were private to the namespace that made them, and died with it.
  rmSync(dir, { recursive: true, force: true });
}

/** Run a guest command line under the reference. */
export function runOracle(root: string, argv: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<Outcome> {
  return runProcess("unshare", ["--user", "--map-root-user", "--mount", "--pid", "--fork", "bash", oracleScript, root, ...argv], {
    env: { ...GUEST_ENV },
    input: opts.input,
    timeoutMs: opts.timeoutMs ?? 120_000,
  });
}

/** Run a guest command line under our CLI, with the scripts mounted at /scripts. */
export function runOurs(argv: string[], opts: { input?: string; timeoutMs?: number; extraArgs?: string[] } = {}): Promise<Outcome> {
  const envArgs = Object.entries(GUEST_ENV).flatMap(([k, v]) => ["--env", `${k}=${v}`]);
  return runProcess(process.execPath, [asterBin, "--mount", `${scriptsDir}:/scripts`, ...envArgs, ...(opts.extraArgs ?? []), "--", ...argv], {
    env: { ...process.env, TERM: GUEST_ENV.TERM },
    input: opts.input,
    timeoutMs: opts.timeoutMs ?? 120_000,
  });
}

/** The blocklist: `NAME.sh  reason` per line, # comments. */
export function readBlocklist(file = join(here, "blocklist.txt")): Map<string, string> {
  const m = new Map<string, string>();
  if (!existsSync(file)) return m;
  for (const raw of readFileSync(file, "utf8").split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") continue;
    const sp = line.search(/\s/);
    m.set(sp < 0 ? line : line.slice(0, sp), sp < 0 ? "(no reason given)" : line.slice(sp).trim());
  }
  return m;
}

/** The first lines where two outputs part ways, for a failure message. */
export function firstDifference(ours: string, ref: string, context = 3): string {
  const a = ours.split("\n");
  const b = ref.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return "(identical)";
  const from = Math.max(0, i - context);
  const show = (lines: string[]) => lines.slice(from, i + context + 1).map((l, k) => `${from + k + 1 === i + 1 ? ">" : " "} ${from + k + 1}: ${JSON.stringify(l)}`).join("\n");
  return `first difference at line ${i + 1}\n--- ours\n${show(a)}\n--- reference\n${show(b)}`;
}
