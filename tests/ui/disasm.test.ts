// The CPU panel's RV64GC disassembler (src/ui/view/disasm.ts) against GNU objdump
// (riscv64-linux-gnu-objdump, from Debian's binutils-riscv64-linux-gnu): every form in
// disasm/*.S, and all of Debian's busybox, instruction by instruction.
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeAt, disassemble, disassembleAround, expandCompressed, formatInsn } from "../../src/ui/view/disasm.js";
import { parseRootfsImage } from "../../src/kernel/fs/rootfs_image.js";
import { repoRoot } from "./util.js";

const AS = "riscv64-linux-gnu-as";
const OBJDUMP = "riscv64-linux-gnu-objdump";
const work = mkdtempSync(join(tmpdir(), "aster-disasm-"));

interface Line {
  addr: bigint;
  bytes: Uint8Array;
  text: string;
}

/** objdump -d's instruction lines: address, the instruction's bytes, and its text without
 *  symbol annotations (`<main+0x1c>`) or comments (`# 1234 <x>`). */
function objdump(file: string): Line[] {
  const out = execFileSync(OBJDUMP, ["-d", file], { maxBuffer: 1 << 30 }).toString();
  const lines: Line[] = [];
  for (const l of out.split("\n")) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f]{4}|[0-9a-f]{8})\s+\t(.*)$/.exec(l);
    if (!m) continue;
    const word = parseInt(m[2], 16);
    const n = m[2].length / 2;
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = (word >>> (8 * i)) & 0xff;
    const text = m[3].replace(/\s*#.*$/, "").replace(/\s*<[^>]*>/, "").replace(/\t/, " ").trim();
    lines.push({ addr: BigInt("0x" + m[1]), bytes, text });
  }
  return lines;
}

/**
 * The differences from objdump 2.40 that are ours on purpose, undone on objdump's side:
 * it drops the "i" of immediate forms (`add a0,a1,-1` for addi, `csrs fflags,1` for csrsi)
 * and prints andi 255 as zext.b; branch targets are bare hex there, 0x-prefixed here; the
 * Zihintpause hint is "fence w,unknown" there, pause here.
 */
function normalize(objdumpText: string): string {
  if (objdumpText === "fence w,unknown") return "pause";
  const [mn, ops = ""] = objdumpText.split(" ", 2);
  const args = ops.split(",");
  const last = args[args.length - 1];
  const isImm = /^-?(0x)?[0-9a-f]+$/.test(last) && !/^[a-z]/.test(last);
  let m = mn;
  const immForm: Record<string, string> = {
    add: "addi", addw: "addiw", and: "andi", or: "ori", xor: "xori", sll: "slli", srl: "srli", sra: "srai",
    sllw: "slliw", srlw: "srliw", sraw: "sraiw", slt: "slti", sltu: "sltiu",
  };
  if (immForm[mn] && isImm && args.length === 3) m = immForm[mn];
  if (mn === "zext.b") return `andi ${args[0]},${args[1]},255`;
  if (["csrw", "csrs", "csrc", "csrrw", "csrrs", "csrrc"].includes(mn) && isImm) m = `${mn}i`;
  if ((mn === "fsrmi" || mn === "fsflagsi") && args[0] === "zero") return `${mn} ${args.slice(1).join(",")}`;
  if (/^(j|jal|beq|bne|blt|bge|bltu|bgeu|beqz|bnez|bltz|bgez|blez|bgtz)$/.test(mn)) {
    if (!last.startsWith("0x")) args[args.length - 1] = `0x${last}`;
  }
  return args[0] === "" ? m : `${m} ${args.join(",")}`;
}

/** Lines objdump cannot represent the way we do: hints (c.li zero,..) and encodings it
 *  rejects (fcvt.d.s with a rounding mode other than rne). */
const skip = (l: Line) => l.text.startsWith(".") || l.text.startsWith("c.");

function compare(lines: Line[]): { total: number; mismatches: string[] } {
  const mismatches: string[] = [];
  let total = 0;
  for (const l of lines) {
    if (skip(l)) continue;
    total++;
    const i = decodeAt(l.bytes, 0, l.addr);
    const ours = i ? formatInsn(i) : "(none)";
    const theirs = normalize(l.text);
    if (ours !== theirs) mismatches.push(`${l.addr.toString(16)}: ${i ? (i.raw >>> 0).toString(16) : "?"}  objdump: ${theirs}  ours: ${ours}`);
  }
  return { total, mismatches };
}

function assemble(name: string): string {
  const out = join(work, `${name}.o`);
  execFileSync(AS, ["-march=rv64gc", "-o", out, join(repoRoot, "tests", "ui", "disasm", `${name}.S`)]);
  return out;
}

describe("the RV64GC disassembler", () => {
  it("agrees with objdump on every 32-bit form", () => {
    const r = compare(objdump(assemble("forms")));
    expect(r.total).toBeGreaterThan(170);
    expect(r.mismatches).toEqual([]);
  });

  it("agrees with objdump on every compressed form", () => {
    const r = compare(objdump(assemble("compressed")));
    expect(r.total).toBe(40);
    expect(r.mismatches).toEqual([]);
  });

  describe("on all of busybox", () => {
    let busybox: string | null = null;
    beforeAll(() => {
      const img = join(repoRoot, "build", "rootfs.img");
      if (!existsSync(img)) return;
      const image = parseRootfsImage(new Uint8Array(readFileSync(img)), { verifyHashes: false });
      const e = image.entries.find((x) => x.path === "/bin/busybox" && x.type === "file");
      if (!e) return;
      busybox = join(work, "busybox");
      writeFileSync(busybox, image.data.subarray(e.offset!, e.offset! + e.size));
    });

    it("agrees with objdump on every instruction of its code", ({ skip: skipTest }) => {
      if (!busybox) return skipTest("build/rootfs.img is not built");
      const r = compare(objdump(busybox));
      expect(r.total).toBeGreaterThan(100_000);
      expect(r.mismatches.slice(0, 40)).toEqual([]);
    });
  });

  it("shows reserved and unknown encodings as data", () => {
    expect(formatInsn(decodeAt(new Uint8Array([0, 0]), 0, 0n)!)).toBe("unimp");
    expect(formatInsn(decodeAt(new Uint8Array([0x01, 0x60]), 0, 0n)!)).toBe(".short 0x6001"); // c.lui with zero immediate
    expect(formatInsn(decodeAt(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 0, 0n)!)).toBe(".word 0xffffffff");
    expect(formatInsn(decodeAt(new Uint8Array([0x0b, 0, 0, 0]), 0, 0n)!)).toBe(".word 0x0000000b");
    expect(expandCompressed(0x0000)).toBeNull(); // c.addi4spn with a zero immediate
    expect(decodeAt(new Uint8Array([0x13, 0]), 0, 0n)).toBeNull(); // half an instruction
  });

  it("finds the instruction boundaries around pc", () => {
    // 4-byte addi, 2-byte c.nop, 4-byte addi, ecall: pc at the ecall.
    const code = new Uint8Array([0x13, 0x05, 0xa0, 0x00, 0x01, 0x00, 0x93, 0x05, 0x10, 0x00, 0x73, 0x00, 0x00, 0x00]);
    const run = disassembleAround(code.subarray(2), 0x1002n, 0x100an);
    expect(run.map((i) => [i.pc, formatInsn(i)])).toContainEqual([0x100an, "ecall"]);
    expect(disassemble(code, 0x1000n).map(formatInsn)).toEqual(["li a0,10", "nop", "li a1,1", "ecall"]);
  });
});
