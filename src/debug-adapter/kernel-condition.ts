/**
 * Conditions and log messages of breakpoints on the kernel's own source lines (DAP
 * SourceBreakpoint `condition` / `logMessage` on a `pause(…)` line): a C expression over the
 * kernel's live values at that pause, the names the Kernel scope shows (`refCount == 2`,
 * `pid == 3 && address >= 0x4000`, `vma.perms == "rw-p"`, `decision == "cow-copy"`,
 * `args[0] == 1`, a path's facts by name). The expression is parsed by the C evaluator's parser
 * (cexpr/parser.ts); it is evaluated here over PauseValues, with no program memory involved:
 * integers are 64-bit two's complement (C's `long`), strings compare with `==` / `!=` only.
 */
import type { PauseFact, PauseValues } from '../kernel/api';
import type { Expr } from './cexpr/ast';
import { parseExpression } from './cexpr/parser';
import { isError } from './cexpr/value';

/** A value of a kernel condition: an integer (booleans are 0/1) or a string. */
type KValue = bigint | string;

/** The failure of one evaluation, as a sentence. */
interface KError { error: string }

/** Bits of C `long` on RV64 (LP64): integer arithmetic wraps at this width. */
const LONG_BITS = 64;

/** Parses `text` once; the error sentence when it is not a C expression. */
export function parseKernelCondition(text: string): Expr | KError {
  const e = parseExpression(text);
  return isError(e) ? { error: e.message } : e;
}

/**
 * Evaluates condition `text` over `values` (PauseValues fields, then `facts`): true when
 * non-zero, or an error sentence (unknown name, a string in arithmetic, a syntax error).
 */
export function kernelConditionHolds(text: string, values: PauseValues): boolean | KError {
  const v = evaluateKernelExpression(text, values);
  if (typeof v === 'object') return v;
  return typeof v === 'string' ? v !== '' : v !== 0n;
}

/** Evaluates `text` over `values` and formats the result as the Kernel scope would (a logpoint's `{expr}`). */
export function formatKernelExpression(text: string, values: PauseValues): { value: string } | KError {
  const v = evaluateKernelExpression(text, values);
  if (typeof v === 'object') return v;
  return { value: typeof v === 'string' ? v : v.toString() };
}

function evaluateKernelExpression(text: string, values: PauseValues): KValue | KError {
  const ast = parseKernelCondition(text);
  return 'error' in ast ? ast : evaluate(ast, values);
}

function evaluate(e: Expr, values: PauseValues): KValue | KError {
  switch (e.kind) {
    case 'int': return BigInt.asIntN(LONG_BITS, e.value);
    case 'char': return BigInt(e.value);
    case 'string': return new TextDecoder().decode(e.bytes).replace(/\0$/, ''); // C's literal holds its NUL
    case 'ident': return lookup(e.name, values);
    case 'member': {
      if (e.object.kind !== 'ident' || e.object.name !== 'vma' || e.arrow) return { error: `only vma.start, vma.end, vma.perms and vma.name have members` };
      const vma = values.vma;
      if (!vma) return { error: 'no vma at this pause' };
      if (e.name === 'start' || e.name === 'end') return BigInt(vma[e.name]);
      if (e.name === 'perms' || e.name === 'name') return vma[e.name];
      return { error: `vma has no member named ${e.name}` };
    }
    case 'index': {
      if (e.object.kind !== 'ident' || e.object.name !== 'args') return { error: 'only args[i] can be indexed' };
      const i = evaluate(e.index, values);
      if (typeof i !== 'bigint') return typeof i === 'object' ? i : { error: 'args index must be an integer' };
      const a = values.args?.[Number(i)];
      return a === undefined ? { error: `no args[${i}] at this pause` } : BigInt.asIntN(LONG_BITS, a);
    }
    case 'unary': {
      if (e.op === '*' || e.op === '&') return { error: `kernel conditions do not read memory (${e.op})` };
      const x = evaluate(e.operand, values);
      if (typeof x !== 'bigint') return typeof x === 'object' ? x : { error: `${e.op} of a string` };
      const r = e.op === '-' ? -x : e.op === '+' ? x : e.op === '!' ? BigInt(x === 0n) : ~x;
      return BigInt.asIntN(LONG_BITS, r);
    }
    case 'binary': return binary(e.op, e.left, e.right, values);
    case 'conditional': {
      const t = evaluate(e.test, values);
      if (typeof t === 'object') return t;
      return (typeof t === 'string' ? t !== '' : t !== 0n) ? evaluate(e.then, values) : evaluate(e.otherwise, values);
    }
    default: return { error: `kernel conditions support names, numbers, strings and operators, not ${e.kind}` };
  }
}

function binary(op: Extract<Expr, { kind: 'binary' }>['op'], l: Expr, r: Expr, values: PauseValues): KValue | KError {
  const a = evaluate(l, values);
  if (typeof a === 'object') return a;
  if (op === '&&' || op === '||') {
    const left = typeof a === 'string' ? a !== '' : a !== 0n;
    if (op === '&&' && !left) return 0n;
    if (op === '||' && left) return 1n;
    const b = evaluate(r, values);
    if (typeof b === 'object') return b;
    return BigInt(typeof b === 'string' ? b !== '' : b !== 0n);
  }
  const b = evaluate(r, values);
  if (typeof b === 'object') return b;
  if (typeof a === 'string' || typeof b === 'string') {
    if (typeof a !== typeof b) return { error: `cannot compare a string with a number (${op})` };
    if (op === '==') return BigInt(a === b);
    if (op === '!=') return BigInt(a !== b);
    return { error: `strings compare only with == and != (not ${op})` };
  }
  const x = a as bigint;
  const y = b as bigint;
  if ((op === '/' || op === '%') && y === 0n) return { error: 'Division by zero' };
  const shift = (n: bigint): bigint => n & BigInt(LONG_BITS - 1);
  const results: Record<string, () => bigint> = {
    '*': () => x * y, '/': () => x / y, '%': () => x % y, '+': () => x + y, '-': () => x - y,
    '<<': () => x << shift(y), '>>': () => x >> shift(y),
    '<': () => BigInt(x < y), '<=': () => BigInt(x <= y), '>': () => BigInt(x > y), '>=': () => BigInt(x >= y),
    '==': () => BigInt(x === y), '!=': () => BigInt(x !== y), '&': () => x & y, '^': () => x ^ y, '|': () => x | y,
  };
  return BigInt.asIntN(LONG_BITS, results[op]!());
}

/** The value of name `name` at a pause: a PauseValues field, else a fact; an error when neither is there. */
function lookup(name: string, values: PauseValues): KValue | KError {
  const field = name in values && name !== 'facts' ? (values as Record<string, unknown>)[name] : values.facts?.[name];
  if (field === undefined) return { error: `No symbol "${name}" at this kernel pause.` };
  return factToValue(field as PauseFact | object);
}

function factToValue(v: PauseFact | object): KValue | KError {
  if (typeof v === 'bigint') return BigInt.asIntN(LONG_BITS, v);
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : { error: `${v} is not an integer` };
  if (typeof v === 'boolean') return BigInt(v);
  if (typeof v === 'string') return v;
  return { error: 'that value is a structure: name one of its members' };
}
