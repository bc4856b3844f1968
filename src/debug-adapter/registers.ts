/**
 * Integer register names of the RISC-V calling convention (RISC-V ELF psABI, "Integer Register
 * Convention": x1 = ra, x2 = sp, x8 = s0/fp, x10..x17 = a0..a7, ...) and lookups by name.
 */
import type { RegisterSnapshot } from '../kernel/api';
import { hex64 } from './format';

/** ABI name of x0..x31, index = register number (x8 is listed as s0; fp is an alias). */
export const ABI_NAMES: readonly string[] = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2',
  's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7',
  's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

/** x1 = ra, the return address (psABI). */
export const REG_RA = 1;
/** x2 = sp, the stack pointer (psABI). */
export const REG_SP = 2;
/** x8 = s0/fp, the frame pointer (psABI). */
export const REG_FP = 8;

/** Number of integer registers (x0..x31). */
export const REG_COUNT = 32;

/** One register as the Variables view shows it. */
export interface RegisterValue {
  /** ABI name ("ra", "sp", ...) or "pc". */
  name: string;
  /** Architectural name ("x1".."x31", or "pc"). */
  arch: string;
  value: bigint;
}

/** x1..x31 by ABI name, then pc: the rows of the Registers scope. x0 is omitted (always zero). */
export function registerRows(regs: RegisterSnapshot): RegisterValue[] {
  const rows: RegisterValue[] = [];
  for (let i = 1; i < REG_COUNT; i++) {
    rows.push({ name: ABI_NAMES[i], arch: `x${i}`, value: regs.x[i] ?? 0n });
  }
  rows.push({ name: 'pc', arch: 'pc', value: BigInt(regs.pc) });
  return rows;
}

/**
 * Value of the register named `name` in `regs`: accepts ABI names, "fp", "x0".."x31" and "pc",
 * optionally prefixed with "$" as gdb writes them. Undefined for any other name.
 */
export function registerByName(regs: RegisterSnapshot, name: string): bigint | undefined {
  const n = name.trim().replace(/^\$/, '').toLowerCase();
  if (n === 'pc') return BigInt(regs.pc);
  if (n === 'fp') return regs.x[REG_FP];
  const arch = /^x([0-9]|[12][0-9]|3[01])$/.exec(n);
  if (arch) return regs.x[Number(arch[1])];
  const i = ABI_NAMES.indexOf(n);
  return i >= 0 ? regs.x[i] : undefined;
}

/** `value` as the Variables view prints a register: 16 hex digits. */
export function formatRegister(value: bigint): string {
  return hex64(value);
}

/** Register `i` of `regs` as a JS number (addresses: Sv39 fits in 2^53), 0 when absent. */
export function regNumber(regs: RegisterSnapshot, i: number): number {
  return Number(BigInt.asUintN(64, regs.x[i] ?? 0n));
}
