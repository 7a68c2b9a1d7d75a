// Guest programs that exercise threads, futexes, signals, sockets (with fd passing), timerfds,
// pipes, fork and files, each saved at several points of its run and resumed in a fresh
// machine: the output, exit status and final state digest equal an uninterrupted run's.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { compileGuest, repoRoot } from "../helpers/toolchain";
import { Session } from "../../src/worker/session";
import type { TmpNode } from "../../src/kernel/fs/tmpfs";
import { core, image, ready, snap, config } from "./harness";

let haveCc = false;
try {
  execFileSync("riscv64-linux-gnu-gcc", ["--version"], { stdio: "ignore" });
  haveCc = true;
} catch {
  haveCc = false;
}

const PROGRAMS: Array<[string, string[]]> = [
  ["guest/threads.c", []], ["guest/signals.c", []], ["guest/fork.c", []], ["guest/files.c", ["/tmp/d"]], ["guest/inotify.c", ["/tmp/d"]],
  ["guest/clock.c", []], ["guest/proc.c", []], ["guest/rv64a.c", []],
  ["guest-net/socketpair.c", []], ["guest-net/scm.c", []], ["guest-net/listen.c", []], ["guest-net/timerfd.c", []],
  ["guest-net/nonblock.c", []], ["snapshot/programs/epoll.c", []], ["snapshot/programs/pty.c", []],
];

function machine(bin: Uint8Array | null, args: string[], restore?: Uint8Array) {
  let out = "";
  const s = new Session(
    {
      core: core!, ramBytes: 64 << 20, seed: 3n, bootEpochNs: 1n << 60n, argv: ["/prog", ...args], env: ["PATH=/bin"], cwd: "/", mounts: [],
      rootfs: { image: image!, verify: false }, skipIdle: true, snapshots: true, restore,
    },
    { write: (_s, d) => void (out += new TextDecoder().decode(d)), diagnose: (l) => void (out += l + "\n"), inputIsTty: false, outputIsTty: false },
  );
  if (bin) {
    const root = s.kernel.rootFs.root;
    if (args.length) (root.lookup("tmp") as TmpNode).mkdir("d", 0o777);
    (root.create("prog", 0o755) as TmpNode).writeAt(0, bin);
    s.start();
    s.input(new Uint8Array(0));
  }
  return { s, out: () => out };
}

describe.skipIf(!ready || !haveCc)("snapshots of guest programs", () => {
  for (const [src, args] of PROGRAMS) {
    it(`${src} resumes exactly from any point`, async () => {
      const path = compileGuest(join(repoRoot, "tests", src), ["-O2", "-pthread"]);
      const bin = new Uint8Array(readFileSync(path));
      const whole = machine(bin, args);
      const status = await whole.s.run();
      const total = whole.s.machine.clock.instret();
      for (const at of [total / 3n, (total * 2n) / 3n]) {
        const a = machine(bin, args);
        for (let i = 0; a.s.exited === null && a.s.machine.clock.instret() < at; i++) {
          if (a.s.machine.runSlice(0, true).kind === "halted") break;
        }
        if (a.s.exited !== null) continue;
        const b = machine(null, args, snap(a.s, config(["/prog", ...args])).image);
        expect(await b.s.run()).toBe(status);
        expect(a.out() + b.out()).toBe(whole.out());
        expect(b.s.kernel.digest()).toBe(whole.s.kernel.digest());
      }
    });
  }
});
