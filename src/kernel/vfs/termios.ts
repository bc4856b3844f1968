/**
 * The kernel's struct termios on riscv64 and its flag bits, as the N_TTY line discipline
 * (tty.ts) and the console's ioctls (devices.ts) read them. Layout and values are Linux's
 * asm-generic/termbits.h and termbits-common.h: four 32-bit little-endian tcflag_t words
 * (c_iflag, c_oflag, c_cflag, c_lflag), the line discipline byte c_line, then c_cc[NCCS].
 * Meanings: termios(3).
 */

/** Bytes of struct termios: 4 tcflag_t, c_line, c_cc[NCCS]. */
export const TERMIOS_BYTES = 36;
/** NCCS: control characters in c_cc. */
export const NCCS = 19;
/** Byte offsets of the fields. */
export const C_IFLAG = 0;
export const C_OFLAG = 4;
export const C_CFLAG = 8;
export const C_LFLAG = 12;
export const C_LINE = 16;
export const C_CC = 17;

/** Indexes into c_cc (asm-generic/termbits.h). */
export const VINTR = 0;
export const VQUIT = 1;
export const VERASE = 2;
export const VKILL = 3;
export const VEOF = 4;
export const VTIME = 5;
export const VMIN = 6;
export const VSWTC = 7;
export const VSTART = 8;
export const VSTOP = 9;
export const VSUSP = 10;
export const VEOL = 11;
export const VREPRINT = 12;
export const VDISCARD = 13;
export const VWERASE = 14;
export const VLNEXT = 15;
export const VEOL2 = 16;

/** c_iflag bits. */
export const ISTRIP = 0o40;
export const INLCR = 0o100;
export const IGNCR = 0o200;
export const ICRNL = 0o400;
export const IXON = 0o2000;
export const IUTF8 = 0o40000;

/** c_oflag bits. */
export const OPOST = 0o1;
export const OLCUC = 0o2;
export const ONLCR = 0o4;
export const OCRNL = 0o10;
export const ONOCR = 0o20;
export const ONLRET = 0o40;

/** c_cflag bits of the default setup. */
export const B38400 = 0o17;
export const CS8 = 0o60;
export const CREAD = 0o200;
export const HUPCL = 0o2000;

/** c_lflag bits. */
export const ISIG = 0o1;
export const ICANON = 0o2;
export const ECHO = 0o10;
export const ECHOE = 0o20;
export const ECHOK = 0o40;
export const ECHONL = 0o100;
export const NOFLSH = 0o200;
export const ECHOCTL = 0o1000;
export const ECHOPRT = 0o2000;
export const ECHOKE = 0o4000;
export const IEXTEN = 0o100000;

/** The c_line value of the N_TTY line discipline (tty_ldisc.h N_TTY = 0). */
export const N_TTY = 0;

/**
 * A c_cc value that disables its function (_POSIX_VDISABLE, Linux __DISABLED_CHAR): 0, so an
 * unset VEOL (0) matches no input byte.
 */
export const POSIX_VDISABLE = 0;

/** Linux's INIT_C_CC: ^C ^\ DEL ^U ^D, VTIME 0, VMIN 1, VSWTC 0, ^Q ^S ^Z, VEOL 0, ^R ^O ^W ^V, VEOL2 0. */
const INIT_C_CC = [0o3, 0o34, 0o177, 0o25, 0o4, 0, 1, 0, 0o21, 0o23, 0o32, 0, 0o22, 0o17, 0o27, 0o26, 0, 0, 0];

/**
 * The console's termios at boot: what Linux sets up for a fresh tty (tty_std_termios):
 * ICRNL|IXON, OPOST|ONLCR, B38400|CS8|CREAD|HUPCL, ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN,
 * c_line N_TTY and INIT_C_CC. `iflagExtra` is or-ed into c_iflag (IUTF8 for a UTF-8 terminal).
 */
export function defaultTermios(iflagExtra = 0): Uint8Array {
  const b = new Uint8Array(TERMIOS_BYTES);
  const v = new DataView(b.buffer);
  v.setUint32(C_IFLAG, ICRNL | IXON | iflagExtra, true);
  v.setUint32(C_OFLAG, OPOST | ONLCR, true);
  v.setUint32(C_CFLAG, B38400 | CS8 | CREAD | HUPCL, true);
  v.setUint32(C_LFLAG, ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN, true);
  b[C_LINE] = N_TTY;
  b.set(INIT_C_CC.slice(0, NCCS), C_CC);
  return b;
}

/** One tcflag_t word of `termios` at byte offset `field` (C_IFLAG...). */
export function termiosFlags(termios: Uint8Array, field: number): number {
  return (termios[field]! | (termios[field + 1]! << 8) | (termios[field + 2]! << 16) | (termios[field + 3]! << 24)) >>> 0;
}

/** c_cc[`index`] of `termios` (VINTR, VMIN...). */
export function controlChar(termios: Uint8Array, index: number): number {
  return termios[C_CC + index]!;
}
