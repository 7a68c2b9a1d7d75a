// Zicsr for the user-level CSRs only: fflags, frm, fcsr (F chapter) and the read-only
// counters cycle, time, instret (Zicntr). Everything else is an illegal instruction in U-mode.
import { STATE_BASE, HART_FCSR, HART_INSTRET, HART_TIME_OFFSET, TIME_DIV, TRAP_ILLEGAL } from "./layout";
import { E_IMM, E_RD, E_RS1, E_RS2, E_AUX } from "./ops";
import { raise } from "./trap";

const CSR_FFLAGS: u32 = 0x001;
const CSR_FRM: u32 = 0x002;
const CSR_FCSR: u32 = 0x003;
const CSR_CYCLE: u32 = 0xC00;
const CSR_TIME: u32 = 0xC01;
const CSR_INSTRET: u32 = 0xC02;

/** Execute the CSR instruction of entry e. `retired` = instructions retired before it in
 *  this run() call. Returns false after raising an illegal-instruction trap. */
export function csrExec(e: usize, retired: u64): bool {
  const bits = load<u32>(e, E_IMM);
  const csr = bits >> 20;
  const f3 = <u32>load<u16>(e, E_AUX);
  const uimm = <u32>load<u16>(e, E_RS2); // also the rs1 register number
  const src: u64 = f3 >= 5 ? <u64>uimm : load<u64>(<usize>load<u16>(e, E_RS1), STATE_BASE);
  // CSRRW/CSRRWI always write; CSRRS/CSRRC(I) write only when rs1/uimm is not x0/0.
  const writes = (f3 & 3) == 1 || uimm != 0;
  const fcsrAddr = STATE_BASE + HART_FCSR;
  const fcsr = load<u64>(fcsrAddr);
  let old: u64;
  switch (csr) {
    case CSR_FFLAGS: old = fcsr & 31; break;
    case CSR_FRM: old = (fcsr >> 5) & 7; break;
    case CSR_FCSR: old = fcsr & 0xFF; break;
    case CSR_CYCLE: case CSR_INSTRET: case CSR_TIME: {
      if (writes) { raise(TRAP_ILLEGAL, <u64>bits, 0); return false; }
      const n = load<u64>(STATE_BASE + HART_INSTRET) + retired;
      old = csr == CSR_TIME ? (n + load<u64>(STATE_BASE + HART_TIME_OFFSET)) / <u64>TIME_DIV : n;
      break;
    }
    default: raise(TRAP_ILLEGAL, <u64>bits, 0); return false;
  }
  if (writes) {
    const op = f3 & 3;
    const v = op == 1 ? src : op == 2 ? old | src : old & ~src;
    let nf: u64;
    if (csr == CSR_FFLAGS) nf = (fcsr & ~(<u64>31)) | (v & 31);
    else if (csr == CSR_FRM) nf = (fcsr & ~(<u64>0xE0)) | ((v & 7) << 5);
    else nf = v & 0xFF;
    store<u64>(fcsrAddr, nf);
  }
  store<u64>(<usize>load<u16>(e, E_RD), old, STATE_BASE);
  return true;
}
