/**
 * The statements of a document as the assembler's lexer sees them (src/toolchain/asm/lexer.ts:
 * `#` and C comments removed, `;` separating statements), with 0-based line numbers and UTF-16
 * columns. Hover, completion, signature help, the syscall lookup and document symbols read a
 * document through this view; the assembler itself gives diagnostics and symbols.
 *
 * Statement shape (GNU as manual, "Statements"): any number of `label:` prefixes, then a
 * directive (`.name`), an instruction or macro invocation (`name`), an assignment (`sym = e`), or
 * nothing; then operands separated by top-level commas.
 */
import { splitLines } from '../toolchain/asm/source';
import { splitStatements, tokenize, type Token } from '../toolchain/asm/lexer';
import { operandRanges } from '../toolchain/asm/statement';

/** One statement: its 0-based line and tokens (columns in that line). */
export interface ScannedStatement {
  line: number;
  /** Column where the statement text starts and ends (exclusive). */
  column: number;
  endColumn: number;
  tokens: Token[];
  /** Label definitions at the start (`name:` or numeric `1:`), as the name tokens. */
  labels: Token[];
  /** Index in `tokens` of the directive or mnemonic (the first token after the labels); may equal tokens.length. */
  head: number;
}

/** A label token followed by `:`: an identifier or a decimal number (GNU numeric local label). */
function isLabelAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  const colon = tokens[i + 1];
  if (t === undefined || colon === undefined || colon.kind !== 'punct' || colon.text !== ':') return false;
  return t.kind === 'ident' || (t.kind === 'number' && /^[0-9]+$/.test(t.text));
}

/** Builds a statement from its tokens (finds the label prefixes and the head). */
function statementOf(line: number, column: number, endColumn: number, tokens: Token[]): ScannedStatement {
  const labels: Token[] = [];
  let i = 0;
  while (isLabelAt(tokens, i)) {
    labels.push(tokens[i]!);
    i += 2;
  }
  return { line, column, endColumn, tokens, labels, head: i };
}

/**
 * A document split into lines, with each line's statements computed on demand. The `/* *\/`
 * comment state at the start of each line is found once, in one pass, the first time a line
 * is asked for. Never throws on any text.
 */
export class ScannedDocument {
  readonly lines: readonly string[];
  private commentAtStart?: boolean[];
  private readonly cache = new Map<number, ScannedStatement[]>();

  constructor(readonly text: string) {
    this.lines = splitLines(text);
  }

  /** Statements of 0-based `line` ([] outside the document or for a blank/comment line). */
  statements(line: number): ScannedStatement[] {
    if (line < 0 || line >= this.lines.length) return [];
    const cached = this.cache.get(line);
    if (cached !== undefined) return cached;
    const inComment = this.commentState()[line]!;
    const split = splitStatements(this.lines[line]!, inComment).statements;
    const out = split.map((s) => statementOf(line, s.column, s.column + s.text.length, tokenize(s.text, s.column)));
    this.cache.set(line, out);
    return out;
  }

  /**
   * The statement of `line` containing column `character` (the last one starting at or before
   * it), or an empty statement at `character` when the line has none there.
   */
  statementAt(line: number, character: number): ScannedStatement {
    const all = this.statements(line);
    let found: ScannedStatement | undefined;
    for (const s of all) if (s.column <= character) found = s;
    if (found !== undefined && (character <= found.endColumn || !this.separatorBetween(line, found.endColumn, character))) return found;
    return { line, column: character, endColumn: character, tokens: [], labels: [], head: 0 };
  }

  /**
   * True when column `character` of `line` is inside a `#` or `/* *\/` comment, judged from the
   * text before it.
   */
  inCommentAt(line: number, character: number): boolean {
    if (line < 0 || line >= this.lines.length) return false;
    const prefix = this.lines[line]!.slice(0, character);
    const split = splitStatements(prefix, this.commentState()[line]!);
    if (split.inComment) return true;
    const last = split.statements[split.statements.length - 1];
    const covered = last === undefined ? 0 : last.column + last.text.length;
    return prefix.slice(covered).includes('#');
  }

  /** Every statement of the document, in order. */
  *all(): Generator<ScannedStatement> {
    for (let line = 0; line < this.lines.length; line++) yield* this.statements(line);
  }

  /** True when the text of `line` between two columns holds a `;` or a comment start. */
  private separatorBetween(line: number, from: number, to: number): boolean {
    return /[;#]|\/\*/.test(this.lines[line]!.slice(from, to));
  }

  private commentState(): boolean[] {
    if (this.commentAtStart !== undefined) return this.commentAtStart;
    const state: boolean[] = [];
    let inComment = false;
    for (const text of this.lines) {
      state.push(inComment);
      // Only the comment state is needed here: a line without `/*` or `*/` cannot change it.
      if (inComment || text.includes('/*')) inComment = splitStatements(text, inComment).inComment;
    }
    this.commentAtStart = state;
    return state;
  }
}

/** Index of the token covering column `character` (start <= character < end), or undefined. */
export function tokenIndexAt(s: ScannedStatement, character: number): number | undefined {
  const i = s.tokens.findIndex((t) => t.start <= character && character < t.end);
  if (i >= 0) return i;
  // The cursor just after a word (hover at its end, completion while typing) belongs to that word.
  const j = s.tokens.findIndex((t) => t.end === character && (t.kind === 'ident' || t.kind === 'local' || t.kind === 'reloc' || t.kind === 'number'));
  return j >= 0 ? j : undefined;
}

/**
 * Operand index of column `character` in statement `s`: 0 for the first operand after the head,
 * counting top-level commas before the column; -1 when the column is on or before the head.
 */
export function operandIndexAt(s: ScannedStatement, character: number): number {
  const head = s.tokens[s.head];
  if (head === undefined || character <= head.end) return -1;
  return operandsBefore(s, character).index;
}

/**
 * Walks the operand tokens of `s` that start before column `character`: how many top-level
 * commas precede it (`index`) and how many parentheses are open there (`depth`).
 */
function operandsBefore(s: ScannedStatement, character: number): { index: number; depth: number } {
  let depth = 0;
  let index = 0;
  for (let i = s.head + 1; i < s.tokens.length; i++) {
    const t = s.tokens[i]!;
    if (t.start >= character) break;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth = Math.max(0, depth - 1);
    else if (t.text === ',' && depth === 0) index++;
  }
  return { index, depth };
}

/**
 * Operands of `s` after the head: token index ranges [from, to) split at top-level commas
 * ([] when there are no operand tokens).
 */
export function operandTokenRanges(s: ScannedStatement): [number, number][] {
  return operandRanges(s, s.head + 1);
}

/** True when the cursor sits inside an open parenthesis of the current operand (`8(|sp)`). */
export function insideParens(s: ScannedStatement, character: number): boolean {
  return operandsBefore(s, character).depth > 0;
}
