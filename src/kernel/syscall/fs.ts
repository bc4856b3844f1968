import { EBADF, EFAULT, EINVAL, EMFILE, ENAMETOOLONG, ENOTDIR } from '../errno';
import {
  FD_CLOEXEC, O_CLOEXEC, O_DIRECT, O_LARGEFILE, O_NONBLOCK, O_PATH, O_TMPFILE, SETFL_MASK, getFile, type OpenFile,
} from '../files';
import type { Kernel } from '../kernel';
import type { Thread } from '../process';
import { DirFile } from '../vfs/file';
import { DirInode, FifoInode } from '../vfs/inode';
import { Pipe, PipeEnd } from '../vfs/pipe';
import { PATH_MAX } from '../vfs/vfs';
import { int, ptr, size, type SyscallHandler } from './args';
import * as nr from './numbers';

/** The *at(2) calls' "relative to the current directory" dirfd. */
export const AT_FDCWD = -100;
/** *at(2) flags (linux/fcntl.h). */
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_REMOVEDIR = 0x200;
export const AT_SYMLINK_FOLLOW = 0x400;
export const AT_NO_AUTOMOUNT = 0x800;
export const AT_EMPTY_PATH = 0x1000;
export const AT_EACCESS = 0x200;
/** fcntl(2) commands (asm-generic/fcntl.h, linux/fcntl.h). */
export const F_DUPFD = 0;
export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const F_GETLK = 5;
export const F_SETLK = 6;
export const F_SETLKW = 7;
export const F_DUPFD_CLOEXEC = 1030;
/** close_range(2) flags. */
export const CLOSE_RANGE_UNSHARE = 0x2;
export const CLOSE_RANGE_CLOEXEC = 0x4;
/** Bytes of struct linux_dirent64's fixed part: d_ino, d_off, d_reclen, d_type. */
const DIRENT64_HEADER = 19;
/** linux_dirent64 records are 8-byte aligned. */
const DIRENT64_ALIGN = 8;

/**
 * Reads a path argument (a NUL-terminated user string of fewer than PATH_MAX bytes).
 * Returns it, -EFAULT, or -ENAMETOOLONG.
 */
export function readPath(k: Kernel, t: Thread, va: number): string | number {
  const s = k.userMemory(t.process).readCString(va, PATH_MAX - 1);
  if (s === undefined) return -ENAMETOOLONG;
  return s;
}

/**
 * The directory an *at(2) call starts from: `dirfd`'s directory, or the current directory for
 * AT_FDCWD (either is irrelevant for an absolute path). -EBADF for a closed dirfd, -ENOTDIR
 * for one that is not a directory.
 */
export function startDir(k: Kernel, t: Thread, dirfd: number, path: string): DirInode | number {
  if (path.startsWith('/') || dirfd === AT_FDCWD) return k.vfs.cwdOf(t);
  const f = t.files.get(dirfd);
  if (!f) return -EBADF;
  return f.inode instanceof DirInode ? f.inode : -ENOTDIR;
}

/** The description behind `fd` of `t`'s process, or undefined. */
export function fileOf(t: Thread, fd: number): OpenFile | undefined {
  return t.files.get(fd);
}

/** Flags openat accepts and passes on (everything else is ignored, as Linux does). */
const O_FORCED = O_LARGEFILE;

/**
 * openat(2): opens `path` relative to `dirfd` with `flags` and `mode` (O_CREAT: masked by the
 * umask). Returns the lowest free fd (FD_CLOEXEC with O_CLOEXEC), or -errno (see Vfs.open;
 * -EMFILE when the table is full, -EOPNOTSUPP-like -EINVAL for O_TMPFILE).
 */
const sysOpenat: SyscallHandler = (k, t, a) => {
  const path = readPath(k, t, ptr(a[1]));
  if (typeof path === 'number') return path;
  const flags = int(a[2]);
  if ((flags & O_TMPFILE) === O_TMPFILE) return -EINVAL;
  const start = startDir(k, t, int(a[0]), path);
  if (typeof start === 'number') return start;
  const f = k.vfs.open(t, start, path, (flags & ~O_CLOEXEC) | O_FORCED, int(a[3]));
  if (typeof f === 'number') return f;
  return t.files.install(f, 0, (flags & O_CLOEXEC) !== 0);
};

/** dup(2): the lowest free fd sharing `oldfd`'s description (FD_CLOEXEC clear). */
const sysDup: SyscallHandler = (_k, t, a) => {
  const f = fileOf(t, int(a[0]));
  if (!f) return -EBADF;
  return t.files.install(getFile(f));
};

/** dup3(2): makes `newfd` share `oldfd`'s description; -EINVAL when they are equal or flags are not O_CLOEXEC. */
const sysDup3: SyscallHandler = (_k, t, a) => {
  const oldfd = int(a[0]);
  const newfd = int(a[1]);
  const flags = int(a[2]);
  if (flags & ~O_CLOEXEC) return -EINVAL;
  const f = fileOf(t, oldfd);
  if (!f) return -EBADF;
  if (oldfd === newfd) return -EINVAL;
  return t.files.installAt(newfd, getFile(f), (flags & O_CLOEXEC) !== 0);
};

/**
 * fcntl(2): F_DUPFD/F_DUPFD_CLOEXEC (lowest fd >= arg), F_GETFD/F_SETFD (FD_CLOEXEC),
 * F_GETFL/F_SETFL (access mode and status flags; only O_APPEND, O_NONBLOCK, O_ASYNC,
 * O_DIRECT, O_NOATIME change). Record locks are accepted and do nothing (one user, no
 * contention); other commands give -EINVAL.
 */
const sysFcntl: SyscallHandler = (k, t, a) => {
  const fd = int(a[0]);
  const cmd = int(a[1]);
  const files = t.files;
  const f = files.get(fd);
  if (!f) return -EBADF;
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
      const min = size(a[2]);
      if (!(min < files.limit)) return -EINVAL;
      return files.install(getFile(f), min, cmd === F_DUPFD_CLOEXEC);
    }
    case F_GETFD: return files.getFdFlags(fd);
    case F_SETFD: return files.setFdFlags(fd, int(a[2]) & FD_CLOEXEC);
    case F_GETFL: return f.flags & ~O_CLOEXEC;
    case F_SETFL:
      f.flags = (f.flags & ~SETFL_MASK) | (int(a[2]) & SETFL_MASK);
      return 0;
    case F_GETLK: case F_SETLK: case F_SETLKW:
      return f.flags & O_PATH ? -EBADF : (typeof k.userMemory(t.process).read(ptr(a[2]), 32) === 'number' ? -EFAULT : 0);
    default: return -EINVAL;
  }
};

/**
 * pipe2(2): a new pipe; stores [read fd, write fd] at `fds` (two ints). Flags: O_CLOEXEC,
 * O_NONBLOCK, O_DIRECT (accepted, packet mode not emulated). -EINVAL for others, -EMFILE,
 * -EFAULT (nothing stays open).
 */
const sysPipe2: SyscallHandler = (k, t, a) => {
  const flags = int(a[1]);
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)) return -EINVAL;
  const files = t.files;
  const pipe = new Pipe(new FifoInode(k.vfs.ino(), k.clockNs), (pp) => k.vfs.wakeIo(pp));
  const status = flags & (O_NONBLOCK | O_DIRECT);
  const cloexec = (flags & O_CLOEXEC) !== 0;
  const rfd = files.install(new PipeEnd(pipe, true, status), 0, cloexec);
  if (rfd < 0) { new PipeEnd(pipe, false, status).release(); return rfd; }
  const wfd = files.install(new PipeEnd(pipe, false, status), 0, cloexec);
  if (wfd < 0) { files.close(rfd); return -EMFILE; }
  const b = new Uint8Array(8);
  new DataView(b.buffer).setInt32(0, rfd, true);
  new DataView(b.buffer).setInt32(4, wfd, true);
  if (k.userMemory(t.process).write(ptr(a[0]), b) !== 0) {
    files.close(rfd);
    files.close(wfd);
    return -EFAULT;
  }
  return 0;
};

/**
 * getdents64(2): fills the user buffer with struct linux_dirent64 records
 * { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[] } (8-byte aligned) from the
 * directory's current position; "." and ".." first. Returns bytes filled, 0 at the end,
 * -EINVAL when even one record does not fit, -ENOTDIR, -EBADF, -EFAULT.
 */
const sysGetdents64: SyscallHandler = (k, t, a) => {
  const f = fileOf(t, int(a[0]));
  if (!f || (f.flags & O_PATH)) return -EBADF;
  if (!(f instanceof DirFile)) return -ENOTDIR;
  const dir = f.inode;
  const count = Math.min(size(a[2]), 1 << 20);
  const entries: [string, number, number][] = [['.', dir.ino, dir.dtype], ['..', dir.parent.ino, dir.parent.dtype]];
  for (const [name, inode] of dir.list(t.process)) entries.push([name, inode.ino, inode.dtype]);
  const enc = new TextEncoder();
  const out = new Uint8Array(count);
  const v = new DataView(out.buffer);
  let used = 0;
  let pos = f.pos;
  for (; pos < entries.length; pos++) {
    const [name, ino, type] = entries[pos];
    const bytes = enc.encode(name);
    const reclen = Math.ceil((DIRENT64_HEADER + bytes.length + 1) / DIRENT64_ALIGN) * DIRENT64_ALIGN;
    if (used + reclen > count) break;
    v.setBigUint64(used, BigInt(ino), true);
    v.setBigInt64(used + 8, BigInt(pos + 1), true);
    v.setUint16(used + 16, reclen, true);
    out[used + 18] = type;
    out.set(bytes, used + DIRENT64_HEADER);
    used += reclen;
  }
  if (used === 0 && pos < entries.length) return -EINVAL;
  const err = k.userMemory(t.process).write(ptr(a[1]), out.subarray(0, used));
  if (err) return err;
  f.pos = pos;
  return used;
};

/**
 * close_range(2): closes fds first..last (CLOSE_RANGE_CLOEXEC: marks them FD_CLOEXEC instead).
 * CLOSE_RANGE_UNSHARE is accepted; the table is not unshared. -EINVAL for first > last or unknown flags.
 */
const sysCloseRange: SyscallHandler = (_k, t, a) => {
  const first = Number(a[0] & 0xffffffffn);
  const last = Number(a[1] & 0xffffffffn);
  const flags = int(a[2]);
  if (first > last || (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))) return -EINVAL;
  const files = t.files;
  for (const fd of files.openFds()) {
    if (fd < first || fd > last) continue;
    if (flags & CLOSE_RANGE_CLOEXEC) files.setFdFlags(fd, FD_CLOEXEC);
    else files.close(fd);
  }
  return 0;
};

/** File-descriptor syscalls: open, close, dup, fcntl, pipes, directory reading. */
export const fsSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_openat, sysOpenat],
  [nr.SYS_close, (_k, t, a) => t.files.close(int(a[0]))],
  [nr.SYS_close_range, sysCloseRange],
  [nr.SYS_dup, sysDup],
  [nr.SYS_dup3, sysDup3],
  [nr.SYS_fcntl, sysFcntl],
  [nr.SYS_pipe2, sysPipe2],
  [nr.SYS_getdents64, sysGetdents64],
];
