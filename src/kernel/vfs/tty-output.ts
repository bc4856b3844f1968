/**
 * Output processing of the N_TTY line discipline (termios(3) c_oflag with OPOST; Linux n_tty.c
 * do_output_char, written afresh), and the byte classes the line discipline shares. It keeps the
 * output column, which erasing a tab needs.
 */
import { C_OFLAG, IUTF8, C_IFLAG, OCRNL, OLCUC, ONLCR, ONLRET, ONOCR, OPOST, termiosFlags } from './termios';

/** Bytes the line discipline treats specially (ASCII). */
export const NL = 0x0a;
export const CR = 0x0d;
export const TAB = 0x09;
export const BS = 0x08;
export const SPACE = 0x20;
export const DEL = 0x7f;
/** Columns between tab stops. */
export const TAB_WIDTH = 8;
/** UTF-8 continuation bytes are 10xxxxxx. */
const UTF8_CONT_MASK = 0xc0;
const UTF8_CONT = 0x80;
const ASCII_LOWER_A = 0x61;
const ASCII_LOWER_Z = 0x7a;
/** The bit that separates an ASCII letter's two cases. */
export const ASCII_CASE_BIT = 0x20;

/** True for an ASCII control character (iscntrl in the C locale). */
export function isCntrl(c: number): boolean {
  return c < SPACE || c === DEL;
}

/** True for a lowercase ASCII letter. */
export function isLower(c: number): boolean {
  return c >= ASCII_LOWER_A && c <= ASCII_LOWER_Z;
}

/** True when `c` continues a UTF-8 character and `termios` has IUTF8 (Linux is_continuation). */
export function isContinuation(termios: Uint8Array, c: number): boolean {
  return (termiosFlags(termios, C_IFLAG) & IUTF8) !== 0 && (c & UTF8_CONT_MASK) === UTF8_CONT;
}

/** The column after tab stop arithmetic: a tab at `col` moves to the next multiple of TAB_WIDTH. */
export function nextTabStop(col: number): number {
  return (col | (TAB_WIDTH - 1)) + 1;
}

/** OPOST output processing of one terminal, keeping its column. */
export class OutputProcessor {
  /** Output column (0 = the line's first). */
  column = 0;

  constructor(private readonly termios: Uint8Array) {}

  /** `data` as the terminal gets it: ONLCR, OCRNL, ONOCR, ONLRET, OLCUC under OPOST; unchanged without OPOST. */
  process(data: Uint8Array): Uint8Array {
    const oflag = termiosFlags(this.termios, C_OFLAG);
    if (!(oflag & OPOST)) return data;
    const out = new Uint8Array(data.length * 2);
    let n = 0;
    for (let c of data) {
      if (c === NL) {
        if (oflag & ONLRET) this.column = 0;
        if (oflag & ONLCR) { this.column = 0; out[n++] = CR; }
      } else if (c === CR) {
        if ((oflag & ONOCR) && this.column === 0) continue;
        if (oflag & OCRNL) { c = NL; if (oflag & ONLRET) this.column = 0; } else this.column = 0;
      } else if (c === TAB) this.column = nextTabStop(this.column);
      else if (c === BS) { if (this.column > 0) this.column--; }
      else if (!isCntrl(c)) {
        if ((oflag & OLCUC) && isLower(c)) c ^= ASCII_CASE_BIT;
        if (!isContinuation(this.termios, c)) this.column++;
      }
      out[n++] = c;
    }
    return out.subarray(0, n);
  }
}
