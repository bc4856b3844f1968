import { EBADF, EFAULT, EINVAL, ENOENT, ENOTTY } from '../errno';
import { NullFile, RegularFile, WOULD_BLOCK } from '../files';
import { BLOCK, int, long, ptr, size, type SyscallHandler } from './args';
import * as nr from './numbers';
import { PATH_MAX, resolvePath } from './proc';

/** Largest single read or write (Linux MAX_RW_COUNT is INT_MAX rounded to pages; bounding host copies). */
export const MAX_RW_BYTES = 1 << 20;
/** openat(2) flags (asm-generic/fcntl.h). */
export const O_ACCMODE = 0o3;
export const O_RDONLY = 0o0;
/** openat(2): dirfd meaning "relative to the current directory". */
export const AT_FDCWD = -100;
/** Most iovec entries readv/writev accept (UIO_MAXIOV). */
export const UIO_MAXIOV = 1024;

/** read(2): up to `count` bytes into the user buffer; blocks on the console until input comes. */
const sysRead: SyscallHandler = (k, t, a) => {
  const f = t.process.files.get(int(a[0]));
  if (!f) return -EBADF;
  const count = Math.min(size(a[2]), MAX_RW_BYTES);
  const data = f.read(count);
  if (data === WOULD_BLOCK) {
    t.state = 'sleeping';
    t.wait = { kind: 'console' };
    return BLOCK;
  }
  if (typeof data === 'number') return data;
  return k.userMemory(t.process).write(ptr(a[1]), data) || data.length;
};

/** write(2): copies the user buffer to the file; -EFAULT for a bad buffer, nothing written. */
const sysWrite: SyscallHandler = (k, t, a) => {
  const fd = int(a[0]);
  const f = t.process.files.get(fd);
  if (!f) return -EBADF;
  const count = Math.min(size(a[2]), MAX_RW_BYTES);
  const data = k.userMemory(t.process).read(ptr(a[1]), count);
  if (typeof data === 'number') return data;
  if (f.kind === 'console' && k.listens('output')) k.emit('output', { pid: t.process.pid, fd, data });
  return f.write(data);
};

/** writev(2): gathers the iovecs (struct iovec { void *base; size_t len; }) and writes them once. */
const sysWritev: SyscallHandler = (k, t, a) => {
  const f = t.process.files.get(int(a[0]));
  if (!f) return -EBADF;
  const n = int(a[2]);
  if (n < 0 || n > UIO_MAXIOV) return -EINVAL;
  const um = k.userMemory(t.process);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const base = um.readU64(ptr(a[1]) + i * 16);
    const len = um.readU64(ptr(a[1]) + i * 16 + 8);
    if (typeof base === 'number' || typeof len === 'number') return -EFAULT;
    const count = Math.min(size(len), MAX_RW_BYTES - total);
    const data = um.read(ptr(base), count);
    if (typeof data === 'number') return data;
    parts.push(data);
    total += data.length;
  }
  const all = new Uint8Array(total);
  let off = 0;
  for (const p of parts) { all.set(p, off); off += p.length; }
  if (f.kind === 'console' && k.listens('output')) k.emit('output', { pid: t.process.pid, fd: int(a[0]), data: all });
  return f.write(all);
};

/** openat(2), read-only, for files of the guest file system and /dev/null, /dev/zero. */
const sysOpenat: SyscallHandler = (k, t, a) => {
  const dirfd = int(a[0]);
  const path = k.userMemory(t.process).readCString(ptr(a[1]), PATH_MAX - 1);
  if (typeof path === 'number') return path;
  if (path === undefined || path === '') return -ENOENT;
  if (dirfd !== AT_FDCWD && !path.startsWith('/')) return -EBADF;
  if ((int(a[2]) & O_ACCMODE) !== O_RDONLY && !path.startsWith('/dev/')) return -EINVAL;
  const resolved = resolvePath(path);
  if (resolved === '/dev/null' || resolved === '/dev/zero') return t.process.files.install(new NullFile(resolved === '/dev/null' ? 'null' : 'zero'));
  const file = k.files.get(resolved);
  if (!file) return -ENOENT;
  return t.process.files.install(new RegularFile(file));
};

/** Console, file and descriptor syscalls. */
export const ioSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_read, sysRead],
  [nr.SYS_write, sysWrite],
  [nr.SYS_writev, sysWritev],
  [nr.SYS_openat, sysOpenat],
  [nr.SYS_close, (_k, t, a) => t.process.files.close(int(a[0]))],
  [nr.SYS_lseek, (_k, t, a) => t.process.files.get(int(a[0]))?.lseek(long(a[1]), int(a[2])) ?? -EBADF],
  [nr.SYS_ioctl, (_k, t, a) => (t.process.files.get(int(a[0])) ? -ENOTTY : -EBADF)],
];
