// The files panel's worker side (src/worker/files.ts), in process: upload, download and list
// guest files; a host folder copied in, changed by the guest, and the changes collected for
// writing back.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Playground } from "../../src/worker/playground.js";
import { repoRoot } from "./util.js";

const buffer = (p: string) => {
  const b = readFileSync(join(repoRoot, "build", p));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
};
const enc = new TextEncoder();
const dec = new TextDecoder();

let pg: Playground;
let out = "";

/** Type a command at the shell and wait for the next prompt. */
async function sh(cmd: string): Promise<void> {
  const start = out.length;
  pg.input(enc.encode(`${cmd}\r`));
  const end = Date.now() + 10_000;
  while (!out.slice(start).includes("\n/ # ")) {
    if (Date.now() > end) throw new Error(`no prompt after ${cmd}: ${out.slice(start)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  pg = new Playground();
  await pg.boot({ core: { bytes: buffer("core.wasm") }, rootfs: { bytes: buffer("rootfs.img") }, argv: ["/bin/sh"], cwd: "/", cols: 80, rows: 24, ramMiB: 64 }, {
    output: (b) => {
      out += dec.decode(b);
      pg.ackOutput(b.length);
    },
    state: () => undefined,
    diagnose: () => undefined,
    replayEnded: () => undefined,
  });
  const end = Date.now() + 10_000;
  while (!out.includes("/ # ") && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
});

describe("files in and out of the guest", () => {
  it("uploads into a directory, replacing a file of the same name, executable when it is a script", async () => {
    expect(pg.upload("/root", "notes.txt", enc.encode("first\n"))).toEqual({ ok: true, path: "/root/notes.txt", size: 6 });
    expect(pg.upload("/root", "notes.txt", enc.encode("second\n"))).toEqual({ ok: true, path: "/root/notes.txt", size: 7 });
    expect(pg.upload("/root", "hi.sh", enc.encode("#!/bin/sh\necho hi from a script\n")).ok).toBe(true);
    const start = out.length;
    await sh("cat /root/notes.txt; /root/hi.sh");
    expect(out.slice(start)).toContain("second\r\nhi from a script\r\n");
  });

  it("refuses bad names and missing directories, saying why", () => {
    expect(pg.upload("/root", "a/b", new Uint8Array(1))).toEqual({ ok: false, error: '"a/b" is not a valid file name' });
    expect(pg.upload("/nowhere", "x", new Uint8Array(1))).toEqual({ ok: false, error: "/nowhere/x: no such file or directory" });
    expect(pg.upload("/root/notes.txt", "x", new Uint8Array(1))).toEqual({ ok: false, error: "/root/notes.txt/x: not a directory" });
    expect(pg.upload("/", "root", new Uint8Array(1))).toEqual({ ok: false, error: "/root: is a directory" });
  });

  it("downloads a guest file, and lists directories with mount points", async () => {
    await sh("echo made in the guest > /tmp/g.txt");
    const r = pg.download("/tmp/g.txt");
    expect(r.ok && dec.decode(r.bytes)).toBe("made in the guest\n");
    expect(pg.download("/tmp")).toEqual({ ok: false, error: "/tmp: not a regular file" });
    expect(pg.download("/no/such")).toEqual({ ok: false, error: "/no/such: no such file or directory" });
    const root = pg.listDir("/");
    expect(root.ok && root.entries.find((e) => e.name === "proc")).toEqual({ name: "proc", type: "dir", size: expect.any(Number) });
    const bin = pg.listDir("/bin");
    expect(bin.ok && bin.entries.find((e) => e.name === "sh")?.type).toBe("link");
  });

  it("copies a folder in and collects what the guest changed in it", async () => {
    const r = pg.mountFolder("/mnt/proj", [
      { path: "a.txt", bytes: enc.encode("a\n") }, { path: "src/main.c", bytes: enc.encode("int main(){}\n") },
      { path: "old/x", bytes: enc.encode("x") },
    ], ["src", "old", "empty"]);
    expect(r).toEqual({ ok: true, path: "/mnt/proj", size: 16 });
    expect(pg.folderChanges("/mnt/proj")).toEqual({ written: [], deleted: [], dirs: [] });
    await sh("cd /mnt/proj && cat src/main.c && echo b >> a.txt && echo new > src/new.h && mkdir out && echo o > out/o && rm -r old && cd /");
    expect(out).toContain("int main(){}");
    const c = pg.folderChanges("/mnt/proj")!;
    expect(c.dirs).toEqual(["out"]);
    expect(c.deleted).toEqual(["old"]);
    expect(c.written.map((f) => [f.path, dec.decode(f.bytes)]).sort()).toEqual([["a.txt", "a\nb\n"], ["out/o", "o\n"], ["src/new.h", "new\n"]]);
    expect(pg.folderChanges("/mnt/proj")).toEqual({ written: [], deleted: [], dirs: [] });
    expect(pg.folderChanges("/mnt/other")).toBeNull();
  });
});
