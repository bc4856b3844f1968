/**
 * Tokens of a C expression (C11 6.4) as gdb's C parser reads them, plus gdb's `$register`
 * convenience names. Literals are decoded here: integers with their C type (C11 6.4.4.1 table),
 * floats (decimal and hexadecimal), character constants with escapes, and string literals.
 */
import type { DwarfType } from '../../dwarf/model';
import {
  MSG_EMPTY_CHAR,
  MSG_INVALID_NUMBER,
  MSG_NUMBER_TOO_LARGE,
  MSG_SYNTAX,
  MSG_UNMATCHED_QUOTE,
  MSG_UNTERMINATED_STRING,
} from './constants';
import { BUILTIN } from './types';
import { type EvalError, evalError } from './value';

/** One token; `col` is its 0-based offset in the text. */
export type Token =
  | { kind: 'ident'; text: string; col: number }
  | { kind: 'register'; name: string; col: number }
  | { kind: 'int'; value: bigint; type: DwarfType; col: number }
  | { kind: 'float'; value: number; type: DwarfType; col: number }
  | { kind: 'char'; value: number; col: number }
  | { kind: 'string'; bytes: Uint8Array; col: number }
  | { kind: 'punct'; text: string; col: number }
  | { kind: 'eof'; col: number };

/** Punctuators, longest first so the scanner takes the longest match (C11 6.4.6). */
const PUNCTUATORS = [
  '...', '<<=', '>>=', '->', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '++', '--',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=',
  '(', ')', '[', ']', '.', ',', '?', ':', '=', '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '!', '~',
];

/** Simple escape sequences (C11 6.4.4.4) plus gdb's `\e` (ESC). */
const SIMPLE_ESCAPES: Record<string, number> = {
  n: 0x0a, t: 0x09, r: 0x0d, a: 0x07, b: 0x08, f: 0x0c, v: 0x0b, e: 0x1b,
  '\\': 0x5c, "'": 0x27, '"': 0x22, '?': 0x3f,
};

const MAX_OCTAL_ESCAPE_DIGITS = 3;
const BYTE_MASK = 0xff;
const INT_MAX = 0x7fff_ffffn;
const UINT_MAX = 0xffff_ffffn;
const LONG_MAX = 0x7fff_ffff_ffff_ffffn;
const ULONG_MAX = 0xffff_ffff_ffff_ffffn;

/** Splits `text` into tokens ending with `eof`, or returns the first lexical error. */
export function tokenize(text: string): Token[] | EvalError {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const col = i;
    const rest = text.slice(i);
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^(0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*[pP][+-]?[0-9]+|[0-9]*\.[0-9]+([eE][+-]?[0-9]+)?|[0-9]+\.([eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)[fFlL]?/))) {
      const tok = floatToken(m[0], col);
      if ('message' in tok) return tok;
      out.push(tok);
      i += m[0].length;
    } else if ((m = rest.match(/^[0-9][0-9a-zA-Z_]*/))) {
      const tok = intToken(m[0], col);
      if ('message' in tok) return tok;
      out.push(tok);
      i += m[0].length;
    } else if ((m = rest.match(/^[A-Za-z_][A-Za-z0-9_]*/))) {
      out.push({ kind: 'ident', text: m[0], col });
      i += m[0].length;
    } else if ((m = rest.match(/^\$[A-Za-z0-9_]*/))) {
      out.push({ kind: 'register', name: m[0].slice(1), col });
      i += m[0].length;
    } else if (ch === "'") {
      const r = quoted(text, i + 1, "'");
      if ('message' in r) return r;
      if (r.bytes.length === 0) return evalError(MSG_EMPTY_CHAR, col);
      out.push({ kind: 'char', value: r.bytes[0]!, col });
      i = r.end;
    } else if (ch === '"') {
      const r = quoted(text, i + 1, '"');
      if ('message' in r) return r;
      out.push({ kind: 'string', bytes: Uint8Array.from([...r.bytes, 0]), col });
      i = r.end;
    } else {
      const p = PUNCTUATORS.find((q) => rest.startsWith(q));
      if (!p) return evalError(`Invalid character '${ch}' in expression.`, col);
      out.push({ kind: 'punct', text: p, col });
      i += p.length;
    }
  }
  out.push({ kind: 'eof', col: text.length });
  return out;
}

/** Reads a quoted literal body from `start` up to the closing `quote`; returns its bytes and the index after it. */
function quoted(text: string, start: number, quote: string): { bytes: number[]; end: number } | EvalError {
  const bytes: number[] = [];
  let i = start;
  while (i < text.length && text[i] !== quote) {
    if (text[i] !== '\\') {
      const code = text.codePointAt(i)!;
      for (const b of new TextEncoder().encode(String.fromCodePoint(code))) bytes.push(b);
      i += code > 0xffff ? 2 : 1;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) break;
    if (e in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[e]!);
      i += 2;
    } else if (/[0-7]/.test(e)) {
      const digits = text.slice(i + 1).match(new RegExp(`^[0-7]{1,${MAX_OCTAL_ESCAPE_DIGITS}}`))![0];
      bytes.push(parseInt(digits, 8) & BYTE_MASK);
      i += 1 + digits.length;
    } else if (e === 'x') {
      const digits = text.slice(i + 2).match(/^[0-9a-fA-F]+/)?.[0];
      if (!digits) return evalError('\\x escape without a following hex digit', i);
      bytes.push(Number(BigInt('0x' + digits) & BigInt(BYTE_MASK)));
      i += 2 + digits.length;
    } else {
      bytes.push(e.charCodeAt(0) & BYTE_MASK);
      i += 2;
    }
  }
  if (i >= text.length) return evalError(quote === "'" ? MSG_UNMATCHED_QUOTE : MSG_UNTERMINATED_STRING, start - 1);
  return { bytes, end: i + 1 };
}

/** An integer constant and its C type (C11 6.4.4.1p5: first type of the list that can represent it). */
function intToken(text: string, col: number): Token | EvalError {
  const m = text.match(/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)([uU]?[lL]{0,2}|[lL]{1,2}[uU])$/);
  if (!m || /lL|Ll/.test(m[2]!)) return evalError(MSG_INVALID_NUMBER, col);
  const digits = m[1]!;
  const value = digits.length > 1 && digits[0] === '0' && !/[xX]/.test(digits) ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
  if (value > ULONG_MAX) return evalError(MSG_NUMBER_TOO_LARGE, col);
  const suffix = m[2]!.toLowerCase();
  const unsigned = suffix.includes('u');
  const long = suffix.includes('l');
  const decimal = /^[1-9]/.test(digits) || digits === '0';
  let type: DwarfType;
  if (!long && !unsigned && value <= INT_MAX) type = BUILTIN.int;
  else if (!long && (unsigned || !decimal) && value <= UINT_MAX) type = BUILTIN.unsignedInt;
  else if (!unsigned && value <= LONG_MAX) type = suffix.includes('ll') ? BUILTIN.longLong : BUILTIN.long;
  else type = suffix.includes('ll') ? BUILTIN.unsignedLongLong : BUILTIN.unsignedLong;
  return { kind: 'int', value, type, col };
}

/** A floating constant (C11 6.4.4.2): double, or float with an `f` suffix; hexadecimal ones via p-exponent. */
function floatToken(text: string, col: number): Token | EvalError {
  const suffix = /[fFlL]$/.test(text) ? text.slice(-1).toLowerCase() : '';
  const body = suffix ? text.slice(0, -1) : text;
  let value: number;
  const hex = body.match(/^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/);
  if (hex) {
    const mant = hex[1]! + hex[2]!;
    if (!mant) return evalError(MSG_INVALID_NUMBER, col);
    value = Number(BigInt('0x' + mant)) * 2 ** (Number(hex[3]) - 4 * hex[2]!.length);
  } else value = Number(body);
  if (Number.isNaN(value)) return evalError(MSG_INVALID_NUMBER, col);
  if (suffix === 'f') return { kind: 'float', value: Math.fround(value), type: BUILTIN.float, col };
  return { kind: 'float', value, type: suffix === 'l' ? BUILTIN.longDouble : BUILTIN.double, col };
}

/** gdb's syntax error for an unexpected token: quotes the text from that token to the end. */
export function syntaxError(text: string, col: number): EvalError {
  return evalError(MSG_SYNTAX(text.slice(col)), col);
}
