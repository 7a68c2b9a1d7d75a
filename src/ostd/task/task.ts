// Tasks, the scheduler and wait queues. A task is a schedulable thread of the kernel's; OSTD
// neither knows nor cares what it runs. Blocking is by state, not by stack: a task that must
// wait registers on wait queues and returns from its step; when woken it is stepped again.
import { panic } from "../error.js";
import type { TimerHandle, TimerQueue } from "../timer.js";
import { recipe, registerCounter } from "../snapshot/registry.js";

export enum TaskState {
  Runnable = "runnable",
  Sleeping = "sleeping",
  Exited = "exited",
}

/** Why a sleeping task was woken. */
export enum WakeReason {
  None = "none",
  Event = "event",
  Timeout = "timeout",
  Interrupt = "interrupt",
}

/** Runs a task for at most `budget` instructions; returns when it blocks, exits, yields or has
 *  spent its budget. Provided by the kernel. */
export type TaskStep = (task: Task, budget: number) => void;

/** The same as an object's method: the kernel's thread steps itself, without a closure (and a
 *  snapshot recipe for it) made for every thread a fork creates. */
export interface TaskStepping {
  stepTask(task: Task, budget: number): void;
}

let nextTaskId = 1;
registerCounter("ostd.task.id", () => nextTaskId, (v) => (nextTaskId = v));

export class Task {
  readonly id = nextTaskId++;
  state = TaskState.Runnable;
  wakeReason = WakeReason.None;
  /** What the task sleeps on, for diagnostics and the process panel. */
  waitingOn = "";
  /** @internal */ queues: WaitQueue[] = [];
  /** @internal */ timer: TimerHandle | null = null;

  constructor(readonly step: TaskStep | TaskStepping, public data: unknown) {}
}

/** Chooses the next runnable task. Injectable so tests and record/replay can control order. */
export interface SchedPolicy {
  enqueue(task: Task): void;
  dequeue(): Task | null;
  remove(task: Task): void;
  readonly length: number;
}

/** Round-robin in FIFO order: deterministic. */
export class FifoPolicy implements SchedPolicy {
  private queue: Task[] = [];
  enqueue(task: Task): void {
    this.queue.push(task);
  }
  dequeue(): Task | null {
    return this.queue.shift() ?? null;
  }
  remove(task: Task): void {
    const i = this.queue.indexOf(task);
    if (i >= 0) this.queue.splice(i, 1);
  }
  get length(): number {
    return this.queue.length;
  }
}

export class WaitQueue {
  private waiters: Task[] = [];

  constructor(private readonly scheduler: Scheduler, readonly name = "") {}

  /** @internal */ add(task: Task): void {
    this.waiters.push(task);
  }
  /** @internal */ remove(task: Task): void {
    const i = this.waiters.indexOf(task);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  get empty(): boolean {
    return this.waiters.length === 0;
  }

  /** Wake every waiter. */
  wakeAll(): void {
    if (this.waiters.length === 0) return; // the usual case: no copy of an empty list
    for (const t of this.waiters.slice()) this.scheduler.wake(t, WakeReason.Event);
  }

  /** Wake the longest waiter; returns whether there was one. */
  wakeOne(): boolean {
    const t = this.waiters[0];
    if (!t) return false;
    this.scheduler.wake(t, WakeReason.Event);
    return true;
  }
}

/** A sleeper's timeout, as data a snapshot can keep (scheduler and task), not a bare closure. */
const wakeOnTimeout = recipe("ostd.wakeOnTimeout", (sched: Scheduler, task: Task) => () => sched.wake(task, WakeReason.Timeout));

export class Scheduler {
  /** Context switches so far (for the stats panel). */
  switches = 0;
  current: Task | null = null;

  /** @internal */
  constructor(private readonly policy: SchedPolicy, private readonly timers: TimerQueue) {}

  newWaitQueue(name = ""): WaitQueue {
    return new WaitQueue(this, name);
  }

  /** Add a new runnable task. */
  spawn(task: Task): void {
    if (task.state !== TaskState.Runnable) panic("Scheduler.spawn", `task ${task.id} is ${task.state}`);
    this.policy.enqueue(task);
  }

  /** Put `task` to sleep on `queues` until woken, or until virtual time `deadline` if given.
   *  The caller (the task's own step) must return promptly afterwards. */
  block(task: Task, queues: WaitQueue[], deadline: number | null, what: string): void {
    if (task.state !== TaskState.Runnable) panic("Scheduler.block", `task ${task.id} is ${task.state}`);
    this.policy.remove(task);
    task.state = TaskState.Sleeping;
    task.wakeReason = WakeReason.None;
    task.waitingOn = what;
    task.queues = queues;
    for (const q of queues) q.add(task);
    if (deadline !== null) task.timer = this.timers.set(deadline, wakeOnTimeout(this, task));
  }

  /** Make a sleeping task runnable; no effect on runnable or exited tasks. */
  wake(task: Task, reason: WakeReason): void {
    if (task.state !== TaskState.Sleeping) return;
    for (const q of task.queues) q.remove(task);
    task.queues = [];
    if (task.timer) this.timers.cancel(task.timer);
    task.timer = null;
    task.state = TaskState.Runnable;
    task.wakeReason = reason;
    task.waitingOn = "";
    this.policy.enqueue(task);
  }

  /** The task will never run again. */
  exit(task: Task): void {
    if (task.state === TaskState.Sleeping) this.wake(task, WakeReason.None);
    this.policy.remove(task);
    task.state = TaskState.Exited;
  }

  /** @internal Next task to run, or null if none is runnable. A task stays queued while it runs
   *  and is rotated to the back, so the order is round-robin. */
  pickNext(): Task | null {
    const t = this.policy.dequeue();
    if (t) {
      this.policy.enqueue(t);
      if (t !== this.current) this.switches++;
      this.current = t;
    }
    return t;
  }

  get runnable(): number {
    return this.policy.length;
  }
}
