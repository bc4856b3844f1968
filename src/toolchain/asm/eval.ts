/**
 * Expression values (GNU as manual, "Expressions" / "Infix Operators"): 64-bit two's complement
 * integers with GNU's semantics — comparisons give -1 for true, `&&`/`||` give 1, `>>` shifts the
 * unsigned value, `a ! b` is a | ~b — and relocatable values `sym + addend` or `sym - sym + addend`.
 * Evaluation never throws; problems come back as `{ error, span }`.
 */
import type { Expr, RelocFunction, Span } from './expr';
import { labelOf, type Sym, type SymbolTable } from './symbols';

/** `sym + add - sub` (either symbol may be absent; both absent = a constant). */
export interface Value {
  add: bigint;
  sym?: Sym;
  sub?: Sym;
}

/** A full operand value: an optional relocation function around a value. */
export interface Operand {
  value: Value;
  reloc?: RelocFunction;
  span: Span;
}

/** An operand value, or why it could not be computed (with the sub-expression's span). */
export type EvalResult = Operand | { error: string; span: Span };

/** What evaluation needs from the assembler. */
export interface EvalContext {
  symbols: SymbolTable;
  /** A label at the current location (`.`). */
  dot(): Sym;
  /** Records a use of `sym` at `span` (for references) and marks it referenced. */
  reference(sym: Sym, span: Span): void;
  /**
   * Which label differences fold to constants: 'none' (instruction operands: GNU as keeps
   * `b - a` symbolic there, so `li a0, b - a` is an error), 'frag' (`.equ`: labels in one fixed
   * fragment), 'section' (after layout: any two labels of one section).
   */
  fold: 'none' | 'frag' | 'section';
  /** Reports a warning (GNU as warns and goes on for division by zero). */
  warn?(message: string, span: Span): void;
}

/** Most `.equ` indirections followed (a = b, b = c, ...), so cycles cannot loop. */
const MAX_EQU_CHAIN = 64;

/** Whether a value names no symbol (a plain number). */
export const isConstant = (v: Value) => v.sym === undefined && v.sub === undefined;
const wrap = (n: bigint) => BigInt.asIntN(64, n);
const bool = (b: boolean, t: bigint) => (b ? t : 0n);

/** Evaluates an operand expression; a relocation function may only wrap the whole expression. */
export function evaluate(e: Expr, ctx: EvalContext): EvalResult {
  if (e.kind === 'reloc') {
    const inner = evalValue(e.operand, ctx, 0);
    if ('error' in inner) return inner;
    return { value: inner, reloc: e.fn, span: e.span };
  }
  const v = evalValue(e, ctx, 0);
  return 'error' in v ? v : { value: v, span: e.span };
}

/** Evaluates to a plain value (a relocation function inside is an error). */
export function evalValue(e: Expr, ctx: EvalContext, depth: number): Value | { error: string; span: Span } {
  switch (e.kind) {
    case 'number':
      if (e.value >= 1n << 64n) return { error: `bignum invalid: ${e.value} does not fit in 64 bits`, span: e.span };
      return { add: wrap(e.value) };
    case 'dot': return { add: 0n, sym: ctx.dot() };
    case 'local': {
      const s = ctx.symbols.localRef(e.label, e.direction);
      if (s === undefined) return { error: `undefined local label \`${e.label}b'`, span: e.span };
      ctx.reference(s, e.span);
      return { add: 0n, sym: s };
    }
    case 'symbol': {
      const s = ctx.symbols.get(e.name);
      ctx.reference(s, e.span);
      return symbolValue(s, ctx, depth, e.span);
    }
    case 'reloc': return { error: `%${e.fn} not allowed inside an expression`, span: e.span };
    case 'unary': {
      const v = evalValue(e.operand, ctx, depth);
      if ('error' in v) return v;
      if (e.op === '+') return v;
      if (!isConstant(v)) {
        if (e.op === '-' && v.sub !== undefined && v.sym !== undefined) return { add: wrap(-v.add), sym: v.sub, sub: v.sym };
        return { error: `invalid operand for unary \`${e.op}'`, span: e.span };
      }
      if (e.op === '-') return { add: wrap(-v.add) };
      if (e.op === '~') return { add: wrap(~v.add) };
      return { add: bool(v.add === 0n, 1n) };
    }
    case 'binary': {
      const a = evalValue(e.left, ctx, depth);
      if ('error' in a) return a;
      const b = evalValue(e.right, ctx, depth);
      if ('error' in b) return b;
      return binary(e.op, a, b, ctx, e.span);
    }
  }
}

function symbolValue(s: Sym, ctx: EvalContext, depth: number, span: Span): Value | { error: string; span: Span } {
  if (s.kind !== 'equ' || s.value === undefined) return { add: 0n, sym: s };
  if (depth >= MAX_EQU_CHAIN) return { error: `symbol definition loop encountered at \`${s.name}'`, span };
  const v = s.value;
  // `.equ x, y + 4` keeps x itself (relocations name x, as in GNU as); differences are re-read.
  if (v.sym !== undefined && v.sub === undefined) return { add: 0n, sym: s };
  if (v.sym === undefined || v.sym.kind !== 'equ') return v;
  const inner = symbolValue(v.sym, ctx, depth + 1, span);
  if ('error' in inner) return inner;
  const shifted = { ...inner, add: wrap(inner.add + v.add) };
  return v.sub === undefined ? shifted : binary('-', shifted, { add: 0n, sym: v.sub }, ctx, span);
}

/** Folds `sym - sub` to a constant when the distance is known (see EvalContext.fold). */
function fold(v: Value, ctx: EvalContext): Value {
  const { sym, sub } = v;
  if (sym === undefined || sub === undefined) return v;
  if (sym === sub) return { add: v.add };
  if (ctx.fold === 'none') return v;
  if (sym.kind === 'label' && sub.kind === 'label' && sym.frag === sub.frag) return { add: wrap(v.add + BigInt(sym.offset - sub.offset)) };
  const a = labelOf(sym);
  const b = labelOf(sub);
  if (ctx.fold === 'section' && a !== undefined && b !== undefined && a.section === b.section) {
    return { add: wrap(v.add + BigInt(a.address - b.address)) };
  }
  return v;
}

function binary(op: string, a: Value, b: Value, ctx: EvalContext, span: Span): Value | { error: string; span: Span } {
  if (op === '+') {
    if (isConstant(b)) return { ...a, add: wrap(a.add + b.add) };
    if (isConstant(a)) return { ...b, add: wrap(a.add + b.add) };
    if (a.sub !== undefined && b.sym !== undefined && b.sub === undefined && a.sub === b.sym) {
      return fold({ add: wrap(a.add + b.add), sym: a.sym }, ctx);
    }
    if (a.sym !== undefined && a.sub === undefined && b.sym !== undefined && b.sub !== undefined) {
      return fold({ add: wrap(a.add + b.add), sym: b.sym, sub: a.sym === b.sub ? undefined : a.sym }, ctx);
    }
    return { error: "invalid operands for `+'", span };
  }
  if (op === '-') {
    if (isConstant(b)) return { ...a, add: wrap(a.add - b.add) };
    if (a.sub === undefined && b.sub === undefined && a.sym !== undefined && b.sym !== undefined) {
      return fold({ add: wrap(a.add - b.add), sym: a.sym, sub: b.sym }, ctx);
    }
    if (a.sub !== undefined && b.sub !== undefined && a.sub === b.sub && a.sym !== undefined && b.sym !== undefined) {
      return fold({ add: wrap(a.add - b.add), sym: a.sym, sub: b.sym }, ctx);
    }
    return { error: "invalid operands for `-'", span };
  }
  // Comparisons of two labels in one place fold first.
  if (!isConstant(a) || !isConstant(b)) {
    if ((op === '==' || op === '!=' || op === '<>') && a.sym === b.sym && a.sub === b.sub) {
      return { add: bool((a.add === b.add) === (op === '=='), -1n) };
    }
    return { error: `invalid operands for \`${op}'`, span };
  }
  if ((op === '/' || op === '%') && b.add === 0n) {
    ctx.warn?.('division by zero', span);
    return { add: 0n };
  }
  return constantBinary(op, a.add, b.add, span);
}

function constantBinary(op: string, x: bigint, y: bigint, span: Span): Value | { error: string; span: Span } {
  const ux = BigInt.asUintN(64, x);
  switch (op) {
    case '*': return { add: wrap(x * y) };
    case '/': case '%':
      if (y === 0n) return { error: 'division by zero', span };
      return { add: wrap(op === '/' ? x / y : x % y) };
    case '<<': return { add: y < 0n || y >= 64n ? 0n : wrap(x << y) };
    case '>>': return { add: y < 0n || y >= 64n ? 0n : wrap(ux >> y) };
    case '|': return { add: x | y };
    case '&': return { add: x & y };
    case '^': return { add: x ^ y };
    case '!': return { add: wrap(x | ~y) };
    case '==': return { add: bool(x === y, -1n) };
    case '!=': case '<>': return { add: bool(x !== y, -1n) };
    case '<': return { add: bool(x < y, -1n) };
    case '>': return { add: bool(x > y, -1n) };
    case '<=': return { add: bool(x <= y, -1n) };
    case '>=': return { add: bool(x >= y, -1n) };
    case '&&': return { add: bool(x !== 0n && y !== 0n, 1n) };
    case '||': return { add: bool(x !== 0n || y !== 0n, 1n) };
    default: return { error: `unknown operator \`${op}'`, span };
  }
}

/** Re-folds a value after layout (label differences of one section become constants). */
export function foldFinal(v: Value, ctx: EvalContext): Value {
  return fold(v, { ...ctx, fold: 'section' });
}
