/**
 * The seam between the file system (src/kernel/vfs) and memory management (mm, page cache):
 * what a regular file offers to mmap, and what a page cache offers back to read/write so that
 * file I/O and shared file mappings always see one copy of each page (Linux: address_space).
 */

/** Page-cache hooks attached to a file once it is mapped; the VFS calls them on every read/write. */
export interface PageCacheHooks {
  /** Copies cached pages over `out` (file bytes [offset, offset + out.length)), leaving uncached bytes alone. */
  overlay(offset: number, out: Uint8Array): void;
  /** Writes `data` at byte `offset` into any cached pages it touches (the VFS writes its own copy too). */
  writeThrough(offset: number, data: Uint8Array): void;
  /** The file shrank to `size` bytes: cached pages past it read as zeros from now on. */
  truncate(size: number): void;
}

/** A regular file as mmap sees it: identity, size and bytes. Offsets and sizes are bytes. */
export interface FileBacking {
  /** Inode number, unique for the kernel's lifetime (the page cache keys on it). */
  readonly ino: number;
  /** Path it was opened by, for /proc/<pid>/maps and the Memory Map view. */
  readonly path: string;
  /** Current size in bytes. */
  size(): number;
  /** Bytes [offset, offset+len) of the file as stored (without the page cache), short at end of file. */
  readAt(offset: number, len: number): Uint8Array;
  /** Stores bytes at `offset` (growing the file), used to write back dirty shared pages. */
  writeAt(offset: number, data: Uint8Array): void;
  /** Set by the page cache the first time the file is mapped. */
  cache?: PageCacheHooks;
}

/**
 * What mmap(2) asks of an open file description (the VFS's OpenFile): its access mode, its
 * status flags, and the file to map. `backing()` returns the regular file behind the
 * description — the same FileBacking object for every open of one inode, so the page-cache
 * hooks set on it are seen by every reader and writer — or undefined when the file cannot be
 * mapped (pipes, directories, the console, /proc: mmap fails with ENODEV). A description
 * without `backing` cannot be mapped either.
 */
export interface MappableFile {
  /** Open for reading (O_RDONLY or O_RDWR): mmap of any kind needs it (else EACCES). */
  readonly readable: boolean;
  /** Open for writing (O_WRONLY or O_RDWR): a MAP_SHARED mapping with PROT_WRITE needs it (else EACCES). */
  readonly writable: boolean;
  /** Access mode and status flags (O_APPEND forbids writable shared mappings). */
  readonly flags?: number;
  /** Short name of the file type; 'zero' (/dev/zero) maps as anonymous memory. */
  readonly kind?: string;
  backing?(): FileBacking | undefined;
}
