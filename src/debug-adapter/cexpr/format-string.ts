/**
 * Characters and strings as gdb prints them (gdb valprint.c generic_emit_char / generic_printstr,
 * C language, default settings): printable ASCII as itself, C's simple escapes, other bytes as
 * 3-digit octal; runs longer than REPEAT_COUNT_THRESHOLD as `'c' <repeats N times>` segments;
 * at most PRINT_ELEMENTS_LIMIT characters (whole runs count) then `...`.
 */
import { PRINT_ELEMENTS_LIMIT, REPEAT_COUNT_THRESHOLD } from './constants';

/** Escapes gdb uses in place of octal (C11 6.4.4.4 simple escape sequences). */
const CHAR_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
const FIRST_PRINTABLE = 0x20;
const LAST_PRINTABLE = 0x7e;
const BACKSLASH = 0x5c;
const OCTAL_DIGITS = 3;

/** One byte escaped for use inside `quote` (`'` for a char, `"` for a string). */
export function escapeChar(byte: number, quote: '"' | "'"): string {
  if (byte === BACKSLASH) return '\\\\';
  if (byte === quote.charCodeAt(0)) return '\\' + quote;
  if (byte >= FIRST_PRINTABLE && byte <= LAST_PRINTABLE) return String.fromCharCode(byte);
  return CHAR_ESCAPES[byte] ?? '\\' + byte.toString(8).padStart(OCTAL_DIGITS, '0');
}

/** A character in single quotes: `'A'`, `'\n'`, `'\377'`. */
export function quoteChar(byte: number): string {
  return `'${escapeChar(byte, "'")}'`;
}

/**
 * A string of bytes as gdb prints it. `dropTrailingNul`: a char array whose last byte is NUL
 * does not print that byte (unless `forceEllipsis`). `forceEllipsis` appends `...` (the text
 * was cut by the elements limit while reading).
 */
export function formatString(bytes: Uint8Array, options: { dropTrailingNul?: boolean; forceEllipsis?: boolean } = {}): string {
  let length = bytes.length;
  if (options.dropTrailingNul && !options.forceEllipsis && length > 0 && bytes[length - 1] === 0) length--;
  if (length === 0) return options.forceEllipsis ? '""...' : '""';
  const parts: string[] = [];
  let open = false;
  let printed = 0;
  let i = 0;
  while (i < length && printed < PRINT_ELEMENTS_LIMIT) {
    const byte = bytes[i]!;
    let run = 1;
    while (i + run < length && bytes[i + run] === byte) run++;
    if (run > REPEAT_COUNT_THRESHOLD) {
      if (open) parts.push('", ');
      else if (parts.length) parts.push(', ');
      parts.push(`${quoteChar(byte)} <repeats ${run} times>`);
      open = false;
    } else {
      if (!open) parts.push(parts.length ? ', "' : '"');
      open = true;
      parts.push(escapeChar(byte, '"').repeat(run));
    }
    printed += run;
    i += run;
  }
  if (open) parts.push('"');
  if (options.forceEllipsis || i < length) parts.push('...');
  return parts.join('');
}
