// Machine snapshots in the CLI.
//
//   --snapshot-out FILE   save the whole machine to FILE
//       on SIGUSR1           save, keep running (save as often as you like; the last wins)
//       on SIGTERM, SIGHUP   save, then exit with 128+signal as a killed program would
//       with --snapshot-at N stop at the first step boundary after N retired instructions,
//                            save, exit 0 (deterministic: the same N gives the same file)
//     (a guest that exits on its own is not saved: there is nothing left to resume)
//   --snapshot-in FILE    resume: the program, environment, memory size, seed and terminal kind
//                         come from the snapshot; the build and the root file system image
//                         must be the ones it was saved with (checked by hash)
//
// Host directories (--mount, --rootfs DIR) are refused with snapshots: the guest's open host
// files are host descriptors that do not survive the process.
import * as fs from "node:fs";
import type { CliOptions } from "./args.js";
import type { Session } from "../worker/session.js";
import { checkSnapshotFits, readSnapshot, saveSnapshot, SnapshotError, type Snapshot, type SnapshotConfig } from "../worker/snapshot.js";

function say(line: string): void {
  // The host terminal may be raw (no output processing) while a guest tty session runs.
  fs.writeSync(2, `aster: ${line}${process.stderr.isTTY ? "\r\n" : "\n"}`);
}

/**
 * Check the snapshot options and load --snapshot-in. On resume, the options take the
 * snapshot's configuration. Returns the snapshot (or null) or an exit status after a message.
 */
export function loadSnapshotOptions(o: CliOptions): { snapshot: Snapshot | null } | number {
  const using = o.snapshotOut !== null || o.snapshotIn !== null;
  if (o.snapshotAt !== null && o.snapshotOut === null) {
    say("--snapshot-at needs --snapshot-out FILE (where to save)");
    return 2;
  }
  if (!using) return { snapshot: null };
  if (o.mounts.length) {
    say("--snapshot-out/--snapshot-in: runs with host directories (--mount) cannot be snapshotted: open host files do not survive the process");
    return 2;
  }
  if (o.rootfs !== null && fs.existsSync(o.rootfs) && fs.statSync(o.rootfs).isDirectory()) {
    say("--snapshot-out/--snapshot-in: a host directory as the root file system (--rootfs DIR) cannot be snapshotted; use an image");
    return 2;
  }
  if (o.replay !== null && o.snapshotOut !== null) {
    say("--snapshot-out: not combined with --replay");
    return 2;
  }
  if (o.snapshotIn === null) return { snapshot: null };
  // (A replay's program comes from its recording, which must match the snapshot's.)
  if (o.program.length && o.replay === null) {
    say("--snapshot-in: the program comes from the snapshot; drop the program arguments");
    return 2;
  }
  let snapshot: Snapshot;
  try {
    snapshot = readSnapshot(new Uint8Array(fs.readFileSync(o.snapshotIn)));
  } catch (e) {
    say(`--snapshot-in ${o.snapshotIn}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const c = snapshot.header.config;
  o.program = c.argv;
  o.env = [];
  o.cwd = c.cwd;
  o.memMiB = c.memMiB;
  o.seed = BigInt(c.seed);
  return { snapshot };
}

/** Refuse a snapshot from another build or root file system (after the root is loaded). */
export function checkSnapshotIn(snapshot: Snapshot, build: string, rootfsId: string | null): number | null {
  try {
    checkSnapshotFits(snapshot.header, build, rootfsId);
    return null;
  } catch (e) {
    say(`--snapshot-in: ${(e as Error).message}`);
    return 2;
  }
}

export interface SaveMeta {
  path: string;
  build: string;
  rootfs: string | null;
  rootfsImage: Uint8Array | null;
  config: SnapshotConfig;
}

/** Save now (between slices). Written to a temporary file and renamed, so a crash never
 *  leaves half a snapshot under FILE. */
export function saveNow(session: Session, meta: SaveMeta): boolean {
  try {
    const { file, hash, header } = saveSnapshot(session, meta);
    const tmp = `${meta.path}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, file);
    fs.renameSync(tmp, meta.path);
    say(`saved snapshot ${meta.path} at instruction ${header.instret}: ${file.length} bytes (${header.rawBytes} before compression), sha256 ${hash.slice(0, 16)}`);
    return true;
  } catch (e) {
    say(`could not save a snapshot: ${e instanceof SnapshotError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return false;
  }
}

/** Arm the saving triggers of --snapshot-out: signals, and the --snapshot-at stop point. */
export function armSnapshotOut(session: Session, o: CliOptions, meta: SaveMeta): void {
  if (o.snapshotAt !== null) session.machine.stopAt = o.snapshotAt;
  // Signal handlers run from the event loop, which only turns between slices: the machine is
  // never mid-step when they save.
  process.on("SIGUSR1", () => void saveNow(session, meta));
  for (const [sig, n] of [["SIGTERM", 15], ["SIGHUP", 1]] as const) {
    process.on(sig, () => {
      saveNow(session, meta);
      process.exit(128 + n);
    });
  }
}

/** After run(): whether it returned because the machine reached --snapshot-at (then save). */
export function stoppedAtSnapshot(session: Session, meta: SaveMeta): number | null {
  const at = session.machine.stopAt;
  if (at === null || session.exited !== null || session.machine.clock.instret() < at) return null;
  return saveNow(session, meta) ? 0 : 1;
}
