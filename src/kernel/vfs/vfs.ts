import type { KernelHost } from '../api';
import {
  EACCES, EEXIST, EISDIR, ELOOP, ENAMETOOLONG, ENOENT, ENOEXEC, ENOTDIR, ENXIO,
} from '../errno';
import {
  O_ACCMODE, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_PATH, O_RDWR, O_TRUNC, O_WRONLY, OpenFile, POLL_WAIT,
} from '../files';
import type { Kernel } from '../kernel';
import type { Thread } from '../process';
import type { FileBacking } from './backing';
import {
  Console, ConsoleFile, DEV_CONSOLE, DEV_NULL, DEV_RANDOM, DEV_TTY, DEV_URANDOM, DEV_ZERO, openDevice,
} from './devices';
import { DirFile, inodeBacking, PathOnlyFile, RegularFile, SnapshotFile } from './file';
import {
  CharDevInode, DirInode, FifoInode, Inode, NAME_MAX, RegularInode, S_IALLUGO, S_IXUGO, SpaceQuota, SymlinkInode,
} from './inode';
import { ProcFileInode, ProcRootInode, ROOT_DEV } from './procfs';

/** MAXSYMLINKS: most symbolic links one path walk follows before ELOOP (path_resolution(7)). */
export const MAXSYMLINKS = 40;
/** PATH_MAX (limits.h): longest path a syscall accepts, NUL included. */
export const PATH_MAX = 4096;
/** Largest executable execve loads (bytes); a bigger file gives ENOEXEC rather than a huge host copy. */
export const MAX_EXEC_BYTES = 64 * 1024 * 1024;

/** Where a path walk ended: the inode, the directory it was found in and its name there. */
export interface Found {
  inode: Inode;
  dir: DirInode;
  name: string;
}

/** The parent directory of a path's last component, and that component (for create/unlink/rename). */
export interface ParentOf {
  dir: DirInode;
  name: string;
  /** The path ended with '/': the object must be (or become) a directory. */
  trailingSlash: boolean;
}

/** What execve needs of an executable: canonical path, bytes (FileImage shape), inode number and backing. */
export interface Executable {
  /** Absolute canonical path (symlinks resolved), for /proc/<pid>/maps and the process name. */
  path: string;
  /** The file's bytes (a view: valid until the file is next written). */
  data: Uint8Array;
  ino: number;
  backing: FileBacking;
}

/**
 * The in-memory file system (tmpfs-like, plus /dev and /proc) and its path walk
 * (path_resolution(7)): absolute or relative to a start directory, "." and "..", symbolic
 * links followed up to MAXSYMLINKS times. Every method returns -errno for guest mistakes and
 * never throws.
 */
export class Vfs {
  readonly root: DirInode;
  readonly quota = new SpaceQuota();
  readonly console: Console;
  private nextIno = 2;

  constructor(private readonly k: Kernel, host: KernelHost) {
    this.root = new DirInode(1, 0o755, 0);
    this.root.dev = ROOT_DEV;
    this.console = new Console(host);
    const dev = this.mkdirs('/dev', 0o755) as DirInode;
    const devices: [string, number, number][] = [
      ['console', DEV_CONSOLE, 0o600], ['tty', DEV_TTY, 0o666], ['null', DEV_NULL, 0o666],
      ['zero', DEV_ZERO, 0o666], ['random', DEV_RANDOM, 0o666], ['urandom', DEV_URANDOM, 0o666],
    ];
    for (const [name, rdev, mode] of devices) dev.link(name, this.stamp(new CharDevInode(this.ino(), mode, 0, rdev)), 0);
    const tmp = this.mkdirs('/tmp', 0o777) as DirInode;
    tmp.mode |= 0o1000; // sticky, as /tmp always is
    this.root.link('proc', new ProcRootInode(k, 0), 0);
  }

  /** Virtual time in ns (timestamps). */
  now(): number {
    return this.k.clockNs;
  }

  /** A fresh inode number. */
  ino(): number {
    return this.nextIno++;
  }

  /** Gives a new inode the root file system's device number. */
  private stamp<T extends Inode>(inode: T): T {
    inode.dev = ROOT_DEV;
    return inode;
  }

  // ---- creation from the host side (boot) ----

  /** Creates the directories of absolute `path` that are missing (mkdir -p); the last one, or -errno. */
  mkdirs(path: string, mode = 0o755): DirInode | number {
    let dir = this.root;
    for (const name of path.split('/').filter((s) => s !== '' && s !== '.')) {
      if (name === '..') { dir = dir.parent; continue; }
      const next = dir.lookup(name);
      if (next instanceof DirInode) { dir = next; continue; }
      if (next) return -ENOTDIR;
      const d = this.stamp(new DirInode(this.ino(), mode, this.now(), dir));
      dir.link(name, d, this.now());
      dir = d;
    }
    return dir;
  }

  /**
   * Places a host file at absolute guest `path` (creating parent directories), mode 0755 so
   * it can be executed; replaces an existing regular file. The bytes are not copied until the
   * guest first changes them. Returns 0 or -errno (a directory in the way).
   */
  addFile(path: string, data: Uint8Array, mode = 0o755): number {
    const slash = path.lastIndexOf('/');
    const dir = this.mkdirs(path.slice(0, slash));
    if (typeof dir === 'number') return dir;
    const name = path.slice(slash + 1);
    if (name === '' || name === '.' || name === '..') return -EISDIR;
    const old = dir.lookup(name);
    if (old instanceof DirInode) return -EISDIR;
    if (old) { dir.unlink(name, this.now()); old.nlink--; }
    dir.link(name, this.stamp(new RegularInode(this.ino(), mode, this.now(), this.quota, data)), this.now());
    return 0;
  }

  // ---- path walk ----

  /**
   * Resolves `path` from directory `start` (ignored for an absolute path) for thread `t`
   * (whose pid /proc/self names). `follow`: follow a symlink in the last component. Fails with
   * ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG.
   */
  walk(t: Thread | undefined, start: DirInode, path: string, follow: boolean, depth = { links: 0 }): Found | number {
    if (path === '') return -ENOENT;
    if (path.length >= PATH_MAX) return -ENAMETOOLONG;
    let dir = path.startsWith('/') ? this.root : start;
    const parts = path.split('/').filter((s) => s !== '');
    const trailingSlash = path.endsWith('/');
    let found: Found = { inode: dir, dir: dir.parent, name: dir.name };
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      if (!(found.inode instanceof DirInode)) return -ENOTDIR;
      dir = found.inode;
      if (name.length > NAME_MAX) return -ENAMETOOLONG;
      if (name === '.') continue;
      if (name === '..') { found = { inode: dir.parent, dir: dir.parent.parent, name: dir.parent.name }; continue; }
      const next = dir.lookup(name, t?.process);
      if (!next) return -ENOENT;
      const last = i === parts.length - 1;
      if (next instanceof SymlinkInode && (!last || follow || trailingSlash)) {
        if (++depth.links > MAXSYMLINKS) return -ELOOP;
        const target = next.readlink(t?.process);
        const r = this.walk(t, dir, target, true, depth);
        if (typeof r === 'number') return r;
        found = r;
      } else {
        found = { inode: next, dir, name };
      }
    }
    if (trailingSlash && !(found.inode instanceof DirInode)) return -ENOTDIR;
    return found;
  }

  /**
   * Splits `path` into its parent directory (resolved, following symlinks) and last component,
   * for calls that create or remove a name. "/" itself has the name ''. Fails like walk, and
   * with ENOTDIR when the parent is not a directory.
   */
  walkParent(t: Thread | undefined, start: DirInode, path: string): ParentOf | number {
    if (path === '') return -ENOENT;
    if (path.length >= PATH_MAX) return -ENAMETOOLONG;
    const trailingSlash = /[^/]\/+$/.test(path);
    const trimmed = path.replace(/\/+$/, '');
    const slash = trimmed.lastIndexOf('/');
    const name = trimmed.slice(slash + 1);
    if (name.length > NAME_MAX) return -ENAMETOOLONG;
    let dir: Inode = start;
    if (slash >= 0) {
      const head = trimmed.slice(0, slash) || '/';
      const r = this.walk(t, start, head, true);
      if (typeof r === 'number') return r;
      dir = r.inode;
    } else if (path.startsWith('/')) dir = this.root;
    if (!(dir instanceof DirInode)) return -ENOTDIR;
    return { dir, name, trailingSlash };
  }

  /** Absolute path of `name` inside `dir` (for descriptions and maps); best effort once removed. */
  pathOf(dir: DirInode, name: string): string {
    const base = dir.path() ?? '';
    if (name === '' || name === '.') return base || '/';
    return (base === '/' ? '' : base) + '/' + name;
  }

  // ---- open ----

  /**
   * open(2)/openat(2) for `t`, from directory `start`: creation (O_CREAT, O_EXCL, mode masked
   * by the umask), O_TRUNC, O_DIRECTORY, O_NOFOLLOW, O_PATH. Returns the new description (not
   * yet in any fd table) or -errno: ENOENT, EEXIST, EISDIR, ENOTDIR, ELOOP, EACCES (procfs),
   * ENOSPC, ENAMETOOLONG.
   */
  open(t: Thread, start: DirInode, path: string, flags: number, mode: number): OpenFile | number {
    let found: Found | number;
    if (flags & O_CREAT) {
      const r = this.openCreate(t, start, path, flags, mode);
      if (typeof r === 'number') return r;
      found = r;
    } else {
      found = this.walk(t, start, path, !(flags & O_NOFOLLOW));
      if (typeof found === 'number') return found;
    }
    return this.openInode(found, flags);
  }

  /** The O_CREAT half of open: finds or creates the final component. */
  private openCreate(t: Thread, start: DirInode, path: string, flags: number, mode: number, depth = 0): Found | number {
    const parent = this.walkParent(t, start, path);
    if (typeof parent === 'number') return parent;
    const { dir, name } = parent;
    if (name === '' || name === '.' || name === '..' || parent.trailingSlash) return -EISDIR;
    const existing = dir.lookup(name, t?.process);
    if (existing) {
      if (flags & O_EXCL) return -EEXIST;
      if (existing instanceof SymlinkInode) {
        if (flags & O_NOFOLLOW) return -ELOOP;
        if (depth >= MAXSYMLINKS) return -ELOOP;
        const r = this.walk(t, dir, existing.readlink(t?.process), true);
        if (r === -ENOENT) return this.openCreate(t, dir, existing.readlink(t?.process), flags, mode, depth + 1);
        return r;
      }
      return { inode: existing, dir, name };
    }
    if (dir.readOnlyFs) return -EACCES;
    if (!dir.live) return -ENOENT;
    const inode = this.stamp(new RegularInode(this.ino(), mode & S_IALLUGO & ~t.fs.umask, this.now(), this.quota));
    dir.link(name, inode, this.now());
    return { inode, dir, name };
  }

  /** Makes the open file description for a found inode, checking the flags against its type. */
  openInode(found: Found, flags: number): OpenFile | number {
    const { inode } = found;
    const path = this.pathOf(found.dir, found.name);
    const acc = flags & O_ACCMODE;
    const wantsWrite = acc === O_WRONLY || acc === O_RDWR;
    const status = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOFOLLOW);
    if ((flags & O_DIRECTORY) && !(inode instanceof DirInode)) return -ENOTDIR;
    if (flags & O_PATH) {
      const f = inode instanceof DirInode ? new DirFile(inode, path, status) : new PathOnlyFile(inode, path, status);
      return f;
    }
    if (inode instanceof SymlinkInode) return -ELOOP; // O_NOFOLLOW on a symlink
    if (inode instanceof DirInode) return wantsWrite ? -EISDIR : new DirFile(inode, path, status);
    if (wantsWrite && inode.readOnlyFs) return -EACCES;
    if (inode instanceof RegularInode) {
      if ((flags & O_TRUNC) && inode.size() > 0) {
        inode.truncate(0);
        inode.mtimeNs = inode.ctimeNs = this.now();
      }
      return new RegularFile(inode, path, status, () => this.now());
    }
    if (inode instanceof ProcFileInode) {
      return new SnapshotFile(inode, path, status, new TextEncoder().encode(inode.generate()));
    }
    if (inode instanceof CharDevInode) return openDevice(inode, path, status, this.console);
    if (inode instanceof FifoInode) return -ENXIO; // named FIFOs (mknod) are not supported
    return -ENXIO;
  }

  /**
   * Wakes the threads waiting for I/O on `on` (a pipe: `{ kind: 'io', on }`) and every thread
   * blocked in ppoll (POLL_WAIT); they re-execute their syscall and re-check.
   */
  wakeIo(on: object): void {
    for (const t of this.k.threadsById.values()) {
      if (t.state === 'sleeping' && t.wait?.kind === 'io' && (t.wait.on === on || t.wait.on === POLL_WAIT)) this.k.wake(t);
    }
  }

  /** A console description for the first process's fd 0, 1 or 2 (stream 1 = stdout, 2 = stderr), O_RDWR. */
  consoleFile(stream: number): OpenFile {
    const inode = this.root.lookup('dev') instanceof DirInode ? (this.root.lookup('dev') as DirInode).lookup('console') : undefined;
    return new ConsoleFile(inode ?? this.root, '/dev/console', O_RDWR, this.console, stream);
  }

  /**
   * The executable at `path` for execve(2) (relative to `t`'s cwd; absolute when `t` is
   * undefined): follows symlinks; -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG from the walk,
   * -EACCES for a directory, device or a file without any execute bit, -ENOEXEC for a file too
   * large to load. `#!` scripts are the caller's business: this returns their bytes too.
   */
  lookupExecutable(t: Thread | undefined, path: string): Executable | number {
    const start = t ? this.cwdOf(t) : this.root;
    const found = this.walk(t, start, path, true);
    if (typeof found === 'number') return found;
    const inode = found.inode;
    if (!(inode instanceof RegularInode) || (inode.mode & S_IXUGO) === 0) return -EACCES;
    if (inode.size() > MAX_EXEC_BYTES) return -ENOEXEC;
    const canonical = this.pathOf(found.dir, found.name);
    return { path: canonical, data: inode.contents(), ino: inode.ino, backing: inodeBacking(inode, canonical) };
  }

  /** The current directory of `t` (the root until chdir sets one). */
  cwdOf(t: Thread): DirInode {
    return (t.fs.cwdDir as DirInode | undefined) ?? this.root;
  }
}
