/**
 * One unwind step: apply an unwind row (DWARF 5 section 6.4.1) to the registers of a
 * frame to get its CFA and its caller's registers. Pure: memory and DWARF expressions
 * come in through `UnwindIo`, so this file imports no evaluator and no machine.
 *
 * Conventions (RISC-V psABI; registers indexed by DWARF number: 0-31 = x0..x31,
 * 32-63 = f0..f31):
 * - The caller's sp (x2) is the CFA: by definition the value of sp at the call site.
 * - x0 is always 0.
 * - A register with no rule keeps its value (gcc emits no rule for callee-saved
 *   registers a function does not touch, and none at all for caller-saved ones).
 * - Caller-saved registers (ra, t0-t6, a0-a7, ft0-ft11, fa0-fa7) with no rule become
 *   unknown (undefined) in the caller, unless `options.keepCallerSaved` is set: the callee
 *   was free to overwrite them, so showing its values as the caller's would mislead. The
 *   return address column is the exception: its value is the return address, so it keeps
 *   its value (a leaf function leaves the return address in ra).
 * - A saved register whose memory cannot be read becomes undefined; only a CFA that
 *   cannot be computed fails the step.
 */
import {
  RISCV_DWARF_A0, RISCV_DWARF_A7, RISCV_DWARF_FA0, RISCV_DWARF_FA7, RISCV_DWARF_FT0, RISCV_DWARF_FT11, RISCV_DWARF_FT7,
  RISCV_DWARF_FT8, RISCV_DWARF_RA, RISCV_DWARF_SP, RISCV_DWARF_T0, RISCV_DWARF_T2, RISCV_DWARF_T3, RISCV_DWARF_T6,
  RISCV_DWARF_X0,
} from './constants';
import type { RegisterRule, UnwindRow } from './types';

/** What an unwind step needs from the debugger: memory and a DWARF expression evaluator. */
export interface UnwindIo {
  /** The 64-bit little-endian value at virtual `address`, undefined when unreadable. */
  readU64(address: bigint): bigint | undefined;
  /**
   * Evaluates a DWARF expression (DWARF 5 section 2.5) with `initialStack` pushed first
   * (the CFA for DW_CFA_expression/val_expression, nothing for DW_CFA_def_cfa_expression)
   * and registers `regs` of the frame being unwound. Undefined when evaluation fails.
   */
  evaluate(expr: Uint8Array, initialStack: bigint[], regs: ReadonlyArray<bigint | undefined>): bigint | undefined;
}

/** Result of unwindStep: the CFA and the caller's registers, or why the step failed. */
export type UnwindStepResult =
  | { ok: true; cfa: bigint; caller: Array<bigint | undefined>; returnAddress: bigint | undefined }
  | { ok: false; error: string };

/** Options of unwindStep. */
export interface UnwindStepOptions {
  /** Keep the values of caller-saved registers that have no rule (default false: unknown). */
  keepCallerSaved?: boolean;
}

const XLEN = 64;
/** The numbers first..last, inclusive. */
function span(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
const wrap = (v: bigint): bigint => BigInt.asUintN(XLEN, v);

/** DWARF numbers of RISC-V caller-saved registers (psABI "Integer/Floating-point Register Convention"). */
const CALLER_SAVED: ReadonlySet<number> = new Set([
  RISCV_DWARF_RA, ...span(RISCV_DWARF_T0, RISCV_DWARF_T2), ...span(RISCV_DWARF_A0, RISCV_DWARF_A7),
  ...span(RISCV_DWARF_T3, RISCV_DWARF_T6), ...span(RISCV_DWARF_FT0, RISCV_DWARF_FT7),
  ...span(RISCV_DWARF_FA0, RISCV_DWARF_FA7), ...span(RISCV_DWARF_FT8, RISCV_DWARF_FT11),
]);

/** The caller's value of a register under `rule`, given this frame's registers and CFA. */
function recover(rule: RegisterRule, cfa: bigint, regs: ReadonlyArray<bigint | undefined>, io: UnwindIo): bigint | undefined {
  switch (rule.kind) {
    case 'undefined': return undefined;
    case 'sameValue': return undefined; // handled by the caller (the register keeps its value)
    case 'offset': return io.readU64(wrap(cfa + BigInt(rule.offset)));
    case 'valOffset': return wrap(cfa + BigInt(rule.offset));
    case 'register': return regs[rule.reg];
    case 'expression': {
      const address = io.evaluate(rule.expr, [cfa], regs);
      return address === undefined ? undefined : io.readU64(wrap(address));
    }
    case 'valExpression': {
      const value = io.evaluate(rule.expr, [cfa], regs);
      return value === undefined ? undefined : wrap(value);
    }
  }
}

/** The CFA of the frame whose registers are `regs` (DWARF 5 section 6.4.1 "CFA rule"). */
export function computeCfa(row: UnwindRow, regs: ReadonlyArray<bigint | undefined>, io: UnwindIo): bigint | string {
  if (row.cfa.kind === 'expression') {
    const value = io.evaluate(row.cfa.expr, [], regs);
    return value === undefined ? 'the CFA expression could not be evaluated' : wrap(value);
  }
  const base = regs[row.cfa.reg];
  if (base === undefined) return `the CFA register ${row.cfa.reg} has no known value`;
  return wrap(base + BigInt(row.cfa.offset));
}

/**
 * Applies `row` (the row covering this frame's pc) to this frame's registers `regs`
 * (by DWARF number) and returns the CFA, the caller's registers and the return address
 * (= caller[row.returnAddressRegister]). Fails only when the CFA cannot be computed.
 * See the file comment for the conventions. Never throws.
 */
export function unwindStep(row: UnwindRow, regs: ReadonlyArray<bigint | undefined>, io: UnwindIo, options: UnwindStepOptions = {}): UnwindStepResult {
  const cfa = computeCfa(row, regs, io);
  if (typeof cfa === 'string') return { ok: false, error: cfa };
  let size = regs.length;
  for (const reg of row.rules.keys()) size = Math.max(size, reg + 1);
  size = Math.max(size, row.returnAddressRegister + 1, RISCV_DWARF_SP + 1);
  const caller: Array<bigint | undefined> = [];
  for (let reg = 0; reg < size; reg++) {
    const rule = row.rules.get(reg);
    const keeps = rule === undefined
      ? options.keepCallerSaved === true || !CALLER_SAVED.has(reg) || reg === row.returnAddressRegister
      : rule.kind === 'sameValue';
    caller.push(keeps ? regs[reg] : rule === undefined ? undefined : recover(rule, cfa, regs, io));
  }
  caller[RISCV_DWARF_X0] = 0n;
  caller[RISCV_DWARF_SP] = cfa;
  return { ok: true, cfa, caller, returnAddress: caller[row.returnAddressRegister] };
}
