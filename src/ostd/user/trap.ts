// Trap codes the kernel may see in UserContext.trapCause (RISC-V exception codes).
import * as L from "../../../asm/layout.js";

export const Trap = {
  InstrMisaligned: L.TRAP_INSTR_MISALIGNED,
  InstrAccess: L.TRAP_INSTR_ACCESS,
  Illegal: L.TRAP_ILLEGAL,
  Breakpoint: L.TRAP_BREAKPOINT,
  LoadMisaligned: L.TRAP_LOAD_MISALIGNED,
  LoadAccess: L.TRAP_LOAD_ACCESS,
  StoreMisaligned: L.TRAP_STORE_MISALIGNED,
  StoreAccess: L.TRAP_STORE_ACCESS,
  InstrPageFault: L.TRAP_INSTR_PAGE_FAULT,
  LoadPageFault: L.TRAP_LOAD_PAGE_FAULT,
  StorePageFault: L.TRAP_STORE_PAGE_FAULT,
} as const;
