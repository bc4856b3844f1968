import { describe, expect, it } from 'vitest';
import * as K from '../../../src/dwarf/expr';
import { U64_MAX, errorOf, expr, le, valueOf } from './helpers';

const sv = K.DW_OP_stack_value;
const i16 = (v: number): number[] => le(v, 2);
const compare = (a: bigint, op: number, b: bigint): bigint =>
  valueOf(expr(K.DW_OP_const8u, le(a, 8), K.DW_OP_const8u, le(b, 8), op, sv));

describe('comparisons and control flow (DWARF 5 2.5.1.5)', () => {
  it('relational operators push 1 or 0', () => {
    expect(compare(3n, K.DW_OP_eq, 3n)).toBe(1n);
    expect(compare(3n, K.DW_OP_ne, 3n)).toBe(0n);
    expect(compare(2n, K.DW_OP_lt, 3n)).toBe(1n);
    expect(compare(3n, K.DW_OP_le, 3n)).toBe(1n);
    expect(compare(3n, K.DW_OP_gt, 3n)).toBe(0n);
    expect(compare(4n, K.DW_OP_ge, 3n)).toBe(1n);
  });

  it('comparisons are signed: -1 < 1', () => {
    expect(compare(U64_MAX, K.DW_OP_lt, 1n)).toBe(1n);
    expect(compare(U64_MAX, K.DW_OP_gt, 1n)).toBe(0n);
  });

  it('DW_OP_bra jumps when the popped value is non-zero and falls through on zero', () => {
    // 0 cond; 1 bra +4 (to 8); 4 lit7; 5 skip +1 (to 9); 8 lit9; 9 stack_value
    const pick = (cond: number) =>
      valueOf(expr(K.DW_OP_lit0 + cond, K.DW_OP_bra, i16(4), K.DW_OP_lit7, K.DW_OP_skip, i16(1), K.DW_OP_lit9, sv));
    expect(pick(1)).toBe(9n);
    expect(pick(0)).toBe(7n);
  });

  it('a backward branch loops: sum 1..5 by counting down', () => {
    // stack: acc n ; loop: if n == 0 done; acc += n; n -= 1
    const bytes = expr(
      K.DW_OP_lit0, K.DW_OP_lit5, // 0,1: acc=0, n=5
      K.DW_OP_dup, K.DW_OP_lit0, K.DW_OP_eq, K.DW_OP_bra, i16(9), // 2..7: exit when n == 0 (to 17)
      K.DW_OP_swap, K.DW_OP_over, K.DW_OP_plus, K.DW_OP_swap, // 8..11: acc += n
      K.DW_OP_lit1, K.DW_OP_minus, // 12,13: n -= 1
      K.DW_OP_skip, i16(-15), // 14..16: back to 2
      K.DW_OP_drop, sv, // 17,18
    );
    expect(valueOf(bytes)).toBe(15n);
  });

  it('DW_OP_skip to itself stops with a step-limit error after MAX_EXPR_STEPS operations', () => {
    expect(K.MAX_EXPR_STEPS).toBe(10_000);
    const e = errorOf(expr(K.DW_OP_skip, i16(-3)));
    expect(e).toBe(`DW_OP_skip at offset 0: step limit of ${K.MAX_EXPR_STEPS} operations exceeded (does the expression loop?)`);
  });

  it('the step limit is configurable per machine', () => {
    const m = new K.ExprMachine(expr(K.DW_OP_nop, K.DW_OP_nop, K.DW_OP_nop), { maxSteps: 2 });
    expect(m.run()).toMatchObject({ kind: 'error', offset: 2 });
  });

  it('a branch outside the expression is an error; a branch to its end finishes', () => {
    expect(errorOf(expr(K.DW_OP_skip, i16(5)))).toBe('DW_OP_skip at offset 0: branch target 8 is outside the expression (0..3)');
    expect(errorOf(expr(K.DW_OP_skip, i16(-4)))).toMatch(/branch target -1/);
    expect(valueOf(expr(K.DW_OP_lit4, K.DW_OP_skip, i16(1), K.DW_OP_lit0, sv))).toBe(4n);
  });

  it('DW_OP_bra with an empty stack underflows', () => {
    expect(errorOf(expr(K.DW_OP_bra, i16(0)))).toBe('DW_OP_bra at offset 0: stack underflow');
  });
});
