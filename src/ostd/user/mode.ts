// Running user code: the one way the kernel makes the hart execute.
import type { Core } from "../internal/core.js";
import { word } from "../internal/core.js";
import { stateHalves } from "../internal/state_halves.js";
import type { UserContext } from "./context.js";
import type { VmSpace } from "../mm/vm_space.js";
import * as L from "../../../asm/layout.js";

const INSTRET = word(L.HART_INSTRET);
const ACCESS = word(L.HART_ACCESS);

// The state block's first HART_CONTEXT_WORDS words, where a context is loaded and saved: one
// view per core, not a new subarray per run. Kept outside UserMode on purpose: a snapshot saves
// UserMode's fields, and a view of the old core's memory must not come back with it.
let viewedCore: Core | null = null;
let viewedWords: BigUint64Array = new BigUint64Array(0);

function contextWordsOf(core: Core): BigUint64Array {
  if (viewedCore !== core) {
    viewedCore = core;
    viewedWords = core.state.subarray(0, L.HART_CONTEXT_WORDS);
  }
  return viewedWords;
}

/** Why UserMode.execute returned. */
export enum ReturnReason {
  /** The thread executed ecall; pc still points at it. */
  Syscall = "syscall",
  /** A fault or trap: details in ctx.trapCause / trapValue / trapAccess; pc at the instruction. */
  Exception = "exception",
  /** The instruction budget was spent (a kernel event: timer, preemption, host input). */
  KernelEvent = "kernel-event",
}



/**
 * Executes one thread's user code on the hart. Holds no state of its own beyond which
 * context is currently loaded in the hart.
 */
export class UserMode {
  private loaded: UserContext | null = null;

  /** @internal Created by the Machine. */
  constructor(private readonly core: Core) {}

  /** Instructions retired by the hart since boot. */
  get instret(): bigint {
    return this.core.state[word(L.HART_INSTRET)];
  }

  /**
   * Run `ctx` in `space` for at most `budget` instructions (1 ≤ budget < 2^32). Returns when the
   * thread traps or the budget is spent; ctx then holds the registers. Returns the number of
   * instructions retired via `lastRetired`.
   */
  execute(ctx: UserContext, space: VmSpace, budget: number): ReturnReason {
    const state = this.core.state;
    space.activate();
    if (this.loaded !== ctx) {
      // A different thread: its LR reservation must not survive (the spec lets SC fail).
      state[word(L.HART_RESERVATION)] = 0xffff_ffff_ffff_ffffn;
      this.loaded = ctx;
    }
    const contextWords = contextWordsOf(this.core);
    contextWords.set(ctx.words);
    // Counts stay far below 2^53, where a Number is exact: read as two halves, no BigInt
    // made per run (runs are as many as system calls and faults together).
    const halves = stateHalves(this.core);
    const before = halves[2 * INSTRET] + halves[2 * INSTRET + 1] * 2 ** 32;
    const trap = this.core.jit.run(budget >>> 0);
    ctx.words.set(contextWords);
    this.lastRetired = halves[2 * INSTRET] + halves[2 * INSTRET + 1] * 2 ** 32 - before;
    if (trap === L.TRAP_BUDGET) return ReturnReason.KernelEvent;
    if (trap === L.TRAP_ECALL_U) return ReturnReason.Syscall;
    ctx.trapCause = trap;
    ctx.trapValue = state[word(L.HART_TVAL)];
    ctx.trapAccess = halves[2 * ACCESS];
    return ReturnReason.Exception;
  }

  /** Instructions retired by the last execute(). */
  lastRetired = 0;

  /** Forget which context is loaded (after the kernel edits a context in place it need not
   *  call this: execute() always copies the context in). */
  unload(): void {
    this.loaded = null;
  }
}
