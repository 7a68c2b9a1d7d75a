// What if tasks sleep on wait queues and timers: do they wake in a deterministic order?
import { describe, expect, it } from "vitest";
import { testMachine } from "../test_machine.js";
import { Task, TaskState, WakeReason } from "./task.js";

describe("Scheduler, WaitQueue and TimerQueue", () => {
  it("runs runnable tasks round-robin and skips idle time to the next timer", () => {
    const m = testMachine();
    const order: string[] = [];
    const q = m.scheduler.newWaitQueue("q");
    let aSteps = 0;
    const a = new Task((t) => {
      order.push("a");
      if (++aSteps === 1) m.scheduler.block(t, [q], null, "q");
      else {
        m.scheduler.exit(t);
        m.liveTasks--;
      }
    }, null);
    const b = new Task((t) => {
      order.push("b");
      if (b.data === "slept") {
        woke = t.wakeReason;
        m.scheduler.exit(t);
        m.liveTasks--;
        return;
      }
      q.wakeAll();
      m.scheduler.block(t, [], m.clock.now() + 5_000_000, "sleep");
      b.data = "slept";
    }, null);
    let woke = WakeReason.None;
    m.liveTasks = 2;
    m.scheduler.spawn(a);
    m.scheduler.spawn(b);
    // Step through by hand: a blocks, b wakes a and sleeps, a exits, then idle until b's timer.
    expect(m.runSlice(1000, true).kind).toBe("halted");
    expect(order).toEqual(["a", "b", "a", "b"]);
    expect(a.state).toBe(TaskState.Exited);
    expect(woke).toBe(WakeReason.Timeout);
    expect(m.clock.now()).toBeGreaterThanOrEqual(5_000_000);
    // Waiting until a timer is due is not logged: replay computes it.
    expect(m.world.log.some((e) => e.kind === "idle")).toBe(false);
  });

  it("fires timers with equal deadlines in the order they were set", () => {
    const m = testMachine();
    const fired: number[] = [];
    m.timers.set(10, () => fired.push(1));
    m.timers.set(5, () => fired.push(0));
    m.timers.set(10, () => fired.push(2));
    const h = m.timers.set(7, () => fired.push(99));
    m.timers.cancel(h);
    m.world.pushIdle(20);
    m.timers.fireDue();
    expect(fired).toEqual([0, 1, 2]);
  });

  it("draws the same random bytes from the same seed", () => {
    const a = testMachine().world.randomBytes(32);
    const b = testMachine().world.randomBytes(32);
    expect([...a]).toEqual([...b]);
    expect(a.some((x) => x !== 0)).toBe(true);
  });
});
