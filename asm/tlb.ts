// The three direct-mapped TLBs (read, write, fetch). A hit is one tag compare and an add:
// the tag is the virtual page number, and u32(va) + addend is the Wasm address of va.
// Entries are per 4 KiB page even for superpages (a superpage fills one entry per page used).
import { HART_SATP } from "./layout";
import {
  STATE, RAM, TLB_R, TLB_R_MASK, TLB_W, TLB_W_MASK, TLB_F, TLB_F_MASK, TLB_WC, TLB_WC_MASK,
  TLB_LOG_CAP, TLB_R_LOG, TLB_W_LOG,
} from "./memmap";

/** Wasm address of `va` if the TLB at `tlb` maps the page of va and of va + last (so an
 *  access of last + 1 bytes stays inside one page), else 0. `mask` is the TLB's index mask. */
// @ts-ignore: decorator
@inline export function tlbLookup(tlb: usize, mask: u32, va: u64, last: u64): usize {
  const t = tlb + ((<usize>(va >> 12) & mask) << 4);
  if (load<u64>(t) == (va + last) >> 12) return <usize>(<u32>va + load<u32>(t, 8));
  return 0;
}

/** Install the translation va -> guest physical page `ppn` in a read or write TLB. */
export function tlbInstall(tlb: usize, mask: u32, va: u64, ppn: u32): void {
  const vpn = va >> 12;
  const index = <u32>vpn & mask;
  const t = tlb + (<usize>index << 4);
  store<u64>(t, vpn);
  store<u32>(t, <u32>RAM + (ppn << 12) - (<u32>va & ~0xFFF), 8);
  // Log the index so that a flush can clear just the entries filled since the last one.
  const log = tlb == TLB_R ? TLB_R_LOG : TLB_W_LOG;
  const n = load<u32>(log);
  if (n < TLB_LOG_CAP) store<u32>(log + 4 + (<usize>n << 2), index);
  if (n <= TLB_LOG_CAP) store<u32>(log, n + 1);
}

/** Empty a read or write TLB: the entries its log names, or all of them if it overflowed. */
function flushLogged(tlb: usize, mask: u32, log: usize): void {
  const n = load<u32>(log);
  if (n > TLB_LOG_CAP) {
    memory.fill(tlb, 0xFF, (<usize>mask + 1) << 4);
  } else {
    for (let i: u32 = 0; i < n; i++) {
      store<u64>(tlb + (<usize>load<u32>(log + 4 + (<usize>i << 2)) << 4), <u64>-1);
    }
  }
  store<u32>(log, 0);
}

export function flushReadTlb(): void {
  flushLogged(TLB_R, TLB_R_MASK, TLB_R_LOG);
}

export function flushWriteTlb(): void {
  flushLogged(TLB_W, TLB_W_MASK, TLB_W_LOG);
}

/** Make the next flushes clear the read and write TLBs whole (their contents are unknown,
 *  as in fresh memory, where zero tags would map virtual page 0). */
export function forgetTlbLogs(): void {
  store<u32>(TLB_R_LOG, TLB_LOG_CAP + 1);
  store<u32>(TLB_W_LOG, TLB_LOG_CAP + 1);
}

export function flushCodeWriteTlb(): void {
  memory.fill(TLB_WC, 0xFF, (<usize>TLB_WC_MASK + 1) << 4);
}

export function flushFetchTlb(): void {
  memory.fill(TLB_F, 0xFF, (<usize>TLB_F_MASK + 1) << 4);
}

/** satp the TLBs were filled under (see checkSatp). */
let gTlbSatp: u64 = 0;

export function flushAllTlbs(): void {
  flushReadTlb();
  flushWriteTlb();
  flushFetchTlb();
  flushCodeWriteTlb();
  gTlbSatp = load<u64>(STATE + HART_SATP);
}

/** Called at each run(): the TLBs have no ASIDs, so a satp the TLBs were not filled under
 *  (a host that switched address spaces without flushTlb) drops them all. */
export function checkSatp(): void {
  if (load<u64>(STATE + HART_SATP) != gTlbSatp) flushAllTlbs();
}

/** Drop whatever the TLBs hold at the index of va's page (over-flushing is harmless). */
export function flushTlbIndex(va: u64): void {
  const vpn = <usize>(va >> 12);
  store<u64>(TLB_R + ((vpn & TLB_R_MASK) << 4), <u64>-1);
  store<u64>(TLB_W + ((vpn & TLB_W_MASK) << 4), <u64>-1);
  store<u64>(TLB_F + ((vpn & TLB_F_MASK) << 4), <u64>-1);
  store<u64>(TLB_WC + ((vpn & TLB_WC_MASK) << 4), <u64>-1);
}
