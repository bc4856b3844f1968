/**
 * Decoding of call frame instructions (DWARF 5 section 6.4.2) into typed values, one at a
 * time; running them is unwind-table.ts's job. Factored operands are multiplied out here:
 * deltas by the CIE's code_alignment_factor, offsets by its data_alignment_factor, so
 * every number in a CfaInstruction is in bytes. Never throws: a bad opcode or a truncated
 * operand is an error string.
 */
import type { Cursor } from '../cursor';
import {
  DW_CFA_advance_loc1, DW_CFA_advance_loc2, DW_CFA_advance_loc4, DW_CFA_def_cfa,
  DW_CFA_def_cfa_expression, DW_CFA_def_cfa_offset, DW_CFA_def_cfa_offset_sf, DW_CFA_def_cfa_register,
  DW_CFA_def_cfa_sf, DW_CFA_expression, DW_CFA_GNU_args_size, DW_CFA_GNU_negative_offset_extended, DW_CFA_nop,
  DW_CFA_offset, DW_CFA_offset_extended, DW_CFA_offset_extended_sf, DW_CFA_OPERAND_MASK, DW_CFA_PRIMARY_MASK,
  DW_CFA_register, DW_CFA_remember_state, DW_CFA_restore, DW_CFA_restore_extended, DW_CFA_restore_state,
  DW_CFA_same_value, DW_CFA_set_loc, DW_CFA_undefined, DW_CFA_val_expression, DW_CFA_val_offset,
  DW_CFA_val_offset_sf, DW_EH_PE_absptr,
} from './constants';
import { readEncodedPointer, type PointerContext } from './pointer';
import type { Cie, FrameSectionKind, RegisterRule } from './types';

/** One decoded instruction; offsets and deltas in bytes. */
export type CfaInstruction =
  | { op: 'advance'; delta: number }
  | { op: 'setLoc'; address: number }
  | { op: 'defCfa'; reg: number; offset: number }
  | { op: 'defCfaRegister'; reg: number }
  | { op: 'defCfaOffset'; offset: number }
  | { op: 'defCfaExpression'; expr: Uint8Array }
  | { op: 'rule'; reg: number; rule: RegisterRule }
  | { op: 'restore'; reg: number }
  | { op: 'rememberState' }
  | { op: 'restoreState' }
  | { op: 'nop' };

/** What decoding needs besides the bytes: factors, and how DW_CFA_set_loc is encoded. */
export interface DecodeContext {
  cie: Cie;
  kind: FrameSectionKind;
  /** Pointer context whose bases.section is the address of the cursor's byte 0. */
  pointers: PointerContext;
}

/** A DW_FORM_block-like operand: ULEB128 length then that many bytes. */
function block(cur: Cursor): Uint8Array {
  const length = cur.uleb();
  const start = cur.pos;
  cur.skip(length);
  return cur.bytes.subarray(start, start + length);
}

/** Decodes the instruction at the cursor (DWARF 5 section 6.4.2, table 7.29). */
export function decodeInstruction(cur: Cursor, ctx: DecodeContext): CfaInstruction | string {
  const at = cur.pos;
  const opcode = cur.u8();
  const primary = opcode & DW_CFA_PRIMARY_MASK;
  const low = opcode & DW_CFA_OPERAND_MASK;
  const insn = primary !== 0 ? decodePrimary(primary, low, ctx.cie, cur) : decodeExtended(opcode, cur, ctx);
  if (cur.bad !== undefined) return `call frame instruction at +0x${at.toString(16)}: ${cur.bad}`;
  return insn;
}

function decodePrimary(primary: number, low: number, cie: Cie, cur: Cursor): CfaInstruction {
  if (primary === DW_CFA_offset) return offsetRule(low, times(cur.uleb(), cie.dataAlignmentFactor));
  if (primary === DW_CFA_restore) return { op: 'restore', reg: low };
  return { op: 'advance', delta: times(low, cie.codeAlignmentFactor) }; // DW_CFA_advance_loc
}

/** n * factor, with -0 made 0 (0 * a negative data_alignment_factor is -0 in JavaScript). */
const times = (n: number, factor: number): number => n * factor + 0;

const offsetRule = (reg: number, offset: number): CfaInstruction => ({ op: 'rule', reg, rule: { kind: 'offset', offset } });

function decodeExtended(opcode: number, cur: Cursor, ctx: DecodeContext): CfaInstruction | string {
  const { codeAlignmentFactor: caf, dataAlignmentFactor: daf } = ctx.cie;
  switch (opcode) {
    case DW_CFA_nop: return { op: 'nop' };
    case DW_CFA_set_loc: return setLoc(cur, ctx);
    case DW_CFA_advance_loc1: return { op: 'advance', delta: times(cur.u8(), caf) };
    case DW_CFA_advance_loc2: return { op: 'advance', delta: times(cur.u16(), caf) };
    case DW_CFA_advance_loc4: return { op: 'advance', delta: times(cur.u32(), caf) };
    case DW_CFA_offset_extended: return offsetRule(cur.uleb(), times(cur.uleb(), daf));
    case DW_CFA_offset_extended_sf: return offsetRule(cur.uleb(), times(cur.sleb(), daf));
    case DW_CFA_GNU_negative_offset_extended: return offsetRule(cur.uleb(), times(-cur.uleb(), daf));
    case DW_CFA_restore_extended: return { op: 'restore', reg: cur.uleb() };
    case DW_CFA_undefined: return { op: 'rule', reg: cur.uleb(), rule: { kind: 'undefined' } };
    case DW_CFA_same_value: return { op: 'rule', reg: cur.uleb(), rule: { kind: 'sameValue' } };
    case DW_CFA_register: return { op: 'rule', reg: cur.uleb(), rule: { kind: 'register', reg: cur.uleb() } };
    case DW_CFA_remember_state: return { op: 'rememberState' };
    case DW_CFA_restore_state: return { op: 'restoreState' };
    case DW_CFA_def_cfa: return { op: 'defCfa', reg: cur.uleb(), offset: cur.uleb() };
    case DW_CFA_def_cfa_sf: return { op: 'defCfa', reg: cur.uleb(), offset: times(cur.sleb(), daf) };
    case DW_CFA_def_cfa_register: return { op: 'defCfaRegister', reg: cur.uleb() };
    case DW_CFA_def_cfa_offset: return { op: 'defCfaOffset', offset: cur.uleb() };
    case DW_CFA_def_cfa_offset_sf: return { op: 'defCfaOffset', offset: times(cur.sleb(), daf) };
    case DW_CFA_def_cfa_expression: return { op: 'defCfaExpression', expr: block(cur) };
    case DW_CFA_expression: return { op: 'rule', reg: cur.uleb(), rule: { kind: 'expression', expr: block(cur) } };
    case DW_CFA_val_expression: return { op: 'rule', reg: cur.uleb(), rule: { kind: 'valExpression', expr: block(cur) } };
    case DW_CFA_val_offset: return { op: 'rule', reg: cur.uleb(), rule: { kind: 'valOffset', offset: times(cur.uleb(), daf) } };
    case DW_CFA_val_offset_sf: return { op: 'rule', reg: cur.uleb(), rule: { kind: 'valOffset', offset: times(cur.sleb(), daf) } };
    case DW_CFA_GNU_args_size: cur.uleb(); return { op: 'nop' };
    default: return `unknown call frame instruction 0x${opcode.toString(16)}`;
  }
}

/** DW_CFA_set_loc: an address in the FDE's pointer encoding (.eh_frame) or address_size bytes. */
function setLoc(cur: Cursor, ctx: DecodeContext): CfaInstruction | string {
  const encoding = ctx.kind === 'eh_frame' ? ctx.cie.fdeEncoding : DW_EH_PE_absptr;
  if (ctx.kind === 'debug_frame') cur.skip(ctx.cie.segmentSelectorSize);
  const address = readEncodedPointer(cur, encoding, ctx.pointers);
  if (!address.ok) return `DW_CFA_set_loc: ${address.error}`;
  if (address.indirect) return 'DW_CFA_set_loc: indirect address needs target memory';
  return { op: 'setLoc', address: address.value };
}
