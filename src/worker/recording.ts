// Recordings: everything needed to replay a run exactly — the build and root file system it ran
// on (by hash), its configuration, and the World's event log. Serialized as JSON (bytes as
// base64) so the CLI can write a file and the browser can compress it into a link.
import type { WorldEvent } from "../ostd/index.js";

export const RECORDING_FORMAT = "aster-recording";
export const RECORDING_VERSION = 1;

export interface RecordingConfig {
  seed: string;
  memMiB: number;
  argv: string[];
  env: string[];
  cwd: string;
  bootEpochNs: string;
  /** Whether the guest's terminal was a tty (line discipline) or plain streams. */
  tty: boolean;
}

export interface Recording {
  format: typeof RECORDING_FORMAT;
  version: number;
  /** SHA-256 of the machine build (core + kernel); replay refuses another build. */
  build: string;
  /** SHA-256 of the root file system image, or null for none. */
  rootfs: string | null;
  config: RecordingConfig;
  events: WorldEvent[];
  /** How the run ended. */
  exitStatus: number;
  instret: string;
}

/** A recording that cannot be used, with a message saying why. */
export class RecordingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordingError";
  }
}

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

type EncodedEvent = [number, string, WorldEvent["kind"], string | number | [number, number]];

export function encodeRecording(r: Recording): string {
  const events: EncodedEvent[] = r.events.map((e) => [
    e.step, e.instret.toString(), e.kind, e.data instanceof Uint8Array ? b64.encode(e.data) : (e.data as string | number | [number, number]),
  ]);
  return JSON.stringify({ ...r, events });
}

function fail(why: string): never {
  throw new RecordingError(`not a usable recording: ${why}`);
}

/** Parse and validate a recording; every malformed field is a RecordingError, never a crash. */
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
  if (o.version !== RECORDING_VERSION) fail(`version ${String(o.version)} is not supported (this build reads version ${RECORDING_VERSION})`);
  if (typeof o.build !== "string" || !(typeof o.rootfs === "string" || o.rootfs === null)) fail("build or rootfs hash missing");
  const c = o.config as Record<string, unknown> | undefined;
  if (!c || typeof c.seed !== "string" || typeof c.memMiB !== "number" || !Array.isArray(c.argv) || !Array.isArray(c.env)
    || typeof c.cwd !== "string" || typeof c.bootEpochNs !== "string" || typeof c.tty !== "boolean") fail("config is incomplete");
  if (!Array.isArray(o.events)) fail("events missing");
  const events: WorldEvent[] = (o.events as unknown[]).map((e, i) => {
    if (!Array.isArray(e) || e.length !== 4 || typeof e[0] !== "number" || typeof e[1] !== "string") fail(`event ${i} is malformed`);
    const [step, instret, kind, data] = e as EncodedEvent;
    let value: WorldEvent["data"];
    try {
      value = kind === "input" ? b64.decode(data as string) : data;
    } catch {
      fail(`event ${i} has bad input bytes`);
    }
    if (!["input", "idle", "resize", "digest"].includes(kind)) fail(`event ${i} has unknown kind ${String(kind)}`);
    if (!/^\d+$/.test(instret)) fail(`event ${i} has a bad instruction count`);
    return { step, instret: BigInt(instret), kind, data: value };
  });
  if (typeof o.exitStatus !== "number" || typeof o.instret !== "string") fail("the run's end is missing (truncated?)");
  return { format: RECORDING_FORMAT, version: RECORDING_VERSION, build: o.build, rootfs: o.rootfs as string | null, config: c as unknown as RecordingConfig, events, exitStatus: o.exitStatus, instret: o.instret };
}
