// Shared by the snapshot tests: sessions on the built core and root file system, driven step
// by step so a save happens at a chosen, deterministic point.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/toolchain";
import { Session } from "../../src/worker/session";
import type { WorldEvent } from "../../src/ostd/index";
import { readSnapshot, saveSnapshot, type SnapshotConfig } from "../../src/worker/snapshot";

const corePath = join(repoRoot, "build", "core.wasm");
const imagePath = join(repoRoot, "build", "rootfs.img");
export const ready = existsSync(corePath) && existsSync(imagePath);
export const core = ready ? new WebAssembly.Module(readFileSync(corePath)) : null;
export const image = ready ? new Uint8Array(readFileSync(imagePath)) : null;

export const ENV = ["PATH=/bin:/usr/bin:/sbin:/usr/sbin", "HOME=/root", "TERM=xterm"];

export interface Run {
  session: Session;
  out: () => string;
}

export function newSession(argv: string[], opts: { tty?: boolean; restore?: Uint8Array; memMiB?: number; record?: boolean; replay?: WorldEvent[] } = {}): Run {
  let out = "";
  const tty = opts.tty ?? false;
  const session = new Session(
    {
      core: core!, ramBytes: (opts.memMiB ?? 64) << 20, seed: 7n, bootEpochNs: 1_700_000_000_000_000_000n,
      argv, env: ENV, cwd: "/root", mounts: [], rootfs: { image: image!, verify: false }, skipIdle: true,
      snapshots: true, restore: opts.restore, record: opts.record, replay: opts.replay,
    },
    { write: (_s, d) => void (out += new TextDecoder().decode(d)), diagnose: (l) => void (out += l + "\n"), inputIsTty: tty, outputIsTty: tty },
  );
  session.start();
  return { session, out: () => out };
}

export function config(argv: string[], tty = false, memMiB = 64): SnapshotConfig {
  return { memMiB, tty, outputIsTty: tty, seed: "7", bootEpochNs: "1700000000000000000", argv, env: ENV, cwd: "/root" };
}

/** Run one scheduler step at a time until `until` holds (or the run ends). */
export function stepUntil(s: Session, until: () => boolean, limit = 1_000_000): void {
  for (let i = 0; i < limit && s.exited === null && !until(); i++) {
    const r = s.machine.runSlice(0, true);
    if (r.kind === "halted") return;
    if (r.kind === "idle" && r.timerInNs === null) return;
  }
}

/** Save `s` into a snapshot file and read it back (as a restore would). */
export function snap(s: Session, cfg: SnapshotConfig): { file: Uint8Array; image: Uint8Array; hash: string } {
  const { file, hash } = saveSnapshot(s, { build: "test-build", rootfs: "test-rootfs", rootfsImage: image!, config: cfg });
  return { file, image: readSnapshot(file).image, hash };
}
