// The system-call panel's decoder (src/worker/strace.ts) and its ring buffer
// (src/worker/tracer.ts), with user memory faked.
import { describe, expect, it } from "vitest";
import { flagNames, formatResult, formatSyscall, openFlags, quote, type UserMemory } from "../../src/worker/strace.js";
import { RING_SIZE, SyscallTracer } from "../../src/worker/tracer.js";
import { syscallFilter, syscallLine } from "../../src/ui/view/syscalls.js";
import type { SyscallEvent } from "../../src/worker/api.js";

const enc = new TextEncoder();

/** User memory holding `strings` at the given addresses; anything else is unmapped. */
function memory(contents: Record<number, string | Uint8Array>): UserMemory {
  const find = (va: number) => {
    for (const [base, c] of Object.entries(contents)) {
      const bytes = typeof c === "string" ? enc.encode(c) : c;
      const off = va - Number(base);
      if (off >= 0 && off < bytes.length) return bytes.subarray(off);
    }
    return new Uint8Array(0);
  };
  return {
    peek: (va, len) => find(va).slice(0, len),
    cstring: (va, max) => {
      const b = find(va);
      const nul = b.indexOf(0);
      if (nul >= 0 && nul <= max) return { bytes: b.slice(0, nul), terminated: true };
      return { bytes: b.slice(0, max), terminated: false };
    },
  };
}

const NR = { openat: 56, close: 57, read: 63, write: 64, mmap: 222, wait4: 260, kill: 129, rt_sigaction: 134, ioctl: 29, clone: 220, newfstatat: 79, lseek: 62, exit_group: 94 };
const neg = (errno: number) => BigInt.asUintN(64, BigInt(-errno));
const AT_FDCWD = BigInt.asUintN(64, -100n);

describe("decoding system calls", () => {
  it("shows openat with its path, flag names and mode only with O_CREAT", () => {
    const mem = memory({ 0x1000: "/etc/passwd\0" });
    expect(formatSyscall(NR.openat, [AT_FDCWD, 0x1000n, 0o2000000n, 0n, 0n, 0n], 3n, mem)).toBe('openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3');
    expect(formatSyscall(NR.openat, [3n, 0x1000n, 0o1101n, 0o644n, 0n, 0n], 4n, mem)).toBe('openat(3, "/etc/passwd", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4');
  });

  it("names errors", () => {
    const mem = memory({ 0x1000: "/nope\0" });
    expect(formatSyscall(NR.openat, [AT_FDCWD, 0x1000n, 0n, 0n, 0n, 0n], neg(2), mem)).toBe('openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT');
    expect(formatSyscall(NR.close, [99n, 0n, 0n, 0n, 0n, 0n], neg(9), mem)).toBe("close(99) = -1 EBADF");
    expect(formatResult("read", neg(4095))).toBe("-1 E4095");
  });

  it("shows what write wrote and what read read, escaped and cut at 32 bytes", () => {
    const mem = memory({ 0x2000: 'hi "there"\n\t\x01\\', 0x3000: "x".repeat(40) });
    expect(formatSyscall(NR.write, [1n, 0x2000n, 14n, 0n, 0n, 0n], 14n, mem)).toBe('write(1, "hi \\"there\\"\\n\\t\\x01\\\\", 14) = 14');
    expect(formatSyscall(NR.write, [1n, 0x3000n, 40n, 0n, 0n, 0n], 40n, mem)).toBe(`write(1, "${"x".repeat(32)}"..., 40) = 40`);
    expect(formatSyscall(NR.read, [0n, 0x3000n, 1024n, 0n, 0n, 0n], 3n, mem)).toBe('read(0, "xxx", 1024) = 3');
    expect(formatSyscall(NR.read, [0n, 0x3000n, 1024n, 0n, 0n, 0n], neg(11), mem)).toBe("read(0, 0x3000, 1024) = -1 EAGAIN");
  });

  it("falls back to the pointer where memory is not mapped", () => {
    const mem = memory({});
    expect(formatSyscall(NR.openat, [AT_FDCWD, 0x5000n, 0n, 0n, 0n, 0n], neg(14), mem)).toBe("openat(AT_FDCWD, 0x5000, O_RDONLY) = -1 EFAULT");
    expect(formatSyscall(NR.newfstatat, [AT_FDCWD, 0n, 0x10n, 0x1000n, 0n, 0n], 0n, mem)).toBe("newfstatat(AT_FDCWD, NULL, 0x10, AT_EMPTY_PATH) = 0");
  });

  it("decodes mmap, signals, ioctls, clone and wait flags", () => {
    const mem = memory({});
    expect(formatSyscall(NR.mmap, [0n, 8192n, 3n, 0x22n, BigInt.asUintN(64, -1n), 0n], 0x3ff7ffe000n, mem))
      .toBe("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0x0) = 0x3ff7ffe000");
    expect(formatSyscall(NR.kill, [12n, 15n, 0n, 0n, 0n, 0n], 0n, mem)).toBe("kill(12, SIGTERM) = 0");
    expect(formatSyscall(NR.rt_sigaction, [2n, 0x10n, 0n, 8n, 0n, 0n], 0n, mem)).toBe("rt_sigaction(SIGINT, 0x10, NULL, 8) = 0");
    expect(formatSyscall(NR.ioctl, [0n, 0x5413n, 0x10n, 0n, 0n, 0n], 0n, mem)).toBe("ioctl(0, TIOCGWINSZ, 0x10) = 0");
    expect(formatSyscall(NR.clone, [0x1200011n, 0n, 0n, 0n, 0x10n, 0n], 5n, mem)).toBe("clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, NULL, NULL, NULL, 0x10) = 5");
    expect(formatSyscall(NR.wait4, [BigInt.asUintN(64, -1n), 0x10n, 3n, 0n, 0n, 0n], 5n, mem)).toBe("wait4(-1, 0x10, WNOHANG|WUNTRACED, NULL) = 5");
    expect(formatSyscall(NR.lseek, [3n, BigInt.asUintN(64, -4n), 2n, 0n, 0n, 0n], 96n, mem)).toBe("lseek(3, -4, SEEK_END) = 96");
  });

  it("shows calls it has no signature for by number and hex arguments", () => {
    expect(formatSyscall(999, [1n, 2n, 255n, 0n, 0n, 0n], neg(38), memory({}))).toBe("syscall_999(0x1, 0x2, 0xff) = -1 ENOSYS");
  });

  it("names flag sets, leaving unknown bits in hex", () => {
    expect(openFlags(0o2)).toBe("O_RDWR");
    expect(openFlags(0o4010002)).toBe("O_RDWR|O_SYNC");
    expect(flagNames(0x5, [[1, "A"], [4, "C"]])).toBe("A|C");
    expect(flagNames(0x9, [[1, "A"]])).toBe("A|0x8");
    expect(quote(new Uint8Array([0, 0x7f, 0x41]))).toBe('"\\x00\\x7fA"');
  });
});

describe("the ring buffer of decoded calls", () => {
  const thread = (pid: number) => ({ tid: pid, process: { pid, mem: { vm: {} } } }) as never;
  const machine = { clock: { instret: () => 1234n } } as never;

  it("counts every call but decodes only while tracing", () => {
    const t = new SyscallTracer(machine);
    t.observe(thread(1), NR.close, [3n, 0n, 0n, 0n, 0n, 0n], 0n);
    expect(t.read(0, 100).events).toEqual([]);
    t.decoding = true;
    t.observe(thread(1), NR.close, [99n, 0n, 0n, 0n, 0n, 0n], neg(9));
    const b = t.read(0, 100);
    expect(b.events.map((e) => [e.seq, e.text, e.failed])).toEqual([[1, "close(99) = -1 EBADF", true]]);
    expect(t.table()).toEqual([{ nr: NR.close, name: "close", calls: 2, errors: 1 }]);
  });

  it("keeps the newest RING_SIZE and says how many a slow reader missed", () => {
    const t = new SyscallTracer(machine);
    t.decoding = true;
    for (let i = 0; i < RING_SIZE + 10; i++) t.observe(thread(2), NR.close, [BigInt(i), 0n, 0n, 0n, 0n, 0n], 0n);
    const all = t.read(0, RING_SIZE * 2);
    expect(all.events.length).toBe(RING_SIZE);
    expect(all.dropped).toBe(10);
    expect(all.events[0].text).toBe("close(10) = 0");
    const newest = t.read(0, 5);
    expect(newest.events.map((e) => e.seq)).toEqual([RING_SIZE + 6, RING_SIZE + 7, RING_SIZE + 8, RING_SIZE + 9, RING_SIZE + 10]);
    expect(newest.dropped).toBe(RING_SIZE + 5);
    expect(t.read(all.last, 100)).toEqual({ events: [], dropped: 0, last: RING_SIZE + 10 });
  });
});

describe("the panel's filter", () => {
  const ev = (pid: number, name: string): SyscallEvent => ({ seq: 1, pid, tid: pid, nr: 0, name, text: `${name}() = 0`, failed: false, instret: 0 });

  it("filters by pids and by names, prefixes and exclusions", () => {
    const f = syscallFilter("1, 3", "read,open*,!openat2")!;
    expect(f(ev(1, "read"))).toBe(true);
    expect(f(ev(2, "read"))).toBe(false);
    expect(f(ev(3, "openat"))).toBe(true);
    expect(f(ev(3, "openat2"))).toBe(false);
    expect(f(ev(1, "write"))).toBe(false);
    expect(syscallFilter("", "!ioctl")!(ev(9, "write"))).toBe(true);
    expect(syscallFilter("x", "")).toBeNull();
    expect(syscallFilter("", "read(")).toBeNull();
    expect(syscallLine({ ...ev(4, "read"), tid: 5 })).toBe("[4/5] read() = 0");
  });
});
