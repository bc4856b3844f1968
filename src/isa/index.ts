/**
 * The instruction set layer: one instruction table (RV64GC: IMAFDC + Zicsr + Zifencei) and the
 * functions that read it. Imports nothing outside src/isa.
 */
export { INSTRUCTIONS, ROW_BY_MNEMONIC } from './table';
export { decode, instructionLength } from './decode';
export { encode, encodeByName } from './encode';
export { disassemble, type DisassembleOptions } from './disasm';
export { X_NAMES, F_NAMES, CSR_NAMES, csrName } from './names';
export { PSEUDO_INSTRUCTIONS, type PseudoRow } from './pseudo';
export type {
  CConstraint, CExpansion, CImmBit, CRegField, DecodedInstruction, Extension, Format, InstrFields, InstrRow, OperandKind,
} from './types';
