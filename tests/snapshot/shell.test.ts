// An interactive busybox shell saved while a pipeline, a sleeping child and a pending timer
// are alive, restored into a fresh machine, and driven on: the same screen and final state as
// a session that was never saved.
import { describe, expect, it } from "vitest";
import { config, newSession, ready, snap, type Run } from "./harness";

const ARGV = ["/bin/sh", "-l"];

/** Typed lines, each given once the shell has printed its next prompt and gone idle. */
const INPUT = [
  "sleep 2 | cat & sleep 3 & trap 'echo got USR1' USR1; echo started\n",
  "mkfifo /tmp/f; (cat /tmp/f; echo fifo closed) & exec 7</proc/uptime 8</dev/null 9>/tmp/log; cd /proc/self; echo x >&9\n",
  "jobs; ls /proc | grep -c '^[0-9]'\n",
  "echo via-fifo > /tmp/f; cat <&8; echo y >&9; cat /tmp/log; read -r up <&7; cd; echo ${#up}\n",
  "kill -USR1 $$; wait; echo waited $?; jobs\n",
  "echo abc | tr a-c x-z; exit 3\n",
];

/** Feed INPUT[from..to) at prompts; virtual time passes only while no prompt is waiting. */
function drive(run: Run, from: number, to: number, resumed = false): void {
  const s = run.session;
  let next = from;
  let mark = run.out().length;
  let waiting = resumed; // a resumed shell has shown its prompt before the save
  for (let slices = 0; s.exited === null; slices++) {
    if (slices > 200_000) throw new Error("shell never finished");
    const r = s.machine.runSlice(50, false);
    if (s.exited !== null || r.kind !== "idle") continue;
    const prompted = waiting || run.out().slice(mark).includes("# ");
    if (prompted && to < INPUT.length && next === to) return; // stop before giving INPUT[to]
    if (prompted && next < to) {
      s.input(new TextEncoder().encode(INPUT[next++]));
      mark = run.out().length;
      waiting = false;
      continue;
    }
    if (r.timerInNs === null) throw new Error("shell waits for input but none is left");
    s.machine.world.pushIdle(r.timerInNs);
  }
}

describe.skipIf(!ready)("snapshot of an interactive shell", () => {
  it("of an idle shell is small: program text and unchanged files come from the root file system image", () => {
    const idle = newSession(ARGV, { tty: true });
    drive(idle, 0, 0);
    const { file, image } = snap(idle.session, config(ARGV, true));
    console.log(`idle busybox shell snapshot: ${file.length} bytes compressed, ${image.length} raw`);
    expect(file.length).toBeLessThan(64 * 1024);
    expect(image.length).toBeLessThan(512 * 1024);
  });

  it("keeps a pipeline, a sleeping child, a timer and a signal handler across save and restore", async () => {
    const whole = newSession(ARGV, { tty: true });
    drive(whole, 0, INPUT.length);
    const status = whole.session.exited;
    if (process.env.SHOW) console.log(whole.out());
    expect(status).toBe(3);
    expect(whole.out()).toContain("waited 0");
    expect(whole.out()).toContain("got USR1");
    expect(whole.out()).toContain("via-fifo\r\nfifo closed");
    expect(whole.out()).toContain("x\r\ny\r\n");

    const first = newSession(ARGV, { tty: true });
    drive(first, 0, 3);
    // Saved while idle with children asleep: `sleep 2 | cat` (cat blocked on the pipe), `sleep 3`.
    expect(first.session.machine.timers.next()).not.toBeNull();
    expect(first.session.kernel.processes.size).toBeGreaterThanOrEqual(4);
    const { image } = snap(first.session, config(ARGV, true));
    const second = newSession(ARGV, { tty: true, restore: image });
    drive(second, 3, INPUT.length, true);
    expect(first.out() + second.out()).toBe(whole.out());
    expect(second.session.exited).toBe(status);
    expect(second.session.machine.clock.instret()).toBe(whole.session.machine.clock.instret());
    expect(second.session.kernel.digest()).toBe(whole.session.kernel.digest());
  });
});
