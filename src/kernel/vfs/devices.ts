import type { KernelHost } from '../api';
import { EFAULT, EINVAL } from '../errno';
import { OpenFile, POLLIN, POLLOUT, WOULD_BLOCK, type IoContext, type WouldBlock } from '../files';
import type { WaitReason } from '../process';
import { makeDev, type Inode } from './inode';

/**
 * Character devices: the console (/dev/console, /dev/tty), /dev/null, /dev/zero and
 * /dev/urandom (/dev/random). Device numbers are Linux's (devices.txt): mem devices are major
 * 1, the console 5:1 and the controlling tty 5:0.
 */
export const DEV_NULL = makeDev(1, 3);
export const DEV_ZERO = makeDev(1, 5);
export const DEV_RANDOM = makeDev(1, 8);
export const DEV_URANDOM = makeDev(1, 9);
export const DEV_TTY = makeDev(5, 0);
export const DEV_CONSOLE = makeDev(5, 1);

/** Terminal ioctls (asm-generic/ioctls.h). */
export const TCGETS = 0x5401;
export const TCSETS = 0x5402;
export const TCSETSW = 0x5403;
export const TCSETSF = 0x5404;
export const TIOCGPGRP = 0x540f;
export const TIOCSPGRP = 0x5410;
export const TIOCGWINSZ = 0x5413;
export const TIOCSWINSZ = 0x5414;
export const FIONREAD = 0x541b;
export const FIONBIO = 0x5421;

/** Bytes of the kernel's struct termios on riscv64 (asm-generic/termbits.h): 4 tcflag_t, c_line, c_cc[NCCS]. */
export const TERMIOS_BYTES = 36;
/** NCCS: control characters in c_cc. */
export const NCCS = 19;
/** Bytes of struct winsize (four unsigned shorts). */
export const WINSIZE_BYTES = 8;

/** termios(3) flag bits of the default console setup (asm-generic/termbits.h). */
const ICRNL = 0o400;
const IXON = 0o2000;
const OPOST = 0o1;
const ONLCR = 0o4;
const B38400 = 0o17;
const CS8 = 0o60;
const CREAD = 0o200;
const HUPCL = 0o2000;
const ISIG = 0o1;
const ICANON = 0o2;
const ECHO = 0o10;
const ECHOE = 0o20;
const ECHOK = 0o40;
const ECHOCTL = 0o1000;
const ECHOKE = 0o4000;
const IEXTEN = 0o100000;
/** Linux's INIT_C_CC: ^C ^\ DEL ^U ^D, VTIME 0, VMIN 1, ^Q ^S ^Z, ^R ^O ^W ^V. */
const INIT_C_CC = [0o3, 0o34, 0o177, 0o25, 0o4, 0, 1, 0, 0o21, 0o23, 0o32, 0, 0o22, 0o17, 0o27, 0o26, 0, 0, 0];

/** Default window size reported by TIOCGWINSZ: 24 rows, 80 columns. */
export const DEFAULT_ROWS = 24;
export const DEFAULT_COLS = 80;

/**
 * The console: one per kernel. Output goes to the host; input comes from the host, with a
 * one-chunk buffer so that poll(2) can learn whether input is ready without losing it. Keeps
 * the termios and window size that TCSETS/TIOCSWINSZ store (the host does the line editing).
 */
export class Console {
  /** Input taken from the host by poll and not yet read. */
  private pending?: Uint8Array;
  /** The host reported end of input (consumed by the next read, which returns 0). */
  private eof = false;
  readonly termios = defaultTermios();
  readonly winsize = new Uint8Array(WINSIZE_BYTES);

  constructor(private readonly host: KernelHost) {
    const v = new DataView(this.winsize.buffer);
    v.setUint16(0, DEFAULT_ROWS, true);
    v.setUint16(2, DEFAULT_COLS, true);
  }

  /** Up to `max` bytes of input; empty at end of input, WOULD_BLOCK when none is there yet. */
  read(max: number): Uint8Array | WouldBlock {
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
    if (this.pending || this.eof) return true;
    const data = this.host.readConsole ? this.host.readConsole(4096) : new Uint8Array(0);
    if (data === undefined) return false;
    if (data.length === 0) this.eof = true;
    else this.pending = data;
    return true;
  }

  /** Bytes buffered for reading (FIONREAD). */
  get buffered(): number {
    return this.pending?.length ?? 0;
  }

  /** Sends output to the host: `stream` 1 = stdout, 2 = stderr. */
  write(stream: number, data: Uint8Array): void {
    this.host.writeConsole(stream, data);
  }
}

/** The console's termios at boot: what Linux sets up for a fresh tty (tty_std_termios). */
function defaultTermios(): Uint8Array {
  const b = new Uint8Array(TERMIOS_BYTES);
  const v = new DataView(b.buffer);
  v.setUint32(0, ICRNL | IXON, true);
  v.setUint32(4, OPOST | ONLCR, true);
  v.setUint32(8, B38400 | CS8 | CREAD | HUPCL, true);
  v.setUint32(12, ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN, true);
  b[16] = 0; // c_line: N_TTY
  b.set(INIT_C_CC.slice(0, NCCS), 17);
  return b;
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

  override waitReason(): WaitReason {
    return { kind: 'console' };
  }

  /** TCGETS/TCSETS*, TIOCGWINSZ/TIOCSWINSZ, TIOCGPGRP, FIONREAD, FIONBIO; -ENOTTY for others. */
  override ioctl(cmd: number, arg: number, io: IoContext): number {
    const um = io.k.userMemory(io.proc);
    switch (cmd) {
      case TCGETS: return um.write(arg, this.console.termios);
      case TCSETS: case TCSETSW: case TCSETSF: {
        const b = um.read(arg, TERMIOS_BYTES);
        if (typeof b === 'number') return b;
        this.console.termios.set(b);
        return 0;
      }
      case TIOCGWINSZ: return um.write(arg, this.console.winsize);
      case TIOCSWINSZ: {
        const b = um.read(arg, WINSIZE_BYTES);
        if (typeof b === 'number') return b;
        this.console.winsize.set(b);
        return 0;
      }
      case TIOCGPGRP: return um.writeU32(arg, io.proc.pgid);
      case TIOCSPGRP: return typeof um.read(arg, 4) === 'number' ? -EFAULT : 0;
      case FIONREAD: return um.writeU32(arg, this.console.buffered);
      default: return super.ioctl(cmd, arg, io);
    }
  }
}

/** /dev/null: reads give end of file, writes vanish (null(4)). Seeks succeed and stay at 0. */
export class NullFile extends OpenFile {
  readonly kind = 'null';
  override read(): Uint8Array { return new Uint8Array(0); }
  override write(data: Uint8Array): number { return data.length; }
  override pread(): Uint8Array { return new Uint8Array(0); }
  override pwrite(data: Uint8Array): number { return data.length; }
  override lseek(): number { return 0; }
}

/** /dev/zero: reads give zero bytes, writes vanish (zero(4)). */
export class ZeroFile extends OpenFile {
  readonly kind = 'zero';
  override read(max: number): Uint8Array { return new Uint8Array(max); }
  override write(data: Uint8Array): number { return data.length; }
  override pread(max: number): Uint8Array { return new Uint8Array(max); }
  override pwrite(data: Uint8Array): number { return data.length; }
  override lseek(): number { return 0; }
}

/** /dev/urandom and /dev/random: bytes from the kernel's seeded generator (deterministic runs). random(4). */
export class RandomFile extends OpenFile {
  readonly kind = 'random';
  override read(max: number, io: IoContext): Uint8Array { return io.k.randomBytes(max); }
  override write(data: Uint8Array): number { return data.length; }
  override lseek(): number { return 0; }
}

/** Makes the open file description for a character device inode; -EINVAL for an unknown device number. */
export function openDevice(inode: Inode, path: string, flags: number, console: Console): OpenFile | number {
  switch (inode.rdev) {
    case DEV_NULL: return new NullFile(inode, path, flags);
    case DEV_ZERO: return new ZeroFile(inode, path, flags);
    case DEV_RANDOM: case DEV_URANDOM: return new RandomFile(inode, path, flags);
    case DEV_TTY: case DEV_CONSOLE: return new ConsoleFile(inode, path, flags, console, 1);
    default: return -EINVAL;
  }
}
