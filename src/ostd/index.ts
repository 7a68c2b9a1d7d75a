// OSTD's public vocabulary: everything the kernel may use, and nothing else.
export { OstdError, Panic, panic } from "./error.js";
export { Machine, type MachineConfig, type SliceResult } from "./machine.js";
export { FrameAllocator, type Pfn } from "./mm/frame.js";
export { VmSpace, Prot, Access, USER_TOP, PAGE_SIZE, type Vaddr, type ProtBits, type PageInfo, type FaultHandler } from "./mm/vm_space.js";
export { UserContext, REG, REG_NAMES } from "./user/context.js";
export { UserMode, ReturnReason } from "./user/mode.js";
export { Trap } from "./user/trap.js";
export { Clock, TimerQueue, type TimerHandle } from "./timer.js";
export { Task, TaskState, WakeReason, Scheduler, WaitQueue, FifoPolicy, type SchedPolicy, type TaskStep, type TaskStepping } from "./task/task.js";
export { World, DivergenceError, DIGEST_INTERVAL, IDLE_QUANTUM_NS, quantizeIdle, type WorldEvent, type WorldEventKind, type HostFile, type FileSink } from "./world.js";
export { Pod } from "./pod.js";
export { SnapshotError, registerClass, registerConstant, registerCounter, recipe, saveMachine, restoreMachine, markConstructed, type Externals, type ByteSource, type MachineImageInfo } from "./snapshot/index.js";
export { ByteSink } from "./byte_sink.js";
export { withCustomSection } from "./module_bytes.js";
export type { JitStats } from "./jit/index.js";
