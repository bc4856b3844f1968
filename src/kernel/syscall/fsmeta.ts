import {
  EACCES, EBADF, EBUSY, EEXIST, EFAULT, EFBIG, EINVAL, EISDIR, ENODEV, ENOENT, ENOTDIR, ENOTEMPTY, EOPNOTSUPP, EPERM, ERANGE, EXDEV,
} from '../errno';
import type { Kernel } from '../kernel';
import type { Thread } from '../process';
import { MAX_FILE_BYTES, RegularFile, maybeFreeInode } from '../vfs/file';
import { DirInode, type Inode, RegularInode, S_IALLUGO, S_IFMT, S_IXUGO, SymlinkInode } from '../vfs/inode';
import { encodeStat, encodeStatfs, encodeStatx, STATX__RESERVED } from '../vfs/stat';
import { int, long, ptr, type SyscallHandler } from './args';
import {
  AT_EACCESS, AT_EMPTY_PATH, AT_FDCWD, AT_NO_AUTOMOUNT, AT_REMOVEDIR, AT_SYMLINK_FOLLOW, AT_SYMLINK_NOFOLLOW,
  readPath, startDir,
} from './fs';
import * as nr from './numbers';

/** faccessat(2) modes. */
export const F_OK = 0;
export const X_OK = 1;
export const W_OK = 2;
export const R_OK = 4;
/** statx(2) sync-type flags (accepted, meaningless in memory). */
export const AT_STATX_SYNC_TYPE = 0x6000;
/** renameat2(2) flags. */
export const RENAME_NOREPLACE = 1;
export const RENAME_EXCHANGE = 2;
export const RENAME_WHITEOUT = 4;
/** utimensat(2) special tv_nsec values. */
export const UTIME_NOW = (1 << 30) - 1;
export const UTIME_OMIT = (1 << 30) - 2;
/** fallocate(2) mode: keep the size (the only mode besides 0 we accept). */
export const FALLOC_FL_KEEP_SIZE = 0x1;
const NSEC_PER_SEC = 1_000_000_000;

/**
 * Resolves a (dirfd, path) pair to an inode: the path from user memory, relative to dirfd;
 * with AT_EMPTY_PATH an empty path names dirfd's own file (the cwd for AT_FDCWD). `follow`:
 * follow a symlink in the last component.
 */
function inodeAt(k: Kernel, t: Thread, dirfd: number, pathVa: number, follow: boolean, emptyOk: boolean): Inode | number {
  const path = readPath(k, t, pathVa);
  if (typeof path === 'number') return path;
  if (path === '' && emptyOk) {
    if (dirfd === AT_FDCWD) return k.vfs.cwdOf(t);
    return t.files.get(dirfd)?.inode ?? -EBADF;
  }
  const start = startDir(k, t, dirfd, path);
  if (typeof start === 'number') return start;
  const found = k.vfs.walk(t, start, path, follow);
  return typeof found === 'number' ? found : found.inode;
}

/** The parent directory and last name of a (dirfd, path) pair, for calls that create or remove names. */
function parentAt(k: Kernel, t: Thread, dirfd: number, pathVa: number) {
  const path = readPath(k, t, pathVa);
  if (typeof path === 'number') return path;
  const start = startDir(k, t, dirfd, path);
  if (typeof start === 'number') return start;
  return k.vfs.walkParent(t, start, path);
}

/** Copies a struct to user memory: 0 or -EFAULT. */
function put(k: Kernel, t: Thread, va: number, bytes: Uint8Array): number {
  return k.userMemory(t.process).write(va, bytes);
}

/** newfstatat(2): struct stat of (dirfd, path); AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
const sysNewfstatat: SyscallHandler = (k, t, a) => {
  const flags = int(a[3]);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)) return -EINVAL;
  const inode = inodeAt(k, t, int(a[0]), ptr(a[1]), !(flags & AT_SYMLINK_NOFOLLOW), (flags & AT_EMPTY_PATH) !== 0);
  return typeof inode === 'number' ? inode : put(k, t, ptr(a[2]), encodeStat(inode));
};

/** fstat(2): struct stat of an open fd. */
const sysFstat: SyscallHandler = (k, t, a) => {
  const f = t.files.get(int(a[0]));
  return f ? put(k, t, ptr(a[1]), encodeStat(f.inode)) : -EBADF;
};

/** statx(2): struct statx (every basic field filled); -EINVAL for reserved mask bits or unknown flags. */
const sysStatx: SyscallHandler = (k, t, a) => {
  const flags = int(a[2]);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE)) return -EINVAL;
  if ((flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE) return -EINVAL;
  if (Number(a[3] & 0xffffffffn) & STATX__RESERVED) return -EINVAL;
  const inode = inodeAt(k, t, int(a[0]), ptr(a[1]), !(flags & AT_SYMLINK_NOFOLLOW), (flags & AT_EMPTY_PATH) !== 0);
  return typeof inode === 'number' ? inode : put(k, t, ptr(a[4]), encodeStatx(inode));
};

/**
 * faccessat(2)/faccessat2(2) for root (every process runs as uid 0): F_OK, R_OK and W_OK
 * succeed on any existing file; X_OK needs a directory or some execute bit (-EACCES otherwise).
 */
function access(k: Kernel, t: Thread, a: bigint[], flags: number): number {
  const mode = int(a[2]);
  if (mode & ~(R_OK | W_OK | X_OK)) return -EINVAL;
  if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const inode = inodeAt(k, t, int(a[0]), ptr(a[1]), !(flags & AT_SYMLINK_NOFOLLOW), (flags & AT_EMPTY_PATH) !== 0);
  if (typeof inode === 'number') return inode;
  if ((mode & X_OK) && !(inode instanceof DirInode) && (inode.mode & S_IXUGO) === 0) return -EACCES;
  return 0;
}

/** mkdirat(2): a new empty directory, mode & ~umask. -EEXIST, -ENOENT, -ENOTDIR, -EACCES (procfs). */
const sysMkdirat: SyscallHandler = (k, t, a) => {
  const r = parentAt(k, t, int(a[0]), ptr(a[1]));
  if (typeof r === 'number') return r;
  if (r.name === '' || r.name === '.' || r.name === '..' || r.dir.lookup(r.name, t.process)) return -EEXIST;
  if (r.dir.readOnlyFs) return -EACCES;
  if (!r.dir.live) return -ENOENT;
  const d = new DirInode(k.vfs.ino(), int(a[2]) & 0o1777 & ~t.fs.umask, k.clockNs, r.dir);
  d.dev = r.dir.dev;
  r.dir.link(r.name, d, k.clockNs);
  return 0;
};

/** Marks an inode as having lost one name; frees a regular file's bytes once nothing refers to it. */
function dropLink(k: Kernel, inode: Inode): void {
  inode.ctimeNs = k.clockNs;
  if (inode instanceof DirInode) { inode.live = false; inode.nlink = 0; return; }
  inode.nlink--;
  if (inode instanceof RegularInode) maybeFreeInode(inode);
}

/**
 * unlinkat(2): removes a name (unlink(2)), or an empty directory with AT_REMOVEDIR (rmdir(2)).
 * -EISDIR (unlink of a directory), -ENOTDIR, -ENOTEMPTY, -EINVAL (rmdir of "."), -EBUSY (the root).
 */
const sysUnlinkat: SyscallHandler = (k, t, a) => {
  const flags = int(a[2]);
  if (flags & ~AT_REMOVEDIR) return -EINVAL;
  const r = parentAt(k, t, int(a[0]), ptr(a[1]));
  if (typeof r === 'number') return r;
  const rmdir = (flags & AT_REMOVEDIR) !== 0;
  if (r.name === '') return rmdir ? -EBUSY : -EISDIR;
  if (r.name === '.') return rmdir ? -EINVAL : -EISDIR;
  if (r.name === '..') return rmdir ? -ENOTEMPTY : -EISDIR;
  const victim = r.dir.lookup(r.name, t.process);
  if (!victim) return -ENOENT;
  if (r.dir.readOnlyFs) return -EACCES;
  if (rmdir) {
    if (!(victim instanceof DirInode)) return -ENOTDIR;
    if (victim.count > 0) return -ENOTEMPTY;
    if (victim === k.vfs.root) return -EBUSY;
  } else {
    if (victim instanceof DirInode) return -EISDIR;
    if (r.trailingSlash) return -ENOTDIR;
  }
  r.dir.unlink(r.name, k.clockNs);
  dropLink(k, victim);
  return 0;
};

/**
 * renameat2(2): moves a name, replacing the target (RENAME_NOREPLACE: -EEXIST instead;
 * RENAME_EXCHANGE: swaps two names). -EINVAL (a directory into itself, bad flags), -EISDIR,
 * -ENOTDIR, -ENOTEMPTY, -EBUSY ("." or ".."), -EXDEV (between / and /proc).
 */
const sysRenameat2: SyscallHandler = (k, t, a) => {
  const flags = int(a[4]);
  if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) return -EINVAL;
  if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE)) return -EINVAL;
  const from = parentAt(k, t, int(a[0]), ptr(a[1]));
  if (typeof from === 'number') return from;
  const to = parentAt(k, t, int(a[2]), ptr(a[3]));
  if (typeof to === 'number') return to;
  const special = (n: string): boolean => n === '' || n === '.' || n === '..';
  if (special(from.name) || special(to.name)) return -EBUSY;
  const src = from.dir.lookup(from.name, t.process);
  if (!src) return -ENOENT;
  if (from.dir.dev !== to.dir.dev) return -EXDEV;
  if (from.dir.readOnlyFs || to.dir.readOnlyFs) return -EACCES;
  const dst = to.dir.lookup(to.name, t.process);
  const srcDir = src instanceof DirInode;
  if (!srcDir && (from.trailingSlash || to.trailingSlash)) return -ENOTDIR;
  if (srcDir && src.contains(to.dir)) return -EINVAL;
  if (flags & RENAME_EXCHANGE) {
    if (!dst) return -ENOENT;
    if (dst instanceof DirInode && dst.contains(from.dir)) return -EINVAL;
    from.dir.unlink(from.name, k.clockNs);
    to.dir.unlink(to.name, k.clockNs);
    from.dir.link(from.name, dst, k.clockNs);
    to.dir.link(to.name, src, k.clockNs);
    return 0;
  }
  if (dst) {
    if (flags & RENAME_NOREPLACE) return -EEXIST;
    if (dst === src) return 0;
    if (srcDir && !(dst instanceof DirInode)) return -ENOTDIR;
    if (!srcDir && dst instanceof DirInode) return -EISDIR;
    if (dst instanceof DirInode && dst.count > 0) return -ENOTEMPTY;
    to.dir.unlink(to.name, k.clockNs);
    dropLink(k, dst);
  }
  from.dir.unlink(from.name, k.clockNs);
  to.dir.link(to.name, src, k.clockNs);
  src.ctimeNs = k.clockNs;
  return 0;
};

/** linkat(2): a new name for an existing non-directory (-EPERM for directories); AT_SYMLINK_FOLLOW, AT_EMPTY_PATH. */
const sysLinkat: SyscallHandler = (k, t, a) => {
  const flags = int(a[4]);
  if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const src = inodeAt(k, t, int(a[0]), ptr(a[1]), (flags & AT_SYMLINK_FOLLOW) !== 0, (flags & AT_EMPTY_PATH) !== 0);
  if (typeof src === 'number') return src;
  if (src instanceof DirInode) return -EPERM;
  const to = parentAt(k, t, int(a[2]), ptr(a[3]));
  if (typeof to === 'number') return to;
  if (to.name === '' || to.name === '.' || to.name === '..' || to.dir.lookup(to.name, t.process)) return -EEXIST;
  if (to.trailingSlash) return -ENOENT;
  if (src.dev !== to.dir.dev) return -EXDEV;
  if (to.dir.readOnlyFs) return -EACCES;
  if (src.nlink === 0 || !to.dir.live) return -ENOENT;
  to.dir.link(to.name, src, k.clockNs);
  src.nlink++;
  src.ctimeNs = k.clockNs;
  return 0;
};

/** symlinkat(2): a symbolic link at (newdirfd, linkpath) holding `target` verbatim. */
const sysSymlinkat: SyscallHandler = (k, t, a) => {
  const target = readPath(k, t, ptr(a[0]));
  if (typeof target === 'number') return target;
  if (target === '') return -ENOENT;
  const to = parentAt(k, t, int(a[1]), ptr(a[2]));
  if (typeof to === 'number') return to;
  if (to.name === '' || to.name === '.' || to.name === '..' || to.dir.lookup(to.name, t.process)) return -EEXIST;
  if (to.dir.readOnlyFs) return -EACCES;
  if (!to.dir.live) return -ENOENT;
  const link = new SymlinkInode(k.vfs.ino(), k.clockNs, target);
  link.dev = to.dir.dev;
  to.dir.link(to.name, link, k.clockNs);
  return 0;
};

/** readlinkat(2): copies the link's target (no NUL, cut to bufsiz); -EINVAL for a non-link or bufsiz <= 0. */
const sysReadlinkat: SyscallHandler = (k, t, a) => {
  const bufsiz = int(a[3]);
  if (bufsiz <= 0) return -EINVAL;
  const path = readPath(k, t, ptr(a[1]));
  if (typeof path === 'number') return path;
  const start = startDir(k, t, int(a[0]), path);
  if (typeof start === 'number') return start;
  const found = k.vfs.walk(t, start, path, false);
  if (typeof found === 'number') return found;
  if (!(found.inode instanceof SymlinkInode)) return -EINVAL;
  const bytes = new TextEncoder().encode(found.inode.readlink(t.process)).subarray(0, bufsiz);
  return k.userMemory(t.process).write(ptr(a[2]), bytes) || bytes.length;
};

/** getcwd(2): the absolute current directory, NUL-terminated; returns its length with the NUL. -ERANGE, -ENOENT (removed). */
const sysGetcwd: SyscallHandler = (k, t, a) => {
  const path = k.vfs.cwdOf(t).path();
  if (path === undefined) return -ENOENT;
  const bytes = new TextEncoder().encode(path + '\0');
  if (bytes.length > Number(a[1] & 0xffffffffn)) return -ERANGE;
  return k.userMemory(t.process).write(ptr(a[0]), bytes) || bytes.length;
};

/** Makes `dir` the current directory of thread `t` (chdir, fchdir). */
function setCwd(t: Thread, dir: Inode): number {
  if (!(dir instanceof DirInode)) return -ENOTDIR;
  t.fs.cwdDir = dir;
  t.fs.cwd = dir.path() ?? t.fs.cwd;
  return 0;
}

/** chdir(2). */
const sysChdir: SyscallHandler = (k, t, a) => {
  const inode = inodeAt(k, t, AT_FDCWD, ptr(a[0]), true, false);
  return typeof inode === 'number' ? inode : setCwd(t, inode);
};

/** fchdir(2). */
const sysFchdir: SyscallHandler = (_k, t, a) => {
  const f = t.files.get(int(a[0]));
  return f ? setCwd(t, f.inode) : -EBADF;
};

/** Sets a regular file's size (truncate/ftruncate): 0, -EINVAL (negative), -EFBIG. */
function setSize(k: Kernel, inode: RegularInode, length: number): number {
  if (length < 0) return -EINVAL;
  if (length > MAX_FILE_BYTES) return -EFBIG;
  inode.truncate(length);
  inode.mtimeNs = inode.ctimeNs = k.clockNs;
  return 0;
}

/** truncate(2): -EISDIR for a directory, -EINVAL for other non-regular files, -EACCES in /proc. */
const sysTruncate: SyscallHandler = (k, t, a) => {
  const inode = inodeAt(k, t, AT_FDCWD, ptr(a[0]), true, false);
  if (typeof inode === 'number') return inode;
  if (inode instanceof DirInode) return -EISDIR;
  if (inode.readOnlyFs) return -EACCES;
  if (!(inode instanceof RegularInode)) return -EINVAL;
  return setSize(k, inode, long(a[1]));
};

/** ftruncate(2): the fd must be a regular file open for writing (-EINVAL otherwise, as Linux). */
const sysFtruncate: SyscallHandler = (k, t, a) => {
  const f = t.files.get(int(a[0]));
  if (!f) return -EBADF;
  if (!(f instanceof RegularFile) || !f.writable) return -EINVAL;
  return setSize(k, f.inode, long(a[1]));
};

/** fallocate(2): mode 0 grows the file to offset+len (holes read as zeros); KEEP_SIZE does nothing; others -EOPNOTSUPP. */
const sysFallocate: SyscallHandler = (k, t, a) => {
  const f = t.files.get(int(a[0]));
  if (!f) return -EBADF;
  const mode = int(a[1]);
  const offset = long(a[2]);
  const len = long(a[3]);
  if (offset < 0 || len <= 0) return -EINVAL;
  if (!f.writable) return -EBADF;
  if (!(f instanceof RegularFile)) return -ENODEV;
  if (mode & ~FALLOC_FL_KEEP_SIZE) return -EOPNOTSUPP;
  if (mode === 0 && offset + len > f.inode.size()) return setSize(k, f.inode, offset + len);
  return 0;
};

/**
 * utimensat(2): sets atime/mtime from two timespecs (NULL: both now; UTIME_NOW, UTIME_OMIT);
 * a NULL path means dirfd itself. ctime becomes now. -EINVAL for a bad tv_nsec or flags.
 */
const sysUtimensat: SyscallHandler = (k, t, a) => {
  const flags = int(a[3]);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const now = k.clockNs;
  const times: [number, number] = [now, now];
  const omit = [false, false];
  if (ptr(a[2])) {
    const b = k.userMemory(t.process).read(ptr(a[2]), 32);
    if (typeof b === 'number') return b;
    const v = new DataView(b.buffer);
    for (let i = 0; i < 2; i++) {
      const sec = v.getBigInt64(i * 16, true);
      const nsec = Number(v.getBigInt64(i * 16 + 8, true));
      if (nsec === UTIME_OMIT) omit[i] = true;
      else if (nsec !== UTIME_NOW) {
        if (nsec < 0 || nsec >= NSEC_PER_SEC) return -EINVAL;
        times[i] = Number(sec) * NSEC_PER_SEC + nsec;
      }
    }
  }
  let inode: Inode | number;
  if (ptr(a[1]) === 0) {
    const dirfd = int(a[0]);
    inode = dirfd === AT_FDCWD ? -EFAULT : t.files.get(dirfd)?.inode ?? -EBADF;
  } else {
    inode = inodeAt(k, t, int(a[0]), ptr(a[1]), !(flags & AT_SYMLINK_NOFOLLOW), (flags & AT_EMPTY_PATH) !== 0);
  }
  if (typeof inode === 'number') return inode;
  if (omit[0] && omit[1]) return 0;
  if (!omit[0]) inode.atimeNs = times[0];
  if (!omit[1]) inode.mtimeNs = times[1];
  inode.ctimeNs = now;
  return 0;
};

/** umask(2): sets the creation mask (& 0777), returns the old one. */
const sysUmask: SyscallHandler = (_k, t, a) => {
  const old = t.fs.umask;
  t.fs.umask = int(a[0]) & 0o777;
  return old;
};

/** statfs(2). */
const sysStatfs: SyscallHandler = (k, t, a) => {
  const inode = inodeAt(k, t, AT_FDCWD, ptr(a[0]), true, false);
  if (typeof inode === 'number') return inode;
  return put(k, t, ptr(a[1]), encodeStatfs(inode, k.vfs.quota.limit, k.vfs.quota.used));
};

/** fstatfs(2). */
const sysFstatfs: SyscallHandler = (k, t, a) => {
  const f = t.files.get(int(a[0]));
  if (!f) return -EBADF;
  return put(k, t, ptr(a[1]), encodeStatfs(f.inode, k.vfs.quota.limit, k.vfs.quota.used));
};

/** Sets the permission bits of an inode (chmod(2)). */
function chmod(k: Kernel, inode: Inode, mode: number): number {
  if (inode.readOnlyFs) return -EPERM;
  inode.mode = (inode.mode & S_IFMT) | (mode & S_IALLUGO);
  inode.ctimeNs = k.clockNs;
  return 0;
}

/** Sets owner and group (chown(2)); -1 (0xffffffff) keeps a field. */
function chown(k: Kernel, inode: Inode, uid: number, gid: number): number {
  if (inode.readOnlyFs) return -EPERM;
  if (uid !== -1) inode.uid = uid >>> 0;
  if (gid !== -1) inode.gid = gid >>> 0;
  inode.ctimeNs = k.clockNs;
  return 0;
}

/** Path and metadata syscalls: stat family, access, mkdir/unlink/rename/link/symlink, cwd, truncate, times, umask, statfs, chmod/chown. */
export const fsMetaSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_newfstatat, sysNewfstatat],
  [nr.SYS_fstat, sysFstat],
  [nr.SYS_statx, sysStatx],
  [nr.SYS_faccessat, (k, t, a) => access(k, t, a, 0)],
  [nr.SYS_faccessat2, (k, t, a) => access(k, t, a, int(a[3]))],
  [nr.SYS_mkdirat, sysMkdirat],
  [nr.SYS_unlinkat, sysUnlinkat],
  [nr.SYS_renameat2, sysRenameat2],
  [nr.SYS_linkat, sysLinkat],
  [nr.SYS_symlinkat, sysSymlinkat],
  [nr.SYS_readlinkat, sysReadlinkat],
  [nr.SYS_getcwd, sysGetcwd],
  [nr.SYS_chdir, sysChdir],
  [nr.SYS_fchdir, sysFchdir],
  [nr.SYS_truncate, sysTruncate],
  [nr.SYS_ftruncate, sysFtruncate],
  [nr.SYS_fallocate, sysFallocate],
  [nr.SYS_utimensat, sysUtimensat],
  [nr.SYS_umask, sysUmask],
  [nr.SYS_statfs, sysStatfs],
  [nr.SYS_fstatfs, sysFstatfs],
  [nr.SYS_fchmod, (k, t, a) => {
    const f = t.files.get(int(a[0]));
    return f ? chmod(k, f.inode, int(a[1])) : -EBADF;
  }],
  [nr.SYS_fchmodat, (k, t, a) => {
    const inode = inodeAt(k, t, int(a[0]), ptr(a[1]), true, false);
    return typeof inode === 'number' ? inode : chmod(k, inode, int(a[2]));
  }],
  [nr.SYS_fchown, (k, t, a) => {
    const f = t.files.get(int(a[0]));
    return f ? chown(k, f.inode, int(a[1]), int(a[2])) : -EBADF;
  }],
  [nr.SYS_fchownat, (k, t, a) => {
    const flags = int(a[4]);
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
    const inode = inodeAt(k, t, int(a[0]), ptr(a[1]), !(flags & AT_SYMLINK_NOFOLLOW), (flags & AT_EMPTY_PATH) !== 0);
    return typeof inode === 'number' ? inode : chown(k, inode, int(a[2]), int(a[3]));
  }],
];
