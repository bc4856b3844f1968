import type { KernelHost } from './api';
import { EBADF, EINVAL, EMFILE, ESPIPE } from './errno';
import type { FileImage } from './vma';

/** Result of a read that cannot finish now: the caller sleeps until input arrives. */
export const WOULD_BLOCK = Symbol('would block');

/** lseek(2) whence values. */
export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;

/**
 * An open file description (Linux struct file): shared by every fd that dup/fork made from the
 * same open, freed when the last fd closes. Reads/writes return a byte count or -errno.
 */
export interface OpenFile {
  readonly kind: 'console' | 'null' | 'zero' | 'regular';
  refs: number;
  read(max: number): Uint8Array | number | typeof WOULD_BLOCK;
  write(data: Uint8Array): number;
  lseek(offset: number, whence: number): number;
}

/** The console (/dev/console): writes go to the host, reads come from it. */
export class ConsoleFile implements OpenFile {
  readonly kind = 'console';
  refs = 1;
  constructor(private readonly host: KernelHost, private readonly fd: number) {}
  read(max: number): Uint8Array | number | typeof WOULD_BLOCK {
    const data = this.host.readConsole?.(max) ?? new Uint8Array(0);
    return data === undefined ? WOULD_BLOCK : data;
  }
  write(data: Uint8Array): number {
    this.host.writeConsole(this.fd, data);
    return data.length;
  }
  lseek(): number {
    return -ESPIPE;
  }
}

/** /dev/null (reads give end of file, writes vanish) and /dev/zero (reads give zeros). null(4), zero(4). */
export class NullFile implements OpenFile {
  refs = 1;
  constructor(readonly kind: 'null' | 'zero') {}
  read(max: number): Uint8Array {
    return new Uint8Array(this.kind === 'zero' ? max : 0);
  }
  write(data: Uint8Array): number {
    return data.length;
  }
  lseek(): number {
    return 0;
  }
}

/** A read-only regular file of the in-memory file system, with its own file offset. */
export class RegularFile implements OpenFile {
  readonly kind = 'regular';
  refs = 1;
  private offset = 0;
  constructor(readonly image: FileImage) {}
  read(max: number): Uint8Array {
    const out = this.image.data.slice(this.offset, this.offset + max);
    this.offset += out.length;
    return out;
  }
  write(): number {
    return -EBADF;
  }
  lseek(offset: number, whence: number): number {
    const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? this.offset : whence === SEEK_END ? this.image.data.length : NaN;
    const next = base + offset;
    if (!Number.isFinite(next) || next < 0) return -EINVAL;
    this.offset = next;
    return next;
  }
}

/** RLIMIT_NOFILE default soft limit: fds are 0..MAX_FDS-1 (getrlimit(2)). */
export const MAX_FDS = 1024;

/**
 * A process's file descriptor table (Linux files_struct), shareable with CLONE_FILES: `users`
 * counts the processes holding it. Each slot references an OpenFile; closing the last reference
 * to a description releases it.
 */
export class FileTable {
  private readonly fds = new Map<number, OpenFile>();
  users = 1;

  /** The description behind `fd`, or undefined for a closed or invalid fd. */
  get(fd: number): OpenFile | undefined {
    return this.fds.get(fd);
  }

  /** Installs `file` at the lowest free fd >= `min` (taking over one reference); -EMFILE when full. */
  install(file: OpenFile, min = 0): number {
    for (let fd = min; fd < MAX_FDS; fd++) {
      if (!this.fds.has(fd)) { this.fds.set(fd, file); return fd; }
    }
    return -EMFILE;
  }

  /** Closes `fd`: 0, or -EBADF when it is not open. close(2). */
  close(fd: number): number {
    const f = this.fds.get(fd);
    if (!f) return -EBADF;
    this.fds.delete(fd);
    f.refs--;
    return 0;
  }

  /** A copy for fork without CLONE_FILES: same descriptions, one more reference each. */
  clone(): FileTable {
    const t = new FileTable();
    for (const [fd, f] of this.fds) { f.refs++; t.fds.set(fd, f); }
    return t;
  }

  /** Drops one user; the last one closes every fd. */
  release(): void {
    if (--this.users > 0) return;
    for (const fd of [...this.fds.keys()]) this.close(fd);
  }
}
