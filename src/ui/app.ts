// What the panels share: the worker's API, the selected process, the machine's run state,
// messages for the user, and the terminal's focus.
import type { Remote } from "comlink";
import type { PlaygroundApi, RunState } from "../worker/api.js";

export interface App {
  readonly api: Remote<PlaygroundApi>;
  /** The process the memory and CPU panels show. */
  readonly selectedPid: number | null;
  select(pid: number): void;
  onSelect(fn: (pid: number) => void): void;
  readonly runState: RunState;
  onRunState(fn: (s: RunState) => void): void;
  /** A short message in the status line. */
  notify(text: string, kind?: "info" | "error"): void;
  focusTerminal(): void;
}

type Listener<T> = (v: T) => void;

/** The App the page builds once the machine has booted. */
export class AppState implements App {
  selectedPid: number | null = null;
  runState: RunState = { kind: "running" };
  private selectListeners: Array<Listener<number>> = [];
  private stateListeners: Array<Listener<RunState>> = [];

  constructor(
    readonly api: Remote<PlaygroundApi>,
    readonly notify: (text: string, kind?: "info" | "error") => void,
    readonly focusTerminal: () => void,
  ) {}

  select(pid: number): void {
    if (this.selectedPid === pid) return;
    this.selectedPid = pid;
    for (const f of this.selectListeners) f(pid);
  }

  onSelect(fn: Listener<number>): void {
    this.selectListeners.push(fn);
  }

  setRunState(s: RunState): void {
    this.runState = s;
    for (const f of this.stateListeners) f(s);
  }

  onRunState(fn: Listener<RunState>): void {
    this.stateListeners.push(fn);
  }
}
