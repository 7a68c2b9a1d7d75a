// Share links: the typical bug report fits in a chat message, links round-trip exactly, old
// links keep loading (golden links below: a format change must keep decoding them), and a
// damaged, cut, foreign or future link is refused with a message that says which.
import { describe, expect, it } from "vitest";
import { decodeLink, encodeLink, LINK_CHAT_LIMIT, LinkError, packRecording } from "../../src/worker/link";
import { incompatibility, type Recording } from "../../src/worker/recording";
import { base64urlEncode, crc32 } from "../../src/worker/bytes";
import { deflateSync } from "fflate";
import { GOLDEN_V1_EXITED, GOLDEN_V1_RECORDING } from "./golden";
import { ready, recordingOf, runSession, seeded, typed, type Action } from "./harness";

/** A 20-line shell script, as someone would type it into vi. */
const SCRIPT = [
  "#!/bin/sh",
  "# count words in the files given, largest first",
  "set -e",
  "out=/tmp/counts.txt",
  ": > \"$out\"",
  "for f in \"$@\"; do",
  "  if [ ! -f \"$f\" ]; then",
  "    echo \"missing: $f\" >&2",
  "    continue",
  "  fi",
  "  n=$(wc -w < \"$f\")",
  "  echo \"$n $f\" >> \"$out\"",
  "done",
  "sort -rn \"$out\" | head -5",
  "total=0",
  "while read n f; do",
  "  total=$((total + n))",
  "done < \"$out\"",
  "echo \"total: $total\"",
  "exit 0",
];

const COMMANDS = [
  "cd /root",
  "chmod +x count.sh",
  "echo one two three > a.txt",
  "echo four five > b.txt",
  "./count.sh a.txt b.txt",
  "./count.sh a.txt nope.txt",
  "cat /tmp/counts.txt",
  "ls -l",
  "wc -l count.sh",
  "echo $?",
];

/** The typical bug report: the script typed into vi key by key, then ten typed commands, with
 *  seeded human pauses between all the keys. */
function bugReport(): Action[] {
  const random = seeded(5);
  const actions: Action[] = [...typed("vi count.sh\r", random), { input: "i", pauseMs: 700 }];
  for (const line of SCRIPT) actions.push(...typed(`${line}\r`, random));
  actions.push({ input: "\x1b", pauseMs: 900 }, ...typed(":wq\r", random));
  for (const c of COMMANDS) actions.push(...typed(`${c}\r`, random));
  actions.push(...typed("exit\r", random));
  return actions;
}

describe.skipIf(!ready)("share links of real runs", () => {
  it("fit the typical bug report (vi, 20 lines, 10 commands, typed key by key) in 2,000 characters", async () => {
    const actions = bugReport();
    const run = await runSession(["/bin/sh", "-l"], { tty: true, actions });
    expect(run.out).toContain("total: 5");
    expect(run.out).toContain("missing: nope.txt");
    const rec = recordingOf(["/bin/sh", "-l"], run, { tty: true });
    // As the browser makes them: real hashes for the build and the image.
    rec.build = "a".repeat(64);
    rec.rootfs = "b".repeat(64);
    const link = encodeLink(rec);
    const keys = actions.length;
    console.log(`typical bug report: ${keys} keystrokes, ${run.events.length} events, binary ${packRecording(rec).length} bytes, link ${link.length} characters`);
    expect(link.length).toBeLessThan(LINK_CHAT_LIMIT);
    // And it replays: same output, same instruction count.
    const back = decodeLink(`https://example.invalid/play/#${link}`);
    const again = await runSession(["/bin/sh", "-l"], { tty: true, replay: back.events });
    expect(again.out).toBe(run.out);
    expect(again.instret).toBe(run.instret);
  });
});

/** Links made by the first version of share links (see golden.ts): they must keep loading. */
const GOLDEN_LINKS: Array<[string, Recording]> = [
  ["v1.Y2R18Jfhfbpw0-ErT7-xS2haecfk1vVPEFQydglNK--YuWr3GYd5vTXZUZ4W6mKsXx5fOrhh5Yz2stQQZyNFAf5_b--c3rWAoYGpoeHF-3mn5hyWYGLXT8rM0y_OYNLNYXEMcAzxsNUvLS7Sz8lPTszRLwbKWSHx4VyEBJgB4QIJLg9_X1db_aL8_BLhENcgX9uKktSiXF0jU7Pk_Jz8Ih4fRz93W2e90BA3XQtWsLLfx9r6GXmYGBkYGZiZmVkYGVgY-BiYGPgZGDh5GDgcGWafmcHIzsjEmlPMKx3teHhlhQY3WJ9-aYFeccbbZiYhZUWoF7hSkzPyFUoLuNghKlLeNjMycELY-TkpDAwNQMAoaZCUmJJmYJCia2BoZGxiamZuYZmYlJySmgZ2imRKamJKUmpqmm5aakpyUqKlhbmZqYmxkaHB712fKwA", GOLDEN_V1_RECORDING],
  ["v1.Y2RSL81LKs1LyUlN0U1JLdNNKs3MSfkPA4wNTA0NL97POzXnsAQTu35SZp5-cQaTbg6LY4BjiIetfmlxkX5OfnJijn4xUM4KiQ_nIiTADAgXSHB5-Pu62uoX5eeXCIe4BvnaVpSkFuXqGpmaJefn5Bfx-Dj6uds664WGuOlasIKVsf0-1tbPyMPEyMDIwMzMzMLIwMLAx8DEwM_AwMnDwOHIMPvMDEZ2RibWnGJe6WjHwysrNLjBGvVLC_SKM942MwkpK0L9wJWanJGvUFrAxQ5RkfK2mZGBE8LOz0lhYGgAAkZJg6TElDQDgxRdA0MjYxNTM3MLy8Sk5JTUNLBTJFNSE1OSUlPTdNNSU5KTEi0tzM1MTYyNDA18X-rJAAA", GOLDEN_V1_EXITED],
];

describe("share links", () => {
  it("decode golden links to exactly the recordings they were made from", () => {
    for (const [link, rec] of GOLDEN_LINKS) {
      expect(decodeLink(link)).toEqual(rec);
      expect(decodeLink(`#${link}`)).toEqual(rec);
      expect(decodeLink(`https://example.invalid/aster/?x=1#${link}`)).toEqual(rec);
    }
  });

  it("encode the golden recordings to the same links (fflate level 9 is the same everywhere)", () => {
    for (const [link, rec] of GOLDEN_LINKS) expect(encodeLink(rec)).toBe(link);
  });

  it("round-trip every kind of event, idle waits on and off the quantization grid, large files", () => {
    const big = new Uint8Array(200_000).map((_, i) => (i * 7919) % 251);
    const rec: Recording = {
      ...GOLDEN_V1_RECORDING, snapshot: "c0ffee".repeat(10) + "abcd", exitStatus: -1,
      events: [
        ...[1, 31, 32, 33, 34, 1984, 2048, 123_456, 60_000_000].map((ms, i) => ({ step: i, kind: "idle" as const, data: ms * 1e6 })),
        { step: 9, kind: "idle", data: 1 },
        { step: 9, kind: "idle", data: 2 ** 50 },
        { step: 10, kind: "file", data: { path: "/root/big.bin", mode: 0o100644, bytes: big } },
        { step: 2 ** 40, kind: "input", data: new Uint8Array(0) },
      ],
    };
    const link = encodeLink(rec);
    expect(link).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(decodeLink(link)).toEqual(rec);
  });

  it("refuse a link with a changed character, with a clear error", () => {
    const [link] = GOLDEN_LINKS[0];
    let refused = 0;
    // Every position: the change must be caught (checksum, deflate or format), never decoded
    // into another recording.
    for (let i = 3; i < link.length; i++) {
      const c = link[i] === "A" ? "B" : "A";
      const changed = link.slice(0, i) + c + link.slice(i + 1);
      try {
        const r = decodeLink(changed);
        // The last character may carry only padding bits.
        expect(i).toBe(link.length - 1);
        expect(r).toEqual(GOLDEN_V1_RECORDING);
      } catch (e) {
        expect(e).toBeInstanceOf(LinkError);
        expect((e as Error).message).toMatch(/^this link cannot be replayed: /);
        refused++;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(link.length - 4);
    expect(() => decodeLink(link.slice(0, 40) + "*" + link.slice(41))).toThrow(/characters that do not belong/);
  });

  it("refuse a truncated link at every length, never replaying part of it", () => {
    const [link] = GOLDEN_LINKS[0];
    for (let n = 0; n < link.length; n++) {
      expect(() => decodeLink(link.slice(0, n)), `cut to ${n}`).toThrow(LinkError);
    }
    expect(() => decodeLink(link.slice(0, 200))).toThrow(/cut short|damaged/);
    expect(() => decodeLink("")).toThrow(/does not start with a version/);
  });

  it("refuse other versions: another link prefix, or a newer binary form", () => {
    const [link] = GOLDEN_LINKS[0];
    expect(() => decodeLink(`v2.${link.slice(3)}`)).toThrow(/v2 link, and this playground reads v1 links/);
    expect(() => decodeLink(`x${link}`)).toThrow(/does not start with a version/);
    // A binary form of version 2 inside a v1 container (a future playground's link).
    const packed = packRecording(GOLDEN_V1_RECORDING);
    packed[0] = 2;
    expect(() => decodeLink(relink(packed))).toThrow(/contents are version 2.*reads version 1/);
  });

  it("name what differs when a link comes from another build, root file system or snapshot", () => {
    const rec = decodeLink(GOLDEN_LINKS[0][0]);
    expect(incompatibility(rec, { build: rec.build, rootfs: rec.rootfs })).toBeNull();
    expect(incompatibility(rec, { build: "1".repeat(64), rootfs: rec.rootfs })).toBe(
      "the recording was made on another build of the machine (recorded on 4f1c0de5a1b2…, this is 111111111111…)");
    expect(incompatibility(rec, { build: rec.build, rootfs: null })).toMatch(/another root file system \(recorded on 9e8d7c6b5a49…, this is \(none\)\)/);
    expect(incompatibility(rec, { build: "x", rootfs: "y" })).toMatch(/another build .* and on another root file system/);
    expect(incompatibility({ ...rec, snapshot: "ab".repeat(32) }, { build: rec.build, rootfs: rec.rootfs })).toMatch(/recorded from snapshot abababababab…, this starts from \(none\)/);
  });

  it("refuse malformed contents behind a valid checksum", () => {
    const packed = packRecording(GOLDEN_V1_RECORDING);
    const body = packed.subarray(0, packed.length - 4);
    // Cut inside the events, trailing garbage.
    expect(() => decodeLink(relink(body.subarray(0, body.length - 10)))).toThrow(/malformed: it ends too soon/);
    expect(() => decodeLink(relink(new Uint8Array([...body, 0])))).toThrow(/left over/);
  });
});

/** A v1 link around a binary form `body` (with its checksum made to match). */
function relink(body: Uint8Array): string {
  const withSum = body.length >= 4 && crc32(body.subarray(0, body.length - 4)) === new DataView(body.buffer, body.byteOffset).getUint32(body.length - 4, true)
    ? body : (() => {
      const out = new Uint8Array(body.length + 4);
      out.set(body);
      new DataView(out.buffer).setUint32(body.length, crc32(body), true);
      return out;
    })();
  return `v1.${base64urlEncode(deflateSync(withSum, { level: 9 }))}`;
}
