/**
 * C's operators on values (C11 6.5.3.3 unary arithmetic, 6.5.5-6.5.13 binary): integer
 * promotions and the usual arithmetic conversions, two's-complement wrapping at the result
 * width, pointer arithmetic scaled by the pointee size (6.5.6), pointer difference in elements,
 * and comparisons yielding `int` 0 or 1. Unary minus is gdb's `0 - x` (so -0.0 prints 0).
 */
import type { DwarfType } from '../../dwarf/model';
import type { BinaryOp, UnaryOp } from './ast';
import { BITS_PER_BYTE, MSG_BAD_OPERANDS, MSG_DIVISION_BY_ZERO, MSG_POINTER_DIFF } from './constants';
import { decay, pointerValue } from './convert';
import { type Scalar, fromScalar, readScalar, truthy } from './scalar';
import { BUILTIN, commonType, isArithmetic, isFloat, isInteger, isSigned, promote, sizeOf, strip } from './types';
import { type EvalError, type EvalScope, type Value, evalError, isError } from './value';

const MSG_INTEGER_ONLY = 'Integer only operation.';
const COMPARISONS = new Set<BinaryOp>(['<', '<=', '>', '>=', '==', '!=']);

/** An `int` rvalue 0 or 1. */
export function boolInt(b: boolean): Value {
  return fromScalar(BUILTIN.int, { kind: 'int', n: b ? 1n : 0n }) as Value;
}

/** `n` wrapped to integer type `t`. */
function wrap(n: bigint, t: DwarfType): bigint {
  const bits = sizeOf(t) * BITS_PER_BYTE;
  return isSigned(t) ? BigInt.asIntN(bits, n) : BigInt.asUintN(bits, n);
}

/** Applies a unary arithmetic operator (`-`, `+`, `!`, `~`) to a value. */
export function unaryOp(op: Exclude<UnaryOp, '*' | '&'>, operand: Value, scope: EvalScope): Value | EvalError {
  const v = decay(operand);
  if (isError(v)) return v;
  const t = strip(v.type);
  if (op === '!') {
    if (t.kind !== 'pointer' && !isArithmetic(t)) return evalError(MSG_BAD_OPERANDS);
    const s = readScalar(v, scope);
    return isError(s) ? s : boolInt(!truthy(s));
  }
  if (!isArithmetic(t) || (op === '~' && !isInteger(t))) return evalError(MSG_BAD_OPERANDS);
  const s = readScalar(v, scope);
  if (isError(s)) return s;
  const type = isFloat(t) ? v.type : promote(t);
  if (s.kind === 'float') return fromScalar(type, op === '-' ? negate(s) : s);
  const n = op === '-' ? -s.n : op === '~' ? ~s.n : s.n;
  return fromScalar(type, { kind: 'int', n: wrap(n, type) });
}

/** gdb's float negation, `0 - x`: a NaN keeps its payload and sign, -0.0 becomes 0. */
function negate(s: Extract<Scalar, { kind: 'float' }>): Scalar {
  return Number.isNaN(s.x) ? s : { kind: 'float', x: 0 - s.x };
}

/** Applies a binary operator other than `&&`/`||` (which short-circuit in the evaluator). */
export function binaryOp(op: BinaryOp, left: Value, right: Value, scope: EvalScope): Value | EvalError {
  const l = decay(left);
  if (isError(l)) return l;
  const r = decay(right);
  if (isError(r)) return r;
  const lt = strip(l.type);
  const rt = strip(r.type);
  if (lt.kind === 'pointer' || rt.kind === 'pointer') return pointerOp(op, l, r, scope);
  if (!isArithmetic(lt) || !isArithmetic(rt)) return evalError(MSG_BAD_OPERANDS);
  const a = readScalar(l, scope);
  if (isError(a)) return a;
  const b = readScalar(r, scope);
  if (isError(b)) return b;
  if (op === '<<' || op === '>>') return shift(op, a, b, promote(lt), isInteger(rt));
  const common = commonType(lt, rt);
  if (isFloat(common)) return floatOp(op, toNumber(a), toNumber(b), common, a, b);
  return intOp(op, wrap(toBig(a), common), wrap(toBig(b), common), common);
}

function toNumber(s: Scalar): number {
  return s.kind === 'float' ? s.x : Number(s.n);
}

function toBig(s: Scalar): bigint {
  return s.kind === 'int' ? s.n : 0n;
}

function intOp(op: BinaryOp, a: bigint, b: bigint, type: DwarfType): Value | EvalError {
  if (COMPARISONS.has(op)) return boolInt(compare(op, a, b));
  let n: bigint;
  switch (op) {
    case '+': n = a + b; break;
    case '-': n = a - b; break;
    case '*': n = a * b; break;
    case '/':
    case '%':
      if (b === 0n) return evalError(MSG_DIVISION_BY_ZERO);
      n = op === '/' ? a / b : a % b;
      break;
    case '&': n = a & b; break;
    case '|': n = a | b; break;
    case '^': n = a ^ b; break;
    default: return evalError(MSG_BAD_OPERANDS);
  }
  return fromScalar(type, { kind: 'int', n: wrap(n, type) });
}

function compare<T extends number | bigint>(op: BinaryOp, a: T, b: T): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==': return a === b;
    default: return a !== b;
  }
}

/** Float arithmetic in binary64, rounded to binary32 when the common type is float; a NaN result keeps the first NaN operand's payload. */
function floatOp(op: BinaryOp, a: number, b: number, type: DwarfType, sa: Scalar, sb: Scalar): Value | EvalError {
  if (COMPARISONS.has(op)) return boolInt(compare(op, a, b));
  let x: number;
  switch (op) {
    case '+': x = a + b; break;
    case '-': x = a - b; break;
    case '*': x = a * b; break;
    case '/': x = a / b; break;
    default: return evalError(MSG_INTEGER_ONLY);
  }
  const nanSource = [sa, sb].find((s) => s.kind === 'float' && s.nanBits !== undefined) as Extract<Scalar, { kind: 'float' }> | undefined;
  if (Number.isNaN(x) && nanSource) return fromScalar(type, nanSource);
  return fromScalar(type, { kind: 'float', x });
}

/** `<<`/`>>`: the result has the promoted left type; a count outside [0, width) gives 0 (gdb warns and does the same). */
function shift(op: '<<' | '>>', a: Scalar, b: Scalar, type: DwarfType, rightIsInteger: boolean): Value | EvalError {
  if (a.kind !== 'int' || b.kind !== 'int' || !rightIsInteger) return evalError(MSG_INTEGER_ONLY);
  const width = BigInt(sizeOf(type) * BITS_PER_BYTE);
  const value = wrap(a.n, type);
  if (b.n < 0n || b.n >= width) return fromScalar(type, { kind: 'int', n: 0n });
  return fromScalar(type, { kind: 'int', n: wrap(op === '<<' ? value << b.n : value >> b.n, type) });
}

/** Pointer arithmetic and comparison (C11 6.5.6, 6.5.8, 6.5.9); void * steps by 1 byte as in gdb. */
function pointerOp(op: BinaryOp, l: Value, r: Value, scope: EvalScope): Value | EvalError {
  const lt = strip(l.type);
  const rt = strip(r.type);
  const a = readScalar(l, scope);
  if (isError(a)) return a;
  const b = readScalar(r, scope);
  if (isError(b)) return b;
  if (COMPARISONS.has(op)) {
    if ((lt.kind !== 'pointer' && !isInteger(lt)) || (rt.kind !== 'pointer' && !isInteger(rt))) return evalError(MSG_BAD_OPERANDS);
    return boolInt(compare(op, BigInt.asUintN(64, toBig(a)), BigInt.asUintN(64, toBig(b))));
  }
  if (op === '+' || op === '-') {
    if (lt.kind === 'pointer' && isInteger(rt)) return step(l.type, lt.target, toBig(a), op === '+' ? toBig(b) : -toBig(b));
    if (op === '+' && rt.kind === 'pointer' && isInteger(lt)) return step(r.type, rt.target, toBig(b), toBig(a));
    if (op === '-' && lt.kind === 'pointer' && rt.kind === 'pointer') {
      const size = BigInt(sizeOf(lt.target));
      if (size !== BigInt(sizeOf(rt.target))) return evalError(MSG_POINTER_DIFF);
      return fromScalar(BUILTIN.long, { kind: 'int', n: BigInt.asIntN(64, toBig(a) - toBig(b)) / (size || 1n) });
    }
    if (op === '-') return evalError(MSG_POINTER_DIFF);
  }
  return evalError(MSG_BAD_OPERANDS);
}

function step(type: DwarfType, target: DwarfType, address: bigint, count: bigint): Value {
  return pointerValue(target, BigInt.asUintN(64, address + count * BigInt(sizeOf(target))), type);
}
