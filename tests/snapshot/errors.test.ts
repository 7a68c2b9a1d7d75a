// A snapshot that cannot be restored faithfully is refused with a message saying why: a
// changed byte, a truncated file, another build or root file system, another machine size.
import { describe, expect, it } from "vitest";
import { checkSnapshotFits, readSnapshot, SnapshotError } from "../../src/worker/snapshot";
import { config, newSession, ready, snap, stepUntil } from "./harness";

const ARGV = ["/bin/sh", "-c", "echo one; sleep 1; echo two"];

function saved(): Uint8Array {
  const run = newSession(ARGV);
  stepUntil(run.session, () => run.out().includes("one"));
  return snap(run.session, config(ARGV)).file;
}

describe.skipIf(!ready)("refused snapshots", () => {
  const file = ready ? saved() : new Uint8Array(0);

  it("reads back what was saved, with a stable hash", () => {
    const s = readSnapshot(file);
    expect(s.header.build).toBe("test-build");
    expect(s.header.config.argv).toEqual(ARGV);
    expect(s.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(readSnapshot(file.slice()).hash).toBe(s.hash);
  });

  it("refuses a changed byte anywhere in the payload", () => {
    for (const at of [file.length - 1, file.length >> 1, file.length - 1000]) {
      const bad = file.slice();
      bad[at] ^= 0x40;
      expect(() => readSnapshot(bad)).toThrow(/truncated or corrupt/);
    }
  });

  it("refuses a truncated file, a damaged header and a wrong magic", () => {
    expect(() => readSnapshot(file.subarray(0, file.length - 10))).toThrow(/truncated or corrupt/);
    expect(() => readSnapshot(file.subarray(0, 20))).toThrow(SnapshotError);
    expect(() => readSnapshot(file.subarray(0, 10))).toThrow(/bad magic/);
    const header = file.slice();
    header[20] = 0x7b; // "{" inside the JSON
    expect(() => readSnapshot(header)).toThrow(SnapshotError);
    const version = file.slice();
    version[8] = 99;
    expect(() => readSnapshot(version)).toThrow(/version 99 is not supported/);
    expect(() => readSnapshot(new TextEncoder().encode("hello, world, this is not a snapshot"))).toThrow(/bad magic/);
  });

  it("refuses another build or root file system, naming both", () => {
    const { header } = readSnapshot(file);
    expect(() => checkSnapshotFits(header, "test-build", "test-rootfs")).not.toThrow();
    expect(() => checkSnapshotFits(header, "0123456789abcdef", "test-rootfs")).toThrow(/another build of the machine \(test-build, this is 0123456789ab\)/);
    expect(() => checkSnapshotFits(header, "test-build", "ffffffffffffffff")).toThrow(/root file system test-rootfs, but this one is ffffffffffff/);
  });

  it("refuses a machine of another size, and a corrupt image inside a valid container", () => {
    const { image } = readSnapshot(file);
    expect(() => newSession(ARGV, { restore: image, memMiB: 32 })).toThrow(/64 MiB of RAM, this one 32 MiB/);
    const cut = image.subarray(0, image.length - 100);
    expect(() => newSession(ARGV, { restore: cut })).toThrow(SnapshotError);
    const bad = image.slice();
    bad[bad.length - 3] ^= 0xff;
    expect(() => newSession(ARGV, { restore: bad })).toThrow(SnapshotError);
  });

  it("restores the saved file and finishes the run", async () => {
    const run = newSession(ARGV, { restore: readSnapshot(file).image });
    expect(await run.session.run()).toBe(0);
    expect(run.out()).toBe("two\n");
  });
});
