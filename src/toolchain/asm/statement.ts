/**
 * One statement (GNU as manual, "Statements"): the tokens between statement separators on a
 * line, with the source line it came from, and how token columns become source ranges.
 */
import type { Span } from './expr';
import type { Token } from './lexer';
import type { SourceLine } from './source';
import type { SourceRange } from './types';

/** A statement: its tokens (columns in the source line), its text, and its line. */
export interface Statement {
  tokens: Token[];
  /** The statement's text (comments removed) and where it starts and ends in the line. */
  text: string;
  column: number;
  endColumn: number;
  line: SourceLine;
}

/** The source range of `span` in statement `s` (the whole report range for rewritten lines). */
export function rangeOf(s: Statement, span?: Span): SourceRange {
  if (s.line.reportAt !== undefined) return s.line.reportAt;
  if (span === undefined) return { file: s.line.file, line: s.line.line, column: s.column, endColumn: s.endColumn };
  return { file: s.line.file, line: s.line.line, column: span.start, endColumn: Math.max(span.start, span.end) };
}

/** The range of tokens [from, to) of a statement (empty range at the statement end when none). */
export function tokensRange(s: Statement, from: number, to = s.tokens.length): SourceRange {
  const first = s.tokens[from];
  const last = s.tokens[Math.min(to, s.tokens.length) - 1];
  if (first === undefined || last === undefined || to <= from) return rangeOf(s, { start: s.endColumn, end: s.endColumn });
  return rangeOf(s, { start: first.start, end: last.end });
}

/** The source text of tokens [from, to) as written (used for operands in messages). */
export function sourceText(s: Statement, from: number, to = s.tokens.length): string {
  const first = s.tokens[from];
  const last = s.tokens[Math.min(to, s.tokens.length) - 1];
  if (first === undefined || last === undefined || to <= from) return '';
  return s.text.slice(first.start - s.column, last.end - s.column);
}

/**
 * Splits tokens [from, end) at top-level commas into operand token ranges [start, end).
 * An empty operand list gives []; `a,,b` gives an empty middle range.
 */
export function operandRanges(s: Pick<Statement, 'tokens'>, from: number): [number, number][] {
  const out: [number, number][] = [];
  if (from >= s.tokens.length) return out;
  let depth = 0;
  let start = from;
  for (let i = from; i < s.tokens.length; i++) {
    const t = s.tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth = Math.max(0, depth - 1);
    else if (t.text === ',' && depth === 0) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, s.tokens.length]);
  return out;
}
