/**
 * RISC-V DWARF register numbers (RISC-V ELF psABI, "DWARF Register Numbers") and their ABI
 * names, as readelf and gdb print them (the names are the instruction table's).
 */
import { F_NAMES, X_NAMES } from '../../isa/names';

/** DWARF register 0..31 are the integer registers x0..x31. */
export const RISCV_DWARF_X0 = 0;
export const RISCV_DWARF_X31 = 31;
/** DWARF register 32..63 are the floating-point registers f0..f31. */
export const RISCV_DWARF_F0 = 32;
export const RISCV_DWARF_F31 = 63;
/** Frequently named integer registers (psABI: sp = x2, s0/fp = x8, a0 = x10). */
export const RISCV_DWARF_RA = 1;
export const RISCV_DWARF_SP = 2;
export const RISCV_DWARF_FP = 8;
export const RISCV_DWARF_A0 = 10;
/** fa0 = f10 (DWARF 42), the first floating-point argument register. */
export const RISCV_DWARF_FA0 = RISCV_DWARF_F0 + 10;


/**
 * The ABI name of DWARF register `regno` ("sp", "a0", "fa0"), or `r<regno>` for numbers
 * outside 0..63 (CSRs and vector registers are not named here).
 */
export function riscvRegisterName(regno: number): string {
  if (regno >= RISCV_DWARF_X0 && regno <= RISCV_DWARF_X31) return X_NAMES[regno - RISCV_DWARF_X0]!;
  if (regno >= RISCV_DWARF_F0 && regno <= RISCV_DWARF_F31) return F_NAMES[regno - RISCV_DWARF_F0]!;
  return `r${regno}`;
}
