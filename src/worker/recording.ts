// Recordings: everything needed to replay a run exactly — the build and root file system it ran
// on (by hash), the snapshot it started from (if any), its configuration, and the World's event
// log. Two serialized forms: a JSON file (this module; the CLI's --record) and a compact share
// link (link.ts). Version 1 files (written before idle waits were quantized and file events
// existed) still load: their events mean the same to today's World.
import type { HostFile, WorldEvent, WorldEventKind } from "../ostd/index.js";
import type { LinkSummary } from "./api.js";

export const RECORDING_FORMAT = "aster-recording";
/** Version of the JSON file format this build writes. */
export const RECORDING_VERSION = 2;
/** Versions of the JSON file format this build reads. */
const READABLE_VERSIONS = [1, 2];

export interface RecordingConfig {
  seed: string;
  memMiB: number;
  argv: string[];
  env: string[];
  cwd: string;
  bootEpochNs: string;
  /** Whether the guest's terminal was a tty (line discipline) or plain streams. */
  tty: boolean;
  /** Host directories (the CLI's --mount) as copied into the machine before the program
   *  started: their directories and files at that moment. */
  files?: HostFile[];
}

export interface Recording {
  format: typeof RECORDING_FORMAT;
  version: number;
  /** SHA-256 of the machine build (core + kernel); replay refuses another build. */
  build: string;
  /** SHA-256 of the root file system image, or null for none. */
  rootfs: string | null;
  /** Hash of the machine snapshot the run started from; null: it booted fresh. */
  snapshot: string | null;
  config: RecordingConfig;
  events: WorldEvent[];
  /** How the run ended; null: it was still running when recorded (a link shared from a live
   *  shell), and a replay ends where the log ends. */
  exitStatus: number | null;
  /** Instructions retired when the recording was taken. */
  instret: string;
}

/** A recording that cannot be used, with a message saying why. */
export class RecordingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordingError";
  }
}

export const EVENT_KINDS: readonly WorldEventKind[] = ["input", "idle", "resize", "file", "digest"];

const b64 = {
  encode(bytes: Uint8Array): string {
    let s = "";
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  },
  decode(text: string): Uint8Array {
    const s = atob(text);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  },
};

type EncodedFile = { path: string; mode: number; bytes: string };
type EncodedData = string | number | [number, number] | EncodedFile;
type EncodedEvent = [number, string | null, WorldEventKind, EncodedData];

export function encodeRecording(r: Recording): string {
  const events: EncodedEvent[] = r.events.map((e) => {
    let data: EncodedData;
    if (e.kind === "input") data = b64.encode(e.data as Uint8Array);
    else if (e.kind === "file") {
      const f = e.data as HostFile;
      data = { path: f.path, mode: f.mode, bytes: b64.encode(f.bytes) };
    } else data = e.data as string | number | [number, number];
    return [e.step, e.instret === undefined ? null : e.instret.toString(), e.kind, data];
  });
  const config = r.config.files ? { ...r.config, files: r.config.files.map((f) => ({ path: f.path, mode: f.mode, bytes: b64.encode(f.bytes) })) } : r.config;
  return JSON.stringify({ ...r, config, version: RECORDING_VERSION, events });
}

function fail(why: string): never {
  throw new RecordingError(`not a usable recording: ${why}`);
}

/** Checks one event's data against its kind; `where` names it in the error. */
export function checkEventData(kind: string, data: unknown, where: string): WorldEvent["data"] {
  switch (kind) {
    case "input":
      if (data instanceof Uint8Array) return data;
      break;
    case "idle":
      if (typeof data === "number" && Number.isSafeInteger(data) && data > 0) return data;
      break;
    case "resize":
      if (Array.isArray(data) && data.length === 2 && data.every((v) => Number.isInteger(v) && v >= 0 && v < 0x10000)) return data as [number, number];
      break;
    case "file": {
      const f = data as HostFile;
      if (f && typeof f.path === "string" && f.path.startsWith("/") && Number.isInteger(f.mode) && f.mode >= 0 && f.bytes instanceof Uint8Array) return f;
      break;
    }
    case "digest":
      if (typeof data === "string" && data !== "") return data;
      break;
    default:
      fail(`${where} has unknown kind ${JSON.stringify(kind)}`);
  }
  fail(`${where} (${kind}) has malformed data`);
}

/** Steps must not go backwards: replay delivers events in step order. */
export function checkSteps(events: WorldEvent[]): void {
  let last = 0;
  events.forEach((e, i) => {
    if (!Number.isSafeInteger(e.step) || e.step < last) fail(`event ${i} is stamped at step ${e.step}, before the previous event (${last})`);
    last = e.step;
  });
}

/** A hash field: a string (build ids and hashes are hex, but a development build is named). */
function isHash(v: unknown): v is string {
  return typeof v === "string" && v.length > 0 && v.length <= 256;
}

/** Parse and validate a JSON recording (version 1 or 2); every malformed field is a
 *  RecordingError, never a crash. */
export function decodeRecording(text: string): Recording {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    fail("it is not JSON (truncated or corrupted?)");
  }
  if (typeof raw !== "object" || raw === null) fail("not an object");
  const o = raw as Record<string, unknown>;
  if (o.format !== RECORDING_FORMAT) fail(`format is ${JSON.stringify(o.format)}, not ${RECORDING_FORMAT}`);
  if (!READABLE_VERSIONS.includes(o.version as number)) fail(`version ${String(o.version)} is not supported (this build reads versions ${READABLE_VERSIONS.join(" and ")})`);
  if (!isHash(o.build) || !(isHash(o.rootfs) || o.rootfs === null)) fail("build or rootfs hash missing");
  // Version 1 predates snapshots: those runs all booted fresh.
  const snapshot = o.version === 1 ? null : o.snapshot;
  if (!(snapshot === null || isHash(snapshot))) fail("the snapshot hash is malformed");
  const c = o.config as Record<string, unknown> | undefined;
  if (!c || typeof c.seed !== "string" || !/^\d+$/.test(c.seed) || typeof c.memMiB !== "number" || !Array.isArray(c.argv) || !Array.isArray(c.env)
    || typeof c.cwd !== "string" || typeof c.bootEpochNs !== "string" || !/^\d+$/.test(c.bootEpochNs) || typeof c.tty !== "boolean"
    || ![...c.argv, ...c.env].every((s) => typeof s === "string")) fail("config is incomplete");
  if (c.files !== undefined) {
    if (!Array.isArray(c.files)) fail("config.files is malformed");
    c.files = (c.files as EncodedFile[]).map((f, i) => {
      let bytes: Uint8Array;
      try {
        bytes = b64.decode(f?.bytes);
      } catch {
        fail(`config.files[${i}] has bad bytes`);
      }
      return checkEventData("file", { path: f.path, mode: f.mode, bytes }, `config.files[${i}]`);
    });
  }
  if (!Array.isArray(o.events)) fail("events missing");
  const events: WorldEvent[] = (o.events as unknown[]).map((e, i) => {
    if (!Array.isArray(e) || e.length !== 4 || typeof e[0] !== "number" || !(typeof e[1] === "string" || (e[1] === null && o.version !== 1))) fail(`event ${i} is malformed`);
    const [step, instret, kind, data] = e as EncodedEvent;
    if (!EVENT_KINDS.includes(kind)) fail(`event ${i} has unknown kind ${JSON.stringify(kind)}`);
    if (kind === "file" && o.version === 1) fail(`event ${i}: version 1 recordings have no file events`);
    let value: unknown = data;
    try {
      if (kind === "input") value = b64.decode(data as string);
      if (kind === "file") {
        const f = data as EncodedFile;
        value = { path: f.path, mode: f.mode, bytes: b64.decode(f.bytes) };
      }
    } catch {
      fail(`event ${i} has bad bytes`);
    }
    if (instret !== null && !/^\d+$/.test(instret)) fail(`event ${i} has a bad instruction count`);
    if (kind === "digest" && instret === null) fail(`event ${i}: a digest needs its instruction count`);
    const ev: WorldEvent = { step, kind, data: checkEventData(kind, value, `event ${i}`) };
    if (instret !== null) ev.instret = BigInt(instret);
    return ev;
  });
  checkSteps(events);
  if (!(typeof o.exitStatus === "number" || (o.exitStatus === null && o.version !== 1)) || typeof o.instret !== "string" || !/^\d+$/.test(o.instret)) {
    fail("the run's end is missing (truncated?)");
  }
  return {
    format: RECORDING_FORMAT, version: o.version as number, build: o.build, rootfs: o.rootfs as string | null, snapshot: snapshot as string | null,
    config: c as unknown as RecordingConfig, events, exitStatus: o.exitStatus as number | null, instret: o.instret,
  };
}

/** What this machine is: compared with what a recording names. */
export interface MachineIdentity {
  build: string;
  rootfs: string | null;
  snapshot?: string | null;
}

const short = (h: string | null | undefined) => (h == null ? "(none)" : h.length > 16 ? `${h.slice(0, 12)}…` : h);

/** Why `r` cannot be replayed exactly here (each difference named), or null when it can. */
export function incompatibility(r: Recording, here: MachineIdentity): string | null {
  const diffs: string[] = [];
  if (r.build !== here.build) diffs.push(`another build of the machine (recorded on ${short(r.build)}, this is ${short(here.build)})`);
  if (r.rootfs !== here.rootfs) diffs.push(`another root file system (recorded on ${short(r.rootfs)}, this is ${short(here.rootfs)})`);
  if (r.snapshot !== (here.snapshot ?? null)) diffs.push(`another starting point (recorded from snapshot ${short(r.snapshot)}, this starts from ${short(here.snapshot ?? null)})`);
  return diffs.length ? `the recording was made on ${diffs.join(" and on ")}` : null;
}

/** What a recording will replay, for the page to show before it does. */
export function summarize(r: Recording): LinkSummary {
  let inputBytes = 0;
  let idleNs = 0;
  let resizes = 0;
  const files: Array<{ path: string; size: number }> = [];
  for (const e of r.events) {
    if (e.kind === "input") inputBytes += (e.data as Uint8Array).length;
    else if (e.kind === "idle") idleNs += e.data as number;
    else if (e.kind === "resize") resizes++;
    else if (e.kind === "file" && (e.data as HostFile).mode !== 0 && ((e.data as HostFile).mode & 0o170000) !== 0o040000) {
      files.push({ path: (e.data as HostFile).path, size: (e.data as HostFile).bytes.length });
    }
  }
  return {
    argv: r.config.argv, cwd: r.config.cwd, events: r.events.length, inputBytes, files, resizes, idleMs: Math.round(idleNs / 1e6),
    instret: r.instret, exitStatus: r.exitStatus, build: r.build, rootfs: r.rootfs, snapshot: r.snapshot,
  };
}
