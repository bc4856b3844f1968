import { EINVAL } from '../errno';
import { OpenFile, type IoContext } from '../files';
import { makeDev, type Inode } from './inode';
import { Console, ConsoleFile } from './console';

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

export {
  TCGETS, TCSETS, TCSETSW, TCSETSF, TCSBRK, TCFLSH, TIOCGPGRP, TIOCSPGRP, TIOCGWINSZ, TIOCSWINSZ, FIONREAD, FIONBIO,
  TIOCGSID, TCIFLUSH, TCOFLUSH, TCIOFLUSH, TERMIOS_BYTES, NCCS, WINSIZE_BYTES, DEFAULT_ROWS, DEFAULT_COLS,
  Console, ConsoleFile, type ConsolePort,
} from './console';

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
