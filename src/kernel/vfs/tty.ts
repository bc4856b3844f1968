/**
 * The N_TTY line discipline of the console (turned on by KernelOptions.console.lineDiscipline):
 * what Linux's drivers/tty/n_tty.c does between the terminal and a reader, after termios(3),
 * written afresh. Input bytes from the host are processed as they arrive (Linux receive_buf):
 *
 * - c_iflag: ISTRIP, IGNCR, ICRNL, INLCR; IXON takes VSTART/VSTOP out of the input (output is
 *   never actually stopped); IUTF8 makes an erase remove a whole UTF-8 character.
 * - ISIG: VINTR, VQUIT, VSUSP send SIGINT, SIGQUIT, SIGTSTP to the foreground process group and,
 *   unless NOFLSH, flush the input not yet read.
 * - ICANON: line editing in the current line: VERASE (and ^H while VERASE is DEL, as FreeBSD's
 *   VERASE2; Linux erases with VERASE only), VKILL, VWERASE, VREPRINT and VLNEXT (with IEXTEN);
 *   a line is released by \n, VEOL, VEOL2 (IEXTEN) or VEOF. VEOF is not stored: a read returns
 *   the line so far, or 0 (end of file for that read only) at the start of a line.
 * - Non-canonical: VMIN/VTIME (termios(3) "Noncanonical mode"), VTIME counting virtual time.
 * - ECHO, ECHOE, ECHOK, ECHOKE, ECHONL, ECHOCTL ("^C"): echo goes through output processing.
 * - Output processing (OPOST, tty-output.ts): ONLCR, OCRNL, ONOCR, ONLRET, OLCUC.
 *
 * The buffer and the read rules are in tty-input.ts. Not modelled: ECHOPRT, IXANY/IXOFF,
 * PARMRK/INPCK, XCASE, FLUSHO, PENDIN, TOSTOP, VDISCARD. The input buffer holds N_TTY_BUF_SIZE
 * bytes; past that the console stops taking bytes from the host (throttles) until a reader makes
 * room, except that a canonical line with nothing released before it keeps accepting (dropping
 * ordinary bytes) so that it can still be ended.
 */
import { SIGINT, SIGQUIT, SIGTSTP } from '../signal';
import {
  C_IFLAG, C_LFLAG, ECHO, ECHOCTL, ECHOE, ECHOK, ECHOKE, ECHONL, ICANON, ICRNL, IEXTEN, IGNCR, INLCR, ISIG, ISTRIP,
  IXON, NOFLSH, POSIX_VDISABLE, VEOF, VEOL, VEOL2, VERASE, VINTR, VKILL, VLNEXT, VQUIT, VREPRINT, VSTART, VSTOP,
  VSUSP, VWERASE, controlChar, termiosFlags,
} from './termios';
import { ASCII_CASE_BIT, BS, CR, DEL, NL, OutputProcessor, SPACE, TAB, TAB_WIDTH, isCntrl, isContinuation, isLower, nextTabStop } from './tty-output';
import { TtyInput, type TtyRead } from './tty-input';

export { N_TTY_BUF_SIZE, NS_PER_VTIME_UNIT, type TtyRead } from './tty-input';

/** '^', shown before the letter of an echoed control character. */
const CARET = 0x5e;
const UNDERSCORE = 0x5f;
const ASCII_0 = 0x30;
const ASCII_9 = 0x39;
/** XOR turning a control character into the letter shown after '^' (^C = 0x03 ^ 0o100). */
const CTRL_ECHO_XOR = 0o100;
/** Strips the eighth bit (ISTRIP). */
const SEVEN_BITS = 0x7f;

/** What the line discipline needs from the console and the kernel. */
export interface TtyPort {
  /** Sends `sig` to the terminal's foreground process group (Linux isig → kill_pgrp). */
  signalForeground(sig: number): void;
  /** Shows `bytes` on the terminal (echo), already through output processing. */
  display(bytes: Uint8Array): void;
  /** Virtual time now, in nanoseconds (VTIME). */
  nowNs(): number;
}

/** True for a letter, digit or '_' (a word character of VWERASE, Linux's altwerase). */
function isWordChar(c: number): boolean {
  return (c >= ASCII_0 && c <= ASCII_9) || isLower(c | ASCII_CASE_BIT) || c === UNDERSCORE;
}

/** The N_TTY state of one terminal; `termios` is the live struct the guest sets (TCSETS). */
export class NTty {
  private readonly input: TtyInput;
  private readonly out: OutputProcessor;
  /** The previous byte was VLNEXT: the next one is taken literally. */
  private lnext = false;
  /** The output column where the current line's echo began (for erasing a tab). */
  private canonColumn = 0;
  /** Echo bytes gathered while one chunk of input is processed. */
  private echo: number[] = [];

  constructor(readonly termios: Uint8Array, private readonly port: TtyPort) {
    this.input = new TtyInput(termios);
    this.out = new OutputProcessor(termios);
  }

  private iflag(bit: number): boolean { return (termiosFlags(this.termios, C_IFLAG) & bit) !== 0; }
  private lflag(bit: number): boolean { return (termiosFlags(this.termios, C_LFLAG) & bit) !== 0; }
  /** True when input byte `c` is the (enabled) control character c_cc[index]. */
  private is(c: number, index: number): boolean {
    const cc = controlChar(this.termios, index);
    return cc !== POSIX_VDISABLE && c === cc;
  }

  /** Canonical (line-by-line) input is on. */
  get canonical(): boolean { return this.lflag(ICANON); }

  /** The VTIME deadline a blocked read waits for (virtual ns), if any. */
  get readDeadline(): number | undefined { return this.input.readDeadline; }

  /** True once the host's input has ended. */
  get ended(): boolean { return this.input.ended; }

  /** Bytes a read could return now (FIONREAD / TIOCINQ): released lines in canonical mode. */
  get inq(): number { return this.input.inq; }

  /**
   * Processes host input `bytes` in order; returns how many it took (fewer when the buffer is
   * full: the caller keeps the rest and offers it again after a read).
   */
  receive(bytes: Uint8Array): number {
    let taken = 0;
    for (; taken < bytes.length && !this.input.throttled; taken++) this.receiveByte(bytes[taken]!);
    this.flushEcho();
    return taken;
  }

  /** The host's input ended (a closed terminal): once the buffer is read, reads return 0. */
  hangup(): void { this.input.hangup(); }

  /** Drops all input not yet read (tcflush TCIFLUSH, TCSETSF, a signal character without NOFLSH). */
  flushInput(): void {
    this.input.flush();
    this.lnext = false;
  }

  /** The termios was just replaced (TCSETS*); `oldLflag` is c_lflag before. Switching ICANON re-frames the buffer as n_tty_set_termios does. */
  termiosChanged(oldLflag: number): void {
    if (((oldLflag ^ termiosFlags(this.termios, C_LFLAG)) & ICANON) === 0) return;
    this.lnext = false;
    this.input.reframe();
  }

  /**
   * A read of up to `max` bytes (max >= 1): canonical, one line (or its first `max` bytes); else
   * as VMIN/VTIME say. 'block' when the reader must wait (`readDeadline` tells until when).
   */
  read(max: number): TtyRead {
    return this.input.read(max, this.port.nowNs());
  }

  /** True when a read would not block now (poll's POLLIN). */
  readable(): boolean { return this.input.readable(); }

  /** Output processing (OPOST) of `data` for the terminal; keeps the column. */
  output(data: Uint8Array): Uint8Array { return this.out.process(data); }

  // ---- input ---------------------------------------------------------------------------------

  private receiveByte(c: number): void {
    if (this.iflag(ISTRIP)) c &= SEVEN_BITS;
    if (this.lnext) {
      this.lnext = false;
      this.ordinary(c);
      return;
    }
    if (this.iflag(IXON) && (this.is(c, VSTART) || this.is(c, VSTOP))) return;
    if (this.lflag(ISIG)) {
      const sig = this.is(c, VINTR) ? SIGINT : this.is(c, VQUIT) ? SIGQUIT : this.is(c, VSUSP) ? SIGTSTP : 0;
      if (sig) { this.isig(sig, c); return; }
    }
    if (c === CR) {
      if (this.iflag(IGNCR)) return;
      if (this.iflag(ICRNL)) c = NL;
    } else if (c === NL && this.iflag(INLCR)) c = CR;
    if (this.canonical && this.canonicalSpecial(c)) return;
    this.ordinary(c);
  }

  /** A signal character: the signal, the flush (unless NOFLSH), the echo ("^C"). */
  private isig(sig: number, c: number): void {
    this.port.signalForeground(sig);
    if (!this.lflag(NOFLSH)) this.flushInput();
    if (this.lflag(ECHO)) this.echoChar(c);
  }

  /** Canonical-mode editing and line ends; true when `c` was one of them. */
  private canonicalSpecial(c: number): boolean {
    const iexten = this.lflag(IEXTEN);
    const werase = iexten && this.is(c, VWERASE);
    if (this.is(c, VERASE) || this.is(c, VKILL) || werase || (c === BS && controlChar(this.termios, VERASE) === DEL)) {
      this.erase(this.is(c, VKILL) ? 'kill' : werase ? 'werase' : 'erase', c);
      return true;
    }
    if (iexten && this.is(c, VLNEXT)) {
      this.lnext = true;
      if (this.lflag(ECHO) && this.lflag(ECHOCTL)) this.echo.push(CARET, BS);
      return true;
    }
    if (iexten && this.lflag(ECHO) && this.is(c, VREPRINT)) {
      this.echoChar(c);
      this.echo.push(NL);
      for (let i = this.input.lineStart; i < this.input.length; i++) this.echoChar(this.input.byteAt(i));
      return true;
    }
    if (c === NL) {
      if (this.lflag(ECHO) || this.lflag(ECHONL)) this.echo.push(NL);
      this.input.endLine(NL);
      return true;
    }
    if (this.is(c, VEOF)) {
      this.input.endLine();
      return true;
    }
    if (this.is(c, VEOL) || (iexten && this.is(c, VEOL2))) {
      if (this.lflag(ECHO)) this.echoCharAtLineStart(c);
      this.input.endLine(c);
      return true;
    }
    return false;
  }

  /** A byte with no special meaning: echoed (a newline as itself) and buffered. */
  private ordinary(c: number): void {
    if (this.lflag(ECHO)) {
      if (c === NL) this.echo.push(NL);
      else this.echoCharAtLineStart(c);
    }
    this.input.put(c);
  }

  /**
   * VERASE / VWERASE / VKILL (n_tty eraser): removes the last character, word or the whole line
   * being edited, echoing "\b \b" per column (ECHOE, ECHOKE) or the character itself.
   */
  private erase(kind: 'erase' | 'werase' | 'kill', c: number): void {
    const input = this.input;
    if (input.length === input.lineStart) return;
    const echo = this.lflag(ECHO);
    if (kind === 'kill' && (!echo || !this.lflag(ECHOK) || !this.lflag(ECHOKE) || !this.lflag(ECHOE))) {
      input.truncate(input.lineStart);
      if (!echo) return;
      this.echoChar(c);
      if (this.lflag(ECHOK)) this.echo.push(NL);
      return;
    }
    let seenWord = 0;
    while (input.length > input.lineStart) {
      let head = input.length - 1;
      while (head > input.lineStart && isContinuation(this.termios, input.byteAt(head))) head--;
      const ch = input.byteAt(head);
      if (isContinuation(this.termios, ch)) break; // never erase part of a character
      if (kind === 'werase') {
        if (isWordChar(ch)) seenWord++;
        else if (seenWord) break;
      }
      input.truncate(head);
      if (echo) this.echoErase(kind, ch, c);
      if (kind === 'erase') break;
    }
  }

  /** The echo of erasing character `ch` (n_tty eraser's echo part). */
  private echoErase(kind: 'erase' | 'werase' | 'kill', ch: number, eraseChar: number): void {
    if (kind === 'erase' && !this.lflag(ECHOE)) { this.echoChar(eraseChar); return; }
    if (ch === TAB) {
      // Back to where the tab began: the column after the line's earlier characters.
      let col = this.canonColumn;
      for (let i = this.input.lineStart; i < this.input.length; i++) {
        const b = this.input.byteAt(i);
        if (b === TAB) col = nextTabStop(col);
        else if (isCntrl(b)) { if (this.lflag(ECHOCTL)) col += 2; }
        else if (!isContinuation(this.termios, b)) col++;
      }
      const back = TAB_WIDTH - (col & (TAB_WIDTH - 1));
      for (let i = 0; i < back; i++) this.echo.push(BS);
      return;
    }
    const ctrl = isCntrl(ch);
    if (ctrl && this.lflag(ECHOCTL)) this.echo.push(BS, SPACE, BS);
    if (!ctrl || this.lflag(ECHOCTL)) this.echo.push(BS, SPACE, BS);
  }

  /** Echoes `c`, first noting the column where a new line's echo begins. */
  private echoCharAtLineStart(c: number): void {
    if (this.input.length === this.input.lineStart) {
      this.flushEcho();
      this.canonColumn = this.out.column;
    }
    this.echoChar(c);
  }

  /** Echoes `c`: a control character other than tab as "^X" under ECHOCTL, else itself. */
  private echoChar(c: number): void {
    if (this.lflag(ECHOCTL) && isCntrl(c) && c !== TAB) this.echo.push(CARET, c ^ CTRL_ECHO_XOR);
    else this.echo.push(c);
  }

  /** Sends the gathered echo through output processing to the terminal. */
  private flushEcho(): void {
    if (this.echo.length === 0) return;
    const bytes = this.out.process(Uint8Array.from(this.echo));
    this.echo = [];
    this.port.display(bytes);
  }
}
