import { describe, expect, it } from 'vitest';
import * as K from '../../../src/dwarf/expr';
import { U64_MAX, errorOf, expr, le, sleb, uleb, valueOf } from './helpers';

const sv = K.DW_OP_stack_value;
const c = (v: bigint): number[] => [K.DW_OP_const8u, ...le(v, 8)];
/** a OP b as DWARF computes it: a is pushed first (the "second" entry). */
const binary = (a: bigint, op: number, b: bigint): bigint => valueOf(expr(c(a), c(b), op, sv));
const unary = (op: number, a: bigint): bigint => valueOf(expr(c(a), op, sv));
const MIN64 = 1n << 63n;

describe('arithmetic and logical operations (DWARF 5 2.5.1.4)', () => {
  it('plus, minus and mul wrap modulo 2^64', () => {
    expect(binary(U64_MAX, K.DW_OP_plus, 2n)).toBe(1n);
    expect(binary(1n, K.DW_OP_minus, 2n)).toBe(U64_MAX);
    expect(binary(1n << 63n, K.DW_OP_mul, 2n)).toBe(0n);
    expect(binary(7n, K.DW_OP_minus, 3n)).toBe(4n);
  });

  it('plus_uconst adds an unsigned LEB128 operand and wraps', () => {
    expect(valueOf(expr(K.DW_OP_lit5, K.DW_OP_plus_uconst, uleb(1000), sv))).toBe(1005n);
    expect(valueOf(expr(c(U64_MAX), K.DW_OP_plus_uconst, uleb(2), sv))).toBe(1n);
  });

  it('div is signed and truncates toward zero', () => {
    expect(binary(BigInt.asUintN(64, -7n), K.DW_OP_div, 2n)).toBe(BigInt.asUintN(64, -3n));
    expect(binary(7n, K.DW_OP_div, BigInt.asUintN(64, -2n))).toBe(BigInt.asUintN(64, -3n));
    expect(binary(100n, K.DW_OP_div, 7n)).toBe(14n);
    // INT64_MIN / -1 overflows and wraps back to INT64_MIN
    expect(binary(MIN64, K.DW_OP_div, U64_MAX)).toBe(MIN64);
  });

  it('division and modulo by zero are errors naming the op', () => {
    expect(errorOf(expr(K.DW_OP_lit1, K.DW_OP_lit0, K.DW_OP_div))).toBe('DW_OP_div at offset 2: division by zero');
    expect(errorOf(expr(K.DW_OP_lit1, K.DW_OP_lit0, K.DW_OP_mod))).toBe('DW_OP_mod at offset 2: modulo by zero');
  });

  it('mod is unsigned on the generic type', () => {
    expect(binary(17n, K.DW_OP_mod, 5n)).toBe(2n);
    expect(binary(U64_MAX, K.DW_OP_mod, 10n)).toBe(5n); // 18446744073709551615 % 10
  });

  it('and, or, xor, not, neg and abs work bitwise on 64 bits', () => {
    expect(binary(0b1100n, K.DW_OP_and, 0b1010n)).toBe(0b1000n);
    expect(binary(0b1100n, K.DW_OP_or, 0b1010n)).toBe(0b1110n);
    expect(binary(0b1100n, K.DW_OP_xor, 0b1010n)).toBe(0b0110n);
    expect(unary(K.DW_OP_not, 0n)).toBe(U64_MAX);
    expect(unary(K.DW_OP_neg, 1n)).toBe(U64_MAX);
    expect(unary(K.DW_OP_neg, 0n)).toBe(0n);
    expect(unary(K.DW_OP_abs, BigInt.asUintN(64, -42n))).toBe(42n);
    expect(unary(K.DW_OP_abs, 42n)).toBe(42n);
    expect(unary(K.DW_OP_abs, MIN64)).toBe(MIN64);
  });

  it('shl and shr are logical, shra is arithmetic; shifts of 64 or more saturate', () => {
    expect(binary(1n, K.DW_OP_shl, 63n)).toBe(MIN64);
    expect(binary(1n, K.DW_OP_shl, 64n)).toBe(0n);
    expect(binary(MIN64, K.DW_OP_shr, 63n)).toBe(1n);
    expect(binary(MIN64, K.DW_OP_shra, 63n)).toBe(U64_MAX);
    expect(binary(MIN64, K.DW_OP_shra, 200n)).toBe(U64_MAX);
    expect(binary(0x40n, K.DW_OP_shra, 100n)).toBe(0n);
    expect(binary(U64_MAX, K.DW_OP_shr, U64_MAX)).toBe(0n);
  });

  it('a gcc-style computed value evaluates as the C expression would', () => {
    // t = a * 3 + b  with a0 = -2, a1 = 10: DW_OP_breg10 0; lit3; mul; breg11 0; plus; stack_value
    const ctx = { register: (r: number) => (r === 10 ? BigInt.asUintN(64, -2n) : r === 11 ? 10n : undefined), memory: () => undefined };
    const bytes = expr(K.DW_OP_breg0 + 10, sleb(0), K.DW_OP_lit3, K.DW_OP_mul, K.DW_OP_breg0 + 11, sleb(0), K.DW_OP_plus, sv);
    expect(valueOf(bytes, ctx)).toBe(4n);
  });
});
