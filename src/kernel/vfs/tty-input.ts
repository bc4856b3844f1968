/**
 * The N_TTY line discipline's input buffer and its reading side (tty.ts does the editing): what
 * was typed, where the released lines end (canonical mode), the end of the host's input, and the
 * read rules of termios(3): one line per canonical read, VMIN/VTIME otherwise (Linux n_tty.c
 * n_tty_read, canon_copy_from_read_buf, written afresh).
 */
import { C_LFLAG, ICANON, VMIN, VTIME, controlChar, termiosFlags } from './termios';

/** Linux's N_TTY_BUF_SIZE: bytes of input the line discipline buffers. */
export const N_TTY_BUF_SIZE = 4096;
/** VTIME counts tenths of a second (termios(3)); virtual nanoseconds per tenth. */
export const NS_PER_VTIME_UNIT = 100_000_000;

/** A buffered entry with this bit ends a line (Linux's read_flags bit). */
const LINE_END = 0x100;
/** The entry VEOF leaves: ends a line and is never returned to the reader. */
const EOF_MARK = 0x200;
/** The byte of a buffered entry. */
const BYTE_MASK = 0xff;

/** Outcome of a read: bytes (empty = 0, end of file or a VMIN=0 read with nothing there) or `block`. */
export type TtyRead = Uint8Array | 'block';

/** The typed bytes not yet read; see the module comment. */
export class TtyInput {
  /** Entries: a byte, a byte | LINE_END, or EOF_MARK. */
  private buf: number[] = [];
  /** Canonical mode: entries [0, canonHead) are released lines; the rest is the line being edited. */
  private canonHead = 0;
  /** The host's input has ended: reads return what is left, then 0. */
  private hungUp = false;
  /** VTIME deadline (virtual ns) of the read waiting now, if any. */
  private deadline: number | undefined;

  constructor(private readonly termios: Uint8Array) {}

  private get canonical(): boolean { return (termiosFlags(this.termios, C_LFLAG) & ICANON) !== 0; }

  /** Entries buffered (released lines and the line being edited). */
  get length(): number { return this.buf.length; }

  /** Canonical mode: where the line being edited begins (entries before it are released). */
  get lineStart(): number { return this.canonHead; }

  /** The byte of entry `i`. */
  byteAt(i: number): number { return this.buf[i]! & BYTE_MASK; }

  /** Drops the entries from `n` on (erasing the end of the line being edited). */
  truncate(n: number): void { this.buf.length = Math.max(this.canonHead, n); }

  /** True when no byte may be taken now, except into a canonical line with nothing released before it. */
  get throttled(): boolean {
    return this.buf.length >= N_TTY_BUF_SIZE - 1 && !(this.canonical && this.canonHead === 0);
  }

  /** Buffers an ordinary byte; dropped when the buffer is full. */
  put(c: number): void {
    if (this.buf.length < N_TTY_BUF_SIZE - 1) this.buf.push(c);
  }

  /** Ends the line being edited with byte `c` (\n, VEOL), or with VEOF's mark when `c` is undefined, and releases it. */
  endLine(c?: number): void {
    if (this.buf.length >= N_TTY_BUF_SIZE) this.buf.length = N_TTY_BUF_SIZE - 1;
    this.buf.push(c === undefined ? EOF_MARK : c | LINE_END);
    this.canonHead = this.buf.length;
  }

  /** Drops everything not yet read. */
  flush(): void {
    this.buf = [];
    this.canonHead = 0;
    this.deadline = undefined;
  }

  /** ICANON was switched (n_tty_set_termios): entering canonical mode, what is there becomes one released line. */
  reframe(): void {
    this.deadline = undefined;
    this.buf = this.buf.filter((e) => e !== EOF_MARK).map((e) => e & ~LINE_END);
    if (this.canonical && this.buf.length > 0) {
      this.buf[this.buf.length - 1]! |= LINE_END;
      this.canonHead = this.buf.length;
    } else this.canonHead = 0;
  }

  /** The host's input ended (a closed terminal): once the buffer is read, reads return 0. */
  hangup(): void { this.hungUp = true; }

  /** True once the host's input has ended. */
  get ended(): boolean { return this.hungUp; }

  /** The VTIME deadline a blocked read waits for (virtual ns), if any. */
  get readDeadline(): number | undefined { return this.deadline; }

  /**
   * A read of up to `max` bytes (max >= 1) at virtual time `nowNs`: canonical, one line (or its
   * first `max` bytes); else as VMIN/VTIME say. 'block' when the reader must wait.
   */
  read(max: number, nowNs: number): TtyRead {
    return this.canonical ? this.readLine(max) : this.readRaw(max, nowNs);
  }

  /** True when a read would not block now (poll's POLLIN; n_tty input_available_p). */
  readable(): boolean {
    if (this.hungUp) return true;
    if (this.canonical) return this.canonHead > 0;
    const vmin = controlChar(this.termios, VMIN);
    const vtime = controlChar(this.termios, VTIME);
    return this.available(this.buf.length) >= (vtime === 0 && vmin > 0 ? vmin : 1);
  }

  /** Bytes a read could return now (FIONREAD / TIOCINQ): released lines in canonical mode. */
  get inq(): number {
    return this.available(this.canonical ? this.canonHead : this.buf.length);
  }

  /** Data bytes among the first `end` entries (EOF marks do not count). */
  private available(end: number): number {
    let n = 0;
    for (let i = 0; i < end; i++) if (this.buf[i] !== EOF_MARK) n++;
    return n;
  }

  /** Canonical read: the first released line, at most `max` bytes of it. */
  private readLine(max: number): TtyRead {
    let end = -1;
    for (let i = 0; i < this.canonHead; i++) {
      if (this.buf[i]! & (LINE_END | EOF_MARK)) { end = i; break; }
    }
    if (end < 0) {
      // Nothing released. After the host's end of input the partial line is returned, then 0.
      if (!this.hungUp) return 'block';
      return this.take(Math.min(max, this.buf.length));
    }
    if (this.buf[end] === EOF_MARK && end <= max) {
      // VEOF: the line without the mark (0 bytes at the start of a line); the mark goes too.
      const out = this.take(end);
      this.buf.shift();
      this.canonHead--;
      return out;
    }
    return this.take(Math.min(max, end + 1));
  }

  /** Non-canonical read after VMIN/VTIME (termios(3) "Noncanonical mode"): the four cases. */
  private readRaw(max: number, now: number): TtyRead {
    this.buf = this.buf.filter((e) => e !== EOF_MARK);
    this.canonHead = Math.min(this.canonHead, this.buf.length);
    const avail = this.buf.length;
    const vmin = controlChar(this.termios, VMIN);
    const vtime = controlChar(this.termios, VTIME);
    const expired = this.deadline !== undefined && now >= this.deadline;
    const done = (): Uint8Array => { this.deadline = undefined; return this.take(Math.min(avail, max)); };
    if (vmin === 0) {
      // VTIME 0: a poll; VTIME > 0: wait up to VTIME for the first byte.
      if (avail > 0 || vtime === 0 || expired || this.hungUp) return done();
      this.deadline ??= now + vtime * NS_PER_VTIME_UNIT;
      return 'block';
    }
    if (avail >= Math.min(vmin, max) || this.hungUp) return done();
    if (avail === 0 || vtime === 0) { this.deadline = undefined; return 'block'; }
    // VMIN > 0, VTIME > 0: once a byte is there, VTIME bounds the wait for the rest.
    if (expired) return done();
    this.deadline ??= now + vtime * NS_PER_VTIME_UNIT;
    return 'block';
  }

  /** Removes the first `n` entries and returns their bytes. */
  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.buf[i]! & BYTE_MASK;
    this.buf.splice(0, n);
    this.canonHead = Math.max(0, this.canonHead - n);
    return out;
  }
}
