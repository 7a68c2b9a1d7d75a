// A recording can start from a snapshot: record a session resumed from a saved machine, then
// replay the recording on the same snapshot — the same output, status and final digest.
import { describe, expect, it } from "vitest";
import { config, newSession, ready, snap, stepUntil } from "./harness";

const ARGV = ["/bin/sh", "-c", "echo start; read a; echo got $a; sleep 1; date; read b; echo got $b; od -An -N4 -tx1 /dev/urandom"];

describe.skipIf(!ready)("recordings from snapshots", () => {
  it("replay on the snapshot they started from", async () => {
    const first = newSession(ARGV);
    stepUntil(first.session, () => first.out().includes("start"));
    const { image } = snap(first.session, config(ARGV));

    const recorded = newSession(ARGV, { restore: image, record: true });
    recorded.session.input(new TextEncoder().encode("one\n"));
    recorded.session.input(new TextEncoder().encode("two\n"));
    recorded.session.input(new Uint8Array(0));
    const status = await recorded.session.run();
    expect(recorded.out()).toMatch(/^got one\n.*\ngot two\n [0-9a-f ]+\n$/);
    const events = recorded.session.events();

    const replayed = newSession(ARGV, { restore: image, replay: events });
    expect(await replayed.session.run()).toBe(status);
    expect(replayed.out()).toBe(recorded.out());
    expect(replayed.session.kernel.digest()).toBe(recorded.session.kernel.digest());
  });
});
