/**
 * gdb's RISC-V register names for `$name` in expressions (gdb riscv-tdep.c naming: ABI names,
 * `x0`..`x31`, `f0`..`f31`, `fp` for s0, `pc`) with the types gdb gives them: `pc` and `ra` are
 * code pointers `void (*)()`, `sp`/`gp`/`tp`/`fp` data pointers `void *`, the other x
 * registers `long`, the f registers a union `{float, double}` (a float NaN-boxed in the low half).
 */
import type { DwarfType } from '../../dwarf/model';
import { DWARF_REGNO_F0, DWARF_REGNO_X0, REGNO_FP, REGNO_GP, REGNO_PC, REGNO_RA, REGNO_SP, REGNO_TP, RISCV_REGISTER_COUNT, SIZEOF_DOUBLE } from './constants';
import { BUILTIN, pointerTo } from './types';
import { F_NAMES, X_NAMES } from '../../isa';

/** ABI names of x0..x31 and f0..f31 (RISC-V psABI register conventions), from the instruction table's names. */
const X_ABI_NAMES = X_NAMES;
const F_ABI_NAMES = F_NAMES;

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
