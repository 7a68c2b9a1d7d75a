// A small WebAssembly binary writer for the page compiler (jit_compile.ts): one function body
// at a time into a fixed buffer, structured control with labels whose branch depths are
// computed here, and the module around two bodies. Encoding per the WebAssembly core
// specification, "Binary Format". Nothing is allocated: the buffers are in the compiler's
// region (memmap.ts JITC_*).
import { JITC_LABELS, JITC_LABELS_MAX, JITC_BLOCK_WHERE, JITC_BLOCKS_MAX } from "./memmap";

export const I32: u32 = 0x7f;
export const I64: u32 = 0x7e;
const EMPTY: u32 = 0x40;

// Opcodes ("Instructions" in the binary format).
export const W_UNREACHABLE: u32 = 0x00;
export const W_BLOCK: u32 = 0x02;
export const W_LOOP: u32 = 0x03;
export const W_IF: u32 = 0x04;
export const W_THROW: u32 = 0x08;
export const W_ELSE: u32 = 0x05;
export const W_END: u32 = 0x0b;
export const W_BR: u32 = 0x0c;
export const W_BR_TABLE: u32 = 0x0e;
export const W_RETURN: u32 = 0x0f;
export const W_CALL: u32 = 0x10;
export const W_RETURN_CALL: u32 = 0x12;
export const W_RETURN_CALL_INDIRECT: u32 = 0x13;
export const W_DROP: u32 = 0x1a;
export const W_SELECT: u32 = 0x1b;
export const W_LOCAL_GET: u32 = 0x20;
export const W_LOCAL_SET: u32 = 0x21;
export const W_LOCAL_TEE: u32 = 0x22;
export const W_I32_LOAD: u32 = 0x28;
export const W_I64_LOAD: u32 = 0x29;
export const W_I32_LOAD16_U: u32 = 0x2f;
export const W_I64_LOAD8_S: u32 = 0x30;
export const W_I64_LOAD8_U: u32 = 0x31;
export const W_I64_LOAD16_S: u32 = 0x32;
export const W_I64_LOAD16_U: u32 = 0x33;
export const W_I64_LOAD32_S: u32 = 0x34;
export const W_I64_LOAD32_U: u32 = 0x35;
export const W_I32_STORE: u32 = 0x36;
export const W_I64_STORE: u32 = 0x37;
export const W_I64_STORE8: u32 = 0x3c;
export const W_I64_STORE16: u32 = 0x3d;
export const W_I64_STORE32: u32 = 0x3e;
export const W_I32_CONST: u32 = 0x41;
export const W_I64_CONST: u32 = 0x42;
export const W_I32_EQZ: u32 = 0x45;
export const W_I32_EQ: u32 = 0x46;
export const W_I32_LT_U: u32 = 0x49;
export const W_I64_EQZ: u32 = 0x50;
export const W_I64_EQ: u32 = 0x51;
export const W_I64_NE: u32 = 0x52;
export const W_I64_LT_S: u32 = 0x53;
export const W_I64_LT_U: u32 = 0x54;
export const W_I64_GE_S: u32 = 0x59;
export const W_I64_GE_U: u32 = 0x5a;
export const W_I32_ADD: u32 = 0x6a;
export const W_I32_SUB: u32 = 0x6b;
export const W_I32_AND: u32 = 0x71;
export const W_I32_SHL: u32 = 0x74;
export const W_I32_SHR_U: u32 = 0x76;
export const W_I64_ADD: u32 = 0x7c;
export const W_I64_SUB: u32 = 0x7d;
export const W_I64_MUL: u32 = 0x7e;
export const W_I64_AND: u32 = 0x83;
export const W_I64_OR: u32 = 0x84;
export const W_I64_XOR: u32 = 0x85;
export const W_I64_SHL: u32 = 0x86;
export const W_I64_SHR_S: u32 = 0x87;
export const W_I64_SHR_U: u32 = 0x88;
export const W_I32_WRAP_I64: u32 = 0xa7;
export const W_I64_EXTEND_I32_U: u32 = 0xad;
export const W_I64_EXTEND32_S: u32 = 0xc4;

// ---- the output buffer: bytes go to gOut + gLen, up to gCap; past it they are dropped and
// gOverflow set (the compilation then fails: nothing is written outside the buffer).
let gOut: usize = 0;
let gLen: u32 = 0;
let gCap: u32 = 0;
let gOverflow = false;

/** Write from now on into [buf, buf + cap). */
export function outTo(buf: usize, cap: u32): void {
  gOut = buf;
  gLen = 0;
  gCap = cap;
  gOverflow = false;
}
export function outLength(): u32 { return gLen; }
export function outOverflowed(): bool { return gOverflow; }

export function byte(b: u32): void {
  if (gLen >= gCap) { gOverflow = true; return; }
  store<u8>(gOut + <usize>gLen, <u8>b);
  gLen++;
}

/** Unsigned LEB128 of a u32. */
export function uleb(v: u32): void {
  for (;;) {
    const low = v & 0x7f;
    v >>>= 7;
    if (v == 0) { byte(low); return; }
    byte(low | 0x80);
  }
}

/** Signed LEB128 of an i64. */
export function sleb(v: i64): void {
  for (;;) {
    const low = <u32>(v & 0x7f);
    v >>= 7;
    const done = (v == 0 && (low & 0x40) == 0) || (v == -1 && (low & 0x40) != 0);
    byte(done ? low : low | 0x80);
    if (done) return;
  }
}

/** Copy n bytes from `src` to the output. */
export function copyIn(src: usize, n: u32): void {
  if (gLen + n > gCap) { gOverflow = true; return; }
  memory.copy(gOut + <usize>gLen, src, n);
  gLen += n;
}

export function name(s: string): void {
  uleb(<u32>s.length);
  for (let i = 0; i < s.length; i++) byte(<u32>s.charCodeAt(i));
}

// ---- instructions
export function op(code: u32): void { byte(code); }
export function get(i: u32): void { byte(W_LOCAL_GET); uleb(i); }
export function set(i: u32): void { byte(W_LOCAL_SET); uleb(i); }
export function tee(i: u32): void { byte(W_LOCAL_TEE); uleb(i); }
export function i32c(v: i32): void { byte(W_I32_CONST); sleb(<i64>v); }
export function i64c(v: i64): void { byte(W_I64_CONST); sleb(v); }
/** A load or store with alignment hint 0 (guest accesses may be unaligned) and offset. */
export function mem(code: u32, offset: u32): void { byte(code); uleb(0); uleb(offset); }
export function call(fn: u32): void { byte(W_CALL); uleb(fn); }

// ---- labels. A label is a block index (>= 0) or one of the named ones below; LABEL_ANON for
// an if. Each label in scope has its position on the stack recorded, so a branch names its
// target and gets its relative depth.
export const LABEL_ANON: i32 = -1;
export const LABEL_EXIT: i32 = -2;
export const LABEL_DISPATCH: i32 = -3;
export const LABEL_NONE: i32 = -4;
export const LABEL_NONE_LINKED: i32 = -5;
let gDepth: u32 = 0;
let gWhereExit: u32 = 0;
let gWhereDispatch: u32 = 0;
let gWhereNone: u32 = 0;
let gWhereNoneLinked: u32 = 0;

export function labelsReset(): void { gDepth = 0; }

/** False when the label stack is full (the compilation fails). */
function push(label: i32): bool {
  if (gDepth >= <u32>JITC_LABELS_MAX) { gOverflow = true; return false; }
  store<i32>(JITC_LABELS + (<usize>gDepth << 2), label);
  if (label >= 0) {
    if (<u32>label < <u32>JITC_BLOCKS_MAX) store<u32>(JITC_BLOCK_WHERE + (<usize>label << 2), gDepth);
  } else if (label == LABEL_EXIT) gWhereExit = gDepth;
  else if (label == LABEL_DISPATCH) gWhereDispatch = gDepth;
  else if (label == LABEL_NONE) gWhereNone = gDepth;
  else if (label == LABEL_NONE_LINKED) gWhereNoneLinked = gDepth;
  gDepth++;
  return true;
}

export function block(label: i32): void { if (push(label)) { byte(W_BLOCK); byte(EMPTY); } }
export function loop(label: i32): void { if (push(label)) { byte(W_LOOP); byte(EMPTY); } }
/** An if whose arms leave nothing (EMPTY) or a value of type `type`. */
export function ifOf(type: u32 = EMPTY): void { if (push(LABEL_ANON)) { byte(W_IF); byte(type); } }
export function elseArm(): void { byte(W_ELSE); }
export function end(): void { if (gDepth > 0) gDepth--; byte(W_END); }

export function depth(label: i32): u32 {
  let at: u32;
  if (label >= 0) at = load<u32>(JITC_BLOCK_WHERE + (<usize>label << 2));
  else if (label == LABEL_EXIT) at = gWhereExit;
  else if (label == LABEL_DISPATCH) at = gWhereDispatch;
  else if (label == LABEL_NONE) at = gWhereNone;
  else at = gWhereNoneLinked;
  return gDepth - 1 - at;
}
export function br(label: i32): void { byte(W_BR); uleb(depth(label)); }

// ---- function bodies and the module

/** The locals of the body being written after its params: count and type of each group. */
let gLocalGroups: u32 = 0;
const LOCAL_GROUPS_MAX: u32 = 8;
const gGroupCount: usize = memory.data(4 * 8);
const gGroupType: usize = memory.data(4 * 8);
let gLocalNext: u32 = 0;

/** Start declaring the locals of a body with `params` params. */
export function localsReset(params: u32): void {
  gLocalGroups = 0;
  gLocalNext = params;
}

/** Declare a local of `type`; returns its index. */
export function local(type: u32): u32 {
  const last = <usize>(gLocalGroups - 1) << 2;
  if (gLocalGroups > 0 && load<u32>(gGroupType + last) == type) {
    store<u32>(gGroupCount + last, load<u32>(gGroupCount + last) + 1);
  } else if (gLocalGroups < LOCAL_GROUPS_MAX) {
    store<u32>(gGroupType + (<usize>gLocalGroups << 2), type);
    store<u32>(gGroupCount + (<usize>gLocalGroups << 2), 1);
    gLocalGroups++;
  } else gOverflow = true;
  return gLocalNext++;
}

/** Bytes of the body's local declarations (written before its code by encodeBody). */
function localsSize(): u32 {
  let n = ulebSize(gLocalGroups);
  for (let i: u32 = 0; i < gLocalGroups; i++) n += ulebSize(load<u32>(gGroupCount + (<usize>i << 2))) + 1;
  return n;
}

function ulebSize(v: u32): u32 {
  let n: u32 = 1;
  while (v >= 0x80) { v >>>= 7; n++; }
  return n;
}

/** Bytes of the code-section entry encodeBody writes for `codeLen` bytes of instructions. */
export function bodyEntrySize(codeLen: u32): u32 {
  const size = localsSize() + codeLen + 1;
  return ulebSize(size) + size;
}

/** Write, at the output, the code-section entry of a body whose instructions (without the
 *  final end) are the `codeLen` bytes at `code`, with the locals declared since localsReset. */
export function encodeBody(code: usize, codeLen: u32): void {
  uleb(localsSize() + codeLen + 1);
  uleb(gLocalGroups);
  for (let i: u32 = 0; i < gLocalGroups; i++) {
    uleb(load<u32>(gGroupCount + (<usize>i << 2)));
    byte(load<u32>(gGroupType + (<usize>i << 2)));
  }
  copyIn(code, codeLen);
  byte(W_END);
}

export function ulebLength(v: u32): u32 {
  return ulebSize(v);
}
