import { describe, expect, it } from 'vitest';
import * as K from '../../../src/dwarf/expr';
import { expr, le, sleb, uleb } from './helpers';

const f = (...parts: Array<number | number[]>): string => K.formatExpression(expr(...parts));

describe('formatExpression prints readelf spelling with RISC-V register names', () => {
  it('frame-base and register-relative operands', () => {
    expect(f(K.DW_OP_fbreg, sleb(-20))).toBe('DW_OP_fbreg: -20');
    expect(f(K.DW_OP_breg2, sleb(16))).toBe('DW_OP_breg2 (sp): 16');
    expect(f(K.DW_OP_bregx, uleb(8), sleb(16))).toBe('DW_OP_bregx: 8 (s0) 16');
    expect(f(K.DW_OP_reg10, K.DW_OP_piece, uleb(8), K.DW_OP_regx, uleb(42), K.DW_OP_piece, uleb(8))).toBe(
      'DW_OP_reg10 (a0); DW_OP_piece: 8; DW_OP_regx: 42 (fa0); DW_OP_piece: 8',
    );
  });

  it('constants, addresses and blocks', () => {
    expect(f(K.DW_OP_addr, le(0x51e88, 8))).toBe('DW_OP_addr: 51e88');
    expect(f(K.DW_OP_consts, sleb(-1), K.DW_OP_constu, uleb(1n << 63n))).toBe('DW_OP_consts: -1; DW_OP_constu: 9223372036854775808');
    expect(f(K.DW_OP_implicit_value, uleb(2), 0x0c, 0x40)).toBe('DW_OP_implicit_value 2 byte block: c 40 ');
    expect(f(K.DW_OP_bit_piece, uleb(3), uleb(5))).toBe('DW_OP_bit_piece: size: 3 offset: 5 ');
  });

  it('nested entry values and CU-relative type references', () => {
    expect(f(K.DW_OP_entry_value, uleb(1), K.DW_OP_reg10, K.DW_OP_stack_value)).toBe('DW_OP_entry_value: (DW_OP_reg10 (a0)); DW_OP_stack_value');
    const typed = expr(K.DW_OP_regval_type, uleb(42), uleb(0x2a), K.DW_OP_convert, uleb(0));
    expect(K.formatExpression(typed, { cuOffset: 0x100 })).toBe('DW_OP_regval_type: 42 (fa0) <0x12a>; DW_OP_convert <0>');
  });

  it('unknown and truncated operations end the listing instead of throwing', () => {
    expect(f(K.DW_OP_lit1, 0x01, K.DW_OP_lit2)).toBe('DW_OP_lit1; (Unknown location op 0x1)');
    expect(f(K.DW_OP_lit1, K.DW_OP_const4u, 1)).toBe('DW_OP_lit1; <truncated DW_OP_const4u>');
    expect(f()).toBe('');
  });
});
