// OSTD's own classes and closures, registered for the object-graph serializer.
import { Machine } from "../machine.js";
import { FrameAllocator } from "../mm/frame.js";
import { VmSpace } from "../mm/vm_space.js";
import { PageTable } from "../internal/page_table.js";
import { UserContext } from "../user/context.js";
import { UserMode } from "../user/mode.js";
import { Clock, TimerQueue } from "../timer.js";
import { FifoPolicy, Scheduler, Task, WaitQueue } from "../task/task.js";
import { SeededRandom, World } from "../world.js";
import { registerClass } from "./registry.js";

let done = false;

export function registerOstdClasses(): void {
  if (done) return;
  done = true;
  registerClass("ostd.Machine", Machine, { transient: { stopAt: () => null } });
  registerClass("ostd.FrameAllocator", FrameAllocator);
  registerClass("ostd.VmSpace", VmSpace);
  registerClass("ostd.PageTable", PageTable);
  registerClass("ostd.UserContext", UserContext);
  registerClass("ostd.UserMode", UserMode);
  registerClass("ostd.Clock", Clock);
  registerClass("ostd.TimerQueue", TimerQueue);
  registerClass("ostd.Scheduler", Scheduler);
  registerClass("ostd.FifoPolicy", FifoPolicy);
  registerClass("ostd.WaitQueue", WaitQueue);
  registerClass("ostd.Task", Task);
  registerClass("ostd.SeededRandom", SeededRandom);
  // The World's host wiring is not machine state: the kernel re-attaches its sinks after a
  // restore, host events not yet delivered cannot exist at a save (saveMachine checks), and the
  // event log is the history of the run that saved, not part of the machine. A recording that
  // starts from a snapshot starts an empty log at the snapshot's step.
  registerClass("ostd.World", World, {
    transient: {
      pending: () => [], inputSink: () => null, resizeSink: () => null, fileSink: () => null, digestSource: () => null,
      log: () => [], replaying: () => false, replayIndex: () => 0,
      // How a replay is being paced and checked: the run that saved, not the machine.
      held: () => null, heldReleased: () => false, pace: () => false, finalAtExit: () => true, unreplayable: () => null,
    },
  });
}
