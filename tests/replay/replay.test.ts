// What if a run is recorded and replayed: is it the same run, byte for byte and instruction for
// instruction — with time, randomness, typed input, window resizes and racing processes? And
// does a tampered recording fail loudly instead of replaying something else?
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/toolchain";
import { Session } from "../../src/worker/session";
import { DivergenceError, type WorldEvent } from "../../src/ostd/index";
import { decodeRecording, encodeRecording, RecordingError, RECORDING_FORMAT, RECORDING_VERSION } from "../../src/worker/recording";

const corePath = join(repoRoot, "build", "core.wasm");
const imagePath = join(repoRoot, "build", "rootfs.img");
const ready = existsSync(corePath) && existsSync(imagePath);
const core = ready ? new WebAssembly.Module(readFileSync(corePath)) : null;
const image = ready ? new Uint8Array(readFileSync(imagePath)) : null;

/** A host-side action, taken the next time the guest goes idle: waiting for input ("input",
 *  the default: like a person typing after the prompt) or sleeping on a timer ("timer"). */
type Action = { when?: "input" | "timer"; input?: string; resize?: [number, number] };

interface Run {
  out: string;
  status: number;
  instret: number;
  events: WorldEvent[];
}

async function runSession(argv: string[], opts: { tty?: boolean; actions?: Action[]; replay?: WorldEvent[]; seed?: bigint } = {}): Promise<Run> {
  let out = "";
  const s = new Session(
    {
      core: core!, ramBytes: 64 << 20, seed: opts.seed ?? 7n, bootEpochNs: 1_700_000_000_000_000_000n,
      argv, env: ["PATH=/bin:/usr/bin:/sbin:/usr/sbin", "HOME=/root", "TERM=xterm"], cwd: "/root", mounts: [],
      rootfs: { image: image!, verify: false }, skipIdle: true, record: !opts.replay, replay: opts.replay,
    },
    { write: (_s, d) => (out += new TextDecoder().decode(d)), diagnose: (l) => (out += l + "\n"), inputIsTty: opts.tty ?? false, outputIsTty: opts.tty ?? false },
  );
  s.start();
  if (opts.replay) {
    const status = await s.run();
    return { out, status, instret: s.stats().instret, events: s.events() };
  }
  // Drive the recorded run by hand: host actions happen when the guest idles, and timers are
  // skipped to at once, so the test is fast and itself deterministic.
  const actions = [...(opts.actions ?? [])];
  const m = s.machine;
  for (let slices = 0; s.exited === null; slices++) {
    if (slices > 100_000) throw new Error("guest never finished");
    const r = m.runSlice(50, false);
    if (s.exited !== null || r.kind !== "idle") continue;
    const next = actions[0];
    if (next && (next.when ?? "input") === (r.timerInNs === null ? "input" : "timer")) {
      actions.shift();
      if (next.input !== undefined) s.input(new TextEncoder().encode(next.input));
      if (next.resize) s.resize(...next.resize);
    } else if (r.timerInNs !== null) {
      m.world.pushIdle(r.timerInNs);
    } else {
      throw new Error(`guest waits for input but no action is left: ${out.slice(-200)}`);
    }
  }
  s.finishRecording();
  const status = s.exited!;
  return { out, status, instret: s.stats().instret, events: s.events() };
}

async function roundTrip(argv: string[], opts: { tty?: boolean; actions?: Action[] } = {}): Promise<Run> {
  const first = await runSession(argv, opts);
  // Through the serialized form, as a file or link would carry it.
  const rec = decodeRecording(encodeRecording({
    format: RECORDING_FORMAT, version: RECORDING_VERSION, build: "test", rootfs: null,
    config: { seed: "7", memMiB: 64, argv, env: [], cwd: "/root", bootEpochNs: "0", tty: opts.tty ?? false },
    events: first.events, exitStatus: first.status, instret: String(first.instret),
  }));
  const second = await runSession(argv, { tty: opts.tty, replay: rec.events });
  expect(second.out).toBe(first.out);
  expect(second.status).toBe(first.status);
  expect(second.instret).toBe(first.instret);
  return first;
}

const sh = (script: string) => ["/bin/sh", "-c", script];

describe.skipIf(!ready)("record and replay", () => {
  it("replays a multi-process pipeline", async () => {
    const r = await roundTrip(sh("seq 1 200 | sort -rn | head -3; echo $?"));
    expect(r.out).toBe("200\n199\n198\n0\n");
  });

  it("replays date and sleep (virtual time)", async () => {
    const r = await roundTrip(sh("date +%s; sleep 1; date +%s"));
    const [a, b] = r.out.trim().split("\n").map(Number);
    expect(b - a).toBeGreaterThanOrEqual(1);
  });

  it("replays random numbers from /dev/urandom and $RANDOM", async () => {
    const r = await roundTrip(sh("head -c 16 /dev/urandom | md5sum; echo $RANDOM $RANDOM"));
    expect(r.out).toMatch(/^[0-9a-f]{32} {2}-\n\d+ \d+\n$/);
    const other = await runSession(sh("head -c 16 /dev/urandom | md5sum; echo $RANDOM $RANDOM"), { seed: 8n });
    expect(other.out).not.toBe(r.out);
  });

  it("replays 20 children racing to append to one file", async () => {
    const r = await roundTrip(sh("for i in $(seq 20); do (echo $i >> /tmp/f) & done; wait; wc -l < /tmp/f; md5sum /tmp/f"));
    expect(r.out.split("\n")[0]).toBe("20");
  });

  it("replays signals: kill of a background job, and a trap", async () => {
    const r = await roundTrip(sh("trap 'echo got USR1' USR1; sleep 10 & p=$!; kill $p; wait $p; echo status $?; kill -USR1 $$; echo end"));
    // ash reports the killed job ("Terminated") before wait returns its status.
    expect(r.out).toBe("Terminated\nstatus 143\ngot USR1\nend\n");
  });

  it("replays file creation and deletion", async () => {
    const r = await roundTrip(sh("mkdir -p /tmp/a/b; echo x > /tmp/a/b/c; ls -R /tmp/a; rm -r /tmp/a; ls /tmp; echo gone"));
    expect(r.out).toContain("gone");
  });

  it("replays a shell reading typed commands from a pipe", async () => {
    const r = await roundTrip(["/bin/sh"], { actions: [{ input: "echo one\n" }, { input: "echo two; exit 5\n" }] });
    expect(r.out).toBe("one\ntwo\n");
    expect(r.status).toBe(5);
  });

  it("replays an interactive tty session with typed input, Ctrl-C and window resizes", async () => {
    const r = await roundTrip(["/bin/sh", "-l"], {
      tty: true,
      actions: [
        { input: "stty size\r" },
        { resize: [100, 40] },
        { input: "stty size; sleep 100\r" },
        { when: "timer", input: "\x03" },
        { input: "echo after $?\r" },
        { input: "exit 7\r" },
      ],
    });
    expect(r.out).toContain("24 80");
    expect(r.out).toContain("40 100");
    expect(r.out).toMatch(/after 130/);
    expect(r.status).toBe(7);
  });

  it("replays a compute-heavy run across several digests", async () => {
    const r = await roundTrip(sh("i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; echo $i"));
    expect(r.out).toBe("3000\n");
  });

  it("replays pids, /proc and process listings", async () => {
    const r = await roundTrip(sh("echo $$; sh -c 'echo $$'; ps -o pid,comm | wc -l; cat /proc/uptime | wc -w"));
    expect(r.out.split("\n")[0]).toBe("1");
  });

  it("detects a replay that diverges (tampered input)", async () => {
    const first = await runSession(["/bin/sh"], { actions: [{ input: "echo one\n" }, { input: "exit\n" }] });
    const events = first.events.map((e) => ({ ...e }));
    const input = events.find((e) => e.kind === "input")!;
    input.data = new TextEncoder().encode("echo two\n");
    await expect(runSession(["/bin/sh"], { replay: events })).rejects.toThrow(DivergenceError);
  });

  it("refuses malformed and truncated recordings with a clear error", () => {
    const good = encodeRecording({
      format: RECORDING_FORMAT, version: RECORDING_VERSION, build: "b", rootfs: null,
      config: { seed: "1", memMiB: 64, argv: ["/bin/true"], env: [], cwd: "/", bootEpochNs: "0", tty: false },
      events: [{ step: 1, instret: 5n, kind: "input", data: new Uint8Array([1, 2]) }], exitStatus: 0, instret: "9",
    });
    expect(decodeRecording(good).events[0].data).toEqual(new Uint8Array([1, 2]));
    expect(() => decodeRecording(good.slice(0, good.length - 10))).toThrow(RecordingError);
    expect(() => decodeRecording(good.replace('"version":1', '"version":99'))).toThrow(/version 99 is not supported/);
    expect(() => decodeRecording(good.replace("aster-recording", "other"))).toThrow(/format/);
    expect(() => decodeRecording(good.replace('"input"', '"bogus"'))).toThrow(/unknown kind/);
    expect(() => decodeRecording("")).toThrow(RecordingError);
  });
});
