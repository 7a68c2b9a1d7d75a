// Loading an executable into a fresh Memory and building the initial user stack exactly as
// Linux lays it out (fs/binfmt_elf.c, create_elf_tables): strings at the top, then AT_RANDOM
// bytes, then auxv, envp, argv and argc at a 16-byte aligned sp.
import { Prot, registerConstant } from "../../ostd/index.js";
import { Errno, fail, errnoOf } from "../errno.js";
import { alignDown } from "../util/align.js";
import { ET_DYN_BASE, Memory, STACK_SIZE, STACK_TOP, pageDown, pageUp, type PageSource } from "../mm/memory.js";
import { SIGRETURN_TRAMPOLINE } from "../process/deliver.js";
import { ElfError, PF_R, PF_W, PF_X, PT_LOAD, PT_PHDR, ET_DYN, parseElf, type ElfFile } from "./elf.js";

// Auxiliary vector keys (include/uapi/linux/auxvec.h).
const AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8;
const AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_HWCAP = 16, AT_CLKTCK = 17;
const AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31;

/** misa-style ISA bits Linux reports in AT_HWCAP for rv64imafdc. */
const HWCAP_RV64GC = ["i", "m", "a", "f", "d", "c"].reduce((m, c) => m | (1 << (c.charCodeAt(0) - 97)), 0);

export interface LoadedImage {
  entry: number;
  sp: number;
}

export interface ExecArgs {
  argv: string[];
  envp: string[];
  execfn: string;
  random: Uint8Array;
}

function protOf(flags: number): number {
  return (flags & PF_R ? Prot.Read : 0) | (flags & PF_W ? Prot.Write : 0) | (flags & PF_X ? Prot.Exec : 0);
}

/** The lowest page and the end (page-aligned) of an ELF file's PT_LOAD segments. */
function loadSpan(elf: ElfFile): { lowest: number; highest: number } {
  const loads = elf.phdrs.filter((p) => p.type === PT_LOAD);
  return {
    lowest: pageDown(Math.min(...loads.map((p) => p.vaddr))),
    highest: pageUp(Math.max(...loads.map((p) => p.vaddr + p.memsz))),
  };
}

/** Map the PT_LOAD segments, shifted by `bias` (pages are filled in lazily from `file` on
 *  first touch). Returns the end of the highest segment. */
function mapSegments(mem: Memory, elf: ElfFile, source: PageSource, bias: number): number {
  let end = 0;
  for (const p of elf.phdrs) {
    if (p.type !== PT_LOAD) continue;
    const start = pageDown(p.vaddr + bias);
    const stop = pageUp(p.vaddr + bias + p.memsz);
    if (stop <= start) continue;
    mem.addVma({
      start, end: stop, prot: protOf(p.flags), shared: false, label: "",
      source, fileOffset: p.offset - ((p.vaddr + bias) - start), fileEnd: p.vaddr + bias + p.filesz,
    });
    end = Math.max(end, p.vaddr + bias + p.memsz);
  }
  return end;
}

/** Headers already parsed, by file contents: the executable cache keeps one byte array per
 *  file version, so a program run again is not parsed again. Parsed headers are only read. */
const parsed = new WeakMap<Uint8Array, ElfFile>();

function parsedElf(bytes: Uint8Array): ElfFile {
  let elf = parsed.get(bytes);
  if (!elf) parsed.set(bytes, (elf = parseElf(bytes)));
  return elf;
}

function phdrAddress(elf: ElfFile, bias: number): number {
  const phdr = elf.phdrs.find((p) => p.type === PT_PHDR);
  if (phdr) return phdr.vaddr + bias;
  const seg = elf.phdrs.find((p) => p.type === PT_LOAD && elf.phoff >= p.offset && elf.phoff < p.offset + p.filesz);
  return seg ? seg.vaddr + bias + (elf.phoff - seg.offset) : 0;
}

/** The program interpreter (PT_INTERP) an executable names, e.g. glibc's dynamic linker;
 *  null for a static executable. Throws ElfError for a file that is not a riscv64 executable. */
export function interpreterOf(bytes: Uint8Array): string | null {
  return parsedElf(bytes).interp;
}

/**
 * Load the executable `source` into `mem` and build the stack. A dynamically linked
 * executable also needs its interpreter (`interp`, the file its PT_INTERP names): as Linux
 * does (fs/binfmt_elf.c), the program is mapped (a PIE at ELF_ET_DYN_BASE), the interpreter
 * below the mmap area's top, and the thread starts at the interpreter's entry with the
 * program's headers and entry in auxv (AT_PHDR, AT_ENTRY) and the interpreter's load address
 * in AT_BASE. Throws ElfError for a file that is not a riscv64 executable, SysError
 * (E2BIG/EFAULT/ENOMEM) otherwise.
 */
export function loadElf(mem: Memory, source: PageSource & { bytes: Uint8Array }, args: ExecArgs,
  interp: (PageSource & { bytes: Uint8Array }) | null = null): LoadedImage {
  const elf = parsedElf(source.bytes);
  if (elf.interp !== null && interp === null) throw new ElfError(`no interpreter given for ${elf.interp}`);
  const bias = elf.type === ET_DYN ? ET_DYN_BASE - loadSpan(elf).lowest : 0;
  const end = mapSegments(mem, elf, source, bias);
  let entry = elf.entry + bias;
  let base = 0;
  if (elf.interp !== null && interp !== null) {
    const ld = parsedElf(interp.bytes);
    if (ld.interp !== null) throw new ElfError(`the interpreter ${elf.interp} is itself dynamically linked`);
    // An ET_DYN interpreter (glibc's ld.so) goes where mmap would put a mapping of its whole
    // span; an ET_EXEC one at its own addresses.
    const { lowest, highest } = loadSpan(ld);
    const ldBias = ld.type === ET_DYN ? mem.findFree(highest - lowest, 0) - lowest : 0;
    mapSegments(mem, ld, interp, ldBias);
    entry = ld.entry + ldBias;
    base = ldBias;
  }
  for (const v of mem.vmas) mem.mapCached(v);
  mem.brkStart = mem.brk = pageUp(end);
  mem.addVma({ start: STACK_TOP - STACK_SIZE, end: STACK_TOP, prot: Prot.Read | Prot.Write, shared: false, label: "[stack]" });
  mapTrampoline(mem);
  // Key, value pairs, flat.
  const auxv: number[] = [
    AT_HWCAP, HWCAP_RV64GC, AT_PAGESZ, 4096, AT_CLKTCK, 100,
    AT_PHDR, phdrAddress(elf, bias), AT_PHENT, 56, AT_PHNUM, elf.phdrs.length,
    AT_BASE, base, AT_FLAGS, 0, AT_ENTRY, elf.entry + bias,
    AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0, AT_SECURE, 0,
  ];
  const sp = buildStack(mem, args, auxv);
  return { entry, sp };
}

const utf8 = new TextEncoder();

/** Bytes of `s` in UTF-8, as TextEncoder makes them (a lone surrogate becomes U+FFFD). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Write `s` in UTF-8 at `at` (sized by utf8Length): ASCII, by far the usual case, byte by
 *  byte, without the call into the encoder. */
function putString(bytes: Uint8Array, at: number, s: string, len: number): void {
  if (len === s.length) {
    for (let i = 0; i < len; i++) bytes[at + i] = s.charCodeAt(i);
  } else {
    utf8.encodeInto(s, bytes.subarray(at, at + len));
  }
}

function buildStack(mem: Memory, args: ExecArgs, auxv: number[]): number {
  // Strings are written straight into the stack image: no encoded copy of each first.
  const { argv, envp } = args;
  const argc = argv.length;
  const count = argc + envp.length;
  const lengths: number[] = [];
  let stringBytes = 0;
  for (let i = 0; i < count; i++) {
    const l = utf8Length(i < argc ? argv[i] : envp[i - argc]);
    lengths.push(l);
    stringBytes += l + 1;
  }
  const execfnLength = utf8Length(args.execfn);
  stringBytes += execfnLength + 1;
  if (stringBytes > STACK_SIZE / 4) fail(Errno.E2BIG, "argument list too long");
  // Linux leaves the top 8 bytes of the stack zero (an end marker below STACK_TOP).
  const top = STACK_TOP - 8;
  const execfnAddr = top - execfnLength - 1;
  const stringsAddr = execfnAddr - (stringBytes - execfnLength - 1);
  const randomAddr = alignDown(stringsAddr - 16, 16);
  auxv.push(AT_RANDOM, randomAddr, AT_HWCAP2, 0, AT_EXECFN, execfnAddr, AT_NULL, 0);
  const words = 1 + argc + 1 + envp.length + 1 + auxv.length;
  const sp = alignDown(randomAddr - words * 8, 16);
  // Everything from sp up to the end marker in one image (the gaps are zero, as the fresh
  // stack is), written with one copy.
  const bytes = new Uint8Array(top - sp);
  // The pointer block first (argc, argv, NULL, envp, NULL, auxv), then the strings. Every
  // value is below 2^38: two little-endian 32-bit halves, no BigInt.
  let w = 0;
  const put = (v: number) => {
    putU32(bytes, w, v % 2 ** 32);
    putU32(bytes, w + 4, Math.floor(v / 2 ** 32));
    w += 8;
  };
  put(argc);
  let at = stringsAddr;
  for (let i = 0; i < count; i++) {
    if (i === argc) put(0);
    put(at);
    putString(bytes, at - sp, i < argc ? argv[i] : envp[i - argc], lengths[i]);
    at += lengths[i] + 1;
  }
  if (count === argc) put(0);
  put(0);
  for (let i = 0; i < auxv.length; i++) put(auxv[i]);
  putString(bytes, execfnAddr - sp, args.execfn, execfnLength);
  bytes.set(args.random.subarray(0, 16), randomAddr - sp);
  write(mem, sp, bytes);
  return sp;
}

function putU32(bytes: Uint8Array, at: number, v: number): void {
  bytes[at] = v;
  bytes[at + 1] = v >>> 8;
  bytes[at + 2] = v >>> 16;
  bytes[at + 3] = v >>> 24;
}

// li a7, 139 (rt_sigreturn); ecall — where signal handlers return to (there is no vDSO; the page is called [sigpage] as on 32-bit Arm).
const TRAMPOLINE_CODE = new Uint8Array([0x93, 0x08, 0xb0, 0x08, 0x73, 0x00, 0x00, 0x00]);

const SIGPAGE_SOURCE: PageSource = { name: "[sigpage]", readAt: (_o, dst) => (dst.set(TRAMPOLINE_CODE), TRAMPOLINE_CODE.length) };
registerConstant("kernel.sigpageSource", SIGPAGE_SOURCE);

function mapTrampoline(mem: Memory): void {
  mem.addVma({
    start: SIGRETURN_TRAMPOLINE, end: SIGRETURN_TRAMPOLINE + 4096, prot: Prot.Read | Prot.Exec, shared: false, label: "[sigpage]",
    source: SIGPAGE_SOURCE, fileOffset: 0,
    fileEnd: SIGRETURN_TRAMPOLINE + TRAMPOLINE_CODE.length,
  });
}

function write(mem: Memory, va: number, data: Uint8Array): void {
  const r = mem.vm.write(va, data);
  if (r !== true) fail(errnoOf(r));
}
