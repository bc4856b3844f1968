/**
 * The console: the terminal of the guest (/dev/console, /dev/tty and the first program's fds 0,
 * 1, 2), its terminal ioctls (tty_ioctl(4)) and its foreground process group. With the N_TTY
 * line discipline on (tty.ts) the host's bytes are a terminal's keystrokes.
 */
import type { KernelHost } from '../api';
import { EFAULT, EINVAL, ENOTTY, ESRCH, EPERM } from '../errno';
import { OpenFile, POLLIN, POLLOUT, WOULD_BLOCK, type IoContext, type WouldBlock } from '../files';
import type { WaitReason } from '../process';
import type { Inode } from './inode';
import { C_LFLAG, IUTF8, TERMIOS_BYTES, defaultTermios, termiosFlags } from './termios';
import { N_TTY_BUF_SIZE, NTty } from './tty';

/** Terminal ioctls (asm-generic/ioctls.h). */
export const TCGETS = 0x5401;
export const TCSETS = 0x5402;
export const TCSETSW = 0x5403;
export const TCSETSF = 0x5404;
export const TCSBRK = 0x5409;
export const TCFLSH = 0x540b;
export const TIOCGPGRP = 0x540f;
export const TIOCSPGRP = 0x5410;
export const TIOCGWINSZ = 0x5413;
export const TIOCSWINSZ = 0x5414;
export const FIONREAD = 0x541b;
export const FIONBIO = 0x5421;
export const TIOCGSID = 0x5429;
/** tcflush(3) queue selectors of TCFLSH. */
export const TCIFLUSH = 0;
export const TCOFLUSH = 1;
export const TCIOFLUSH = 2;

export { TERMIOS_BYTES, NCCS } from './termios';
/** Bytes of struct winsize (four unsigned shorts). */
export const WINSIZE_BYTES = 8;

/** Default window size reported by TIOCGWINSZ: 24 rows, 80 columns. */
export const DEFAULT_ROWS = 24;
export const DEFAULT_COLS = 80;
/** Most bytes taken from the host per readConsole call. */
const HOST_CHUNK_BYTES = N_TTY_BUF_SIZE;
/** The stream echo goes to (the terminal's screen): stdout. */
const ECHO_STREAM = 1;

/** What the console's line discipline needs from the kernel. */
export interface ConsolePort {
  /** Sends `sig` to every live process of process group `pgrp` (Linux kill_pgrp); none there: nothing. */
  signalGroup(pgrp: number, sig: number): void;
  /** Virtual time now, in nanoseconds. */
  nowNs(): number;
}

/**
 * The console: one per kernel, the controlling terminal of the first program's session.
 * Output goes to the host; input comes from the host. It keeps the termios and window size
 * that TCSETS/TIOCSWINSZ store and the foreground process group (TIOCGPGRP/TIOCSPGRP).
 *
 * Two modes. Without a line discipline (the default: the host does the line editing, as the
 * CLI does on its own terminal) bytes pass unchanged, with a one-chunk buffer so that poll(2)
 * can learn whether input is ready without losing it. With the N_TTY line discipline
 * (`enableLineDiscipline`, tty.ts) host bytes are processed as termios says: echo, line editing,
 * signal characters, VMIN/VTIME, and OPOST output processing of everything written.
 */
export class Console {
  /** Input taken from the host and not yet read (without a line discipline) or not yet taken by it (throttled). */
  private pending?: Uint8Array;
  /** The host reported end of input (without a line discipline: consumed by the next read, which returns 0). */
  private eof = false;
  readonly termios = defaultTermios();
  readonly winsize = new Uint8Array(WINSIZE_BYTES);
  /** The foreground process group (0 before the first program starts). */
  foregroundPgrp = 0;
  /** The session whose controlling terminal this is (the first program's; 0 before it starts). */
  session = 0;
  private ldisc?: NTty;

  constructor(private readonly host: KernelHost) {
    const v = new DataView(this.winsize.buffer);
    v.setUint16(0, DEFAULT_ROWS, true);
    v.setUint16(2, DEFAULT_COLS, true);
  }

  /**
   * Turns the N_TTY line discipline on (before the first program starts). The termios becomes
   * Linux's default plus IUTF8: the host's terminal speaks UTF-8.
   */
  enableLineDiscipline(port: ConsolePort): void {
    this.termios.set(defaultTermios(IUTF8));
    this.ldisc = new NTty(this.termios, {
      signalForeground: (sig) => { if (this.foregroundPgrp > 0) port.signalGroup(this.foregroundPgrp, sig); },
      display: (bytes) => this.host.writeConsole(ECHO_STREAM, bytes),
      nowNs: () => port.nowNs(),
    });
  }

  /**
   * Sets the window size TIOCGWINSZ reports to `rows` x `cols` characters (struct winsize's
   * ws_row and ws_col; the pixel fields stay 0). True when it changed.
   */
  resize(rows: number, cols: number): boolean {
    const v = new DataView(this.winsize.buffer);
    if (v.getUint16(0, true) === rows && v.getUint16(2, true) === cols) return false;
    v.setUint16(0, rows, true);
    v.setUint16(2, cols, true);
    return true;
  }

  /** True when the N_TTY line discipline processes input and output. */
  get lineDiscipline(): boolean {
    return this.ldisc !== undefined;
  }

  /**
   * Line discipline only: takes what the host has (readConsole) through the line discipline
   * (echo, signals, line editing) until the host has nothing more or the input buffer is full.
   * Returns true when something was taken or the input ended.
   */
  receive(): boolean {
    const ld = this.ldisc;
    if (!ld) return false;
    let any = false;
    for (;;) {
      if (!this.pending) {
        if (ld.ended) return any;
        const data = this.host.readConsole ? this.host.readConsole(HOST_CHUNK_BYTES) : new Uint8Array(0);
        if (data === undefined) return any;
        any = true;
        if (data.length === 0) { ld.hangup(); return true; }
        this.pending = data;
      }
      const n = ld.receive(this.pending);
      if (n > 0) any = true;
      this.pending = n >= this.pending.length ? undefined : this.pending.subarray(n);
      if (this.pending) return any; // the buffer is full: the rest waits for a reader
    }
  }

  /** Up to `max` bytes of input; empty at end of input, WOULD_BLOCK when none is there yet. */
  read(max: number): Uint8Array | WouldBlock {
    if (this.ldisc) {
      this.receive();
      const r = this.ldisc.read(max);
      return r === 'block' ? WOULD_BLOCK : r;
    }
    if (this.pending) {
      const out = this.pending.slice(0, max);
      this.pending = this.pending.length > max ? this.pending.subarray(max) : undefined;
      return out;
    }
    if (this.eof) { this.eof = false; return new Uint8Array(0); }
    const data = this.host.readConsole ? this.host.readConsole(max) : new Uint8Array(0);
    if (data === undefined) return WOULD_BLOCK;
    if (data.length > max) this.pending = data.slice(max);
    return data.slice(0, max);
  }

  /** True when a read would not block (input buffered, or end of input). */
  readReady(): boolean {
    if (this.ldisc) {
      this.receive();
      return this.ldisc.readable();
    }
    if (this.pending || this.eof) return true;
    const data = this.host.readConsole ? this.host.readConsole(HOST_CHUNK_BYTES) : new Uint8Array(0);
    if (data === undefined) return false;
    if (data.length === 0) this.eof = true;
    else this.pending = data;
    return true;
  }

  /** Bytes buffered for reading (FIONREAD): with the line discipline, what a read could return now. */
  get buffered(): number {
    if (this.ldisc) return this.ldisc.inq;
    return this.pending?.length ?? 0;
  }

  /** The VTIME deadline (virtual ns) a blocked read waits until, if any. */
  get readDeadline(): number | undefined {
    return this.ldisc?.readDeadline;
  }

  /** Sends output to the host: `stream` 1 = stdout, 2 = stderr (through OPOST with the line discipline). */
  write(stream: number, data: Uint8Array): void {
    this.host.writeConsole(stream, this.ldisc ? this.ldisc.output(data) : data);
  }

  /** TCSETS*: the new termios bytes; `flush` (TCSETSF) drops unread input first. */
  setTermios(bytes: Uint8Array, flush: boolean): void {
    if (flush) this.flushInput();
    const oldLflag = termiosFlags(this.termios, C_LFLAG);
    this.termios.set(bytes);
    this.ldisc?.termiosChanged(oldLflag);
  }

  /** Drops input not yet read (tcflush TCIFLUSH), including what the host already handed over. */
  flushInput(): void {
    this.pending = undefined;
    this.ldisc?.flushInput();
  }
}

/**
 * An open console (/dev/console, /dev/tty, and the fds 0, 1, 2 of the first process): writes
 * go to host stream `stream` (1 stdout, 2 stderr), reads come from the host. Not seekable.
 */
export class ConsoleFile extends OpenFile {
  readonly kind = 'console';

  constructor(inode: Inode, path: string, flags: number, private readonly console: Console, readonly stream: number) {
    super(inode, path, flags);
  }

  override read(max: number): Uint8Array | number | WouldBlock {
    return this.console.read(max);
  }

  override write(data: Uint8Array): number {
    this.console.write(this.stream, data);
    return data.length;
  }

  override poll(): number {
    return (this.console.readReady() ? POLLIN : 0) | POLLOUT;
  }

  /** A blocked read waits for input, and for a VTIME deadline when one runs (then the read re-executes). */
  override waitReason(): WaitReason {
    const until = this.console.readDeadline;
    return until === undefined ? { kind: 'console' } : { kind: 'console', untilNs: until };
  }

  /**
   * TCGETS/TCSETS*, TCFLSH, TCSBRK, TIOCGWINSZ/TIOCSWINSZ, TIOCGPGRP/TIOCSPGRP, TIOCGSID,
   * FIONREAD; -ENOTTY for others (tty_ioctl(4)).
   */
  override ioctl(cmd: number, arg: number, io: IoContext): number {
    const um = io.k.userMemory(io.proc);
    switch (cmd) {
      case TCGETS: return um.write(arg, this.console.termios);
      case TCSETS: case TCSETSW: case TCSETSF: {
        const b = um.read(arg, TERMIOS_BYTES);
        if (typeof b === 'number') return b;
        this.console.setTermios(b, cmd === TCSETSF);
        return 0;
      }
      case TCFLSH:
        if (arg !== TCIFLUSH && arg !== TCOFLUSH && arg !== TCIOFLUSH) return -EINVAL;
        if (arg !== TCOFLUSH) this.console.flushInput();
        return 0;
      case TCSBRK: return 0; // tcdrain: output is never queued
      case TIOCGWINSZ: return um.write(arg, this.console.winsize);
      case TIOCSWINSZ: {
        const b = um.read(arg, WINSIZE_BYTES);
        if (typeof b === 'number') return b;
        this.console.winsize.set(b);
        return 0;
      }
      case TIOCGPGRP:
        if (io.proc.sid !== this.console.session) return -ENOTTY;
        return um.writeU32(arg, this.console.foregroundPgrp);
      case TIOCSPGRP: return this.setForeground(arg, io);
      case TIOCGSID:
        if (io.proc.sid !== this.console.session) return -ENOTTY;
        return um.writeU32(arg, this.console.session);
      case FIONREAD: return um.writeU32(arg, this.console.buffered);
      default: return super.ioctl(cmd, arg, io);
    }
  }

  /**
   * TIOCSPGRP (tcsetpgrp(3), Linux tiocspgrp): the caller must be in the console's session;
   * the group must exist there. -ENOTTY, -EFAULT, -EINVAL (negative), -ESRCH (no such group),
   * -EPERM (a group of another session). Not modelled: SIGTTOU to a background caller.
   */
  private setForeground(arg: number, io: IoContext): number {
    if (io.proc.sid !== this.console.session) return -ENOTTY;
    const b = io.k.userMemory(io.proc).read(arg, 4);
    if (typeof b === 'number') return -EFAULT;
    const pgrp = new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
    if (pgrp < 0) return -EINVAL;
    let found = false;
    for (const p of io.k.procs.values()) {
      if (p.zombie || p.pgid !== pgrp) continue;
      if (p.sid !== io.proc.sid) return -EPERM;
      found = true;
    }
    if (!found) return io.k.procs.has(pgrp) ? -EPERM : -ESRCH;
    this.console.foregroundPgrp = pgrp;
    return 0;
  }
}
