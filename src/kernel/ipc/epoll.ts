// epoll: an interest list of descriptors, reporting which are ready. Readiness is computed
// when asked (level-triggered); EPOLLET is reported the same way (programs using it read until
// EAGAIN, which level triggering also satisfies); EPOLLONESHOT disarms after one report.
import type { WaitQueue } from "../../ostd/index.js";
import type { FileHandle } from "../fs/types.js";
import type { OpenFile } from "../fs/file.js";
import { recipe } from "../../ostd/index.js";

export const EPOLLIN = 0x1, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10, EPOLLRDHUP = 0x2000;
export const EPOLLEXCLUSIVE = 1 << 28, EPOLLWAKEUP = 1 << 29, EPOLLONESHOT = 1 << 30, EPOLLET = 2 ** 31;

export interface Interest {
  fd: number;
  file: OpenFile;
  events: number;
  data: bigint;
  disabled: boolean;
}

export class Epoll {
  readonly interests = new Map<number, Interest>();

  /** Ready events, at most `max`, as [events, data] pairs. */
  collect(max: number): Array<[number, bigint]> {
    const out: Array<[number, bigint]> = [];
    for (const i of this.interests.values()) {
      if (out.length >= max) break;
      if (i.disabled || i.file.closed) continue;
      const mask = i.file.handle.poll ? i.file.handle.poll() : EPOLLIN | EPOLLOUT;
      const hit = mask & ((i.events & 0xffff) | EPOLLERR | EPOLLHUP);
      if (!hit) continue;
      out.push([hit, i.data]);
      if (i.events & EPOLLONESHOT) i.disabled = true;
    }
    return out;
  }

  queues(): WaitQueue[] {
    const qs: WaitQueue[] = [];
    for (const i of this.interests.values()) qs.push(...(i.file.handle.pollQueues?.() ?? []));
    return qs;
  }

  handle(): FileHandle {
    return Epoll.handleOf(this);
  }

  /** The handle's closures, made by a recipe so a snapshot can rebuild them. */
  private static readonly handleOf = recipe("kernel.Epoll.handle", (self: Epoll): FileHandle => ({
    seekable: false,
    read: () => new Uint8Array(0),
    write: () => 0,
    poll: () => (self.collectPeek() ? EPOLLIN : 0),
    pollQueues: () => self.queues(),
  }));

  private collectPeek(): boolean {
    for (const i of this.interests.values()) {
      if (i.disabled || i.file.closed) continue;
      const mask = i.file.handle.poll ? i.file.handle.poll() : EPOLLIN | EPOLLOUT;
      if (mask & ((i.events & 0xffff) | EPOLLERR | EPOLLHUP)) return true;
    }
    return false;
  }
}
