/**
 * Lexer for GNU as RISC-V syntax (GNU as manual, "Syntax": symbols, constants, comments and
 * statements; RISC-V target: `#` starts a comment, `;` separates statements). Two steps:
 * `splitStatements` cuts a physical line into statements (removing `#` and `/* *\/` comments,
 * keeping columns), and `tokenize` turns one statement into tokens with source columns.
 * Never throws: a malformed token becomes an `error` token carrying its message.
 */

/** Token kinds. `local` is a numeric local label reference (`1b`, `2f`); `reloc` is `%hi` etc. */
export type TokenKind = 'ident' | 'number' | 'string' | 'char' | 'local' | 'reloc' | 'punct' | 'error';

/** One token; `start`/`end` are 0-based columns in the source line (end exclusive). */
export interface Token {
  kind: TokenKind;
  /** Identifier or punctuation text; the decoded string for `string`; the message for `error`. */
  text: string;
  /** Value of a number, char or local label number. */
  value?: bigint;
  /** For `local`: 'b' (backward) or 'f' (forward). */
  direction?: 'b' | 'f';
  start: number;
  end: number;
}

/** A statement of a line: its text and the column where it starts. */
export interface StatementText {
  text: string;
  column: number;
}

/** Multi-character punctuation, longest first. */
const PUNCT2 = ['<<', '>>', '==', '!=', '<>', '<=', '>=', '&&', '||'];
const PUNCT1 = '()[],+-*/%|&^!~<>:=@{}';

const isIdentStart = (c: string) => /[A-Za-z_.$]/.test(c);
const isIdentChar = (c: string) => /[A-Za-z0-9_.$]/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

/**
 * Splits `line` into statements at `;`, removing `#` comments and C comments. `inComment` says
 * whether the line starts inside a `/* *\/` comment; the result says whether it ends inside one.
 * Comment text becomes spaces, so columns stay those of the source line.
 */
export function splitStatements(line: string, inComment: boolean): { statements: StatementText[]; inComment: boolean } {
  const statements: StatementText[] = [];
  let buf = '';
  let start = 0;
  let i = 0;
  const flush = (end: number) => {
    if (buf.trim() !== '') statements.push({ text: buf, column: start });
    buf = '';
    start = end + 1;
  };
  while (i < line.length) {
    if (inComment) {
      const close = line.indexOf('*/', i);
      const stop = close < 0 ? line.length : close + 2;
      buf += ' '.repeat(stop - i);
      i = stop;
      if (close >= 0) inComment = false;
      continue;
    }
    const c = line[i]!;
    if (c === '"') {
      const end = stringEnd(line, i);
      buf += line.slice(i, end);
      i = end;
    } else if (c === "'" && i + 1 < line.length) {
      // a character constant: 'c, 'c' or '\n' — its character may be # or ;
      const n = line[i + 1] === '\\' ? 3 : 2;
      buf += line.slice(i, i + n);
      i += n;
    } else if (c === '/' && line[i + 1] === '*') {
      inComment = true;
      buf += '  ';
      i += 2;
    } else if (c === '#') {
      break;
    } else if (c === ';') {
      flush(i);
      i++;
    } else {
      buf += c;
      i++;
    }
  }
  flush(line.length);
  return { statements, inComment };
}

/** Index just past the string literal starting at `line[i] === '"'` (or the line end). */
function stringEnd(line: string, i: number): number {
  let j = i + 1;
  while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
  return Math.min(j + 1, line.length);
}

/** Tokenizes one statement; `column` is where `text` starts in its source line. */
export function tokenize(text: string, column = 0): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') { i++; continue; }
    const start = i;
    let tok: Token;
    if (isDigit(c)) {
      tok = lexNumber(text, i);
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < text.length && isIdentChar(text[j]!)) j++;
      tok = { kind: 'ident', text: text.slice(i, j), start: i, end: j };
    } else if (c === '"') {
      tok = lexString(text, i);
    } else if (c === "'") {
      tok = lexChar(text, i);
    } else if (c === '%' && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j]!)) j++;
      tok = { kind: 'reloc', text: text.slice(i + 1, j), start: i, end: j };
    } else {
      const two = text.slice(i, i + 2);
      if (PUNCT2.includes(two)) tok = { kind: 'punct', text: two, start: i, end: i + 2 };
      else if (PUNCT1.includes(c)) tok = { kind: 'punct', text: c, start: i, end: i + 1 };
      else tok = { kind: 'error', text: `junk character \`${c}'`, start: i, end: i + 1 };
    }
    if (tok.end <= start) tok.end = start + 1; // always advance
    i = tok.end;
    tok.start += column;
    tok.end += column;
    out.push(tok);
  }
  return out;
}

/** Number at text[i] (a digit): 0x hex, 0b binary, leading-0 octal, decimal, or `Nb`/`Nf`. */
function lexNumber(text: string, i: number): Token {
  let j = i;
  while (j < text.length && isIdentChar(text[j]!)) j++;
  const word = text.slice(i, j);
  const local = /^([0-9]+)([bf])$/.exec(word);
  if (local && !/^0b[01]+$/.test(word)) {
    return { kind: 'local', text: word, value: BigInt(local[1]!), direction: local[2] as 'b' | 'f', start: i, end: j };
  }
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(word);
  if (!m) return { kind: 'error', text: `bad number \`${word}'`, start: i, end: j };
  let value: bigint;
  if (/^0[bB]/.test(word)) value = BigInt('0b' + word.slice(2));
  else if (/^0[xX]/.test(word)) value = BigInt(word);
  else if (word.length > 1 && word[0] === '0') value = BigInt('0o' + word.slice(1));
  else value = BigInt(word);
  return { kind: 'number', text: word, value, start: i, end: j };
}

const SIMPLE_ESCAPES: Record<string, number> = { b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39 };

/**
 * Decodes one escape sequence at text[i] === '\\' (GNU as manual "Strings": \b \f \n \r \t,
 * \ooo octal, \xhh... hex, \\ \"); returns the byte and the index after it.
 */
function escapeAt(text: string, i: number): { byte: number; next: number } {
  const c = text[i + 1];
  if (c === undefined) return { byte: 92, next: i + 1 };
  if (c in SIMPLE_ESCAPES) return { byte: SIMPLE_ESCAPES[c]!, next: i + 2 };
  if (c >= '0' && c <= '7') {
    let j = i + 1;
    let v = 0;
    while (j < text.length && j < i + 4 && text[j]! >= '0' && text[j]! <= '7') v = v * 8 + Number(text[j++]);
    return { byte: v & 0xff, next: j };
  }
  if (c === 'x' || c === 'X') {
    let j = i + 2;
    let v = 0;
    while (j < text.length && /[0-9a-fA-F]/.test(text[j]!)) v = (v * 16 + parseInt(text[j++]!, 16)) & 0xff;
    return { byte: v, next: j };
  }
  return { byte: c.charCodeAt(0) & 0xff, next: i + 2 };
}

const UTF8 = new TextEncoder();
const CHUNK = 4096;

/** Bytes as a latin-1 string (one char per byte), in chunks so a long string cannot overflow the stack. */
export function latin1(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) out += String.fromCharCode(...bytes.slice(i, i + CHUNK));
  return out;
}

/** A string literal: `text` holds the bytes as a latin-1 string (UTF-8 source chars are encoded). */
function lexString(text: string, i: number): Token {
  let j = i + 1;
  const bytes: number[] = [];
  while (j < text.length && text[j] !== '"') {
    if (text[j] === '\\') {
      const e = escapeAt(text, j);
      bytes.push(e.byte);
      j = e.next;
    } else {
      const cp = text.codePointAt(j)!;
      if (cp < 0x80) bytes.push(cp);
      else for (const b of UTF8.encode(String.fromCodePoint(cp))) bytes.push(b);
      j += cp > 0xffff ? 2 : 1;
    }
  }
  if (j >= text.length) return { kind: 'error', text: 'missing closing `"\'', start: i, end: text.length };
  return { kind: 'string', text: latin1(bytes), start: i, end: j + 1 };
}

/** A character constant `'c`, `'c'` or `'\n'` (GNU as manual "Characters"). */
function lexChar(text: string, i: number): Token {
  if (i + 1 >= text.length) return { kind: 'error', text: 'missing character after `\'\'', start: i, end: i + 1 };
  let value: number;
  let j: number;
  if (text[i + 1] === '\\') {
    const e = escapeAt(text, i + 1);
    value = e.byte;
    j = e.next;
  } else {
    value = text.codePointAt(i + 1)!;
    j = i + 1 + String.fromCodePoint(value).length;
  }
  if (text[j] === "'") j++;
  return { kind: 'char', text: text.slice(i, j), value: BigInt(value), start: i, end: j };
}
