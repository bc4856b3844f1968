import { PAGE_SIZE } from '../../emu/sv39';
import { EFAULT, EINVAL, ENOMEM } from '../errno';
import { MMAP_MIN_ADDR, TASK_SIZE, pageUp } from '../layout';
import type { Mm } from '../mm';
import { call, pause } from '../steps/path';
import {
  MADV_COLD, MADV_DODUMP, MADV_DOFORK, MADV_DONTDUMP, MADV_DONTFORK, MADV_DONTNEED, MADV_FREE, MADV_HUGEPAGE,
  MADV_KEEPONFORK, MADV_MERGEABLE, MADV_NOHUGEPAGE, MADV_NORMAL, MADV_PAGEOUT, MADV_POPULATE_READ,
  MADV_POPULATE_WRITE, MADV_RANDOM, MADV_REMOVE, MADV_SEQUENTIAL, MADV_UNMERGEABLE, MADV_WILLNEED, MADV_WIPEONFORK,
  MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE, MS_ASYNC, MS_INVALIDATE, MS_SYNC, PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP, PROT_READ,
  PROT_WRITE, VM_GROWSDOWN, Vma, protToVmFlags,
} from '../vma';
import { int, ptr, size, type SteppedSyscall, type SyscallHandler } from './args';
import { mmapSteppedSyscalls, populate } from './mmap';
import * as nr from './numbers';

/** brk and mmap are in mmap.ts (SHARED_ANON_NAME, the /proc/<pid>/maps name of shared anonymous memory, too). */
export { SHARED_ANON_NAME } from './mmap';

/** PROT_SEM (asm-generic/mman-common.h): accepted by mprotect and ignored. */
const PROT_SEM = 0x8;

/**
 * Checks an (addr, length) pair of munmap, mprotect, madvise or msync: addr page-aligned,
 * the end (length rounded up to pages) inside the user address space. The end, or -EINVAL.
 */
function userRange(addr: number, length: number): number {
  if (!Number.isFinite(addr) || addr % PAGE_SIZE !== 0 || !Number.isFinite(length)) return -EINVAL;
  const end = addr + pageUp(length);
  return end > TASK_SIZE ? -EINVAL : end;
}

/**
 * munmap(2) (Linux do_munmap): removes [addr, addr+length) rounded to pages (Mm.doVmiMunmap);
 * -EINVAL for an unaligned, empty or out-of-range one. Steppable: pauses at the check, then in
 * doVmiMunmap.
 */
const doMunmap: SteppedSyscall = {
  fn: 'doMunmap',
  steps: function* (_k, t, a) {
    const length = size(a[1]);
    const end = userRange(ptr(a[0]), length);
    const valid = end >= 0 && length !== 0;
    yield pause('munmap.check', { facts: valid ? { start: a[0], end: BigInt(end) } : { start: a[0], error: -EINVAL } });
    if (!valid) return -EINVAL;
    yield* call('munmap.call_do_munmap', 'doVmiMunmap', t.process.mm.doVmiMunmap(ptr(a[0]), end));
    return 0;
  },
};

/** An mprotect(2) range that passed the argument checks: [start, end) page-aligned, the new VM_READ/WRITE/EXEC bits. */
interface MprotectRequest {
  start: number;
  end: number;
  vmFlags: number;
}

/**
 * The argument checks of mprotect(2) on the raw arguments `a` over `mm`: the range, or the
 * result to return at once: -EINVAL (unaligned, unknown bits, both PROT_GROWSDOWN and
 * PROT_GROWSUP, PROT_GROWSDOWN off a grows-down VMA), 0 for an empty range. PROT_GROWSDOWN
 * extends the range down to the start of the grows-down VMA.
 */
function checkMprotect(mm: Mm, a: bigint[]): MprotectRequest | number {
  let addr = ptr(a[0]);
  const prot = int(a[2]);
  const end = userRange(addr, size(a[1]));
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
  return { start: addr, end, vmFlags: protToVmFlags(prot) };
}

/**
 * mprotect(2) (Linux do_mprotect_pkey): new protection for [addr, addr+len): checkMprotect's
 * -EINVAL, then Mm.mprotectRange's -ENOMEM (a hole in the range) or -EACCES (writable shared
 * mapping of a file not open for writing). Steppable: pauses at the check, then in
 * mprotectRange (split, mprotectFixup per VMA, merge).
 */
const doMprotectPkey: SteppedSyscall = {
  fn: 'doMprotectPkey',
  steps: function* (_k, t, a) {
    const mm = t.process.mm;
    const req = checkMprotect(mm, a);
    yield pause('mprotect.args', { facts: typeof req === 'number' ? { result: req } : { start: BigInt(req.start), end: BigInt(req.end) } });
    if (typeof req === 'number') return req;
    return yield* call('mprotect.call_range', 'mprotectRange', mm.mprotectRange(req.start, req.end, req.vmFlags));
  },
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

/** Syscalls of this file and mmap.ts (brk, mmap) whose handler is a steppable path (dispatch.ts runs them unwatched or stepped). */
export const memSteppedSyscalls: [number, SteppedSyscall][] = [
  ...mmapSteppedSyscalls,
  [nr.SYS_munmap, doMunmap],
  [nr.SYS_mprotect, doMprotectPkey],
];

/** Memory-management syscalls with plain handlers (the stepped ones are in memSteppedSyscalls). */
export const memSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_mremap, sysMremap],
  [nr.SYS_madvise, sysMadvise],
  [nr.SYS_msync, sysMsync],
];
