// What if a run is recorded and replayed: is it the same run, byte for byte and instruction for
// instruction — with time, randomness, typed input, window resizes and racing processes? And
// does a tampered recording fail loudly instead of replaying something else?
import { describe, expect, it } from "vitest";
import { DivergenceError, IDLE_QUANTUM_NS, quantizeIdle } from "../../src/ostd/index";
import { decodeRecording, encodeRecording, RecordingError, RECORDING_FORMAT, RECORDING_VERSION } from "../../src/worker/recording";
import { decodeLink, encodeLink } from "../../src/worker/link";
import { REPLAY_ENDED } from "../../src/worker/session";
import { ready, recordingOf, runSession, type Action, type Run } from "./harness";

async function roundTrip(argv: string[], opts: { tty?: boolean; actions?: Action[] } = {}): Promise<Run> {
  const first = await runSession(argv, opts);
  const rec = recordingOf(argv, first, opts);
  // Through both serialized forms: the file (JSON) and the share link (binary, deflated).
  for (const back of [decodeRecording(encodeRecording(rec)), decodeLink(encodeLink(rec))]) {
    const second = await runSession(argv, { tty: opts.tty, replay: back.events });
    expect(second.out).toBe(first.out);
    expect(second.status).toBe(first.status);
    expect(second.instret).toBe(first.instret);
  }
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

  it("logs no idle time for waits that last until a timer: replay computes them", async () => {
    const r = await roundTrip(sh("sleep 2; date +%s; sleep 1; date +%s"));
    const [a, b] = r.out.trim().split("\n").map(Number);
    expect(b - a).toBe(1);
    expect(r.events.filter((e) => e.kind === "idle")).toEqual([]);
  });

  it("logs waits cut short by input quantized (ms, 4 significant bits, rounded up), never past the timer", async () => {
    expect(quantizeIdle(1, null)).toBe(IDLE_QUANTUM_NS);
    expect(quantizeIdle(2_000_001, null)).toBe(3_000_000);
    expect(quantizeIdle(2_000_001, 2_500_000)).toBe(2_500_000);
    expect(quantizeIdle(0, 5)).toBe(0);
    expect(quantizeIdle(31_000_000, null)).toBe(31_000_000);
    expect(quantizeIdle(33_000_000, null)).toBe(34_000_000);
    expect(quantizeIdle(129_000_000, null)).toBe(136_000_000);
    for (let ms = 1; ms < 100_000; ms = Math.ceil(ms * 1.01)) {
      const q = quantizeIdle(ms * 1e6 - 1, null);
      expect(q).toBeGreaterThanOrEqual(ms * 1e6 - 1);
      expect(q).toBeLessThanOrEqual(Math.ceil(ms * 1.0625) * 1e6);
    }
    // A person typing into `read` while a background sleep's timer is pending: the waits are
    // cut short by the keys, and replay sees the same clock.
    const r = await roundTrip(["/bin/sh"], {
      actions: [
        { input: "sleep 5 & read x; echo got $x; cat /proc/uptime | cut -c1-4\n", pauseMs: 120.4 },
        { input: "hello\n", pauseMs: 1234.5678 },
        { input: "exit\n", pauseMs: 10 },
      ],
    });
    expect(r.out).toContain("got hello");
    const idles = r.events.filter((e) => e.kind === "idle").map((e) => e.data);
    expect(idles).toEqual([124_000_000, 1_280_000_000, 10_000_000]);
  });

  it("replays files put into the guest from the host (uploads, copied-in folders)", async () => {
    const enc = new TextEncoder();
    const r = await roundTrip(["/bin/sh"], {
      actions: [
        { file: { path: "/root/dir", mode: 0o040755, bytes: new Uint8Array(0) }, input: "ls /root\n" },
        { file: { path: "/root/dir/up.sh", mode: 0o100755, bytes: enc.encode("#!/bin/sh\necho uploaded $1\n") }, input: "/root/dir/up.sh one\n" },
        { file: { path: "/root/dir/up.sh", mode: 0, bytes: new Uint8Array(0) }, input: "ls /root/dir; echo end; exit\n" },
      ],
    });
    expect(r.out).toBe("dir\nuploaded one\nend\n");
    expect(r.events.filter((e) => e.kind === "file")).toHaveLength(3);
  });

  it("replays a run shared while it was still going up to where it was shared", async () => {
    const actions: Action[] = [{ input: "echo one\n", pauseMs: 50 }, { input: "sleep 1; echo two\n", pauseMs: 300 }, { input: "echo three; exit\n", pauseMs: 80 }];
    const live = await runSession(["/bin/sh"], { actions, shareBefore: 2 });
    const shared = live.shared!;
    // Shared during `sleep 1`: the last key was typed while its timer was pending.
    expect(shared.out).toBe("one\n");
    expect(live.out).toBe("one\ntwo\nthree\n");
    const rec = { ...recordingOf(["/bin/sh"], live), events: shared.events, exitStatus: null, instret: String(shared.instret) };
    for (const back of [decodeRecording(encodeRecording(rec)), decodeLink(encodeLink(rec))]) {
      expect(back.exitStatus).toBeNull();
      const again = await runSession(["/bin/sh"], { replay: back.events, openEnded: true });
      expect(again.status).toBe(REPLAY_ENDED);
      expect(again.out).toBe(shared.out);
      expect(again.instret).toBe(shared.instret);
    }
    // Without its last events, the replay still reaches the shared digest's step: it diverges.
    const cut = shared.events.filter((e, i) => !(e.kind === "input" && i === shared.events.findLastIndex((x) => x.kind === "input")));
    await expect(runSession(["/bin/sh"], { replay: cut, openEnded: true })).rejects.toThrow(DivergenceError);
  });

  it("still replays version 1 recordings (timer waits logged, instruction counts on every event)", async () => {
    const argv = sh("echo a; sleep 1; date +%s");
    const first = await runSession(argv, { logTimerWaits: true });
    expect(first.events.some((e) => e.kind === "idle")).toBe(true);
    // Version 1's JSON: no snapshot field, [step, instret, kind, data] for every event.
    const v1 = JSON.parse(encodeRecording(recordingOf(argv, first))) as Record<string, unknown>;
    v1.version = 1;
    delete v1.snapshot;
    const text = JSON.stringify(v1);
    const rec = decodeRecording(text);
    expect(rec.events.every((e) => typeof e.instret === "bigint")).toBe(true);
    expect(rec.version).toBe(1);
    expect(rec.snapshot).toBeNull();
    const second = await runSession(argv, { replay: rec.events });
    expect(second.out).toBe(first.out);
    expect(second.instret).toBe(first.instret);
  });

  it("refuses malformed and truncated recordings with a clear error", () => {
    const good = encodeRecording({
      format: RECORDING_FORMAT, version: RECORDING_VERSION, build: "b", rootfs: null, snapshot: null,
      config: { seed: "1", memMiB: 64, argv: ["/bin/true"], env: [], cwd: "/", bootEpochNs: "0", tty: false },
      events: [{ step: 1, instret: 5n, kind: "input", data: new Uint8Array([1, 2]) }], exitStatus: 0, instret: "9",
    });
    expect(decodeRecording(good).events[0].data).toEqual(new Uint8Array([1, 2]));
    expect(() => decodeRecording(good.slice(0, good.length - 10))).toThrow(RecordingError);
    expect(() => decodeRecording(good.replace('"version":2', '"version":99'))).toThrow(/version 99 is not supported/);
    expect(() => decodeRecording(good.replace('"snapshot":null', '"snapshot":5'))).toThrow(/snapshot hash is malformed/);
    expect(decodeRecording(good.replace('"snapshot":null', '"snapshot":"ab12"')).snapshot).toBe("ab12");
    expect(() => decodeRecording(good.replace("aster-recording", "other"))).toThrow(/format/);
    expect(() => decodeRecording(good.replace('"input"', '"bogus"'))).toThrow(/unknown kind/);
    expect(() => decodeRecording("")).toThrow(RecordingError);
  });
});
