// The kernel log (printk's ring buffer), read by syslog(2) — busybox's dmesg. Each record has a
// level and the virtual time it was logged at, so a run's log is as reproducible as the run.
// Records are kept to LOG_BUF_BYTES of text, oldest dropped first, like Linux's ring.
import type { Clock, Scheduler, WaitQueue } from "../../ostd/index.js";

export const LOG_BUF_BYTES = 1 << 17;

export enum LogLevel {
  Emerg = 0, Alert = 1, Crit = 2, Err = 3, Warning = 4, Notice = 5, Info = 6, Debug = 7,
}

interface LogRecord {
  level: LogLevel;
  ns: number;
  text: string;
  /** Bytes of the record as read: "<L>[    s.micros] text\n". */
  size: number;
}

export class KernelLog {
  private records: LogRecord[] = [];
  private bytes = 0;
  /** Records syslog(SYSLOG_ACTION_READ) has not taken yet: the newest `unread` ones. */
  private unread = 0;
  /** Woken when a record is added (a blocking SYSLOG_ACTION_READ waits on it). */
  readonly added: WaitQueue;

  constructor(private readonly clock: Clock, scheduler: Scheduler) {
    this.added = scheduler.newWaitQueue("kernel log");
  }

  printk(level: LogLevel, text: string): void {
    for (const line of text.split("\n")) {
      const r: LogRecord = { level, ns: this.clock.now(), text: line, size: 0 };
      r.size = format(r).length;
      this.records.push(r);
      this.bytes += r.size;
      this.unread++;
    }
    while (this.bytes > LOG_BUF_BYTES && this.records.length > 1) {
      this.bytes -= this.records.shift()!.size;
      this.unread = Math.min(this.unread, this.records.length);
    }
    this.added.wakeAll();
  }

  /** The newest records that fit in `max` bytes, in order, as syslog(2) returns them. */
  readAll(max: number): string {
    let take = 0;
    let n = 0;
    for (let i = this.records.length - 1; i >= 0 && take + this.records[i].size <= max; i--) {
      take += this.records[i].size;
      n++;
    }
    return this.records.slice(this.records.length - n).map(format).join("");
  }

  /** Unread records that fit in `max` bytes, oldest first; they are then read. */
  readUnread(max: number): string {
    const start = this.records.length - this.unread;
    let out = "";
    let i = start;
    for (; i < this.records.length && out.length + this.records[i].size <= max; i++) out += format(this.records[i]);
    this.unread -= i - start;
    return out;
  }

  get unreadBytes(): number {
    let n = 0;
    for (let i = this.records.length - this.unread; i < this.records.length; i++) n += this.records[i].size;
    return n;
  }

  clear(): void {
    this.records = [];
    this.bytes = 0;
    this.unread = 0;
  }
}

function format(r: LogRecord): string {
  const us = Math.floor(r.ns / 1000);
  const stamp = `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, "0")}`.padStart(12, " ");
  return `<${r.level}>[${stamp}] ${r.text}\n`;
}
