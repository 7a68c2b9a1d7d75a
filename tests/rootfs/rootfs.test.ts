// The root file system image: our SHA-256, the image parser (every corruption it must refuse),
// loading into a tmpfs, the build script's helpers, and the real image built from Debian's
// riscv64 busybox-static (scripts/build-rootfs.mjs; docs/rootfs-format.md).
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256, sha256Hex } from "../../src/kernel/util/sha256.js";
import {
  RootfsImageError, loadRootfsImage, parseRootfsImage, populateTmpfs, rootfsImageId, type RootfsImage,
} from "../../src/kernel/fs/rootfs_image.js";
import { TmpFs, type TmpNode } from "../../src/kernel/fs/tmpfs.js";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../../src/kernel/fs/types.js";
import {
  EX_UNAVAILABLE, classifyAptFailure, encodeImage, parseAppletList, parseDeb822Sources, parseOneLineSources, pickDebianArchive,
} from "../../scripts/build-rootfs.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const nodeSha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const enc = new TextEncoder();

// ---------------------------------------------------------------------------------------------
describe("sha256 (FIPS 180-4)", () => {
  it("matches the standard's examples", () => {
    expect(sha256Hex(enc.encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex(new Uint8Array(0))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex(enc.encode("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))
      .toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect(sha256Hex(new Uint8Array(1_000_000).fill(0x61))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("agrees with node:crypto at every length around the block and padding boundaries", () => {
    for (let n = 0; n <= 260; n++) {
      const b = randomBytes(n);
      expect(sha256Hex(b), `length ${n}`).toBe(nodeSha(b));
    }
    const big = randomBytes(3_000_001);
    expect(sha256Hex(big)).toBe(nodeSha(big));
    expect(sha256(big).length).toBe(32);
  });

  it("hashes a view, not its whole buffer", () => {
    const b = randomBytes(1000);
    const view = b.subarray(100, 300);
    expect(sha256Hex(view)).toBe(nodeSha(Buffer.from(view)));
  });
});

// ---------------------------------------------------------------------------------------------
// Synthetic images.

type Spec = { path: string; type: "dir" | "file" | "symlink"; mode: number; uid?: number; gid?: number; mtime: number; target?: string; content?: Uint8Array | string };

const T = 1_700_000_000;
const small: Spec[] = [
  { path: "/", type: "dir", mode: 0o755, mtime: T },
  { path: "/bin", type: "dir", mode: 0o755, mtime: T + 1 },
  { path: "/bin/busybox", type: "file", mode: 0o755, mtime: T + 2, content: "\x7fELF fake busybox" },
  { path: "/bin/sh", type: "symlink", mode: 0o777, mtime: T + 3, target: "/bin/busybox" },
  { path: "/etc", type: "dir", mode: 0o755, mtime: T + 4 },
  { path: "/etc/passwd", type: "file", mode: 0o644, mtime: T + 5, content: "root:x:0:0:root:/root:/bin/sh\n" },
  { path: "/etc/empty", type: "file", mode: 0o600, uid: 1000, gid: 100, mtime: T + 6, content: "" },
  { path: "/tmp", type: "dir", mode: 0o1777, mtime: T + 7 },
  { path: "/root", type: "dir", mode: 0o700, mtime: T + 8 },
];

function image(spec: Spec[] = small, meta: object = { test: true }): Uint8Array {
  return new Uint8Array(encodeImage(spec, meta));
}

const u32 = (b: Uint8Array, o: number, v: number) => Buffer.from(b.buffer, b.byteOffset, b.length).writeUInt32LE(v, o);
const u64 = (b: Uint8Array, o: number, v: bigint) => Buffer.from(b.buffer, b.byteOffset, b.length).writeBigUInt64LE(v, o);

/** An image from raw parts: the header fields say what `over` says, else the truth. */
function raw(manifest: string | Uint8Array, data: Uint8Array = new Uint8Array(0), over: { magic?: string; version?: number; headerSize?: number; manifestLength?: bigint; dataLength?: bigint } = {}): Uint8Array {
  const m = typeof manifest === "string" ? enc.encode(manifest) : manifest;
  const out = new Uint8Array(32 + m.length + data.length);
  out.set(enc.encode(over.magic ?? "ASTERFS\0"), 0);
  u32(out, 8, over.version ?? 1);
  u32(out, 12, over.headerSize ?? 32);
  u64(out, 16, over.manifestLength ?? BigInt(m.length));
  u64(out, 24, over.dataLength ?? BigInt(data.length));
  out.set(m, 32);
  out.set(data, 32 + m.length);
  return out;
}

const ROOT = { path: "/", type: "dir", mode: 0o755, uid: 0, gid: 0, size: 0, mtime: T };
/** A manifest with these entries (after the root, unless `noRoot`). */
function manifest(entries: object[], noRoot = false, top: object = {}): string {
  return JSON.stringify({ format: "aster-rootfs", version: 1, meta: {}, entries: noRoot ? entries : [ROOT, ...entries], ...top });
}
const fileEntry = (path: string, content: string, offset = 0, extra: object = {}) => ({
  path, type: "file", mode: 0o644, uid: 0, gid: 0, size: enc.encode(content).length, mtime: T, offset, sha256: nodeSha(enc.encode(content)), ...extra,
});
const dirEntry = (path: string, extra: object = {}) => ({ path, type: "dir", mode: 0o755, uid: 0, gid: 0, size: 0, mtime: T, ...extra });
const linkEntry = (path: string, target: string, extra: object = {}) => ({ path, type: "symlink", mode: 0o777, uid: 0, gid: 0, size: enc.encode(target).length, mtime: T, target, ...extra });

function refuses(bytes: Uint8Array, message: RegExp): void {
  let err: unknown = null;
  try {
    parseRootfsImage(bytes);
  } catch (e) {
    err = e;
  }
  expect(err, `expected a RootfsImageError matching ${message}`).toBeInstanceOf(RootfsImageError);
  expect((err as Error).message).toMatch(message);
  expect((err as Error).message).toMatch(/^rootfs image: /);
}

describe("parseRootfsImage: a well-formed image", () => {
  it("reads back what the build script's encoder wrote", () => {
    const img = parseRootfsImage(image());
    expect(img.version).toBe(1);
    expect(img.meta).toEqual({ test: true });
    expect(img.entries.map((e) => e.path)).toEqual(["/", "/bin", "/bin/busybox", "/bin/sh", "/etc", "/etc/empty", "/etc/passwd", "/root", "/tmp"]);
    const passwd = img.entries.find((e) => e.path === "/etc/passwd")!;
    expect(new TextDecoder().decode(img.data.subarray(passwd.offset!, passwd.offset! + passwd.size))).toBe("root:x:0:0:root:/root:/bin/sh\n");
    expect(img.entries.find((e) => e.path === "/bin/sh")).toMatchObject({ type: "symlink", target: "/bin/busybox", size: 12 });
    expect(img.entries.find((e) => e.path === "/tmp")).toMatchObject({ type: "dir", mode: 0o1777 });
  });

  it("accepts a root-only image and non-ASCII names", () => {
    expect(parseRootfsImage(raw(manifest([]))).entries).toHaveLength(1);
    const content = "ünïcödé";
    const bytes = raw(manifest([dirEntry("/é"), fileEntry("/é/ß", content), linkEntry("/é/→", "ß")]), enc.encode(content));
    expect(parseRootfsImage(bytes).entries.map((e) => e.path)).toEqual(["/", "/é", "/é/ß", "/é/→"]);
  });

  it("can skip the content hashes when asked", () => {
    const bytes = image();
    bytes[bytes.length - 1] ^= 0xff;
    expect(() => parseRootfsImage(bytes)).toThrow(RootfsImageError);
    expect(() => parseRootfsImage(bytes, { verifyHashes: false })).not.toThrow();
  });

  it("names an image by the SHA-256 of all its bytes", () => {
    const bytes = image();
    expect(rootfsImageId(bytes)).toBe(nodeSha(bytes));
  });
});

describe("parseRootfsImage: every corruption is a RootfsImageError", () => {
  it("refuses a bad header", () => {
    refuses(new Uint8Array(0), /truncated: 0 bytes/);
    refuses(image().subarray(0, 31), /truncated: 31 bytes is shorter than the 32-byte header/);
    refuses(raw(manifest([]), undefined, { magic: "ASTERFZ\0" }), /bad magic/);
    refuses(enc.encode("\x7fELF" + " ".repeat(60)), /bad magic/);
    refuses(raw(manifest([]), undefined, { version: 2 }), /format version 2 is not supported/);
    refuses(raw(manifest([]), undefined, { version: 0 }), /format version 0/);
    refuses(raw(manifest([]), undefined, { headerSize: 40 }), /header size 40/);
    refuses(raw(manifest([]), undefined, { manifestLength: 1n << 62n }), /manifest length \d+ is too large/);
    refuses(raw(manifest([]), undefined, { dataLength: (1n << 64n) - 1n }), /data length \d+ is too large/);
    refuses(raw(manifest([]), undefined, { manifestLength: 1n << 40n }), /truncated: .* the header promises/);
  });

  it("refuses truncated images and trailing bytes", () => {
    const good = image();
    const manifestLength = Number(Buffer.from(good).readBigUInt64LE(16));
    refuses(good.subarray(0, 32 + manifestLength - 1), /truncated/);
    refuses(good.subarray(0, 32 + manifestLength + 3), /truncated/);
    refuses(good.subarray(0, good.length - 1), /truncated/);
    const longer = new Uint8Array(good.length + 5);
    longer.set(good);
    refuses(longer, /5 unexpected bytes after the data section/);
  });

  it("refuses a manifest that is not a JSON object of the right format", () => {
    refuses(raw("{not json"), /the manifest is not JSON/);
    refuses(raw(""), /the manifest is not JSON/);
    refuses(raw(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), /not valid UTF-8/);
    refuses(raw("[]"), /not a JSON object/);
    refuses(raw("null"), /not a JSON object/);
    refuses(raw("42"), /not a JSON object/);
    refuses(raw(manifest([], false, { format: "tar" })), /"format" is "tar"/);
    refuses(raw(JSON.stringify({ version: 1, entries: [ROOT] })), /"format" is missing/);
    refuses(raw(manifest([], false, { version: 2 })), /"version" 2 differs from the header's 1/);
    refuses(raw(manifest([], false, { meta: [1] })), /"meta" is not an object/);
    refuses(raw(manifest([], false, { entries: {} })), /"entries" is not an array/);
    refuses(raw(manifest([], true)), /no entries/);
  });

  it("refuses entries that are not well-formed", () => {
    refuses(raw(manifest([null])), /entry 1 is not an object/);
    refuses(raw(manifest([7])), /entry 1 is not an object/);
    refuses(raw(manifest([dirEntry("/a", { type: "fifo" })])), /"type" must be "dir", "file" or "symlink", not "fifo"/);
    refuses(raw(manifest([dirEntry("/a", { path: 5 })])), /"path" must be a string/);
    refuses(raw(manifest([dirEntry("/a", { mode: 1.5 })])), /"mode" must be an integer, not 1.5/);
    refuses(raw(manifest([dirEntry("/a", { mode: "755" })])), /"mode" must be an integer, not "755"/);
    refuses(raw(manifest([dirEntry("/a", { mode: -1 })])), /"mode" -1 is out of range/);
    refuses(raw(manifest([dirEntry("/a", { mode: 0o10000 })])), /"mode" 4096 is out of range/);
    refuses(raw(manifest([dirEntry("/a", { uid: 2 ** 32 })])), /"uid" .* out of range/);
    refuses(raw(manifest([dirEntry("/a", { gid: null })])), /"gid" must be an integer, not null/);
    refuses(raw(manifest([dirEntry("/a", { mtime: 1e300 })])), /"mtime" must be an integer/);
    refuses(raw(manifest([dirEntry("/a", { size: 1 })])), /a directory's "size" must be 0/);
    refuses(raw(manifest([dirEntry("/a", { extra: 1 })])), /field "extra" does not belong to a dir/);
    refuses(raw(manifest([dirEntry("/a", { target: "x" })])), /field "target" does not belong to a dir/);
    const { mtime: _m, ...noMtime } = dirEntry("/a");
    void _m;
    refuses(raw(manifest([noMtime])), /field "mtime" is missing/);
    refuses(raw(manifest([linkEntry("/l", "")])), /"target" must be a non-empty string/);
    refuses(raw(manifest([linkEntry("/l", "a\0b")])), /"target" contains a NUL byte/);
    refuses(raw(manifest([linkEntry("/l", "abc", { size: 4 })])), /"size" 4 is not the target's length 3/);
    refuses(raw(manifest([linkEntry("/l", "x".repeat(4096))])), /"target" is longer than 4095 bytes/);
    refuses(raw(manifest([fileEntry("/f", "hi", 0, { sha256: "AB".repeat(32) })]), enc.encode("hi")), /"sha256" must be 64 lowercase hex digits/);
    refuses(raw(manifest([fileEntry("/f", "hi", 0, { sha256: undefined })]), enc.encode("hi")), /field "sha256" is missing/);
    refuses(raw(manifest([{ ...fileEntry("/f", "hi"), offset: "0" }]), enc.encode("hi")), /"offset" must be an integer/);
  });

  it("refuses bad paths", () => {
    refuses(raw(manifest([dirEntry("/a"), dirEntry("/a/../b")])), /contains "\.\."/);
    refuses(raw(manifest([dirEntry("/..")])), /contains "\.\."/);
    refuses(raw(manifest([dirEntry("/a"), dirEntry("/a/.")])), /contains "\."/);
    refuses(raw(manifest([dirEntry("a")])), /is not absolute/);
    refuses(raw(manifest([dirEntry("")])), /is not absolute/);
    refuses(raw(manifest([dirEntry("/a"), dirEntry("/a//b")])), /empty component/);
    refuses(raw(manifest([dirEntry("/a/")])), /empty component/);
    refuses(raw(manifest([dirEntry("/a\0b")])), /NUL byte/);
    refuses(raw(manifest([dirEntry("/" + "x".repeat(256))])), /longer than 255 bytes/);
    refuses(raw(manifest([dirEntry("/" + Array(2100).fill("ab").join("/"))])), /longer than 4095 bytes/);
  });

  it("refuses a tree that does not hang together", () => {
    refuses(raw(manifest([dirEntry("/a"), dirEntry("/a")])), /entry 2: duplicate path "\/a"/);
    refuses(raw(manifest([dirEntry("/a"), linkEntry("/a", "b")])), /duplicate path "\/a"/);
    refuses(raw(manifest([ROOT])), /entry 1: duplicate path "\/"/);
    refuses(raw(manifest([dirEntry("/a/b")])), /its parent "\/a" is not listed before it/);
    refuses(raw(manifest([dirEntry("/a/b"), dirEntry("/a")])), /its parent "\/a" is not listed before it/);
    refuses(raw(manifest([linkEntry("/l", "x"), dirEntry("/l/b")])), /its parent "\/l" is a symlink, not a directory/);
    refuses(raw(manifest([fileEntry("/f", "hi"), dirEntry("/f/b")]), enc.encode("hi")), /its parent "\/f" is a file/);
    refuses(raw(manifest([dirEntry("/a")], true)), /entry 0 must be the root directory "\/", not dir "\/a"/);
    refuses(raw(manifest([{ ...ROOT, type: "symlink", target: "x", size: 1 }], true)), /entry 0 must be the root directory/);
  });

  it("refuses contents that do not add up", () => {
    const data = enc.encode("hello");
    // A size past the end of the data section.
    refuses(raw(manifest([{ ...fileEntry("/f", "hello"), size: 6 }]), data), /contents \(6 bytes at 0\) run past the end of the data section \(5 bytes\)/);
    refuses(raw(manifest([{ ...fileEntry("/f", "hello"), size: Number.MAX_SAFE_INTEGER }]), data), /run past the end/);
    // Offsets out of order, overlapping, or leaving bytes nobody owns.
    refuses(raw(manifest([fileEntry("/f", "hello", 1)]), data), /"offset" 1 should be 0/);
    refuses(raw(manifest([fileEntry("/f", "hel"), fileEntry("/g", "lo", 0)]), data), /entry 2 \(\/g\): "offset" 0 should be 3/);
    refuses(raw(manifest([fileEntry("/f", "hell")]), data), /1 bytes that no file owns/);
    refuses(raw(manifest([]), data), /5 bytes that no file owns/);
    // Contents that are not what the manifest says.
    refuses(raw(manifest([fileEntry("/f", "hello")]), enc.encode("jello")), /entry 1 \(\/f\): content hash mismatch/);
  });

  it("throws nothing but RootfsImageError on random damage", () => {
    const good = image();
    let state = 12345;
    const rnd = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      let b = good.slice();
      const kind = rnd(4);
      if (kind === 0) b[rnd(b.length)] ^= 1 << rnd(8);
      else if (kind === 1) b = b.subarray(0, rnd(b.length));
      else if (kind === 2) b[32 + rnd(b.length - 32)] = "{}[],:\"0\\/.".charCodeAt(rnd(11));
      else b[rnd(32)] = rnd(256);
      try {
        parseRootfsImage(b);
      } catch (e) {
        if (!(e instanceof RootfsImageError)) throw new Error(`damage #${i} (kind ${kind}) gave ${String(e)}`);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(2500);
  });
});

// ---------------------------------------------------------------------------------------------
describe("populateTmpfs", () => {
  const fsAt = () => new TmpFs(() => 42n);
  const walk = (fs: TmpFs, path: string): TmpNode => {
    let n = fs.root;
    for (const p of path.split("/").filter(Boolean)) {
      const next = n.lookup(p) as TmpNode | null;
      if (!next) throw new Error(`${path}: no ${p}`);
      n = next;
    }
    return n;
  };

  it("makes the tree the image describes: types, modes, owners, times, contents", () => {
    const fs = fsAt();
    const stats = loadRootfsImage(image(), fs);
    expect(stats).toEqual({ dirs: 5, files: 3, symlinks: 1, bytes: 17 + 30 });
    expect(fs.root.stat().mode).toBe(S_IFDIR | 0o755);
    expect(walk(fs, "/tmp").stat().mode).toBe(S_IFDIR | 0o1777);
    expect(walk(fs, "/root").stat().mode).toBe(S_IFDIR | 0o700);
    const bb = walk(fs, "/bin/busybox").stat();
    expect(bb.mode).toBe(S_IFREG | 0o755);
    expect(bb.size).toBe(17);
    expect(bb.mtimeNs).toBe(BigInt(T + 2) * 1_000_000_000n);
    expect(bb.atimeNs).toBe(bb.mtimeNs);
    const sh = walk(fs, "/bin/sh");
    expect(sh.stat().mode & S_IFMT).toBe(S_IFLNK);
    expect(sh.readlink()).toBe("/bin/busybox");
    expect(new TextDecoder().decode(walk(fs, "/etc/passwd").readAt(0, 100))).toBe("root:x:0:0:root:/root:/bin/sh\n");
    const empty = walk(fs, "/etc/empty").stat();
    expect([empty.uid, empty.gid, empty.size, empty.mode]).toEqual([1000, 100, 0, S_IFREG | 0o600]);
    // Directory times are the image's even though children were added after them.
    expect(walk(fs, "/bin").stat().mtimeNs).toBe(BigInt(T + 1) * 1_000_000_000n);
    expect(fs.root.readdir().map((d) => d.name).sort()).toEqual(["bin", "etc", "root", "tmp"]);
  });

  it("shares the image's bytes without copying, and never writes into them", () => {
    // Loading adopts the file contents (the image must stay unchanged while the file system
    // lives); the first write to a file copies it, so the image is never modified.
    const bytes = image();
    const before = bytes.slice();
    const fs = fsAt();
    loadRootfsImage(bytes, fs);
    const passwd = walk(fs, "/etc/passwd") as unknown as { writeAt(o: number, d: Uint8Array): number; readAt(o: number, n: number): Uint8Array };
    passwd.writeAt(0, new TextEncoder().encode("ROOT"));
    expect(new TextDecoder().decode(passwd.readAt(0, 4))).toBe("ROOT");
    expect(bytes).toEqual(before);
  });

  it("merges into directories that already exist (the kernel's mount points)", () => {
    const fs = fsAt();
    fs.root.mkdir("tmp", 0o755);
    fs.root.mkdir("dev", 0o755);
    loadRootfsImage(image(), fs);
    expect(walk(fs, "/tmp").stat().mode).toBe(S_IFDIR | 0o1777);
    expect(fs.root.readdir().map((d) => d.name).sort()).toEqual(["bin", "dev", "etc", "root", "tmp"]);
  });

  it("refuses to replace something that is there already", () => {
    const fs = fsAt();
    fs.root.create("etc", 0o644);
    expect(() => loadRootfsImage(image(), fs)).toThrow(/\/etc: already exists/);
    const fs2 = fsAt();
    fs2.root.mkdir("bin", 0o755).mkdir!("sh", 0o755);
    expect(() => loadRootfsImage(image(), fs2)).toThrow(RootfsImageError);
  });

  it("refuses a hand-made image whose parents are missing", () => {
    const img: RootfsImage = { version: 1, meta: {}, data: new Uint8Array(0), entries: [{ path: "/a/b", type: "dir", mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0 }] };
    expect(() => populateTmpfs(img, fsAt())).toThrow(/parent directory missing/);
  });
});

// ---------------------------------------------------------------------------------------------
// Example archive addresses (reserved .example hosts): built from parts so that no file holds a
// literal archive URL.
const MIRROR = "http://mirror.example", OTHER = "http://other.example";
const COMMENTED = "http://commented.example", DISABLED = "http://disabled.example";
describe("build-rootfs.mjs helpers", () => {
  it("finds the Debian main archive in deb822 sources, not the security one", () => {
    const text = [
      "Types: deb",
      "# a comment line",
      `URIs: ${MIRROR}/debian`,
      "Suites: bookworm bookworm-updates",
      "Components: main",
      "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
      "",
      "Types: deb",
      `URIs: ${MIRROR}/debian-security`,
      "Suites: bookworm-security",
      "Components: main",
      "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
      "",
      "Types: deb",
      `URIs: ${OTHER}/vendor`,
      "Suites: nodistro",
      "Components: main",
      "Signed-By: /usr/share/keyrings/vendor.gpg",
      "",
    ].join("\n");
    const entries = parseDeb822Sources(text, "x.sources");
    expect(entries).toHaveLength(3);
    const picked = pickDebianArchive(entries);
    expect(picked).toMatchObject({ uri: `${MIRROR}/debian`, suites: ["bookworm", "bookworm-updates"], signedBy: "/usr/share/keyrings/debian-archive-keyring.gpg" });
    // Security first in the file changes nothing.
    expect(pickDebianArchive([...entries].reverse()).uri).toBe(`${MIRROR}/debian`);
  });

  it("reads one-line sources, skipping deb-src, disabled and security entries", () => {
    const text = [
      `# deb ${COMMENTED}/debian bookworm main`,
      `deb-src ${MIRROR}/debian bookworm main`,
      `deb ${MIRROR}/debian-security bookworm-security main`,
      `deb [arch=amd64 signed-by=/etc/k.gpg] ${MIRROR}/debian bookworm main contrib`,
      `deb [enabled=no] ${DISABLED}/debian bookworm main`,
    ].join("\n");
    const entries = parseOneLineSources(text);
    expect(entries.map((e: { uri: string }) => e.uri)).toEqual([`${MIRROR}/debian`, `${MIRROR}/debian-security`, `${MIRROR}/debian`]);
    expect(entries.some((e: { types: string[] }) => e.types.includes("deb-src"))).toBe(true);
    const picked = pickDebianArchive(entries);
    expect(picked).toMatchObject({ uri: `${MIRROR}/debian`, suites: ["bookworm"], signedBy: "/etc/k.gpg" });
    expect(pickDebianArchive(parseOneLineSources(`deb ${MIRROR}/debian-security stable-security main\n`))).toBeNull();
    expect(pickDebianArchive(parseDeb822Sources(`Types: deb\nURIs: ${MIRROR}/debian\nSuites: sid\nComponents: main\nEnabled: no\n`))).toBeNull();
  });

  it("tells a missing key from a bad signature from no network", () => {
    expect(classifyAptFailure("W: GPG error: ... NO_PUBKEY 6ED0E7B82643E131\nE: Failed to fetch ...")).toBe("key");
    expect(classifyAptFailure("E: The repository 'x trixie InRelease' is not signed.")).toBe("key");
    expect(classifyAptFailure("GPG error: BADSIG 6ED0E7B82643E131")).toBe("badsig");
    expect(classifyAptFailure("Err:1 x\n  Could not connect to 127.0.0.1:9 - connect (111: Connection refused)")).toBe("network");
    expect(classifyAptFailure("Temporary failure resolving 'mirror.example'")).toBe("network");
    expect(classifyAptFailure("E: something else")).toBe("other");
  });

  it("reads busybox --list-full", () => {
    const list = ["bin/sh", "bin/busybox", "linuxrc", "usr/bin/[", "usr/bin/[[", ...Array.from({ length: 60 }, (_, i) => `sbin/x${i}`)].join("\n");
    const applets = parseAppletList(list);
    expect(applets).toContain("bin/sh");
    expect(applets).toContain("usr/bin/[[");
    expect(applets).not.toContain("bin/busybox");
    expect(applets).not.toContain("linuxrc");
    expect(() => parseAppletList("bin/sh\n")).toThrow(/not a usable list/);
    expect(() => parseAppletList(list + "\n../etc/passwd")).toThrow(/unexpected line/);
    expect(() => parseAppletList(list + "\nusr/lib/x")).toThrow(/unexpected line/);
  });
});

// ---------------------------------------------------------------------------------------------
// The real image: Debian trixie's riscv64 busybox-static.

describe("build/rootfs.img from Debian's busybox-static", () => {
  const out = join(root, "build", "rootfs.img");
  let bytes: Uint8Array | null = null;
  let img: RootfsImage | null = null;
  let skipWhy = "";
  let buildOutput = "";
  let buildStatus: number | null = null;
  const fs = new TmpFs(() => 0n);

  beforeAll(() => {
    const r = spawnSync(process.execPath, [join(root, "scripts", "build-rootfs.mjs")], { cwd: root, encoding: "utf8", timeout: 600_000 });
    buildStatus = r.status;
    buildOutput = `${r.stdout}${r.stderr}`;
    if (r.status === EX_UNAVAILABLE) {
      skipWhy = `the rootfs image cannot be built here (apt, dpkg-deb, the network or qemu-user missing):\n${buildOutput}`;
      console.warn(`SKIPPING the real-image tests: ${skipWhy}`);
      return;
    }
    if (r.status !== 0) return;
    bytes = new Uint8Array(readFileSync(out));
    img = parseRootfsImage(bytes);
    populateTmpfs(img, fs);
  });

  const need = (ctx: { skip: (note?: string) => never }) => {
    if (skipWhy) ctx.skip(skipWhy);
    if (!img || !bytes) throw new Error(`the image was not built (status ${buildStatus}):\n${buildOutput}`);
    return { bytes, img };
  };
  const lookup = (path: string): TmpNode | null => {
    let n: TmpNode | null = fs.root;
    for (const p of path.split("/").filter(Boolean)) n = (n?.lookup(p) as TmpNode | null) ?? null;
    return n;
  };
  const text = (path: string) => new TextDecoder().decode(lookup(path)!.readAt(0, 1 << 20));

  it("builds (exit 0), with its identity in rootfs.img.sha256", (ctx) => {
    const { bytes } = need(ctx);
    expect(buildStatus).toBe(0);
    expect(readFileSync(`${out}.sha256`, "utf8")).toBe(`${nodeSha(bytes)}  rootfs.img\n`);
    expect(rootfsImageId(bytes)).toBe(nodeSha(bytes));
  });

  it("has /bin/busybox, a static riscv64 ELF executable, and its package recorded", (ctx) => {
    const { img } = need(ctx);
    const bb = lookup("/bin/busybox")!;
    expect(bb.stat().mode).toBe(S_IFREG | 0o755);
    const head = bb.readAt(0, 64);
    expect([...head.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(head[4]).toBe(2); // ELFCLASS64
    expect(head[5]).toBe(1); // little-endian
    expect(head[18] | (head[19] << 8)).toBe(243); // EM_RISCV
    expect(head[16] | (head[17] << 8)).toBe(2); // ET_EXEC: static, not PIE
    expect(bb.stat().size).toBeGreaterThan(500_000);
    expect(img.meta).toMatchObject({ packages: [{ name: "busybox-static", architecture: "riscv64", suite: "trixie" }] });
  });

  it("links the applets to /bin/busybox where busybox installs them", (ctx) => {
    const { img } = need(ctx);
    for (const p of ["/bin/sh", "/bin/ls", "/bin/cat", "/sbin/ifconfig", "/usr/bin/awk", "/usr/bin/env", "/usr/sbin/chroot", "/usr/bin/[["]) {
      const n = lookup(p);
      expect(n, p).not.toBeNull();
      expect(n!.stat().mode & S_IFMT, p).toBe(S_IFLNK);
      expect(n!.readlink(), p).toBe("/bin/busybox");
    }
    const links = img.entries.filter((e) => e.type === "symlink");
    expect(links.length).toBeGreaterThan(200);
    expect(links.every((e) => e.target === "/bin/busybox")).toBe(true);
    expect(lookup("/linuxrc")).toBeNull();
  });

  it("has our /etc", (ctx) => {
    need(ctx);
    expect(text("/etc/passwd").split("\n")[0]).toBe("root:x:0:0:root:/root:/bin/sh");
    expect(text("/etc/group").split("\n")[0]).toBe("root:x:0:");
    expect(text("/etc/hostname")).toBe("aster\n");
    expect(text("/etc/hosts")).toMatch(/^127\.0\.0\.1\s+localhost$/m);
    expect(text("/etc/shells")).toMatch(/^\/bin\/sh$/m);
    expect(text("/etc/os-release")).toMatch(/^NAME="Aster Playground"$/m);
    const profile = text("/etc/profile");
    expect(profile).toMatch(/PS1='\\w /);
    for (const v of ["PATH", "HOME", "TERM"]) expect(profile).toMatch(new RegExp(`^export ${v}=`, "m"));
    expect(lookup("/etc/passwd")!.stat().mode).toBe(S_IFREG | 0o644);
    // The files in the image are exactly the ones in the repository.
    for (const f of ["passwd", "group", "hostname", "hosts", "profile", "shells", "os-release"]) {
      expect(text(`/etc/${f}`), f).toBe(readFileSync(join(root, "rootfs", "etc", f), "utf8"));
    }
  });

  it("has the standard folders: /root, /tmp 1777, empty mount points", (ctx) => {
    need(ctx);
    expect(lookup("/root")!.stat().mode).toBe(S_IFDIR | 0o700);
    expect(lookup("/tmp")!.stat().mode).toBe(S_IFDIR | 0o1777);
    for (const d of ["/dev", "/proc", "/sys", "/var", "/run", "/tmp", "/root"]) {
      expect(lookup(d)!.stat().mode & S_IFMT, d).toBe(S_IFDIR);
      expect(lookup(d)!.readdir(), d).toEqual([]);
    }
    for (const d of ["/bin", "/sbin", "/usr/bin", "/usr/sbin"]) expect(lookup(d)!.readdir().length, d).toBeGreaterThan(10);
    for (const e of ["/", "/bin", "/etc/passwd", "/bin/busybox"]) expect([lookup(e)!.stat().uid, lookup(e)!.stat().gid]).toEqual([0, 0]);
  });

  it("is not rebuilt when nothing changed, and rebuilds to the same bytes", (ctx) => {
    const { bytes } = need(ctx);
    const t0 = performance.now();
    const warm = spawnSync(process.execPath, [join(root, "scripts", "build-rootfs.mjs")], { cwd: root, encoding: "utf8" });
    expect(warm.status, warm.stderr).toBe(0);
    expect(warm.stdout).toMatch(/up to date/);
    expect(performance.now() - t0).toBeLessThan(10_000);
    const again = spawnSync(process.execPath, [join(root, "scripts", "build-rootfs.mjs"), "--force"], { cwd: root, encoding: "utf8" });
    expect(again.status, again.stderr).toBe(0);
    expect(nodeSha(readFileSync(out))).toBe(nodeSha(bytes));
  });

  describe("the busybox in the image runs (under qemu-riscv64, until the CLI boots images)", () => {
    const qemu = spawnSync("qemu-riscv64", ["--version"]).status === 0;
    let dir = "";
    const bb = () => {
      if (!dir) {
        dir = mkdtempSync(join(tmpdir(), "aster-rootfs-"));
        writeFileSync(join(dir, "busybox"), lookup("/bin/busybox")!.readAt(0, 1 << 24));
        chmodSync(join(dir, "busybox"), 0o755);
        writeFileSync(join(dir, "profile"), text("/etc/profile"));
      }
      return join(dir, "busybox");
    };

    it("echo hi", (ctx) => {
      need(ctx);
      if (!qemu) ctx.skip("qemu-riscv64 is not installed (apt-get install qemu-user)");
      const r = spawnSync("qemu-riscv64", [bb(), "echo", "hi"], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe("hi\n");
      expect(r.status).toBe(0);
    });

    it("sh runs a script, and /etc/profile is valid ash", (ctx) => {
      need(ctx);
      if (!qemu) ctx.skip("qemu-riscv64 is not installed (apt-get install qemu-user)");
      const r = spawnSync("qemu-riscv64", [bb(), "sh", "-c", `. ${join(dir, "profile")}; echo "$((6*7))|$PS1|$PATH|$HOME|$TERM"`], { encoding: "utf8", env: {} });
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe("42|\\w \\$ |/usr/sbin:/usr/bin:/sbin:/bin|/root|xterm-256color\n");
      rmSync(dir, { recursive: true, force: true });
      dir = "";
    });
  });
});
