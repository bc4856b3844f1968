/**
 * Decodes one DWARF expression operation into a typed value (DWARF 5 section 2.5 and 2.6,
 * encodings in section 7.7.1). Decoding never executes anything; the machine (machine.ts)
 * and the formatter (format.ts) both read these values.
 */
import { Cursor } from '../cursor';
import * as K from './constants';
import { readSigned, readSlebBig, readUlebBig, readUnsigned } from './leb';
import { opLabel } from './names';

/** Fields every operation has: its opcode and where it sits in the expression (bytes). */
interface OpBase {
  code: number;
  /** Byte offset of the opcode from the start of the expression. */
  start: number;
  /** Byte offset just past the operation's last operand. */
  next: number;
}

/**
 * One decoded operation. Values are as encoded: signed operands (DW_OP_consts, breg
 * offsets) are negative BigInts, unsigned ones are 0..2^64-1. DIE and type offsets are as
 * stored (CU-relative for call2/call4, the typed-stack ops and GNU_parameter_ref;
 * .debug_info-relative for call_ref, implicit_pointer and GNU_variable_value).
 */
export type Op = OpBase & OpPayload;

/** The operand part of an Op, by kind (see Op). */
export type OpPayload =
  | { kind: 'const'; value: bigint } // addr, constNu/s, constu/s, lit0..31
  | { kind: 'addressIndex'; index: number } // addrx, constx, GNU_addr_index, GNU_const_index
  | { kind: 'register'; regno: number } // reg0..31, regx
  | { kind: 'registerOffset'; regno: number; offset: bigint } // breg0..31, bregx
  | { kind: 'frameOffset'; offset: bigint } // fbreg
  | { kind: 'simple' } // stack, arithmetic, relational, and operand-free ops
  | { kind: 'pick'; index: number }
  | { kind: 'deref'; sizeBytes: number } // deref (address size), deref_size, xderef, xderef_size
  | { kind: 'plusUconst'; value: bigint }
  | { kind: 'branch'; delta: number } // bra, skip: signed byte delta from `next`
  | { kind: 'piece'; sizeBits: number; bitOffset: number } // piece (sizeBits = 8 * bytes), bit_piece
  | { kind: 'implicitValue'; bytes: Uint8Array }
  | { kind: 'implicitPointer'; die: number; offset: bigint }
  | { kind: 'entryValue'; expr: Uint8Array }
  | { kind: 'constType'; typeOffset: number; bytes: Uint8Array }
  | { kind: 'regvalType'; regno: number; typeOffset: number }
  | { kind: 'derefType'; sizeBytes: number; typeOffset: number } // deref_type, xderef_type
  | { kind: 'convert'; typeOffset: number } // convert, reinterpret (and GNU_)
  | { kind: 'dieRef'; die: number }; // call2/4/ref, GNU_parameter_ref, GNU_variable_value

/** decodeOp's answer: the operation, or why the bytes at `offset` are not one. */
export type OpResult = { ok: true; op: Op } | { ok: false; offset: number; error: string };

/** Operand layout of DWARF expression bytes: DW_OP_addr's size and the DIE reference size. */
export interface OpEncoding {
  /** Bytes in a target address (8 on RV64). */
  addressSize: number;
  /** Bytes in a section offset: 4 for 32-bit DWARF, 8 for 64-bit DWARF (section 7.4). */
  offsetSize?: number;
}

type Payload = OpPayload | string;

/**
 * Reads the operation at `c.pos` and advances past it. `addressSize` is DW_OP_addr's operand
 * size in bytes (8 on RV64); `offsetSize` the size of a .debug_info reference (4 in 32-bit
 * DWARF, section 7.4). Errors (never thrown): the bytes end inside an operand ("truncated
 * operand"), the opcode is unknown, or an operand is out of range; each names the op and
 * its byte offset.
 */
export function decodeOp(c: Cursor, addressSize: number, offsetSize: number = K.DWARF32_OFFSET_SIZE): OpResult {
  const enc: OpEncoding = { addressSize, offsetSize };
  const offset = c.pos;
  const code = c.u8();
  if (c.bad !== undefined) return { ok: false, offset, error: `no operation at offset ${offset}: ${c.bad}` };
  const payload = decodeOperands(c, code, enc);
  if (typeof payload === 'string') return { ok: false, offset, error: `${opLabel(code)} at offset ${offset}: ${payload}` };
  if (c.bad !== undefined) return { ok: false, offset, error: `${opLabel(code)} at offset ${offset}: truncated operand (${c.bad})` };
  return { ok: true, op: { ...payload, code, start: offset, next: c.pos } as Op };
}

function decodeOperands(c: Cursor, code: number, enc: OpEncoding): Payload {
  if (code >= K.DW_OP_lit0 && code <= K.DW_OP_lit31) return { kind: 'const', value: BigInt(code - K.DW_OP_lit0) };
  if (code >= K.DW_OP_reg0 && code <= K.DW_OP_reg31) return { kind: 'register', regno: code - K.DW_OP_reg0 };
  if (code >= K.DW_OP_breg0 && code <= K.DW_OP_breg31) {
    return { kind: 'registerOffset', regno: code - K.DW_OP_breg0, offset: readSlebBig(c) };
  }
  return decodeConstant(c, code, enc) ?? decodeLocationOp(c, code, enc) ?? decodeTypedOp(c, code, enc) ?? decodeOther(c, code);
}

/** Constants (DWARF 5 section 2.5.1.1). */
function decodeConstant(c: Cursor, code: number, enc: OpEncoding): Payload | undefined {
  switch (code) {
    case K.DW_OP_addr: return { kind: 'const', value: readUnsigned(c, enc.addressSize) };
    case K.DW_OP_const1u: return { kind: 'const', value: readUnsigned(c, 1) };
    case K.DW_OP_const1s: return { kind: 'const', value: readSigned(c, 1) };
    case K.DW_OP_const2u: return { kind: 'const', value: readUnsigned(c, 2) };
    case K.DW_OP_const2s: return { kind: 'const', value: readSigned(c, 2) };
    case K.DW_OP_const4u: return { kind: 'const', value: readUnsigned(c, 4) };
    case K.DW_OP_const4s: return { kind: 'const', value: readSigned(c, 4) };
    case K.DW_OP_const8u: return { kind: 'const', value: readUnsigned(c, 8) };
    case K.DW_OP_const8s: return { kind: 'const', value: readSigned(c, 8) };
    case K.DW_OP_constu: return { kind: 'const', value: readUlebBig(c) };
    case K.DW_OP_consts: return { kind: 'const', value: readSlebBig(c) };
    case K.DW_OP_addrx:
    case K.DW_OP_constx:
    case K.DW_OP_GNU_addr_index:
    case K.DW_OP_GNU_const_index:
      return { kind: 'addressIndex', index: c.uleb() };
    default: return undefined;
  }
}

/** Register, memory and location-description operations (sections 2.5.1.2, 2.5.1.3, 2.6). */
function decodeLocationOp(c: Cursor, code: number, enc: OpEncoding): Payload | undefined {
  const refSize = enc.offsetSize ?? K.DWARF32_OFFSET_SIZE;
  switch (code) {
    case K.DW_OP_regx: return { kind: 'register', regno: c.uleb() };
    case K.DW_OP_bregx: return { kind: 'registerOffset', regno: c.uleb(), offset: readSlebBig(c) };
    case K.DW_OP_fbreg: return { kind: 'frameOffset', offset: readSlebBig(c) };
    case K.DW_OP_pick: return { kind: 'pick', index: c.u8() };
    case K.DW_OP_deref:
    case K.DW_OP_xderef:
      return { kind: 'deref', sizeBytes: enc.addressSize };
    case K.DW_OP_deref_size:
    case K.DW_OP_xderef_size:
      return { kind: 'deref', sizeBytes: c.u8() };
    case K.DW_OP_plus_uconst: return { kind: 'plusUconst', value: readUlebBig(c) };
    case K.DW_OP_bra:
    case K.DW_OP_skip:
      return { kind: 'branch', delta: Number(readSigned(c, K.BRANCH_OPERAND_BYTES)) };
    case K.DW_OP_piece: return pieceBytes(c.uleb());
    case K.DW_OP_bit_piece: return { kind: 'piece', sizeBits: c.uleb(), bitOffset: c.uleb() };
    case K.DW_OP_implicit_value: return { kind: 'implicitValue', bytes: block(c, c.uleb()) };
    case K.DW_OP_implicit_pointer:
    case K.DW_OP_GNU_implicit_pointer:
      return { kind: 'implicitPointer', die: c.uN(refSize), offset: readSlebBig(c) };
    case K.DW_OP_entry_value:
    case K.DW_OP_GNU_entry_value:
      return { kind: 'entryValue', expr: block(c, c.uleb()) };
    default: return undefined;
  }
}

/** Typed-stack operations (DWARF 5 section 2.5.1.6 and 2.5.1.2) and their GNU spellings. */
function decodeTypedOp(c: Cursor, code: number, enc: OpEncoding): Payload | undefined {
  switch (code) {
    case K.DW_OP_const_type:
    case K.DW_OP_GNU_const_type: {
      const typeOffset = c.uleb();
      return { kind: 'constType', typeOffset, bytes: block(c, c.u8()) };
    }
    case K.DW_OP_regval_type:
    case K.DW_OP_GNU_regval_type:
      return { kind: 'regvalType', regno: c.uleb(), typeOffset: c.uleb() };
    case K.DW_OP_deref_type:
    case K.DW_OP_GNU_deref_type:
    case K.DW_OP_xderef_type:
      return { kind: 'derefType', sizeBytes: c.u8(), typeOffset: c.uleb() };
    case K.DW_OP_convert:
    case K.DW_OP_GNU_convert:
    case K.DW_OP_reinterpret:
    case K.DW_OP_GNU_reinterpret:
      return { kind: 'convert', typeOffset: c.uleb() };
    case K.DW_OP_call2: return { kind: 'dieRef', die: c.uN(K.CALL2_OPERAND_BYTES) };
    case K.DW_OP_call4: return { kind: 'dieRef', die: c.uN(K.CALL4_OPERAND_BYTES) };
    case K.DW_OP_GNU_parameter_ref: return { kind: 'dieRef', die: c.uN(K.PARAMETER_REF_OPERAND_BYTES) };
    case K.DW_OP_call_ref:
    case K.DW_OP_GNU_variable_value:
      return { kind: 'dieRef', die: c.uN(enc.offsetSize ?? K.DWARF32_OFFSET_SIZE) };
    default: return undefined;
  }
}

/** Operand-free operations this decoder knows; anything else is an unknown opcode. */
const OPERAND_FREE = new Set<number>([
  K.DW_OP_dup, K.DW_OP_drop, K.DW_OP_over, K.DW_OP_swap, K.DW_OP_rot,
  K.DW_OP_abs, K.DW_OP_and, K.DW_OP_div, K.DW_OP_minus, K.DW_OP_mod, K.DW_OP_mul, K.DW_OP_neg,
  K.DW_OP_not, K.DW_OP_or, K.DW_OP_plus, K.DW_OP_shl, K.DW_OP_shr, K.DW_OP_shra, K.DW_OP_xor,
  K.DW_OP_eq, K.DW_OP_ge, K.DW_OP_gt, K.DW_OP_le, K.DW_OP_lt, K.DW_OP_ne,
  K.DW_OP_nop, K.DW_OP_push_object_address, K.DW_OP_form_tls_address, K.DW_OP_call_frame_cfa,
  K.DW_OP_stack_value, K.DW_OP_GNU_push_tls_address, K.DW_OP_GNU_uninit,
]);

function decodeOther(_c: Cursor, code: number): Payload {
  return OPERAND_FREE.has(code) ? { kind: 'simple' } : 'unknown opcode';
}

function pieceBytes(bytes: number): Payload {
  const sizeBits = bytes * 8;
  return Number.isSafeInteger(sizeBits) ? { kind: 'piece', sizeBits, bitOffset: 0 } : 'piece size out of range';
}

/** `length` bytes at the cursor (a view, not a copy); empty and `bad` set when too few remain. */
function block(c: Cursor, length: number): Uint8Array {
  const at = c.pos;
  return c.skip(length) ? c.bytes.subarray(at, at + length) : new Uint8Array(0);
}

/**
 * Decodes a whole expression into its operations, stopping at the first malformed one
 * (returned as `error` with the operations before it).
 */
export function decodeExpression(expr: Uint8Array, enc: OpEncoding): { ops: Op[]; error?: string } {
  const c = new Cursor(expr, 0);
  const ops: Op[] = [];
  while (!c.atEnd) {
    const r = decodeOp(c, enc.addressSize, enc.offsetSize);
    if (!r.ok) return { ops, error: r.error };
    ops.push(r.op);
  }
  return { ops };
}
