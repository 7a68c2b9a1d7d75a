// "A" extension: LR/SC with a single reservation (the address, kept at HART_RESERVATION)
// and the AMOs. One hart, so every AMO is trivially atomic; aq/rl need no action.
// Misaligned LR/SC/AMO raise the address-misaligned exception (allowed by the spec's
// "Misaligned Atomicity Granule" rules; Linux sends SIGBUS).
import {
  STATE_BASE, HART_RESERVATION, RESERVATION_NONE,
  TRAP_LOAD_MISALIGNED, TRAP_STORE_MISALIGNED, ACCESS_READ, ACCESS_WRITE,
} from "./layout";
import { E_RD, E_RS1, E_RS2, E_AUX } from "./ops";
import { xlateRead, xlateWrite } from "./mmu";
import { raise, gCodeDirty } from "./trap";

const RES: usize = STATE_BASE + HART_RESERVATION;

// @ts-ignore: decorator
@inline function reg(e: usize, field: usize): u64 {
  return load<u64>(<usize>load<u16>(e + field), STATE_BASE);
}

// @ts-ignore: decorator
@inline function setRd(e: usize, v: u64): void {
  store<u64>(<usize>load<u16>(e, E_RD), v, STATE_BASE);
}

/** LR.W / LR.D. Returns nonzero after raising a trap. */
export function lr(e: usize, d: bool): u32 {
  const va = reg(e, E_RS1);
  if ((va & (d ? 7 : 3)) != 0) { raise(TRAP_LOAD_MISALIGNED, va, ACCESS_READ); return 1; }
  const a = xlateRead(va);
  if (a == 0) return 1;
  setRd(e, d ? load<u64>(a) : <u64><i64>load<i32>(a));
  store<u64>(RES, va);
  return 0;
}

/** SC.W / SC.D: succeeds (rd = 0) only with a reservation for exactly this address; any
 *  SC that completes clears the reservation. Returns nonzero after a trap or when the store
 *  dropped cached code (gCodeDirty). */
export function sc(e: usize, d: bool): u32 {
  const va = reg(e, E_RS1);
  if ((va & (d ? 7 : 3)) != 0) { raise(TRAP_STORE_MISALIGNED, va, ACCESS_WRITE); return 1; }
  if (load<u64>(RES) != va) {
    store<u64>(RES, <u64>RESERVATION_NONE);
    setRd(e, 1);
    return 0;
  }
  const a = xlateWrite(va, d ? 8 : 4);
  if (a == 0) return 1; // the reservation stays: the trapping SC had no effect
  const v = reg(e, E_RS2);
  if (d) store<u64>(a, v); else store<u32>(a, <u32>v);
  store<u64>(RES, <u64>RESERVATION_NONE);
  setRd(e, 0);
  return gCodeDirty;
}

/** AMO*.W / AMO*.D (funct5 in aux). Returns nonzero after a trap or dropped code. */
export function amo(e: usize, d: bool): u32 {
  const va = reg(e, E_RS1);
  if ((va & (d ? 7 : 3)) != 0) { raise(TRAP_STORE_MISALIGNED, va, ACCESS_WRITE); return 1; }
  const a = xlateWrite(va, d ? 8 : 4); // AMOs need write permission (store/AMO page fault otherwise)
  if (a == 0) return 1;
  const src = reg(e, E_RS2);
  const f5 = <u32>load<u16>(e, E_AUX);
  if (d) {
    const old = load<u64>(a);
    let v: u64;
    switch (f5) {
      case 0x00: v = old + src; break;
      case 0x01: v = src; break;
      case 0x04: v = old ^ src; break;
      case 0x08: v = old | src; break;
      case 0x0C: v = old & src; break;
      case 0x10: v = <i64>old < <i64>src ? old : src; break;
      case 0x14: v = <i64>old > <i64>src ? old : src; break;
      case 0x18: v = old < src ? old : src; break;
      default: v = old > src ? old : src; break; // 0x1C AMOMAXU
    }
    store<u64>(a, v);
    setRd(e, old);
  } else {
    const old = load<u32>(a);
    const s = <u32>src;
    let v: u32;
    switch (f5) {
      case 0x00: v = old + s; break;
      case 0x01: v = s; break;
      case 0x04: v = old ^ s; break;
      case 0x08: v = old | s; break;
      case 0x0C: v = old & s; break;
      case 0x10: v = <i32>old < <i32>s ? old : s; break;
      case 0x14: v = <i32>old > <i32>s ? old : s; break;
      case 0x18: v = old < s ? old : s; break;
      default: v = old > s ? old : s; break;
    }
    store<u32>(a, v);
    setRd(e, <u64><i64><i32>old);
  }
  return gCodeDirty;
}
