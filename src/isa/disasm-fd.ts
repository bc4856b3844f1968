import { F_NAMES, X_NAMES } from './names';
import type { DecodedInstruction } from './types';

/**
 * Disassembly of the F/D computational rows (formats R4, RF and the F/D rows of format R) in
 * the text of GNU objdump 2.40: operands in row order, FP registers by ABI name, the rounding
 * mode printed only when it is not `dyn` (rm 5 and 6 print as `unknown`), and the sign-injection
 * aliases fmv/fneg/fabs when both sources are the same register.
 */
export function formatFd(d: DecodedInstruction): string {
  const row = d.row.base;
  const m = row.mnemonic;
  if (d.rs1 === d.rs2) {
    const alias = SIGN_INJECTION_ALIASES[m];
    if (alias !== undefined) return `${alias}\t${F_NAMES[d.rd]},${F_NAMES[d.rs1]}`;
  }
  const ops: string[] = [];
  for (const kind of row.operands) {
    switch (kind) {
      case 'rd': ops.push(X_NAMES[d.rd]); break;
      case 'rs1': ops.push(X_NAMES[d.rs1]); break;
      case 'frd': ops.push(F_NAMES[d.rd]); break;
      case 'frs1': ops.push(F_NAMES[d.rs1]); break;
      case 'frs2': ops.push(F_NAMES[d.rs2]); break;
      case 'frs3': ops.push(F_NAMES[d.rs3]); break;
      case 'rm': if (d.rm !== RM_DYN) ops.push(ROUNDING_MODE_NAMES[d.rm] ?? 'unknown'); break;
      default: break;
    }
  }
  return `${m}\t${ops.join(',')}`;
}

/** rm field value meaning "use frm" (Unprivileged spec, "Floating-Point Control and Status Register"). */
const RM_DYN = 7;

/** Assembler names of the static rounding modes by rm value (5 and 6 are reserved). */
export const ROUNDING_MODE_NAMES: readonly (string | undefined)[] = ['rne', 'rtz', 'rdn', 'rup', 'rmm', undefined, undefined, 'dyn'];

const SIGN_INJECTION_ALIASES: Readonly<Record<string, string>> = {
  'fsgnj.s': 'fmv.s', 'fsgnjn.s': 'fneg.s', 'fsgnjx.s': 'fabs.s',
  'fsgnj.d': 'fmv.d', 'fsgnjn.d': 'fneg.d', 'fsgnjx.d': 'fabs.d',
};
