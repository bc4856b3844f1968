import { PAGE_SIZE, PTE_R, PTE_U, PTE_W, PTE_X } from '../emu/sv39';
import type { VmaInfo } from './api';

/** vm_flags bits, as Linux names them (include/linux/mm.h). */
export const VM_READ = 0x1;
export const VM_WRITE = 0x2;
export const VM_EXEC = 0x4;
export const VM_SHARED = 0x8;
export const VM_GROWSDOWN = 0x100;

/** An executable or data file image placed in the guest's file system (bytes, read-only). */
export interface FileImage {
  path: string;
  data: Uint8Array;
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
 * one protection and one backing. File VMAs map `file` from byte `fileOffset` at `start`; bytes
 * at or past `fileEnd` (a virtual address) read as zero, which is how a segment's .bss tail in
 * the last file page is cleared. Shared anonymous VMAs index `shared` by page from `pgoff`.
 */
export class Vma {
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
    return new Vma(start, end, this.flags, this.kind, this.name, this.file, this.fileOffset + delta,
      this.fileEnd, this.shared, this.pgoff + delta / PAGE_SIZE);
  }

  /** True when writes to a present page may go straight to its frame (no copy-on-write). */
  get isShared(): boolean {
    return (this.flags & VM_SHARED) !== 0;
  }

  /** PTE permission bits for a page of this VMA (PTE_U always; W only where writes are allowed now). */
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
    return (this.flags & VM_READ ? 'r' : '-') + (this.flags & VM_WRITE ? 'w' : '-') +
      (this.flags & VM_EXEC ? 'x' : '-') + (this.isShared ? 's' : 'p');
  }
}

/** mmap(2)/mprotect(2) protection bits (include/uapi/asm-generic/mman-common.h). */
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;
/** mmap(2) flags (asm-generic/mman-common.h, linux/mman.h). */
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_FIXED_NOREPLACE = 0x100000;

/** vm_flags for mmap/mprotect protection bits. */
export function protToVmFlags(prot: number): number {
  return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) | (prot & PROT_EXEC ? VM_EXEC : 0);
}
