// Share links: a recording in a URL fragment (never sent to a server), `v1.` followed by
// base64url of raw deflate (fflate, level 9: synchronous, and the same bytes in Node and every
// browser, so tests can compare links exactly) of a compact binary form of the recording.
//
// The binary form is laid out for deflate. The header holds the configuration and hashes;
// then the events column by column: every event's kind, then every step delta, then the idle
// waits, the input lengths, all input bytes back to back (typed text compresses as text), and
// so on. Idle waits are codes on World's quantization grid (one byte for a typical pause), and
// instruction counts travel only with digests, which check them. A CRC-32 of the binary form
// ends it: raw deflate has no checksum, and a damaged or cut link must never replay as if whole.
//
// Compatibility: `v1.` names this container (base64url + raw deflate + CRC); the binary form
// starts with its own version number. A new layout takes a new binary version and keeps the
// decoder of the old one (the golden links in tests/replay/link.test.ts must keep loading).
import { deflateSync, inflateSync } from "fflate";
import type { HostFile, WorldEvent } from "../ostd/index.js";
import { ByteFormatError, ByteReader, ByteWriter, base64urlDecode, base64urlEncode, crc32 } from "./bytes.js";
import { EVENT_KINDS, RECORDING_FORMAT, RECORDING_VERSION, RecordingError, checkEventData, checkSteps, decodeRecording, type Recording } from "./recording.js";

/** The link's prefix (in the URL: `#v1.`). */
export const LINK_PREFIX = "v1.";
/** Version of the binary form inside a v1 link. */
export const LINK_BINARY_VERSION = 1;
/** Links longer than this are too long for many chat apps and mail clients. */
export const LINK_CHAT_LIMIT = 2000;
/** The longest URL Chromium accepts (2 MiB); Firefox and Safari accept at least this much
 *  in a fragment too. Beyond it, sharing is refused. */
export const LINK_URL_LIMIT = 2 * 1024 * 1024;
/** Largest binary form a link may unpack to (against decompression bombs). */
const MAX_UNPACKED = 256 * 1024 * 1024;

/** A link that cannot be used, with a message saying why. */
export class LinkError extends RecordingError {
  constructor(message: string) {
    super(message);
    this.name = "LinkError";
  }
}

const FLAG_TTY = 1;
const FLAG_EXITED = 2;
const FLAG_ROOTFS = 4;
const FLAG_SNAPSHOT = 8;

/** Hashes are hex: packed as bytes. Other names (a development build) as strings. */
function writeHash(w: ByteWriter, h: string): void {
  if (/^([0-9a-f]{2})+$/.test(h)) {
    w.uint(h.length); // even: hex
    for (let i = 0; i < h.length; i += 2) w.byte(parseInt(h.slice(i, i + 2), 16));
  } else {
    const b = new TextEncoder().encode(h);
    w.uint(b.length * 2 + 1); // odd: text
    w.bytes(b);
  }
}

function readHash(r: ByteReader): string {
  const n = r.uint();
  if (n % 2) return new TextDecoder().decode(r.bytes((n - 1) / 2));
  return [...r.bytes(n / 2)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Idle waits: a code on World's quantization grid (quantizeIdle) when the wait is on it — 1..31
 * are milliseconds, then 16 codes per doubling — so the typical pause (under 2 s) is one byte;
 * code 0 escapes a wait off the grid (cut to a timer), followed by its nanoseconds.
 */
function idleCode(ns: number): number {
  if (ns % 1_000_000 !== 0) return 0;
  const ms = ns / 1_000_000;
  if (ms < 32) return ms;
  let j = 0;
  while (ms >= 32 << j) j++;
  const m = ms / 2 ** j;
  return Number.isInteger(m) ? 32 + (j - 1) * 16 + (m - 16) : 0;
}

function idleFromCode(code: number): number {
  if (code < 32) return code * 1_000_000;
  const j = Math.floor((code - 32) / 16) + 1;
  return (16 + ((code - 32) % 16)) * 2 ** j * 1_000_000;
}

function writeIdle(w: ByteWriter, ns: number): void {
  const code = idleCode(ns);
  w.uint(code);
  if (code === 0) w.uint(ns);
}

function readIdle(r: ByteReader): number {
  const code = r.uint();
  const ns = code === 0 ? r.uint() : idleFromCode(code);
  if (!Number.isSafeInteger(ns)) throw new ByteFormatError("an idle time is too large");
  return ns;
}

/** The binary form of a recording (before deflate). */
export function packRecording(rec: Recording): Uint8Array {
  const w = new ByteWriter();
  const c = rec.config;
  w.uint(LINK_BINARY_VERSION);
  w.uint((c.tty ? FLAG_TTY : 0) | (rec.exitStatus !== null ? FLAG_EXITED : 0) | (rec.rootfs !== null ? FLAG_ROOTFS : 0) | (rec.snapshot !== null ? FLAG_SNAPSHOT : 0));
  writeHash(w, rec.build);
  if (rec.rootfs !== null) writeHash(w, rec.rootfs);
  if (rec.snapshot !== null) writeHash(w, rec.snapshot);
  w.big(BigInt(c.seed));
  w.uint(c.memMiB);
  w.big(BigInt(c.bootEpochNs));
  w.uint(c.argv.length);
  for (const a of c.argv) w.string(a);
  w.uint(c.env.length);
  for (const e of c.env) w.string(e);
  w.string(c.cwd);
  if (rec.exitStatus !== null) w.int(rec.exitStatus);
  w.big(BigInt(rec.instret));

  const ev = rec.events;
  w.uint(ev.length);
  const kinds = new ByteWriter();
  const steps = new ByteWriter();
  const idles = new ByteWriter();
  const inputLens = new ByteWriter();
  const inputBytes = new ByteWriter();
  const other = new ByteWriter();
  let step = 0;
  for (const e of ev) {
    kinds.byte(EVENT_KINDS.indexOf(e.kind));
    steps.uint(e.step - step);
    step = e.step;
    switch (e.kind) {
      case "input": {
        const b = e.data as Uint8Array;
        inputLens.uint(b.length);
        inputBytes.bytes(b);
        break;
      }
      case "idle":
        writeIdle(idles, e.data as number);
        break;
      case "resize": {
        const [cols, rows] = e.data as [number, number];
        other.uint(cols);
        other.uint(rows);
        break;
      }
      case "file": {
        const f = e.data as HostFile;
        other.string(f.path);
        other.uint(f.mode);
        other.uint(f.bytes.length);
        other.bytes(f.bytes);
        break;
      }
      case "digest":
        if (e.instret === undefined) throw new RangeError("a digest event without its instruction count");
        other.big(e.instret);
        other.string(e.data as string);
        break;
    }
  }
  for (const s of [kinds, steps, idles, inputLens, inputBytes, other]) w.append(s);
  const body = w.view();
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, crc32(body), true);
  return out;
}

function bad(why: string): never {
  throw new LinkError(`this link cannot be replayed: ${why}`);
}

/** The recording in a binary form made by packRecording (checksum already verified). */
function unpackRecording(body: Uint8Array): Recording {
  const r = new ByteReader(body);
  const version = r.uint();
  if (version !== LINK_BINARY_VERSION) bad(`its contents are version ${version}, and this playground reads version ${LINK_BINARY_VERSION} (a newer playground made it?)`);
  const flags = r.uint();
  if (flags & ~(FLAG_TTY | FLAG_EXITED | FLAG_ROOTFS | FLAG_SNAPSHOT)) bad("it has flags this playground does not know");
  const build = readHash(r);
  const rootfs = flags & FLAG_ROOTFS ? readHash(r) : null;
  const snapshot = flags & FLAG_SNAPSHOT ? readHash(r) : null;
  const seed = r.big().toString();
  const memMiB = r.uint();
  const bootEpochNs = r.big().toString();
  const list = () => Array.from({ length: count(r.uint()) }, () => r.string());
  const count = (n: number) => (n > r.remaining ? bad("a count is larger than the link") : n);
  const argv = list();
  const env = list();
  const cwd = r.string();
  const exitStatus = flags & FLAG_EXITED ? r.int() : null;
  const instret = r.big().toString();

  const n = count(r.uint());
  const kinds = r.bytes(n);
  const events: WorldEvent[] = [];
  let step = 0;
  for (let i = 0; i < n; i++) {
    if (kinds[i] >= EVENT_KINDS.length) bad(`event ${i} has an unknown kind (${kinds[i]})`);
    step += r.uint();
    events.push({ step, kind: EVENT_KINDS[kinds[i]], data: 0 });
  }
  for (const e of events) if (e.kind === "idle") e.data = readIdle(r);
  const lens = events.filter((e) => e.kind === "input").map(() => r.uint());
  let li = 0;
  for (const e of events) if (e.kind === "input") e.data = r.bytes(lens[li++]);
  for (const e of events) {
    if (e.kind === "resize") e.data = [r.uint(), r.uint()];
    else if (e.kind === "file") {
      const path = r.string();
      const mode = r.uint();
      e.data = { path, mode, bytes: r.bytes(r.uint()) } satisfies HostFile;
    } else if (e.kind === "digest") {
      e.instret = r.big();
      e.data = r.string();
    }
  }
  if (r.remaining !== 0) bad(`${r.remaining} bytes are left over after the last event`);
  events.forEach((e, i) => checkEventData(e.kind, e.data, `event ${i}`));
  checkSteps(events);
  return {
    format: RECORDING_FORMAT, version: RECORDING_VERSION, build, rootfs, snapshot,
    config: { seed, memMiB, argv, env, cwd, bootEpochNs, tty: (flags & FLAG_TTY) !== 0 }, events, exitStatus, instret,
  };
}

/** The link's fragment for `rec` (without `#`): `v1.` and the packed, compressed recording. */
export function encodeLink(rec: Recording): string {
  return LINK_PREFIX + base64urlEncode(deflateSync(packRecording(rec), { level: 9 }));
}

/**
 * The recording in a link: a whole URL, a fragment with or without `#`, or a file holding one.
 * Every problem (another version, a changed or missing character, a cut link) is a LinkError
 * that says so; nothing partial is ever returned.
 */
export function decodeLink(link: string): Recording {
  let text = link.trim();
  const hash = text.indexOf("#");
  if (hash >= 0) text = text.slice(hash + 1);
  const m = /^v(\d+)\./.exec(text);
  if (!m) bad("it does not start with a version (#v1.…); was the part after # cut off?");
  if (`v${m[1]}.` !== LINK_PREFIX) bad(`it is a v${m[1]} link, and this playground reads v1 links`);
  const data = text.slice(m[0].length);
  if (data.length % 4 === 1) bad("it is cut short (no link ends this way)");
  const packed = base64urlDecode(data);
  if (!packed) bad("it contains characters that do not belong in a link (was it changed or cut?)");
  if (packed.length < 6) bad("it is cut short");
  let body: Uint8Array;
  try {
    const out = new Uint8Array(Math.min(MAX_UNPACKED, packed.length * 1100 + 1024));
    body = inflateSync(packed, { out });
    if (body.length === out.length) bad("it unpacks to more than this playground accepts");
  } catch (e) {
    if (e instanceof LinkError) throw e;
    bad("it is damaged or cut short (it does not decompress)");
  }
  if (body.length < 5) bad("it is cut short");
  const sum = new DataView(body.buffer, body.byteOffset, body.length).getUint32(body.length - 4, true);
  const content = body.subarray(0, body.length - 4);
  if (crc32(content) !== sum) bad("it is damaged or cut short (its checksum does not match)");
  try {
    return unpackRecording(content);
  } catch (e) {
    if (e instanceof ByteFormatError) bad(`it is malformed: ${e.message}`);
    if (e instanceof RecordingError && !(e instanceof LinkError)) bad(e.message.replace(/^not a usable recording: /, ""));
    throw e;
  }
}

/** A recording file: JSON (versions 1 and 2), or a share link saved to a file. */
export function decodeRecordingText(text: string): Recording {
  const t = text.trim();
  return t.startsWith("{") ? decodeRecording(t) : decodeLink(t);
}
