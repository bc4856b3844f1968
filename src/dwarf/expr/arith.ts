/**
 * The stack, arithmetic/logical and relational operations of DWARF 5 sections 2.5.1.3 and
 * 2.5.1.4 over the generic type: unsigned integers of `bits` bits (64 on RV64) that wrap
 * modulo 2^bits. DW_OP_div, DW_OP_abs, DW_OP_shra and the relational operators read their
 * operands as two's-complement signed values; DW_OP_mod is unsigned (as gdb and gimli do).
 */
import * as K from './constants';

/** What a stack operation returns: undefined on success, else the reason it failed. */
export type StackOpError = string | undefined;

const UNDERFLOW = 'stack underflow';

type Binary = (a: bigint, b: bigint, bits: number) => bigint | string;

const signed = (v: bigint, bits: number): bigint => BigInt.asIntN(bits, v);
const flag = (b: boolean): bigint => (b ? 1n : 0n);

/** Binary operators: `a` is the second entry, `b` the top (DWARF's "former second" and "former top"). */
const BINARY = new Map<number, Binary>([
  [K.DW_OP_and, (a, b) => a & b],
  [K.DW_OP_or, (a, b) => a | b],
  [K.DW_OP_xor, (a, b) => a ^ b],
  [K.DW_OP_plus, (a, b) => a + b],
  [K.DW_OP_minus, (a, b) => a - b],
  [K.DW_OP_mul, (a, b) => a * b],
  [K.DW_OP_div, (a, b, bits) => (b === 0n ? 'division by zero' : signed(a, bits) / signed(b, bits))],
  [K.DW_OP_mod, (a, b) => (b === 0n ? 'modulo by zero' : a % b)],
  [K.DW_OP_shl, (a, b, bits) => (b >= BigInt(bits) ? 0n : a << b)],
  [K.DW_OP_shr, (a, b, bits) => (b >= BigInt(bits) ? 0n : a >> b)],
  [K.DW_OP_shra, (a, b, bits) => signed(a, bits) >> (b >= BigInt(bits) ? BigInt(bits - 1) : b)],
  [K.DW_OP_eq, (a, b, bits) => flag(signed(a, bits) === signed(b, bits))],
  [K.DW_OP_ne, (a, b, bits) => flag(signed(a, bits) !== signed(b, bits))],
  [K.DW_OP_ge, (a, b, bits) => flag(signed(a, bits) >= signed(b, bits))],
  [K.DW_OP_gt, (a, b, bits) => flag(signed(a, bits) > signed(b, bits))],
  [K.DW_OP_le, (a, b, bits) => flag(signed(a, bits) <= signed(b, bits))],
  [K.DW_OP_lt, (a, b, bits) => flag(signed(a, bits) < signed(b, bits))],
]);

const UNARY = new Map<number, (a: bigint, bits: number) => bigint>([
  [K.DW_OP_abs, (a, bits) => (signed(a, bits) < 0n ? -signed(a, bits) : a)],
  [K.DW_OP_neg, (a) => -a],
  [K.DW_OP_not, (a) => ~a],
]);

/** True when `code` is an operation applyStackOp performs. */
export function isStackOp(code: number): boolean {
  return BINARY.has(code) || UNARY.has(code) || SHUFFLE.has(code);
}

/**
 * Applies stack/arithmetic/relational operation `code` to `stack` (top = last element, every
 * entry already reduced to `bits` bits). Returns an error string (stack unchanged) on stack
 * underflow or division/modulo by zero.
 */
export function applyStackOp(code: number, stack: bigint[], bits: number): StackOpError {
  const shuffle = SHUFFLE.get(code);
  if (shuffle) return shuffle(stack);
  const unary = UNARY.get(code);
  if (unary) {
    if (stack.length < 1) return UNDERFLOW;
    stack.push(BigInt.asUintN(bits, unary(stack.pop()!, bits)));
    return undefined;
  }
  const binary = BINARY.get(code);
  if (!binary) return 'not a stack operation';
  if (stack.length < 2) return UNDERFLOW;
  const result = binary(stack[stack.length - 2]!, stack[stack.length - 1]!, bits);
  if (typeof result === 'string') return result;
  stack.length -= 2;
  stack.push(BigInt.asUintN(bits, result));
  return undefined;
}

/** DW_OP_dup, drop, over, swap, rot (section 2.5.1.3); DW_OP_pick has an operand (see pick). */
const SHUFFLE = new Map<number, (s: bigint[]) => StackOpError>([
  [K.DW_OP_dup, (s) => (s.length < 1 ? UNDERFLOW : void s.push(s[s.length - 1]!))],
  [K.DW_OP_drop, (s) => (s.length < 1 ? UNDERFLOW : void s.pop())],
  [K.DW_OP_over, (s) => (s.length < 2 ? UNDERFLOW : void s.push(s[s.length - 2]!))],
  [K.DW_OP_swap, (s) => (s.length < 2 ? UNDERFLOW : void s.push(...s.splice(s.length - 2, 1)))],
  // The top becomes the third entry, the second becomes the top, the third the second.
  [K.DW_OP_rot, (s) => (s.length < 3 ? UNDERFLOW : void s.splice(s.length - 3, 0, s.pop()!))],
]);

/** DW_OP_pick: pushes a copy of entry `index` (0 = top). Error when the stack is shallower. */
export function pick(stack: bigint[], index: number): StackOpError {
  if (index >= stack.length) return `pick index ${index} is out of range (stack depth ${stack.length})`;
  stack.push(stack[stack.length - 1 - index]!);
  return undefined;
}
