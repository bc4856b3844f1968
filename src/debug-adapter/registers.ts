/**
 * Integer register names of the RISC-V calling convention (RISC-V ELF psABI, "Integer Register
 * Convention": x1 = ra, x2 = sp, x8 = s0/fp, x10..x17 = a0..a7, ...) and lookups by name.
 */
import type { RegisterSnapshot } from '../kernel/api';
import { X_NAMES } from '../isa';

/** ABI name of x0..x31, index = register number (x8 is listed as s0; fp is an alias): the instruction table's names. */
export const ABI_NAMES: readonly string[] = X_NAMES;

/** x1 = ra, the return address (psABI). */
export const REG_RA = 1;
/** x2 = sp, the stack pointer (psABI). */
export const REG_SP = 2;
/** x8 = s0/fp, the frame pointer (psABI). */
export const REG_FP = 8;

/** Number of integer registers (x0..x31). */
export const REG_COUNT = 32;

/** Register `i` of `regs` as a JS number (addresses: Sv39 fits in 2^53), 0 when absent. */
export function regNumber(regs: RegisterSnapshot, i: number): number {
  return Number(BigInt.asUintN(64, regs.x[i] ?? 0n));
}
