/**
 * Expressions of GNU as (GNU as manual, "Expressions"): integer operands (numbers, characters,
 * symbols, `.`, numeric local label references `1b`/`1f`), prefix operators `- ~ !`, and infix
 * operators by precedence, highest first, as GNU as 2.40 parses them (the manual groups `+ -`
 * with the comparisons, but `1 == 1 + 2` is 0 and `3 | 4 + 1` is 8):
 *
 *   1. `*` `/` `%` `<<` `>>`
 *   2. `|` `&` `^` `!` (or-not)
 *   3. `+` `-`
 *   4. `==` `!=` `<>` `<` `>` `<=` `>=`
 *   5. `&&`
 *   6. `||`
 *
 * plus the RISC-V relocation functions `%hi(e)`, `%lo(e)`, `%pcrel_hi(e)`, `%pcrel_lo(e)` (RISC-V
 * Assembly Programmer's Manual, "Assembler Relocation Functions"). This file parses; eval.ts
 * computes values. Parsing never throws: it returns an error with the offending token's range.
 */
import type { Token } from './lexer';

/** Column range of an expression node in its line. */
export interface Span {
  start: number;
  end: number;
}

/** Relocation functions accepted in operands. */
export const RELOC_FUNCTIONS = ['hi', 'lo', 'pcrel_hi', 'pcrel_lo', 'tprel_hi', 'tprel_lo', 'tprel_add',
  'got_pcrel_hi', 'tls_ie_pcrel_hi', 'tls_gd_pcrel_hi'] as const;
/** A relocation function name, without the `%`. */
export type RelocFunction = typeof RELOC_FUNCTIONS[number];

/** The infix operators (see the precedence table above). */
export type BinaryOp = '*' | '/' | '%' | '<<' | '>>' | '|' | '&' | '^' | '!' | '+' | '-' | '==' | '!=' | '<>'
  | '<' | '>' | '<=' | '>=' | '&&' | '||';

/** An expression tree. */
export type Expr =
  | { kind: 'number'; value: bigint; span: Span }
  | { kind: 'symbol'; name: string; span: Span }
  | { kind: 'dot'; span: Span }
  | { kind: 'local'; label: bigint; direction: 'b' | 'f'; span: Span }
  | { kind: 'unary'; op: '-' | '~' | '!' | '+'; operand: Expr; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: 'reloc'; fn: RelocFunction; operand: Expr; span: Span };

/** A parse failure: message and the column range to underline. */
export interface ParseError {
  message: string;
  span: Span;
}

const LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!=', '<>', '<', '>', '<=', '>='],
  ['+', '-'],
  ['|', '&', '^', '!'],
  ['*', '/', '%', '<<', '>>'],
];

/** A cursor over a statement's tokens. */
export class TokenCursor {
  pos = 0;
  /** Nesting depth of the expression being parsed (bounded by MAX_EXPR_DEPTH). */
  depth = 0;
  /** Infix operators parsed so far in this statement (bounded by MAX_EXPR_OPERATORS). */
  operators = 0;
  constructor(readonly tokens: readonly Token[], readonly lineEnd: number) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  next(): Token | undefined {
    return this.tokens[this.pos++];
  }
  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }
  /** True (and consumes it) when the next token is punctuation `p`. */
  eat(p: string): boolean {
    const t = this.peek();
    if (t !== undefined && t.kind === 'punct' && t.text === p) {
      this.pos++;
      return true;
    }
    return false;
  }
  isPunct(p: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'punct' && t.text === p;
  }
  /** Span of the next token, or an empty span at the end of the statement. */
  here(): Span {
    const t = this.peek();
    return t ? { start: t.start, end: t.end } : { start: this.lineEnd, end: this.lineEnd };
  }
}

/** Parses an expression at the cursor (stopping before `,` or an unmatched `)`). */
export function parseExpr(c: TokenCursor): Expr | ParseError {
  return parseLevel(c, 0);
}

function parseLevel(c: TokenCursor, level: number): Expr | ParseError {
  if (level >= LEVELS.length) return parseUnary(c);
  let left = parseLevel(c, level + 1);
  if ('message' in left) return left;
  for (;;) {
    const t = c.peek();
    if (t === undefined || t.kind !== 'punct' || !LEVELS[level]!.includes(t.text)) return left;
    if (++c.operators > MAX_EXPR_OPERATORS) return { message: 'expression too complex', span: { start: t.start, end: t.end } };
    c.next();
    const right = parseLevel(c, level + 1);
    if ('message' in right) return right;
    left = { kind: 'binary', op: t.text as BinaryOp, left, right, span: { start: left.span.start, end: right.span.end } };
  }
}

/** Most infix operators accepted in one statement (trees stay shallow enough to walk recursively). */
export const MAX_EXPR_OPERATORS = 2000;

/** Deepest nesting of prefix operators and parentheses accepted (keeps recursion bounded). */
export const MAX_EXPR_DEPTH = 256;

function parseUnary(c: TokenCursor): Expr | ParseError {
  const t = c.peek();
  if (t === undefined) return { message: 'missing operand', span: c.here() };
  if (c.depth >= MAX_EXPR_DEPTH) return { message: 'expression too deeply nested', span: c.here() };
  c.depth++;
  const e = parseUnaryInner(c, t);
  c.depth--;
  return e;
}

function parseUnaryInner(c: TokenCursor, t: Token): Expr | ParseError {
  if (t.kind === 'punct' && (t.text === '-' || t.text === '~' || t.text === '!' || t.text === '+')) {
    c.next();
    const operand = parseUnary(c);
    if ('message' in operand) return operand;
    return { kind: 'unary', op: t.text, operand, span: { start: t.start, end: operand.span.end } };
  }
  return parsePrimary(c);
}

function parsePrimary(c: TokenCursor): Expr | ParseError {
  const t = c.next()!;
  const span = { start: t.start, end: t.end };
  switch (t.kind) {
    case 'number': case 'char':
      return { kind: 'number', value: t.value!, span };
    case 'local':
      return { kind: 'local', label: t.value!, direction: t.direction!, span };
    case 'ident':
      return t.text === '.' ? { kind: 'dot', span } : { kind: 'symbol', name: t.text, span };
    case 'reloc': {
      const fn = t.text.toLowerCase();
      if (!(RELOC_FUNCTIONS as readonly string[]).includes(fn)) return { message: `bad relocation function \`%${t.text}'`, span };
      if (!c.eat('(')) return { message: `missing \`(' after %${t.text}`, span: c.here() };
      const operand = parseExpr(c);
      if ('message' in operand) return operand;
      const close = c.here();
      if (!c.eat(')')) return { message: "missing `)'", span: close };
      return { kind: 'reloc', fn: fn as RelocFunction, operand, span: { start: t.start, end: close.end } };
    }
    case 'punct':
      if (t.text === '(') {
        const inner = parseExpr(c);
        if ('message' in inner) return inner;
        const close = c.here();
        if (!c.eat(')')) return { message: "missing `)'", span: close };
        return { ...inner, span: { start: t.start, end: close.end } };
      }
      return { message: `syntax error at \`${t.text}'`, span };
    case 'error':
      return { message: t.text, span };
    default:
      return { message: 'bad expression', span };
  }
}

/** Every symbol name an expression mentions, with its span (for references). */
export function symbolsOf(e: Expr, out: { name: string; span: Span }[] = []): { name: string; span: Span }[] {
  switch (e.kind) {
    case 'symbol': out.push({ name: e.name, span: e.span }); break;
    case 'unary': case 'reloc': symbolsOf(e.operand, out); break;
    case 'binary': symbolsOf(e.left, out); symbolsOf(e.right, out); break;
    default: break;
  }
  return out;
}
