// The terminal: xterm.js in the page, the guest's tty on the other side. Keys go to the guest
// as bytes (Ctrl-C, Ctrl-Z, Ctrl-D included: the guest's line discipline interprets them);
// the size follows the element (the guest sees SIGWINCH); Ctrl+Shift+C / Ctrl+Shift+V copy
// and paste, as in desktop terminals, and so does the browser's own paste.
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import "@xterm/xterm/css/xterm.css";

export interface TerminalView {
  readonly term: Terminal;
  write(bytes: Uint8Array, done: () => void): void;
  focus(): void;
  /** Text shown by the terminal now (rows of the visible screen), for tests and copy. */
  screenText(): string;
  /** The last `n` lines of the terminal's buffer (scrollback included), trailing space trimmed. */
  lastLines(n: number): string[];
}

export function createTerminal(
  container: HTMLElement,
  onInput: (bytes: Uint8Array) => void,
  onResize: (cols: number, rows: number) => void,
): TerminalView {
  const term = new Terminal({
    cursorBlink: true,
    fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    scrollback: 5000,
    theme: { background: "#111318", foreground: "#d8dde6", cursor: "#9fd3ff", selectionBackground: "#3a4f6a" },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(container);
  const encoder = new TextEncoder();
  term.onData((s) => onInput(encoder.encode(s)));
  // Binary strings (old-style mouse reports): one byte per character.
  term.onBinary((s) => onInput(Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff)));
  term.onResize(({ cols, rows }) => onResize(cols, rows));
  term.attachCustomKeyEventHandler((e) => {
    if (e.type !== "keydown" || !e.ctrlKey || !e.shiftKey) return true;
    if (e.code === "KeyC") {
      if (term.hasSelection()) void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
      e.preventDefault();
      return false;
    }
    // Let the browser paste (its paste event reaches xterm, which sends the text).
    if (e.code === "KeyV") return false;
    return true;
  });

  let pending = false;
  const refit = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (container.clientWidth > 0 && container.clientHeight > 0) fit.fit();
    });
  };
  new ResizeObserver(refit).observe(container);
  fit.fit();

  return {
    term,
    write: (bytes, done) => term.write(bytes, done),
    focus: () => term.focus(),
    screenText: () => {
      const b = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < term.rows; i++) lines.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? "");
      return lines.join("\n");
    },
    lastLines: (n) => {
      const b = term.buffer.active;
      let end = b.length;
      while (end > 0 && (b.getLine(end - 1)?.translateToString(true) ?? "") === "") end--;
      const out: string[] = [];
      for (let i = Math.max(0, end - n); i < end; i++) out.push(b.getLine(i)?.translateToString(true) ?? "");
      return out;
    },
  };
}
