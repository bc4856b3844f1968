import { describe, expect, it } from 'vitest';
import * as K from '../../../src/dwarf/expr';
import { errorOf, expr, fakeContext, le, piecesOf, sleb, uleb } from './helpers';

const sv = K.DW_OP_stack_value;

describe('location descriptions and pieces (DWARF 5 2.6)', () => {
  it('a memory location without pieces is one piece without a size', () => {
    expect(piecesOf(expr(K.DW_OP_addr, le(0x11000, 8)))).toEqual([{ location: { kind: 'memory', address: 0x11000n } }]);
  });

  it('an empty expression describes an undefined (optimised out) object', () => {
    expect(piecesOf(expr())).toEqual([{ location: { kind: 'undefined' } }]);
  });

  it('a struct in two registers: DW_OP_reg10; DW_OP_piece 8; DW_OP_reg11; DW_OP_piece 8', () => {
    expect(piecesOf(expr(K.DW_OP_reg10, K.DW_OP_piece, uleb(8), K.DW_OP_reg11, K.DW_OP_piece, uleb(8)))).toEqual([
      { location: { kind: 'register', regno: 10 }, sizeBits: 64 },
      { location: { kind: 'register', regno: 11 }, sizeBits: 64 },
    ]);
  });

  it('pieces mix memory, values and undefined gaps', () => {
    const ctx = fakeContext({ regs: { 2: 0x1000n } });
    const bytes = expr(
      K.DW_OP_breg2, sleb(16), K.DW_OP_piece, uleb(4), // memory at sp+16
      K.DW_OP_piece, uleb(4), // empty: undefined
      K.DW_OP_lit7, sv, K.DW_OP_piece, uleb(2), // a known value
    );
    expect(piecesOf(bytes, ctx)).toEqual([
      { location: { kind: 'memory', address: 0x1010n }, sizeBits: 32 },
      { location: { kind: 'undefined' }, sizeBits: 32 },
      { location: { kind: 'value', value: 7n }, sizeBits: 16 },
    ]);
  });

  it('a piece with an empty stack is undefined (gcc: DW_OP_piece alone)', () => {
    expect(piecesOf(expr(K.DW_OP_piece, uleb(4)))).toEqual([{ location: { kind: 'undefined' }, sizeBits: 32 }]);
  });

  it('bit pieces carry their size and offset in bits (gcc bit-field struct in a0/s3)', () => {
    // DW_OP_reg10; DW_OP_bit_piece 3 0; DW_OP_reg19; DW_OP_bit_piece 5 0; DW_OP_piece 3
    const bytes = expr(K.DW_OP_reg10, K.DW_OP_bit_piece, uleb(3), uleb(0), K.DW_OP_reg19, K.DW_OP_bit_piece, uleb(5), uleb(2), K.DW_OP_piece, uleb(3));
    expect(piecesOf(bytes)).toEqual([
      { location: { kind: 'register', regno: 10 }, sizeBits: 3, bitOffset: 0 },
      { location: { kind: 'register', regno: 19 }, sizeBits: 5, bitOffset: 2 },
      { location: { kind: 'undefined' }, sizeBits: 24 },
    ]);
  });

  it('DW_OP_implicit_value gives the object bytes', () => {
    const bytes = [0, 0, 0, 0, 0, 0, 0x0c, 0x40]; // 3.5 as a little-endian double
    expect(piecesOf(expr(K.DW_OP_implicit_value, uleb(8), bytes))).toEqual([{ location: { kind: 'implicit', bytes: Uint8Array.from(bytes) } }]);
  });

  it('DW_OP_stack_value makes the top of stack the value, not an address', () => {
    const ctx = fakeContext({ regs: { 10: 21n } });
    expect(piecesOf(expr(K.DW_OP_breg10, sleb(0), K.DW_OP_lit1, K.DW_OP_shl, sv), ctx)).toEqual([{ location: { kind: 'value', value: 42n } }]);
  });

  it('DW_OP_implicit_pointer gives the target DIE and byte offset', () => {
    expect(piecesOf(expr(K.DW_OP_implicit_pointer, le(0x1a3, 4), sleb(4)))).toEqual([
      { location: { kind: 'implicitPointer', die: 0x1a3, offset: 4n } },
    ]);
    expect(piecesOf(expr(K.DW_OP_GNU_implicit_pointer, le(0x40, 4), sleb(0)))).toEqual([
      { location: { kind: 'implicitPointer', die: 0x40, offset: 0n } },
    ]);
  });

  it('an operation after a complete register or value location is an error', () => {
    expect(errorOf(expr(K.DW_OP_reg10, K.DW_OP_lit1))).toBe(
      'DW_OP_lit1 at offset 1: follows a complete register location; only DW_OP_piece or DW_OP_bit_piece may',
    );
    expect(errorOf(expr(K.DW_OP_lit1, sv, K.DW_OP_lit2))).toMatch(/^DW_OP_lit2 at offset 2: follows a complete value location/);
  });

  it('operations after the last piece that are not closed by a piece are an error', () => {
    expect(errorOf(expr(K.DW_OP_reg10, K.DW_OP_piece, uleb(4), K.DW_OP_lit1))).toMatch(/not closed by DW_OP_piece/);
  });

  it('evaluateValue returns a memory address or a stack value and refuses other locations', () => {
    const ctx = fakeContext({ regs: { 2: 0x1000n } });
    expect(K.evaluateValue(expr(K.DW_OP_breg2, sleb(32)), ctx)).toEqual({ ok: true, value: 0x1020n });
    expect(K.evaluateValue(expr(K.DW_OP_lit3, sv), ctx)).toEqual({ ok: true, value: 3n });
    expect(K.evaluateValue(expr(K.DW_OP_reg10), ctx)).toEqual({ ok: false, error: 'expression yields a register location, not a value' });
    expect(K.evaluateValue(expr(K.DW_OP_lit3, K.DW_OP_piece, 4), ctx)).toMatchObject({ ok: false });
    expect(K.evaluateValue(expr(), ctx)).toMatchObject({ ok: false });
  });

  it('DW_CFA_expression style: initial stack [cfa], result is the save slot address', () => {
    const ctx = fakeContext({ initialStack: [0x3fff_f100n] });
    expect(K.evaluateLocation(expr(K.DW_OP_lit8, K.DW_OP_minus), ctx)).toEqual({
      ok: true,
      pieces: [{ location: { kind: 'memory', address: 0x3fff_f0f8n } }],
    });
  });
});
