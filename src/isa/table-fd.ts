import type { RowSpec } from './table-base';

/**
 * F and D rows (issue 3 will complete them; today they decode and disassemble, and the hart
 * traps IllegalInstruction on them). Source: Unprivileged spec, chapters "F" and "D".
 */
export const FD_ROWS: RowSpec[] = [
  { mnemonic: 'flw', match: 0x2007, mask: 0x707f, format: 'I', extension: 'F', length: 4, operands: ['frd', 'mem'],
    doc: 'Load single-precision float: frd = mem32[rs1 + imm] (NaN-boxed).' },
  { mnemonic: 'fld', match: 0x3007, mask: 0x707f, format: 'I', extension: 'D', length: 4, operands: ['frd', 'mem'],
    doc: 'Load double-precision float: frd = mem64[rs1 + imm].' },
  { mnemonic: 'fsw', match: 0x2027, mask: 0x707f, format: 'S', extension: 'F', length: 4, operands: ['frs2', 'mem'],
    doc: 'Store single-precision float: mem32[rs1 + imm] = frs2.' },
  { mnemonic: 'fsd', match: 0x3027, mask: 0x707f, format: 'S', extension: 'D', length: 4, operands: ['frs2', 'mem'],
    doc: 'Store double-precision float: mem64[rs1 + imm] = frs2.' },
];
