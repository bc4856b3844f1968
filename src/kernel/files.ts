import type { Kernel } from './kernel';
import type { Process, WaitReason } from './process';
import { EBADF, EINVAL, EMFILE, ENOTTY, ENXIO, ESPIPE } from './errno';
import type { Inode } from './vfs/inode';

/** Result of a read or write that cannot go on now: the caller sleeps (or fails with EAGAIN). */
export const WOULD_BLOCK = Symbol('would block');
/** The type of WOULD_BLOCK, for results that may be it. */
export type WouldBlock = typeof WOULD_BLOCK;

/** lseek(2) whence values. */
export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;
export const SEEK_DATA = 3;
export const SEEK_HOLE = 4;

/** open(2) flags, octal as asm-generic/fcntl.h spells them (RISC-V uses the generic values). */
export const O_ACCMODE = 0o3;
export const O_RDONLY = 0o0;
export const O_WRONLY = 0o1;
export const O_RDWR = 0o2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_DSYNC = 0o10000;
export const FASYNC = 0o20000;
export const O_DIRECT = 0o40000;
export const O_LARGEFILE = 0o100000;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_NOATIME = 0o1000000;
export const O_CLOEXEC = 0o2000000;
export const O_SYNC = 0o4010000;
export const O_PATH = 0o10000000;
export const O_TMPFILE = 0o20000000;
/** Status flags fcntl(F_SETFL) may change (Linux SETFL_MASK). */
export const SETFL_MASK = O_APPEND | O_NONBLOCK | FASYNC | O_DIRECT | O_NOATIME;

/** poll(2) event bits (asm-generic/poll.h). */
export const POLLIN = 0x001;
export const POLLPRI = 0x002;
export const POLLOUT = 0x004;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
export const POLLNVAL = 0x020;
export const POLLRDNORM = 0x040;
export const POLLWRNORM = 0x100;

/**
 * The object a thread blocked in ppoll/pselect waits on (`{ kind: 'io', on: POLL_WAIT }`):
 * every change of any file's readiness (pipe data, space, close; console input) wakes it, and
 * it re-checks its descriptors.
 */
export const POLL_WAIT: object = Object.freeze({ name: 'poll' });

/** What a read or write needs besides its bytes: the kernel and the calling process. */
export interface IoContext {
  k: Kernel;
  proc: Process;
}

/**
 * An open file description (Linux struct file): what open(2) or pipe(2) created, shared by
 * every fd that dup/fork made from it. It holds the file offset `pos` (bytes) and the status
 * flags (`flags`: access mode, O_APPEND, O_NONBLOCK...). Methods return a byte count or
 * -errno; reads/writes that must wait return WOULD_BLOCK and name their wait in `waitReason`.
 * Subclasses override what their file type supports; the defaults fail as Linux does.
 */
export abstract class OpenFile {
  /** fds (in any table) that reference this description; the last close calls `release`. */
  refs = 1;
  /** File offset in bytes (seekable files and directories). */
  pos = 0;
  /** Short name of the file type, for events and tests. */
  abstract readonly kind: 'console' | 'null' | 'zero' | 'random' | 'regular' | 'directory' | 'pipe' | 'proc' | 'symlink';

  constructor(
    /** The inode opened. */
    readonly inode: Inode,
    /** Path it was opened by (absolute), for /proc and the debugger. */
    readonly path: string,
    /** Access mode and status flags (O_* without the creation flags). */
    public flags: number,
  ) {}

  /** Open for reading (O_RDONLY or O_RDWR, not O_PATH). */
  get readable(): boolean {
    const acc = this.flags & O_ACCMODE;
    return !(this.flags & O_PATH) && (acc === O_RDONLY || acc === O_RDWR);
  }

  /** Open for writing (O_WRONLY or O_RDWR, not O_PATH). */
  get writable(): boolean {
    const acc = this.flags & O_ACCMODE;
    return !(this.flags & O_PATH) && (acc === O_WRONLY || acc === O_RDWR);
  }

  /** Reads up to `max` bytes at the file offset, advancing it. Empty = end of file. */
  read(_max: number, _io: IoContext): Uint8Array | number | WouldBlock {
    return -EINVAL;
  }

  /** Writes `data` at the file offset (or the end with O_APPEND); returns bytes written. */
  write(_data: Uint8Array, _io: IoContext): number | WouldBlock {
    return -EINVAL;
  }

  /** pread(2): up to `max` bytes at `offset` without moving the file offset. */
  pread(_max: number, _offset: number): Uint8Array | number {
    return -ESPIPE;
  }

  /** pwrite(2): `data` at `offset` without moving the file offset. */
  pwrite(_data: Uint8Array, _offset: number): number {
    return -ESPIPE;
  }

  /** lseek(2): the new offset, or -EINVAL / -ESPIPE / -ENXIO. */
  lseek(_offset: number, _whence: number): number {
    return -ESPIPE;
  }

  /** poll(2) readiness: POLLIN/POLLOUT/POLLHUP/POLLERR bits that hold now. */
  poll(_io: IoContext): number {
    return POLLIN | POLLOUT;
  }

  /** What a thread waits for when a read or write of this file returned WOULD_BLOCK. */
  waitReason(): WaitReason {
    return { kind: 'console' };
  }

  /** ioctl(2) `cmd` with user argument `arg`; -ENOTTY unless the device knows it. */
  ioctl(_cmd: number, _arg: number, _io: IoContext): number {
    return -ENOTTY;
  }

  /** The last reference is gone (close of the last fd). */
  release(): void {}
}

/** fcntl(2) F_GETFD/F_SETFD flag: close the fd on execve. */
export const FD_CLOEXEC = 1;

/** RLIMIT_NOFILE default soft limit: fds are 0..MAX_FDS-1 (getrlimit(2)). */
export const MAX_FDS = 1024;

/** One slot of a file descriptor table: the description and the fd's own flags. */
interface FdSlot {
  file: OpenFile;
  cloexec: boolean;
}

/**
 * A process's file descriptor table (Linux files_struct), shareable with CLONE_FILES: `users`
 * counts the processes holding it. Each slot references an OpenFile and carries FD_CLOEXEC;
 * closing the last reference to a description releases it.
 */
export class FileTable {
  private readonly fds = new Map<number, FdSlot>();
  users = 1;
  /** Highest fd + 1 this table hands out (RLIMIT_NOFILE); beyond it, -EMFILE. */
  limit = MAX_FDS;

  /** The description behind `fd`, or undefined for a closed or invalid fd. */
  get(fd: number): OpenFile | undefined {
    return this.fds.get(fd)?.file;
  }

  /** Open fds in ascending order. */
  openFds(): number[] {
    return [...this.fds.keys()].sort((a, b) => a - b);
  }

  /**
   * Installs `file` at the lowest free fd >= `min`, taking over one reference (the caller's).
   * Returns the fd, or -EMFILE when the table is full (the reference is then dropped).
   */
  install(file: OpenFile, min = 0, cloexec = false): number {
    for (let fd = Math.max(0, min); fd < this.limit; fd++) {
      if (!this.fds.has(fd)) { this.fds.set(fd, { file, cloexec }); return fd; }
    }
    putFile(file);
    return -EMFILE;
  }

  /**
   * Makes `fd` refer to `file` (dup2/dup3), closing what was there. Takes over one reference.
   * Returns fd, or -EBADF when fd is out of range.
   */
  installAt(fd: number, file: OpenFile, cloexec: boolean): number {
    if (!(fd >= 0 && fd < this.limit)) { putFile(file); return -EBADF; }
    const old = this.fds.get(fd);
    this.fds.set(fd, { file, cloexec });
    if (old) putFile(old.file);
    return fd;
  }

  /** FD_CLOEXEC of `fd`, or -EBADF. */
  getFdFlags(fd: number): number {
    const s = this.fds.get(fd);
    return s ? (s.cloexec ? FD_CLOEXEC : 0) : -EBADF;
  }

  /** Sets FD_CLOEXEC of `fd` from `flags`; 0 or -EBADF. */
  setFdFlags(fd: number, flags: number): number {
    const s = this.fds.get(fd);
    if (!s) return -EBADF;
    s.cloexec = (flags & FD_CLOEXEC) !== 0;
    return 0;
  }

  /** Closes `fd`: 0, or -EBADF when it is not open. close(2). */
  close(fd: number): number {
    const s = this.fds.get(fd);
    if (!s) return -EBADF;
    this.fds.delete(fd);
    putFile(s.file);
    return 0;
  }

  /** A copy for fork without CLONE_FILES: same descriptions (one more reference each), same fd flags. */
  clone(): FileTable {
    const t = new FileTable();
    t.limit = this.limit;
    for (const [fd, s] of this.fds) { s.file.refs++; t.fds.set(fd, { ...s }); }
    return t;
  }

  /** Drops one user; the last one closes every fd. */
  release(): void {
    if (--this.users > 0) return;
    for (const fd of [...this.fds.keys()]) this.close(fd);
  }

  /** Closes every fd marked FD_CLOEXEC (execve(2)). */
  closeOnExec(): void {
    for (const [fd, s] of [...this.fds]) if (s.cloexec) this.close(fd);
  }
}

/**
 * execve(2)'s file step: closes every FD_CLOEXEC fd of `files`. Call it after the new image
 * loaded successfully, on the table the process keeps (Linux first unshares a table shared
 * with other processes, then closes: do `files.clone()` + `release()` before when `users > 1`).
 */
export function closeOnExec(files: FileTable): void {
  files.closeOnExec();
}

/** Drops one reference to a description; the last one releases it. */
export function putFile(f: OpenFile): void {
  if (--f.refs === 0) f.release();
}

/** Takes one more reference to a description (dup, fork) and returns it. */
export function getFile(f: OpenFile): OpenFile {
  f.refs++;
  return f;
}

/** Shared lseek arithmetic for a file of `size` bytes at offset `pos`: the new offset or -errno. */
export function seekPosition(pos: number, size: number, offset: number, whence: number): number {
  let base: number;
  switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = pos; break;
    case SEEK_END: base = size; break;
    case SEEK_DATA: return offset >= 0 && offset < size ? offset : offset < 0 ? -EINVAL : -ENXIO;
    case SEEK_HOLE: return offset >= 0 && offset < size ? size : offset < 0 ? -EINVAL : -ENXIO;
    default: return -EINVAL;
  }
  const next = base + offset;
  if (!Number.isSafeInteger(next) || next < 0) return -EINVAL;
  return next;
}
