import { ENOSPC } from '../errno';
import type { Process } from '../process';
import type { PageCacheHooks } from './backing';

/**
 * Inodes of the in-memory file system (Linux struct inode, tmpfs flavour): regular files,
 * directories, symbolic links, character devices and FIFOs. Mode bits and file types follow
 * inode(7); times are virtual nanoseconds since boot (the kernel clock).
 */

/** File type bits of st_mode (inode(7), include/uapi/linux/stat.h). */
export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;
/** Permission and special bits a mode may carry (set-user-ID, set-group-ID, sticky, rwx x3). */
export const S_IALLUGO = 0o7777;
/** Any execute bit (owner, group, other). */
export const S_IXUGO = 0o111;

/** d_type values of getdents64 (readdir(3)). */
export const DT_FIFO = 1;
export const DT_CHR = 2;
export const DT_DIR = 4;
export const DT_REG = 8;
export const DT_LNK = 10;

/** NAME_MAX (limits.h): longest single path component in bytes. */
export const NAME_MAX = 255;

/** Device number as Linux's new_encode_dev packs it for st_dev/st_rdev (major:minor). */
export function makeDev(major: number, minor: number): number {
  return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12);
}

/** What an inode needs from its file system: fresh inode numbers and the clock. */
export interface InodeContext {
  /** Virtual time in nanoseconds since boot. */
  now(): number;
}

/** One inode: identity, type and permission bits, link count and times (ns). */
export abstract class Inode {
  nlink = 1;
  uid = 0;
  gid = 0;
  atimeNs: number;
  mtimeNs: number;
  ctimeNs: number;
  /** Device number of a character device (st_rdev); 0 otherwise. */
  rdev = 0;
  /** Device number of the file system holding the inode (st_dev). */
  dev = 0;

  constructor(readonly ino: number, public mode: number, nowNs: number) {
    this.atimeNs = this.mtimeNs = this.ctimeNs = nowNs;
  }

  /** The S_IFMT bits. */
  get type(): number {
    return this.mode & S_IFMT;
  }

  /** st_size in bytes. */
  size(): number {
    return 0;
  }

  /** The d_type getdents64 reports for this inode. */
  get dtype(): number {
    switch (this.type) {
      case S_IFDIR: return DT_DIR;
      case S_IFLNK: return DT_LNK;
      case S_IFCHR: return DT_CHR;
      case S_IFIFO: return DT_FIFO;
      default: return DT_REG;
    }
  }

  /** True when writes (create, unlink, write, truncate) are refused: procfs. */
  get readOnlyFs(): boolean {
    return false;
  }
}

/** Most bytes all regular files together may hold (tmpfs size= limit); beyond it writes give ENOSPC. */
export const TMPFS_MAX_BYTES = 256 * 1024 * 1024;

/** Bytes currently allocated by regular files, shared by all of them (the tmpfs quota). */
export class SpaceQuota {
  used = 0;
  constructor(readonly limit = TMPFS_MAX_BYTES) {}
}

/**
 * A regular file. Bytes [0, data.length) are stored; bytes [data.length, length) read as
 * zeros (a file extended by ftruncate allocates nothing). `data` may be borrowed from the host
 * (addFile) and is copied before the first change, so guest writes never reach host buffers.
 */
export class RegularInode extends Inode {
  private data: Uint8Array;
  private length: number;
  private borrowed: boolean;
  /** Page-cache hooks, set by the page cache once the file is mapped (see backing.ts). */
  cache?: PageCacheHooks;

  constructor(ino: number, mode: number, nowNs: number, private readonly quota: SpaceQuota, data?: Uint8Array) {
    super(ino, S_IFREG | (mode & S_IALLUGO), nowNs);
    this.data = data ?? new Uint8Array(0);
    this.length = this.data.length;
    this.borrowed = data !== undefined;
  }

  override size(): number {
    return this.length;
  }

  /** The file's bytes as stored (a view, valid until the next write): what execve loads. */
  contents(): Uint8Array {
    if (this.length <= this.data.length) return this.data.subarray(0, this.length);
    const out = new Uint8Array(this.length);
    out.set(this.data);
    return out;
  }

  /** Bytes [offset, offset+len) without the page cache; short at end of file. */
  readStored(offset: number, len: number): Uint8Array {
    const end = Math.min(this.length, offset + len);
    if (end <= offset) return new Uint8Array(0);
    const out = new Uint8Array(end - offset);
    if (offset < this.data.length) out.set(this.data.subarray(offset, Math.min(end, this.data.length)));
    return out;
  }

  /** Bytes [offset, offset+len) as a reader sees them: stored bytes with cached pages over them. */
  readAt(offset: number, len: number): Uint8Array {
    const out = this.readStored(offset, len);
    if (this.cache && out.length > 0) this.cache.overlay(offset, out);
    return out;
  }

  /**
   * Stores `bytes` at `offset`, growing the file; also into cached pages when `throughCache`.
   * Returns bytes written, or -ENOSPC when the quota would be exceeded (nothing written).
   */
  writeAt(offset: number, bytes: Uint8Array, throughCache = true): number {
    const end = offset + bytes.length;
    if (bytes.length > 0) {
      if (!this.ensureCapacity(end)) return -ENOSPC;
      this.data.set(bytes, offset);
    }
    if (end > this.length) this.length = end;
    if (throughCache && this.cache && bytes.length > 0) this.cache.writeThrough(offset, bytes);
    return bytes.length;
  }

  /** Sets the size to `size` bytes (truncate(2)); bytes past a shrink are gone, a growth reads as zeros. */
  truncate(size: number): void {
    if (size < this.data.length) {
      this.own();
      this.data.fill(0, size);
    }
    this.length = size;
    this.cache?.truncate(size);
  }

  /** Makes `data` our own and at least `end` bytes long; false when the quota forbids it. */
  private ensureCapacity(end: number): boolean {
    this.own();
    if (end <= this.data.length) return true;
    const want = Math.max(end, Math.min(this.data.length * 2, end + (1 << 20)));
    const grow = want - this.data.length;
    if (this.quota.used + grow > this.quota.limit) {
      const exact = end - this.data.length;
      if (this.quota.used + exact > this.quota.limit) return false;
      return this.resize(end);
    }
    return this.resize(want);
  }

  private resize(capacity: number): boolean {
    const next = new Uint8Array(capacity);
    next.set(this.data);
    this.quota.used += capacity - this.data.length;
    this.data = next;
    return true;
  }

  /** Copies a borrowed buffer before the first change. */
  private own(): void {
    if (!this.borrowed) return;
    this.borrowed = false;
    const copy = new Uint8Array(this.data.length);
    copy.set(this.data);
    this.quota.used += copy.length;
    this.data = copy;
  }

  /** Gives the storage back to the quota (the last link and the last open description are gone). */
  free(): void {
    if (!this.borrowed) this.quota.used -= this.data.length;
    this.data = new Uint8Array(0);
    this.borrowed = false;
    this.length = 0;
  }
}

/**
 * A directory: name -> inode, in creation order. `parent` is the directory holding it (the
 * root is its own parent), which is how ".." and getcwd(2) work; directories have exactly one
 * name since they cannot be hard-linked.
 */
export class DirInode extends Inode {
  protected readonly entries = new Map<string, Inode>();
  parent: DirInode;
  /** Name in the parent ('' for the root). */
  name = '';
  /** False once rmdir removed it: nothing may be created in it any more. */
  live = true;

  constructor(ino: number, mode: number, nowNs: number, parent?: DirInode) {
    super(ino, S_IFDIR | (mode & S_IALLUGO), nowNs);
    this.parent = parent ?? this;
    this.nlink = 2;
  }

  /** The entry called `name` (never "." or ".."), seen by process `p`. */
  lookup(name: string, _p?: Process): Inode | undefined {
    return this.entries.get(name);
  }

  /** Entry names and inodes in listing order (without "." and ".."), seen by process `p`. */
  list(_p?: Process): [string, Inode][] {
    return [...this.entries];
  }

  /** Number of entries (without "." and ".."). */
  get count(): number {
    return this.entries.size;
  }

  /** Adds an entry (the caller checked that `name` is free); links subdirectories to us. */
  link(name: string, inode: Inode, nowNs: number): void {
    this.entries.set(name, inode);
    if (inode instanceof DirInode) {
      inode.parent = this;
      inode.name = name;
      this.nlink++;
    }
    this.mtimeNs = this.ctimeNs = nowNs;
  }

  /** Removes the entry `name` (the caller checked it exists). */
  unlink(name: string, nowNs: number): void {
    const inode = this.entries.get(name);
    this.entries.delete(name);
    if (inode instanceof DirInode) this.nlink--;
    this.mtimeNs = this.ctimeNs = nowNs;
  }

  /** Absolute path of this directory, or undefined when it (or an ancestor) was removed. */
  path(): string | undefined {
    const parts: string[] = [];
    for (let d: DirInode = this; d.parent !== d; d = d.parent) {
      if (!d.live || d.parent.entries.get(d.name) !== d) return undefined;
      parts.unshift(d.name);
    }
    return '/' + parts.join('/');
  }

  /** True when `other` is this directory or lies below it. */
  contains(other: DirInode): boolean {
    for (let d = other; ; d = d.parent) {
      if (d === this) return true;
      if (d.parent === d) return false;
    }
  }
}

/** A symbolic link (symlink(7)); `target` is stored verbatim. */
export class SymlinkInode extends Inode {
  constructor(ino: number, nowNs: number, private readonly target: string) {
    super(ino, S_IFLNK | 0o777, nowNs);
  }

  /** The link's contents as process `p` reads them. */
  readlink(_p?: Process): string {
    return this.target;
  }

  override size(): number {
    return new TextEncoder().encode(this.target).length;
  }
}

/** A character device node (/dev/null, /dev/console...): `open` makes its open file description. */
export class CharDevInode extends Inode {
  constructor(ino: number, mode: number, nowNs: number, rdev: number) {
    super(ino, S_IFCHR | (mode & S_IALLUGO), nowNs);
    this.rdev = rdev;
  }
}

/** The inode behind a pipe (pipe(7)): anonymous, reported by fstat as a FIFO. */
export class FifoInode extends Inode {
  constructor(ino: number, nowNs: number) {
    super(ino, S_IFIFO | 0o600, nowNs);
  }
}
