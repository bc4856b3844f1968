/**
 * gdb's RISC-V register names for `$name` in expressions (gdb riscv-tdep.c naming: ABI names,
 * `x0`..`x31`, `f0`..`f31`, `fp` for s0, `pc`) with the types gdb gives them: `pc` and `ra` are
 * code pointers `void (*)()`, `sp`/`gp`/`tp`/`fp` data pointers `void *`, the other x
 * registers `long`, the f registers a union `{float, double}` (a float NaN-boxed in the low half).
 */
import type { DwarfType } from '../../dwarf/model';
import { DWARF_REGNO_F0, DWARF_REGNO_X0, REGNO_FP, REGNO_GP, REGNO_PC, REGNO_RA, REGNO_SP, REGNO_TP, RISCV_REGISTER_COUNT, SIZEOF_DOUBLE } from './constants';
import { BUILTIN, pointerTo } from './types';

/** ABI names of x0..x31 (RISC-V psABI, "Integer Register Convention"). */
const X_ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];
/** ABI names of f0..f31 (RISC-V psABI, "Floating-point Register Convention"). */
const F_ABI_NAMES = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];

/** `void (*)()`: gdb's type of $pc and $ra. */
const CODE_POINTER: DwarfType = pointerTo({ kind: 'function', returnType: BUILTIN.void, params: [], variadic: true });
const DATA_POINTER: DwarfType = pointerTo(BUILTIN.void);
/** The f registers' union, printed `{float = 1.5, double = 5.3e-315}` as gdb does. */
const FLOAT_REGISTER: DwarfType = {
  kind: 'union',
  byteSize: SIZEOF_DOUBLE,
  members: [
    { name: 'float', type: BUILTIN.float, offset: 0 },
    { name: 'double', type: BUILTIN.double, offset: 0 },
  ],
};

/** A register by gdb name (without `$`): its DWARF number (or REGNO_PC) and the type gdb gives it. */
export function registerByName(name: string): { regno: number; type: DwarfType } | undefined {
  if (name === 'pc') return { regno: REGNO_PC, type: CODE_POINTER };
  let x = X_ABI_NAMES.indexOf(name);
  if (name === 'fp') x = REGNO_FP;
  const xm = name.match(/^x([0-9]{1,2})$/);
  if (xm && Number(xm[1]) < RISCV_REGISTER_COUNT) x = Number(xm[1]);
  if (x >= 0) return { regno: DWARF_REGNO_X0 + x, type: xRegisterType(x) };
  let f = F_ABI_NAMES.indexOf(name);
  const fm = name.match(/^f([0-9]{1,2})$/);
  if (fm && Number(fm[1]) < RISCV_REGISTER_COUNT) f = Number(fm[1]);
  if (f >= 0) return { regno: DWARF_REGNO_F0 + f, type: FLOAT_REGISTER };
  return undefined;
}

function xRegisterType(x: number): DwarfType {
  if (x === REGNO_RA) return CODE_POINTER;
  if (x === REGNO_SP || x === REGNO_GP || x === REGNO_TP || x === REGNO_FP) return DATA_POINTER;
  return BUILTIN.long;
}
