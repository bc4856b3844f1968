import { PAGE_SIZE } from '../../emu/sv39';
import type { AccessKind } from '../api';
import { EACCES, EBADF, EEXIST, EFAULT, EINVAL, ENODEV, ENOMEM, EOPNOTSUPP } from '../errno';
import { handleMmFault } from '../fault';
import type { Kernel } from '../kernel';
import type { Thread } from '../process';
import { MMAP_MIN_ADDR, TASK_SIZE, pageUp } from '../layout';
import type { Mm } from '../mm';
import type { FileBacking, MappableFile } from '../vfs/backing';
import {
  MADV_COLD, MADV_DODUMP, MADV_DOFORK, MADV_DONTDUMP, MADV_DONTFORK, MADV_DONTNEED, MADV_FREE, MADV_HUGEPAGE,
  MADV_KEEPONFORK, MADV_MERGEABLE, MADV_NOHUGEPAGE, MADV_NORMAL, MADV_PAGEOUT, MADV_POPULATE_READ,
  MADV_POPULATE_WRITE, MADV_RANDOM, MADV_REMOVE, MADV_SEQUENTIAL, MADV_UNMERGEABLE, MADV_WILLNEED, MADV_WIPEONFORK,
  MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN, MAP_KNOWN_FLAGS, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED,
  MAP_SHARED_VALIDATE, MAP_TYPE, MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE, MS_ASYNC, MS_INVALIDATE, MS_SYNC, PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP, PROT_READ,
  PROT_WRITE, SharedAnon, VM_GROWSDOWN, VM_READ, VM_SHARED, VM_WRITE, Vma, protToVmFlags,
} from '../vma';
import { int, ptr, size, type SteppedSyscall, type SyscallHandler } from './args';
import * as nr from './numbers';

/** open(2)'s O_APPEND (asm-generic/fcntl.h): an append-only file cannot be mapped shared-writable. */
const O_APPEND = 0o2000;
/** PROT_SEM (asm-generic/mman-common.h): accepted by mprotect and ignored. */
const PROT_SEM = 0x8;
/** Name Linux shows in /proc/<pid>/maps for shared anonymous memory (its shmem file). */
export const SHARED_ANON_NAME = '/dev/zero (deleted)';

/**
 * brk(2) as the raw syscall behaves: moves the program break to `addr` when it lies above the
 * start of the heap and the pages are free (growing or shrinking the `[heap]` VMA), and always
 * returns the break in force afterwards (the old one on failure); brk(0) queries it.
 */
const sysBrk: SyscallHandler = (_k, t, a) => {
  const mm = t.process.mm;
  const want = ptr(a[0]);
  if (!(want >= mm.startBrk) || want >= mm.mmapBase) return mm.brk;
  const oldTop = pageUp(mm.brk);
  const newTop = pageUp(want);
  if (newTop > oldTop && !mm.isFree(oldTop, newTop)) return mm.brk;
  if (newTop < oldTop) mm.unmapRange(newTop, oldTop);
  if (newTop > oldTop) growHeap(mm, oldTop, newTop);
  mm.brk = want;
  return mm.brk;
};

/** Extends the `[heap]` VMA from `oldTop` to `newTop` (a new piece when the top one was mprotect'ed). */
function growHeap(mm: Mm, oldTop: number, newTop: number): void {
  const top = mm.find(oldTop - 1);
  if (top && top.kind === 'heap' && top.end === oldTop && top.flags === (VM_READ | VM_WRITE)) top.end = newTop;
  else mm.insert(new Vma(oldTop, newTop, VM_READ | VM_WRITE, 'heap', '[heap]'));
}

/**
 * Checks an (addr, length) pair of munmap, mprotect, madvise or msync: addr page-aligned,
 * the end (length rounded up to pages) inside the user address space. The end, or -EINVAL.
 */
function userRange(addr: number, length: number): number {
  if (!Number.isFinite(addr) || addr % PAGE_SIZE !== 0 || !Number.isFinite(length)) return -EINVAL;
  const end = addr + pageUp(length);
  return end > TASK_SIZE ? -EINVAL : end;
}

/** The file an fd names for mmap: a FileBacking, 'anon' for /dev/zero, or -errno (EBADF, ENODEV, EACCES). */
function mapTarget(t: Thread, fd: number, shared: boolean, prot: number): { backing?: FileBacking; mayWrite: boolean } | number {
  const f = t.files.get(fd) as MappableFile | undefined;
  if (!f) return -EBADF;
  if (f.kind === 'zero') return { mayWrite: true };
  const backing = typeof f.backing === 'function' ? f.backing() : undefined;
  if (!backing) return -ENODEV;
  if (!f.readable) return -EACCES;
  const append = ((f.flags ?? 0) & O_APPEND) !== 0;
  if (shared && (prot & PROT_WRITE) && (!f.writable || append)) return -EACCES;
  return { backing, mayWrite: !shared || (f.writable && !append) };
}

/**
 * mmap(2): a new mapping of anonymous memory or of the file `fd` (through the page cache),
 * private (copy-on-write) or shared, at a hint, at exactly `addr` (MAP_FIXED replaces what was
 * there; MAP_FIXED_NOREPLACE refuses with -EEXIST), pages on first touch or all at once
 * (MAP_POPULATE). Returns the start address or -EINVAL (bad length, type, alignment),
 * -EOPNOTSUPP (unknown flag with MAP_SHARED_VALIDATE), -EBADF, -ENODEV (not a mappable file),
 * -EACCES (fd not readable, or shared writable on a read-only/append fd), -ENOMEM (no room).
 * As on Linux riscv, PROT_WRITE implies PROT_READ.
 */
const sysMmap: SyscallHandler = (k, t, a) => {
  const addr = ptr(a[0]);
  const length = size(a[1]);
  let prot = int(a[2]);
  const flags = int(a[3]);
  const offset = ptr(a[5]);
  const mm = t.process.mm;
  const type = flags & MAP_TYPE;
  if (length === 0) return -EINVAL;
  if (!(length < TASK_SIZE)) return -ENOMEM;
  if (type !== MAP_PRIVATE && type !== MAP_SHARED && type !== MAP_SHARED_VALIDATE) return -EINVAL;
  if (type === MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN_FLAGS)) return -EOPNOTSUPP;
  if (!Number.isFinite(offset) || offset % PAGE_SIZE !== 0) return -EINVAL;
  if ((prot & PROT_WRITE) && !(prot & PROT_READ)) prot |= PROT_READ;
  const shared = type !== MAP_PRIVATE;
  const len = pageUp(length);
  let target: { backing?: FileBacking; mayWrite: boolean } = { mayWrite: true };
  if (!(flags & MAP_ANONYMOUS)) {
    const found = mapTarget(t, int(a[4]), shared, prot);
    if (typeof found === 'number') return found;
    target = found;
  }
  let start: number | undefined;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (addr % PAGE_SIZE !== 0 || addr < MMAP_MIN_ADDR || addr + len > TASK_SIZE) return -EINVAL;
    if ((flags & MAP_FIXED_NOREPLACE) && !mm.isFree(addr, addr + len)) return -EEXIST;
    mm.unmapRange(addr, addr + len);
    start = addr;
  } else {
    start = mm.getUnmappedArea(len, Number.isFinite(addr) ? pageUp(addr) : 0);
    if (start === undefined) return -ENOMEM;
  }
  const vmFlags = protToVmFlags(prot) | (shared ? VM_SHARED : 0) | (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0);
  const vma = target.backing
    ? new Vma(start, start + len, vmFlags, 'file', target.backing.path, undefined, offset)
    : new Vma(start, start + len, vmFlags, 'anon', shared ? SHARED_ANON_NAME : '');
  vma.mayWrite = target.mayWrite;
  if (target.backing) {
    vma.backing = target.backing;
    mm.ctx.pageCache.attach(target.backing);
  } else if (shared) {
    vma.shared = new SharedAnon();
  }
  mm.insert(vma);
  mm.mergeRange(start, start + len);
  if (flags & MAP_POPULATE) populate(k, mm, start, start + len);
  return start;
};

/**
 * Faults in every page of [start, end) as MAP_POPULATE / MADV_POPULATE_* do (Linux
 * populate_vma_page_range): a write fault for private writable memory (so copy-on-write is
 * broken now), a read fault otherwise; PROT_NONE pages are skipped. Stops at the first page
 * that cannot be populated (out of memory, past the end of a file) and returns its decision's
 * errno: 0, -ENOMEM, or -EFAULT.
 */
function populate(k: Kernel, mm: Mm, start: number, end: number, write?: boolean): number {
  for (let va = start; va < end; va += PAGE_SIZE) {
    const vma = mm.find(va);
    if (!vma || !(vma.flags & (VM_READ | VM_WRITE))) continue;
    const access: AccessKind = (write ?? ((vma.flags & VM_WRITE) !== 0 && !vma.isShared)) ? 'write' : 'read';
    if (access === 'write' && !(vma.flags & VM_WRITE)) return -EFAULT;
    const res = handleMmFault(mm, va, access);
    k.faultCounts[res.decision]++;
    if (res.decision === 'oom') return -ENOMEM;
    if (res.decision === 'segv' || res.decision === 'sigbus') return -EFAULT;
  }
  return 0;
}

/** munmap(2): removes [addr, addr+length) rounded to pages; -EINVAL for an unaligned, empty or out-of-range one. */
const sysMunmap: SyscallHandler = (_k, t, a) => {
  const addr = ptr(a[0]);
  const length = size(a[1]);
  const end = userRange(addr, length);
  if (end < 0 || length === 0) return -EINVAL;
  t.process.mm.unmapRange(addr, end);
  return 0;
};

/**
 * mprotect(2): new protection for [addr, addr+len): -EINVAL (unaligned, unknown bits, both
 * PROT_GROWSDOWN and PROT_GROWSUP), -ENOMEM (a hole in the range), -EACCES (writable shared
 * mapping of a file not open for writing). PROT_GROWSDOWN extends the change to the start of a
 * grows-down VMA. See Mm.mprotect.
 */
const sysMprotect: SyscallHandler = (_k, t, a) => {
  let addr = ptr(a[0]);
  const length = size(a[1]);
  const prot = int(a[2]);
  const mm = t.process.mm;
  const end = userRange(addr, length);
  if (end < 0) return end;
  if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP)) return -EINVAL;
  if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP)) return -EINVAL;
  if (prot & PROT_GROWSUP) return -EINVAL;
  if (end === addr) return 0;
  if (prot & PROT_GROWSDOWN) {
    const v = mm.find(addr);
    if (!v || !(v.flags & VM_GROWSDOWN)) return -EINVAL;
    addr = v.start;
  }
  return mm.mprotect(addr, end, protToVmFlags(prot));
};

/** Advice madvise(2) accepts as a hint and otherwise ignores. */
const HINTS = new Set([MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_REMOVE, MADV_DONTFORK,
  MADV_DOFORK, MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_DONTDUMP, MADV_DODUMP,
  MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_COLD, MADV_PAGEOUT]);

/**
 * madvise(2): MADV_DONTNEED drops the pages of the range (private anonymous pages read back
 * as zeros, file and shared pages are found again in the page cache / shared object);
 * MADV_FREE does the same for private anonymous memory; MADV_POPULATE_READ/WRITE fault the
 * range in; every other known advice is a hint and succeeds. -EINVAL for an unaligned address
 * or unknown advice, -ENOMEM when part of the range is unmapped.
 */
const sysMadvise: SyscallHandler = (k, t, a) => {
  const addr = ptr(a[0]);
  const length = size(a[1]);
  const advice = int(a[2]);
  const mm = t.process.mm;
  const end = userRange(addr, length);
  if (end < 0) return end;
  const known = HINTS.has(advice) || [MADV_DONTNEED, MADV_FREE, MADV_POPULATE_READ, MADV_POPULATE_WRITE].includes(advice);
  if (!known) return -EINVAL;
  if (end === addr) return 0;
  if (advice === MADV_DONTNEED) return mm.dontNeed(addr, end);
  if (advice === MADV_FREE) {
    for (const v of mm.vmas) {
      if (v.kind !== 'file' && !v.shared && !v.backing && v.start < end && v.end > addr) {
        mm.zapRange(Math.max(v.start, addr), Math.min(v.end, end));
      }
    }
  }
  if (!mm.isCovered(addr, end)) return -ENOMEM;
  if (advice === MADV_POPULATE_READ || advice === MADV_POPULATE_WRITE) return populate(k, mm, addr, end, advice === MADV_POPULATE_WRITE);
  return 0;
};

/**
 * msync(2): writes the dirty pages of shared file mappings in [addr, addr+len) back to their
 * files (MS_SYNC and MS_ASYNC alike: the write is immediate). -EINVAL for an unaligned address,
 * unknown flags, or MS_SYNC with MS_ASYNC; -ENOMEM when part of the range is unmapped.
 */
const sysMsync: SyscallHandler = (_k, t, a) => {
  const addr = ptr(a[0]);
  const flags = int(a[2]);
  const end = userRange(addr, size(a[1]));
  if (end < 0) return end;
  if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) return -EINVAL;
  if ((flags & MS_ASYNC) && (flags & MS_SYNC)) return -EINVAL;
  return end === addr ? 0 : t.process.mm.msync(addr, end);
};

/**
 * mremap(2) on `mm` (Linux riscv64 argument order: old_address, old_size, new_size, flags,
 * new_address). Shrinking unmaps the tail; growing extends the VMA in place when the pages
 * above are free, else (MREMAP_MAYMOVE) moves the PTEs with their frames to a new range;
 * MREMAP_FIXED moves to exactly `newAddr` (replacing what was there); MREMAP_DONTUNMAP leaves
 * the old private anonymous range mapped but empty; old_size 0 duplicates a shared mapping.
 * Returns the new address, or -EINVAL (bad flags, alignment, sizes, overlapping FIXED ranges),
 * -EFAULT (the old range is not one mapping), -ENOMEM (no room, or growth impossible without
 * MREMAP_MAYMOVE).
 */
export function mremap(mm: Mm, oldAddr: number, oldSize: number, newSize: number, flags: number, newAddr: number): number {
  if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) return -EINVAL;
  if ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) && !(flags & MREMAP_MAYMOVE)) return -EINVAL;
  if (!Number.isFinite(oldAddr) || oldAddr % PAGE_SIZE !== 0 || !(oldSize < TASK_SIZE) || !(newSize < TASK_SIZE)) return -EINVAL;
  const oldLen = pageUp(oldSize);
  const newLen = pageUp(newSize);
  if (newLen === 0 || ((flags & MREMAP_DONTUNMAP) && oldLen !== newLen)) return -EINVAL;
  const fixed = (flags & MREMAP_FIXED) !== 0;
  if (fixed && (!Number.isFinite(newAddr) || newAddr % PAGE_SIZE !== 0 || newAddr < MMAP_MIN_ADDR || newAddr + newLen > TASK_SIZE)) return -EINVAL;
  if (fixed && newAddr < oldAddr + Math.max(oldLen, 1) && oldAddr < newAddr + newLen) return -EINVAL;
  const vma = mm.find(oldAddr);
  if (!vma || oldAddr + oldLen > vma.end) return -EFAULT;
  if (oldLen === 0) return duplicateShared(mm, vma, oldAddr, newLen, flags, newAddr);
  if ((flags & MREMAP_DONTUNMAP) && (vma.shared || vma.backing || vma.file)) return -EINVAL;
  const dontUnmap = (flags & MREMAP_DONTUNMAP) !== 0;
  if (!fixed && !dontUnmap && newLen <= oldLen) {
    mm.unmapRange(oldAddr + newLen, oldAddr + oldLen);
    return oldAddr;
  }
  if (!fixed && !dontUnmap && oldAddr + oldLen === vma.end && oldAddr + newLen <= TASK_SIZE && mm.isFree(vma.end, oldAddr + newLen)) {
    vma.end = oldAddr + newLen;
    mm.mergeRange(vma.end, vma.end);
    return oldAddr;
  }
  if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
  let to: number | undefined = newAddr;
  if (fixed) mm.unmapRange(newAddr, newAddr + newLen);
  else to = mm.getUnmappedArea(newLen, 0);
  if (to === undefined) return -ENOMEM;
  const moveLen = Math.min(oldLen, newLen);
  if (oldLen > newLen) mm.unmapRange(oldAddr + newLen, oldAddr + oldLen);
  const keep = dontUnmap ? vma.slice(oldAddr, oldAddr + oldLen) : undefined;
  const err = mm.moveRange(oldAddr, to, moveLen);
  if (err < 0) return err;
  if (newLen > moveLen) {
    const moved = mm.find(to + moveLen - 1)!;
    moved.end = to + newLen;
  }
  if (keep) { mm.acquire(keep); mm.insert(keep); }
  mm.mergeRange(to, to + newLen);
  return to;
}

/** mremap with old_size 0: a second mapping of the same shared pages (-EINVAL for a private VMA). */
function duplicateShared(mm: Mm, vma: Vma, oldAddr: number, newLen: number, flags: number, newAddr: number): number {
  if (!vma.isShared || !(flags & MREMAP_MAYMOVE)) return -EINVAL;
  let to: number | undefined = newAddr;
  if (flags & MREMAP_FIXED) mm.unmapRange(newAddr, newAddr + newLen);
  else to = mm.getUnmappedArea(newLen, 0);
  if (to === undefined) return -ENOMEM;
  const copy = vma.slice(oldAddr, oldAddr + newLen);
  copy.start = to;
  copy.end = to + newLen;
  mm.acquire(copy);
  mm.insert(copy);
  return to;
}

/** mremap(2) syscall: see mremap. */
const sysMremap: SyscallHandler = (_k, t, a) =>
  mremap(t.process.mm, ptr(a[0]), size(a[1]), size(a[2]), int(a[3]), ptr(a[4]));

/** Memory-management syscalls and their handlers. */
export const memSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_brk, sysBrk],
  [nr.SYS_mmap, sysMmap],
  [nr.SYS_munmap, sysMunmap],
  [nr.SYS_mprotect, sysMprotect],
  [nr.SYS_mremap, sysMremap],
  [nr.SYS_madvise, sysMadvise],
  [nr.SYS_msync, sysMsync],
];

/** Syscalls of this file whose handler is a steppable path (dispatch.ts runs them unwatched or stepped). */
export const memSteppedSyscalls: [number, SteppedSyscall][] = [];
