import { EFBIG, EINVAL, EISDIR } from '../errno';
import { O_APPEND, OpenFile, seekPosition, SEEK_CUR, SEEK_SET, type IoContext } from '../files';
import type { FileBacking, PageCacheHooks } from './backing';
import type { DirInode, Inode, RegularInode } from './inode';

/** Largest file size and offset this file system handles (bytes); beyond it writes give EFBIG. */
export const MAX_FILE_BYTES = 2 ** 46;

/**
 * A regular file as mmap sees it (the FileBacking seam with the page cache): one view per
 * open, naming the path it was opened by, all views of an inode sharing its bytes and its
 * page-cache hooks. writeAt is the page cache's write-back: it stores without going back
 * through the cache.
 */
export class FileBackingView implements FileBacking {
  constructor(private readonly inode: RegularInode, readonly path: string) {}

  get ino(): number {
    return this.inode.ino;
  }

  size(): number {
    return this.inode.size();
  }

  readAt(offset: number, len: number): Uint8Array {
    return this.inode.readStored(offset, len);
  }

  writeAt(offset: number, data: Uint8Array): void {
    this.inode.writeAt(offset, data, false);
  }

  get cache(): PageCacheHooks | undefined {
    return this.inode.cache;
  }

  set cache(hooks: PageCacheHooks | undefined) {
    this.inode.cache = hooks;
  }
}

/** The one FileBacking of each mapped regular inode. */
const backings = new WeakMap<RegularInode, FileBackingView>();

/**
 * The one FileBacking of `inode` (made on first use, named by `path`): what mmap and execve map,
 * so the page cache sees one backing object per inode however often the file is opened or
 * executed.
 */
export function inodeBacking(inode: RegularInode, path: string): FileBacking {
  let view = backings.get(inode);
  if (!view) { view = new FileBackingView(inode, path); backings.set(inode, view); }
  return view;
}

/** Open descriptions of each regular inode, to free its bytes once it is unlinked and closed. */
const openCounts = new WeakMap<RegularInode, number>();

/** Frees an inode's storage when no name and no open description refer to it any more. */
export function maybeFreeInode(inode: RegularInode): void {
  if (inode.nlink === 0 && (openCounts.get(inode) ?? 0) === 0 && !inode.cache) inode.free();
}

/**
 * An open regular file: reads and writes at the file offset (O_APPEND writes at the end),
 * pread/pwrite at explicit offsets, seeks anywhere (holes read as zeros). Writes update mtime
 * and ctime from the kernel clock.
 */
export class RegularFile extends OpenFile {
  readonly kind = 'regular';

  constructor(override readonly inode: RegularInode, path: string, flags: number, private readonly now: () => number) {
    super(inode, path, flags);
    openCounts.set(inode, (openCounts.get(inode) ?? 0) + 1);
  }

  override read(max: number): Uint8Array {
    const out = this.inode.readAt(this.pos, max);
    this.pos += out.length;
    return out;
  }

  override write(data: Uint8Array, _io?: IoContext): number {
    if (this.flags & O_APPEND) this.pos = this.inode.size();
    const n = this.pwrite(data, this.pos);
    if (n > 0) this.pos += n;
    return n;
  }

  override pread(max: number, offset: number): Uint8Array {
    return this.inode.readAt(offset, max);
  }

  /** Linux quirk kept: with O_APPEND, pwrite(2) appends whatever the offset (see BUGS in pwrite(2)). */
  override pwrite(data: Uint8Array, offset: number): number {
    const at = this.flags & O_APPEND ? this.inode.size() : offset;
    if (at + data.length > MAX_FILE_BYTES) return -EFBIG;
    const n = this.inode.writeAt(at, data);
    if (n >= 0) this.inode.mtimeNs = this.inode.ctimeNs = this.now();
    return n;
  }

  override lseek(offset: number, whence: number): number {
    const next = seekPosition(this.pos, this.inode.size(), offset, whence);
    if (next >= 0) this.pos = next;
    return next;
  }

  /**
   * The FileBacking mmap uses for this file: one object per inode (the MappableFile contract in
   * backing.ts), named by the path of the first open that asked for it.
   */
  backing(): FileBacking {
    return inodeBacking(this.inode, this.path);
  }

  override release(): void {
    openCounts.set(this.inode, (openCounts.get(this.inode) ?? 1) - 1);
    maybeFreeInode(this.inode);
  }
}

/**
 * A read-only snapshot file (procfs): its bytes are generated when it is opened, as Linux's
 * seq_file generates them on the first read; reads and seeks work on that snapshot.
 */
export class SnapshotFile extends OpenFile {
  readonly kind = 'proc';

  constructor(inode: Inode, path: string, flags: number, private readonly bytes: Uint8Array) {
    super(inode, path, flags);
  }

  override read(max: number): Uint8Array {
    const out = this.bytes.slice(this.pos, this.pos + max);
    this.pos += out.length;
    return out;
  }

  override pread(max: number, offset: number): Uint8Array {
    return this.bytes.slice(offset, offset + max);
  }

  override lseek(offset: number, whence: number): number {
    const next = seekPosition(this.pos, this.bytes.length, offset, whence);
    if (next >= 0) this.pos = next;
    return next;
  }
}

/**
 * An open directory: read(2) fails with EISDIR; getdents64(2) walks its entries, `pos` being
 * the index of the next entry ("." and ".." come first). lseek sets that index (rewinddir).
 */
export class DirFile extends OpenFile {
  readonly kind = 'directory';

  constructor(override readonly inode: DirInode, path: string, flags: number) {
    super(inode, path, flags);
  }

  override read(): number {
    return -EISDIR;
  }

  override lseek(offset: number, whence: number): number {
    if (whence !== SEEK_SET && whence !== SEEK_CUR) return -EINVAL;
    const next = (whence === SEEK_CUR ? this.pos : 0) + offset;
    if (!Number.isSafeInteger(next) || next < 0) return -EINVAL;
    this.pos = next;
    return next;
  }
}

/** An O_PATH descriptor of a symlink (open with O_PATH | O_NOFOLLOW): good for fstat and *at calls only. */
export class PathOnlyFile extends OpenFile {
  readonly kind = 'symlink';
}
