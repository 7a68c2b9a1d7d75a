import { Pod } from "../../ostd/index.js";
// ELF64 headers (the System V gABI and the RISC-V ELF psABI): just what loading needs.
export const ET_EXEC = 2, ET_DYN = 3;
export const EM_RISCV = 243;
export const PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6, PT_GNU_STACK = 0x6474e551;
export const PF_X = 1, PF_W = 2, PF_R = 4;

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

export interface ElfFile {
  type: number;
  entry: number;
  phoff: number;
  phentsize: number;
  phdrs: ProgramHeader[];
  interp: string | null;
}

/** A file that is not a loadable riscv64 executable; the message says what is wrong. */
export class ElfError extends Error {}

/** Parse and validate the headers of a riscv64 ELF64 executable. */
export function parseElf(bytes: Uint8Array): ElfFile {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError("not an ELF file (bad magic)");
  }
  if (bytes[4] !== 2) throw new ElfError("not a 64-bit ELF file");
  if (bytes[5] !== 1) throw new ElfError("not a little-endian ELF file");
  const v = new Pod(bytes);
  const type = v.getUint16(16);
  const machine = v.getUint16(18);
  if (machine !== EM_RISCV) throw new ElfError(`machine type ${machine} is not RISC-V (${EM_RISCV})`);
  if (type !== ET_EXEC && type !== ET_DYN) throw new ElfError(`ELF type ${type} is not an executable`);
  const entry = Number(v.getBigUint64(24));
  const phoff = Number(v.getBigUint64(32));
  const phentsize = v.getUint16(54);
  const phnum = v.getUint16(56);
  if (phentsize !== 56) throw new ElfError(`program header size ${phentsize} is not 56`);
  if (phnum === 0 || phnum > 512) throw new ElfError(`bad program header count ${phnum}`);
  if (phoff + phnum * phentsize > bytes.length) throw new ElfError("program headers lie past the end of the file");
  const phdrs: ProgramHeader[] = [];
  let interp: string | null = null;
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    const ph: ProgramHeader = {
      type: v.getUint32(o),
      flags: v.getUint32(o + 4),
      offset: Number(v.getBigUint64(o + 8)),
      vaddr: Number(v.getBigUint64(o + 16)),
      filesz: Number(v.getBigUint64(o + 32)),
      memsz: Number(v.getBigUint64(o + 40)),
      align: Number(v.getBigUint64(o + 48)),
    };
    if (ph.type === PT_LOAD) {
      if (ph.filesz > ph.memsz) throw new ElfError(`segment ${i}: file size exceeds memory size`);
      if (ph.offset + ph.filesz > bytes.length) throw new ElfError(`segment ${i} lies past the end of the file`);
      if (ph.vaddr % 4096 !== ph.offset % 4096) throw new ElfError(`segment ${i}: address and offset disagree modulo the page size`);
      if (ph.vaddr + ph.memsz > 2 ** 38) throw new ElfError(`segment ${i} lies outside the Sv39 user address space`);
    }
    if (ph.type === PT_INTERP) {
      const end = bytes.indexOf(0, ph.offset);
      interp = new TextDecoder().decode(bytes.subarray(ph.offset, end < 0 ? ph.offset + ph.filesz : end));
    }
    phdrs.push(ph);
  }
  if (!phdrs.some((p) => p.type === PT_LOAD)) throw new ElfError("no loadable segments");
  return { type, entry, phoff, phentsize, phdrs, interp };
}
