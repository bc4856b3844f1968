/**
 * Opcode names as DWARF 5 (table 7.9) and binutils spell them, for errors and formatting.
 */
import * as K from './constants';

const NAMES = new Map<number, string>();
for (const [name, value] of Object.entries(K)) {
  if (name.startsWith('DW_OP_') && typeof value === 'number' && !NAMES.has(value)) NAMES.set(value, name);
}

/**
 * "DW_OP_plus", "DW_OP_lit7", "DW_OP_breg2", ... for a known opcode; undefined for an opcode
 * this module does not know.
 */
export function opName(code: number): string | undefined {
  if (code >= K.DW_OP_lit0 && code <= K.DW_OP_lit31) return `DW_OP_lit${code - K.DW_OP_lit0}`;
  if (code >= K.DW_OP_reg0 && code <= K.DW_OP_reg31) return `DW_OP_reg${code - K.DW_OP_reg0}`;
  if (code >= K.DW_OP_breg0 && code <= K.DW_OP_breg31) return `DW_OP_breg${code - K.DW_OP_breg0}`;
  return NAMES.get(code);
}

/** opName, or "opcode 0x.." for an unknown one. */
export function opLabel(code: number): string {
  return opName(code) ?? `opcode 0x${code.toString(16)}`;
}
