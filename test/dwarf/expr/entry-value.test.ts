import { describe, expect, it } from 'vitest';
import * as K from '../../../src/dwarf/expr';
import { errorOf, expr, fakeContext, le, piecesOf, sleb, uleb, valueOf } from './helpers';

const sv = K.DW_OP_stack_value;
/** gcc: DW_OP_entry_value: (DW_OP_reg10 (a0)); DW_OP_stack_value */
const entryA0 = (op = K.DW_OP_entry_value) => expr(op, uleb(1), K.DW_OP_reg10, sv);

describe('DW_OP_entry_value (DWARF 5 2.5.1.7)', () => {
  it('pauses with the sub-expression bytes', () => {
    const m = new K.ExprMachine(entryA0());
    const step = m.run();
    expect(step).toEqual({ kind: 'needsEntryValue', expr: Uint8Array.from([K.DW_OP_reg10]) });
    expect(m.resumeEntryValue(5n)).toEqual({ kind: 'done', pieces: [{ location: { kind: 'value', value: 5n } }] });
  });

  it('answered through the driver, the value takes part in arithmetic', () => {
    // DW_OP_breg15 (a5): 0; DW_OP_entry_value: (DW_OP_reg10 (a0)); DW_OP_minus; DW_OP_lit2; DW_OP_shr; DW_OP_stack_value
    const bytes = expr(K.DW_OP_breg15, sleb(0), K.DW_OP_entry_value, uleb(1), K.DW_OP_reg10, K.DW_OP_minus, K.DW_OP_lit2, K.DW_OP_shr, sv);
    const ctx = fakeContext({ regs: { 15: 0x1010n }, entryValue: (e) => (e[0] === K.DW_OP_reg10 ? 0x1000n : undefined) });
    expect(valueOf(bytes, ctx)).toBe(4n);
  });

  it('declined, the object is optimised out (undefined), not an error', () => {
    expect(piecesOf(entryA0())).toEqual([{ location: { kind: 'undefined' } }]);
    const m = new K.ExprMachine(entryA0());
    m.run();
    expect(m.resumeEntryValue(undefined)).toEqual({ kind: 'done', pieces: [{ location: { kind: 'undefined' } }] });
  });

  it('declined inside a composite, only that piece is undefined', () => {
    const bytes = expr(
      K.DW_OP_entry_value, uleb(1), K.DW_OP_reg10, sv, K.DW_OP_bit_piece, uleb(3), uleb(0),
      K.DW_OP_reg19, K.DW_OP_bit_piece, uleb(5), uleb(0),
    );
    expect(piecesOf(bytes)).toEqual([
      { location: { kind: 'undefined' }, sizeBits: 3, bitOffset: 0 },
      { location: { kind: 'register', regno: 19 }, sizeBits: 5, bitOffset: 0 },
    ]);
  });

  it('DW_OP_GNU_entry_value (0xf3) behaves the same', () => {
    expect(K.DW_OP_GNU_entry_value).toBe(0xf3);
    expect(valueOf(entryA0(K.DW_OP_GNU_entry_value), fakeContext({ entryValue: () => 9n }))).toBe(9n);
    expect(piecesOf(entryA0(K.DW_OP_GNU_entry_value))).toEqual([{ location: { kind: 'undefined' } }]);
  });
});

describe('typed-stack operations are supported minimally (raw bits in the generic type)', () => {
  it('DW_OP_regval_type asks for the register and pushes its raw bits (gcc: entry value of fa0)', () => {
    const bytes = expr(K.DW_OP_entry_value, uleb(3), K.DW_OP_regval_type, uleb(42), uleb(0x2a), sv);
    const m = new K.ExprMachine(bytes);
    expect(m.run()).toEqual({ kind: 'needsEntryValue', expr: Uint8Array.from([K.DW_OP_regval_type, 42, 0x2a]) });
    const direct = new K.ExprMachine(expr(K.DW_OP_regval_type, uleb(42), uleb(0x2a), sv));
    expect(direct.run()).toEqual({ kind: 'needsRegister', regno: 42 });
    expect(direct.resumeRegister(0x400c_0000_0000_0000n)).toMatchObject({ pieces: [{ location: { value: 0x400c_0000_0000_0000n } }] });
  });

  it('DW_OP_const_type pushes its bytes little-endian; DW_OP_deref_type reads memory', () => {
    expect(valueOf(expr(K.DW_OP_const_type, uleb(0x31), 4, [0, 0, 0, 0x40], sv))).toBe(0x4000_0000n);
    const mem = new Map([[0x100n, 0xffff_ffff_1234_5678n]]);
    expect(valueOf(expr(K.DW_OP_const2u, le(0x100, 2), K.DW_OP_deref_type, 4, uleb(0x2a), sv), fakeContext({ mem }))).toBe(0x1234_5678n);
  });

  it('DW_OP_convert to the generic type (0) is a no-op; to a base type it is a clear error', () => {
    expect(valueOf(expr(K.DW_OP_lit5, K.DW_OP_convert, uleb(0), sv))).toBe(5n);
    expect(errorOf(expr(K.DW_OP_lit5, K.DW_OP_convert, uleb(0x38), sv))).toBe(
      'DW_OP_convert at offset 1: conversion to the base type at unit offset 0x38 needs .debug_info type information (not supported)',
    );
    expect(errorOf(expr(K.DW_OP_lit5, K.DW_OP_GNU_convert, uleb(0x38)))).toMatch(/^DW_OP_GNU_convert at offset 1: conversion/);
  });

  it('a typed constant wider than 8 bytes is refused', () => {
    expect(errorOf(expr(K.DW_OP_const_type, uleb(0x31), 16, new Array(16).fill(0), sv))).toMatch(/wider than the 8-byte generic type/);
  });
});

describe('operations this evaluator refuses say so', () => {
  it('call2, call4 and call_ref are not supported', () => {
    expect(errorOf(expr(K.DW_OP_call2, le(0x10, 2)))).toMatch(/^DW_OP_call2 at offset 0: not supported/);
    expect(errorOf(expr(K.DW_OP_call4, le(0x10, 4)))).toMatch(/^DW_OP_call4 at offset 0: not supported/);
    expect(errorOf(expr(K.DW_OP_call_ref, le(0x10, 4)))).toMatch(/^DW_OP_call_ref at offset 0: not supported/);
  });

  it('xderef (address spaces), GNU_parameter_ref and push_object_address are errors', () => {
    expect(errorOf(expr(K.DW_OP_lit1, K.DW_OP_lit2, K.DW_OP_xderef))).toMatch(/^DW_OP_xderef at offset 2: address spaces are not supported/);
    expect(errorOf(expr(K.DW_OP_GNU_parameter_ref, le(0x50, 4)))).toMatch(/^DW_OP_GNU_parameter_ref at offset 0: not supported/);
    expect(errorOf(expr(K.DW_OP_push_object_address))).toMatch(/^DW_OP_push_object_address at offset 0: no object address/);
  });

  it('DW_OP_nop and DW_OP_GNU_uninit change nothing', () => {
    expect(valueOf(expr(K.DW_OP_lit3, K.DW_OP_nop, K.DW_OP_GNU_uninit, sv))).toBe(3n);
  });
});
