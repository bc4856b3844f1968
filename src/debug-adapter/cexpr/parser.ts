/**
 * A recursive-descent parser for C expressions (C11 6.5) with precedence climbing for the
 * binary operators, as gdb's C parser accepts them: casts and sizeof take type names
 * (C11 6.7.7), `$name` is a register, assignment and compound assignment are expressions.
 * Errors are values carrying gdb's wording and the column of the offending token.
 */
import type { DwarfType } from '../../dwarf/model';
import type { BinaryOp, DeclaratorOp, Expr, TypeSpec, UnaryOp } from './ast';
import { type Token, syntaxError, tokenize } from './lexer';
import { BUILTIN } from './types';
import { type EvalError, evalError, isError } from './value';

/** Binding strength of each binary operator (higher binds tighter; C11 6.5 order). */
const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6,
  '<': 7, '<=': 7, '>': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};
const COMPOUND_ASSIGN: Record<string, BinaryOp> = {
  '+=': '+', '-=': '-', '*=': '*', '/=': '/', '%=': '%', '&=': '&', '|=': '|', '^=': '^', '<<=': '<<', '>>=': '>>',
};
const UNARY_OPS = new Set(['*', '&', '-', '+', '!', '~']);
const TYPE_KEYWORDS = new Set(['void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', '_Bool', 'const', 'volatile', 'struct', 'union', 'enum']);
const QUALIFIERS = new Set(['const', 'volatile']);
/** Nesting depth past which an expression is refused (keeps recursion far from the host stack limit). */
const MAX_NESTING = 200;
const MSG_TOO_DEEP = 'Expression is too deeply nested.';

/** Thrown only inside this module to unwind to `parseExpression`, which turns it into a value. */
class ParseFailure {
  constructor(readonly error: EvalError) {}
}

/**
 * Parses `text` as a C expression. `isTypeName(name)` tells whether an identifier names a
 * typedef (so `(point_t)x` is a cast); without it only keyword types start a cast. Returns the
 * tree or gdb's error (`A syntax error in expression, near \`...'.`) with its column.
 */
export function parseExpression(text: string, isTypeName: (name: string) => boolean = () => false): Expr | EvalError {
  const tokens = tokenize(text);
  if (isError(tokens)) return tokens;
  const p = new Parser(text, tokens, isTypeName);
  try {
    if (p.peek().kind === 'eof') return syntaxError(text, 0);
    const e = p.expression();
    if (p.peek().kind !== 'eof') p.fail();
    return e;
  } catch (e) {
    if (e instanceof ParseFailure) return e.error;
    throw e;
  }
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly isTypeName: (name: string) => boolean,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  /** The text of the next token, which the caller has checked is an identifier or punctuator. */
  private nextText(): string {
    const t = this.next();
    return t.kind === 'ident' || t.kind === 'punct' ? t.text : '';
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === text;
  }

  private isIdent(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text === text;
  }

  fail(at: Token = this.peek()): never {
    throw new ParseFailure(syntaxError(this.text, at.col));
  }

  private expect(text: string): void {
    if (!this.isPunct(text)) this.fail();
    this.next();
  }

  /** expression := assignment (',' assignment)* */
  expression(): Expr {
    let left = this.assignment();
    while (this.isPunct(',')) {
      const col = this.next().col;
      left = { kind: 'comma', left, right: this.assignment(), col };
    }
    return left;
  }

  /** assignment := conditional (('=' | op'=') assignment)? (right associative) */
  private assignment(): Expr {
    const target = this.conditional();
    const t = this.peek();
    if (t.kind === 'punct' && (t.text === '=' || t.text in COMPOUND_ASSIGN)) {
      this.next();
      const value = this.nested(() => this.assignment());
      return t.text === '=' ? { kind: 'assign', target, value, col: t.col } : { kind: 'assign', op: COMPOUND_ASSIGN[t.text]!, target, value, col: t.col };
    }
    return target;
  }

  /** conditional := binary ('?' expression ':' conditional)? */
  private conditional(): Expr {
    const test = this.binary(1);
    if (!this.isPunct('?')) return test;
    const col = this.next().col;
    const then = this.expression();
    this.expect(':');
    return { kind: 'conditional', test, then, otherwise: this.nested(() => this.conditional()), col };
  }

  /** Precedence climbing over BINARY_PRECEDENCE; all binary operators are left associative. */
  private binary(minPrec: number): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const prec = t.kind === 'punct' ? BINARY_PRECEDENCE[t.text] : undefined;
      if (prec === undefined || prec < minPrec || t.kind !== 'punct') return left;
      this.next();
      const right = this.binary(prec + 1);
      left = { kind: 'binary', op: t.text as BinaryOp, left, right, col: t.col };
    }
  }

  /** unary := op unary | sizeof unary | sizeof '(' type ')' | '(' type ')' unary | postfix */
  private unary(): Expr {
    return this.nested(() => this.unaryInner());
  }

  /** Runs one level of recursive descent, refusing nesting deeper than MAX_NESTING. */
  private nested(parse: () => Expr): Expr {
    if (++this.depth > MAX_NESTING) throw new ParseFailure(evalError(MSG_TOO_DEEP, this.peek().col));
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private unaryInner(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && UNARY_OPS.has(t.text)) {
      this.next();
      return { kind: 'unary', op: t.text as UnaryOp, operand: this.unary(), col: t.col };
    }
    if (t.kind === 'ident' && t.text === 'sizeof') {
      this.next();
      if (this.isPunct('(') && this.startsType(1)) {
        this.next();
        const type = this.typeName();
        this.expect(')');
        return { kind: 'sizeofType', type, col: t.col };
      }
      return { kind: 'sizeofExpr', operand: this.unary(), col: t.col };
    }
    if (t.kind === 'punct' && t.text === '(' && this.startsType(1)) {
      this.next();
      const type = this.typeName();
      this.expect(')');
      return { kind: 'cast', type, operand: this.unary(), col: t.col };
    }
    return this.postfix();
  }

  /** True when the token at `offset` begins a type name. */
  private startsType(offset: number): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && (TYPE_KEYWORDS.has(t.text) || this.isTypeName(t.text));
  }

  /** postfix := primary ('.' id | '->' id | '[' expression ']')* */
  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct') return e;
      if (t.text === '.' || t.text === '->') {
        this.next();
        const name = this.next();
        if (name.kind !== 'ident') this.fail(name);
        e = { kind: 'member', object: e, name: name.text, arrow: t.text === '->', col: t.col };
      } else if (t.text === '[') {
        this.next();
        const index = this.expression();
        this.expect(']');
        e = { kind: 'index', object: e, index, col: t.col };
      } else return e;
    }
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'int':
      case 'float':
        return { kind: t.kind, value: t.value as never, type: t.type, col: t.col };
      case 'char':
        return { kind: 'char', value: t.value, col: t.col };
      case 'string':
        return { kind: 'string', bytes: t.bytes, col: t.col };
      case 'register':
        return { kind: 'register', name: t.name, col: t.col };
      case 'ident':
        if (TYPE_KEYWORDS.has(t.text) || t.text === 'sizeof') this.fail(t);
        return { kind: 'ident', name: t.text, col: t.col };
      case 'punct':
        if (t.text === '(') {
          const e = this.expression();
          this.expect(')');
          return e;
        }
        return this.fail(t);
      default:
        return this.fail(t);
    }
  }

  /** type-name := specifiers abstract-declarator (C11 6.7.7). */
  typeName(): TypeSpec {
    const col = this.peek().col;
    const qualifiers: Array<'const' | 'volatile'> = [];
    const words: string[] = [];
    let base: TypeSpec['base'] | undefined;
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'ident') break;
      if (QUALIFIERS.has(t.text)) qualifiers.push(this.nextText() as 'const');
      else if (t.text === 'struct' || t.text === 'union' || t.text === 'enum') {
        if (base || words.length) this.fail(t);
        this.next();
        const name = this.next();
        if (name.kind !== 'ident') this.fail(name);
        base = { kind: 'tagged', tag: t.text, name: name.text };
      } else if (TYPE_KEYWORDS.has(t.text)) {
        if (base) this.fail(t);
        words.push(this.nextText());
      } else if (!base && words.length === 0 && this.isTypeName(t.text)) {
        base = { kind: 'named', name: this.nextText() };
      } else break;
    }
    if (!base) {
      const builtin = builtinFromWords(words);
      if (!builtin) this.fail();
      base = { kind: 'builtin', type: builtin };
    }
    return { base, qualifiers, ops: this.abstractDeclarator(), col };
  }

  /** abstract-declarator := pointer* direct?; ops come out in application order (innermost type first). */
  private abstractDeclarator(): DeclaratorOp[] {
    const pointers: DeclaratorOp[] = [];
    while (this.isPunct('*')) {
      this.next();
      const qualifiers: Array<'const' | 'volatile'> = [];
      while (this.isIdent('const') || this.isIdent('volatile')) qualifiers.push(this.nextText() as 'const');
      pointers.push({ kind: 'pointer', qualifiers });
    }
    let inner: DeclaratorOp[] = [];
    if (this.isPunct('(') && (this.isPunct('*', 1) || this.isPunct('(', 1) || this.isPunct('[', 1))) {
      this.next();
      inner = this.abstractDeclarator();
      this.expect(')');
    }
    const suffixes: DeclaratorOp[] = [];
    for (;;) {
      if (this.isPunct('[')) {
        this.next();
        const n = this.peek();
        let count: number | undefined;
        if (n.kind === 'int') {
          count = Number(n.value);
          this.next();
        }
        this.expect(']');
        suffixes.push({ kind: 'array', count });
      } else if (this.isPunct('(')) {
        this.next();
        suffixes.push(this.parameterList());
      } else break;
    }
    return [...pointers, ...suffixes.reverse(), ...inner];
  }

  /** parameter-list after '(' through ')': type names, `void`, or `...`. */
  private parameterList(): DeclaratorOp {
    const params: TypeSpec[] = [];
    let variadic = false;
    if (this.isIdent('void') && this.isPunct(')', 1)) this.next();
    else if (this.isPunct(')')) variadic = true;
    else {
      for (;;) {
        if (this.isPunct('...')) {
          this.next();
          variadic = true;
          break;
        }
        params.push(this.typeName());
        if (!this.isPunct(',')) break;
        this.next();
      }
    }
    this.expect(')');
    return { kind: 'function', params, variadic };
  }
}

/** The builtin type a list of basic type keywords names (`unsigned long int` → unsigned long), or undefined. */
function builtinFromWords(words: string[]): DwarfType | undefined {
  const count = (w: string): number => words.filter((x) => x === w).length;
  const unsigned = count('unsigned');
  const signed = count('signed');
  const longs = count('long');
  const shorts = count('short');
  if (unsigned + signed > 1 || longs > 2 || shorts > 1 || (longs && shorts)) return undefined;
  const rest = words.filter((w) => !['unsigned', 'signed', 'long', 'short'].includes(w));
  if (rest.length > 1) return undefined;
  const core = rest[0];
  if (core === 'void' || core === '_Bool' || core === 'float') {
    return words.length === 1 ? (core === 'void' ? BUILTIN.void : core === '_Bool' ? BUILTIN.bool : BUILTIN.float) : undefined;
  }
  if (core === 'double') return words.length === 1 ? BUILTIN.double : longs === 1 && words.length === 2 ? BUILTIN.longDouble : undefined;
  if (core === 'char') {
    if (longs || shorts) return undefined;
    return unsigned ? BUILTIN.unsignedChar : signed ? BUILTIN.signedChar : BUILTIN.char;
  }
  if (core !== undefined && core !== 'int') return undefined;
  if (words.length === 0) return undefined;
  if (shorts) return unsigned ? BUILTIN.unsignedShort : BUILTIN.short;
  if (longs === 2) return unsigned ? BUILTIN.unsignedLongLong : BUILTIN.longLong;
  if (longs === 1) return unsigned ? BUILTIN.unsignedLong : BUILTIN.long;
  return unsigned ? BUILTIN.unsignedInt : BUILTIN.int;
}
