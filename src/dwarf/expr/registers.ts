/**
 * RISC-V DWARF register numbers (RISC-V ELF psABI, "DWARF Register Numbers") and their ABI
 * names, as readelf and gdb print them.
 */

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

const X_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];
const F_NAMES = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];

/**
 * The ABI name of DWARF register `regno` ("sp", "a0", "fa0"), or `r<regno>` for numbers
 * outside 0..63 (CSRs and vector registers are not named here).
 */
export function riscvRegisterName(regno: number): string {
  if (regno >= RISCV_DWARF_X0 && regno <= RISCV_DWARF_X31) return X_NAMES[regno - RISCV_DWARF_X0]!;
  if (regno >= RISCV_DWARF_F0 && regno <= RISCV_DWARF_F31) return F_NAMES[regno - RISCV_DWARF_F0]!;
  return `r${regno}`;
}
