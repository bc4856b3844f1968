import { PAGE_SIZE, PTE_R, PTE_U, PTE_W, PTE_X } from '../emu/sv39';
import type { PauseValues, VmaInfo } from './api';
import type { FileBacking } from './vfs/backing';

/** vm_flags bits, as Linux names them (include/linux/mm.h). */
export const VM_READ = 0x1;
export const VM_WRITE = 0x2;
export const VM_EXEC = 0x4;
export const VM_SHARED = 0x8;
export const VM_GROWSDOWN = 0x100;

/**
 * An executable as execve sees it: its canonical path, its bytes (read for the ELF and program
 * headers and `#!` lines only) and its FileBacking, through which the loaded segments' pages come
 * from the page cache (one copy of each file page for every process running the binary).
 */
export interface FileImage {
  path: string;
  data: Uint8Array;
  backing: FileBacking;
}

/**
 * The backing object of a shared anonymous mapping (Linux uses a shmem file): page index ->
 * frame. The object holds one reference on each of its frames; `users` counts the VMAs that
 * point at it, and the last one to go releases the frames.
 */
export class SharedAnon {
  readonly pages = new Map<number, number>();
  users = 1;
}

/**
 * One virtual memory area (Linux vm_area_struct): [start, end) page-aligned virtual bytes with
 * one protection and one backing:
 *  - an ELF segment: `file` (the executable) and its `backing`, from byte `fileOffset` at
 *    `start`, a private file mapping through the page cache: pages map the cached frames
 *    read-only and copy on the first write. Bytes at or past `fileEnd` (a virtual address) read
 *    as zero, which is how a segment's .bss tail in the last file page is cleared: a page
 *    holding such bytes is a private zero-tailed copy from the start.
 *  - an mmap'ed file: `backing` from byte `fileOffset` at `start`, pages through the page cache
 *    (shared mappings write into the cached page, private ones copy it on the first write).
 *  - shared anonymous memory: `shared`, indexed by page from `pgoff`.
 *  - private anonymous memory (heap, stack, .bss, MAP_ANONYMOUS|MAP_PRIVATE): none of the above.
 *  - the vDSO: kind 'vdso', the kernel's one trampoline frame.
 */
export class Vma {
  /** The open file allowed writing (Linux VM_MAYWRITE): false for a shared mapping of a read-only fd. */
  mayWrite = true;
  /** An mmap'ed regular file (see the class comment). */
  backing?: FileBacking;

  constructor(
    public start: number,
    public end: number,
    public flags: number,
    public kind: VmaInfo['kind'],
    public name: string,
    public file?: FileImage,
    public fileOffset = 0,
    public fileEnd = 0,
    public shared?: SharedAnon,
    public pgoff = 0,
  ) {}

  /** Copy of this VMA describing [start, end) of it (used to split; offsets follow the start). */
  slice(start: number, end: number): Vma {
    const delta = start - this.start;
    const v = new Vma(start, end, this.flags, this.kind, this.name, this.file, this.fileOffset + delta,
      this.fileEnd, this.shared, this.pgoff + delta / PAGE_SIZE);
    v.mayWrite = this.mayWrite;
    v.backing = this.backing;
    return v;
  }

  /** True when writes to a present page may go straight to its frame (no copy-on-write). */
  get isShared(): boolean {
    return (this.flags & VM_SHARED) !== 0;
  }

  /** Number of pages spanned. */
  get pages(): number {
    return (this.end - this.start) / PAGE_SIZE;
  }

  /**
   * PTE permission bits for a page of this VMA (PTE_U always; W only where writes are allowed
   * now). No R/W/X at all (PROT_NONE) makes the page table store a PROT_NONE entry.
   */
  pteFlags(writable: boolean): number {
    let f = PTE_U;
    if (this.flags & VM_READ) f |= PTE_R;
    if (this.flags & VM_EXEC) f |= PTE_X;
    if (writable && (this.flags & VM_WRITE)) f |= PTE_W;
    // A write-only mapping cannot be expressed (W without R is reserved): Linux maps it readable too.
    if ((f & PTE_W) && !(f & PTE_R)) f |= PTE_R;
    return f;
  }

  /** Permissions as /proc/<pid>/maps prints them: `rwxp` or `rwxs` with `-` for absent bits. */
  get perms(): string {
    return permsOf(this.flags);
  }
}

/** vm_flags as /proc/<pid>/maps prints them: `rwxp` or `rwxs` with `-` for absent bits. */
export function permsOf(flags: number): string {
  return (flags & VM_READ ? 'r' : '-') + (flags & VM_WRITE ? 'w' : '-') + (flags & VM_EXEC ? 'x' : '-') +
    (flags & VM_SHARED ? 's' : 'p');
}

/** A VMA as a kernel pause shows it (`/proc/<pid>/maps` terms: virtual bytes, `rw-p`), or undefined. */
export function vmaView(v: Vma | undefined): PauseValues['vma'] {
  return v && { start: v.start, end: v.end, perms: v.perms, name: v.name };
}

/**
 * A VMA in one short line for a pause's facts, as /proc/<pid>/maps starts its line:
 * `0x3ffffe0000-0x3ffffe5000 rw-p` (hex virtual bytes, [start, end)).
 */
export function vmaText(v: Vma): string {
  return `0x${v.start.toString(16)}-0x${v.end.toString(16)} ${v.perms}`;
}

/**
 * True when `b` directly follows `a` and the two can be one VMA (Linux vma_merge's
 * is_mergeable_vma + the anon/file offset checks): same flags, kind, name and backing (a file by
 * inode number), and for files or shared objects page offsets that line up. The heap, the stack and the vDSO never merge.
 */
export function canMerge(a: Vma, b: Vma): boolean {
  if (a.end !== b.start || a.flags !== b.flags || a.kind !== b.kind || a.name !== b.name) return false;
  if (a.kind !== 'anon' && a.kind !== 'file') return false;
  if (a.mayWrite !== b.mayWrite || a.file !== b.file || a.backing?.ino !== b.backing?.ino || a.shared !== b.shared) return false;
  if (a.file && a.fileEnd !== b.fileEnd) return false;
  if ((a.file || a.backing) && a.fileOffset + (a.end - a.start) !== b.fileOffset) return false;
  if (a.shared && a.pgoff + a.pages !== b.pgoff) return false;
  return true;
}

/** mmap(2)/mprotect(2) protection bits (include/uapi/asm-generic/mman-common.h). */
export const PROT_NONE = 0x0;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;
export const PROT_GROWSDOWN = 0x01000000;
export const PROT_GROWSUP = 0x02000000;
/** mmap(2) flags (asm-generic/mman-common.h, asm-generic/mman.h, linux/mman.h). */
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_GROWSDOWN = 0x0100;
export const MAP_DENYWRITE = 0x0800;
export const MAP_EXECUTABLE = 0x1000;
export const MAP_LOCKED = 0x2000;
export const MAP_NORESERVE = 0x4000;
export const MAP_POPULATE = 0x8000;
export const MAP_NONBLOCK = 0x10000;
export const MAP_STACK = 0x20000;
export const MAP_HUGETLB = 0x40000;
export const MAP_SYNC = 0x80000;
export const MAP_FIXED_NOREPLACE = 0x100000;
/** Flags MAP_SHARED_VALIDATE accepts (Linux LEGACY_MAP_MASK plus the validated ones we know). */
export const MAP_KNOWN_FLAGS = MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE |
  MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_FIXED_NOREPLACE;

/** mremap(2) flags (linux/mman.h). */
export const MREMAP_MAYMOVE = 1;
export const MREMAP_FIXED = 2;
export const MREMAP_DONTUNMAP = 4;

/** madvise(2) advice values (asm-generic/mman-common.h). */
export const MADV_NORMAL = 0;
export const MADV_RANDOM = 1;
export const MADV_SEQUENTIAL = 2;
export const MADV_WILLNEED = 3;
export const MADV_DONTNEED = 4;
export const MADV_FREE = 8;
export const MADV_REMOVE = 9;
export const MADV_DONTFORK = 10;
export const MADV_DOFORK = 11;
export const MADV_MERGEABLE = 12;
export const MADV_UNMERGEABLE = 13;
export const MADV_HUGEPAGE = 14;
export const MADV_NOHUGEPAGE = 15;
export const MADV_DONTDUMP = 16;
export const MADV_DODUMP = 17;
export const MADV_WIPEONFORK = 18;
export const MADV_KEEPONFORK = 19;
export const MADV_COLD = 20;
export const MADV_PAGEOUT = 21;
export const MADV_POPULATE_READ = 22;
export const MADV_POPULATE_WRITE = 23;

/** msync(2) flags (asm-generic/mman-common.h). */
export const MS_ASYNC = 1;
export const MS_INVALIDATE = 2;
export const MS_SYNC = 4;

/** vm_flags for mmap/mprotect protection bits. */
export function protToVmFlags(prot: number): number {
  return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) | (prot & PROT_EXEC ? VM_EXEC : 0);
}
