import { PAGE_SIZE } from '../../emu/sv39';
import type { AccessKind } from '../api';
import { EACCES, EBADF, EEXIST, EFAULT, EINVAL, ENODEV, ENOMEM, EOPNOTSUPP } from '../errno';
import { handleMmFault } from '../fault';
import type { Kernel } from '../kernel';
import type { Thread } from '../process';
import { MMAP_MIN_ADDR, TASK_SIZE, pageUp } from '../layout';
import type { Mm } from '../mm';
import { call, pause, type Steps } from '../steps/path';
import type { FileBacking, MappableFile } from '../vfs/backing';
import {
  MADV_COLD, MADV_DODUMP, MADV_DOFORK, MADV_DONTDUMP, MADV_DONTFORK, MADV_DONTNEED, MADV_FREE, MADV_HUGEPAGE,
  MADV_KEEPONFORK, MADV_MERGEABLE, MADV_NOHUGEPAGE, MADV_NORMAL, MADV_PAGEOUT, MADV_POPULATE_READ,
  MADV_POPULATE_WRITE, MADV_RANDOM, MADV_REMOVE, MADV_SEQUENTIAL, MADV_UNMERGEABLE, MADV_WILLNEED, MADV_WIPEONFORK,
  MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN, MAP_KNOWN_FLAGS, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED,
  MAP_SHARED_VALIDATE, MAP_TYPE, MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE, MS_ASYNC, MS_INVALIDATE, MS_SYNC, PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP, PROT_READ,
  PROT_WRITE, SharedAnon, VM_GROWSDOWN, VM_READ, VM_SHARED, VM_WRITE, Vma, permsOf, protToVmFlags, vmaView,
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
 * brk(2) as the raw syscall behaves (Linux sys_brk): moves the program break to `addr` when it
 * lies above the start of the heap and the pages are free, growing the `[heap]` VMA
 * (doBrkFlags) or unmapping the pages above the new break (do_vmi_munmap), and always returns
 * the break in force afterwards (the old one on failure); brk(0) queries it. Steppable: pauses
 * at the check, then in the stage that grows or shrinks the heap, then before setting the break.
 */
const doBrk: SteppedSyscall = {
  fn: 'doBrk',
  steps: function* (_k, t, a) {
    const mm = t.process.mm;
    const want = ptr(a[0]);
    const oldTop = pageUp(mm.brk);
    const inHeap = want >= mm.startBrk && want < mm.mmapBase;
    const newTop = inHeap ? pageUp(want) : oldTop;
    const allowed = inHeap && (newTop <= oldTop || mm.isFree(oldTop, newTop));
    yield pause('brk.check', { facts: { brk: BigInt(mm.brk), requested: a[0], heapEnd: BigInt(oldTop), newHeapEnd: BigInt(newTop), allowed } });
    if (!allowed) return mm.brk;
    if (newTop < oldTop) yield* call('brk.call_shrink', 'doVmiMunmap', mm.doVmiMunmap(newTop, oldTop));
    if (newTop > oldTop) yield* call('brk.call_grow', 'doBrkFlags', doBrkFlags(mm, oldTop, newTop));
    yield pause('brk.set', { facts: { oldBrk: BigInt(mm.brk), newBrk: BigInt(want) } });
    mm.brk = want;
    return mm.brk;
  },
};

/**
 * Grows the heap from `oldTop` to `newTop` (page-aligned virtual bytes; Linux do_brk_flags): the
 * `[heap]` VMA ending at `oldTop` is extended when it is still plain read-write, otherwise a
 * new `[heap]` VMA covers the pages (the first growth, or a top piece that was mprotect'ed).
 */
function* doBrkFlags(mm: Mm, oldTop: number, newTop: number): Steps<void> {
  const top = mm.find(oldTop - 1);
  const heap = top && top.kind === 'heap' && top.end === oldTop && top.flags === (VM_READ | VM_WRITE) ? top : undefined;
  yield pause('brk.grow_heap', { vma: vmaView(heap), facts: { heapEnd: BigInt(oldTop), newHeapEnd: BigInt(newTop), newVma: heap === undefined } });
  if (heap) heap.end = newTop;
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

/** An mmap(2) call that passed the argument checks (see checkMmap). */
interface MmapRequest {
  /** The address argument (a hint, or the exact place with MAP_FIXED*); NaN beyond 2^53. */
  addr: number;
  /** Length rounded up to whole pages (bytes). */
  len: number;
  flags: number;
  /** File offset in bytes (page-aligned). */
  offset: number;
  /** vm_flags of the new VMA (VM_READ/WRITE/EXEC, VM_SHARED, VM_GROWSDOWN). */
  vmFlags: number;
  /** The mapped file (absent for anonymous memory and /dev/zero) and whether it may be written through. */
  target: { backing?: FileBacking; mayWrite: boolean };
}

/**
 * The argument checks of mmap(2) on the raw arguments `a` of thread `t`: the request, or
 * -EINVAL (zero length, bad type, unaligned offset or fixed address), -ENOMEM (length too
 * big), -EOPNOTSUPP (unknown flag with MAP_SHARED_VALIDATE), or mapTarget's -EBADF, -ENODEV,
 * -EACCES. As on Linux riscv, PROT_WRITE implies PROT_READ.
 */
function checkMmap(t: Thread, a: bigint[]): MmapRequest | number {
  const addr = ptr(a[0]);
  const length = size(a[1]);
  let prot = int(a[2]);
  const flags = int(a[3]);
  const offset = ptr(a[5]);
  const type = flags & MAP_TYPE;
  if (length === 0) return -EINVAL;
  if (!(length < TASK_SIZE)) return -ENOMEM;
  if (type !== MAP_PRIVATE && type !== MAP_SHARED && type !== MAP_SHARED_VALIDATE) return -EINVAL;
  if (type === MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN_FLAGS)) return -EOPNOTSUPP;
  if (!Number.isFinite(offset) || offset % PAGE_SIZE !== 0) return -EINVAL;
  if ((prot & PROT_WRITE) && !(prot & PROT_READ)) prot |= PROT_READ;
  const shared = type !== MAP_PRIVATE;
  const len = pageUp(length);
  let target: MmapRequest['target'] = { mayWrite: true };
  if (!(flags & MAP_ANONYMOUS)) {
    const found = mapTarget(t, int(a[4]), shared, prot);
    if (typeof found === 'number') return found;
    target = found;
  }
  if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr % PAGE_SIZE !== 0 || addr < MMAP_MIN_ADDR || addr + len > TASK_SIZE)) return -EINVAL;
  const vmFlags = protToVmFlags(prot) | (shared ? VM_SHARED : 0) | (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0);
  return { addr, len, flags, offset, vmFlags, target };
}

/**
 * mmap(2) (Linux do_mmap): a new mapping of anonymous memory or of the file `fd` (through the
 * page cache), private (copy-on-write) or shared, at a hint, at exactly `addr` (MAP_FIXED
 * unmaps what was there first; MAP_FIXED_NOREPLACE refuses with -EEXIST), merged with
 * compatible neighbours (vma_merge), pages on first touch or all at once (MAP_POPULATE).
 * Returns the start address, checkMmap's -errno, -EEXIST, or -ENOMEM (no room). Steppable:
 * pauses at the checks, the placement, the new VMA and the populate, and in the stages called.
 */
const doMmap: SteppedSyscall = {
  fn: 'doMmap',
  steps: function* (k, t, a) {
    const req = checkMmap(t, a);
    yield pause('mmap.check', { facts: typeof req === 'number' ? { error: req } : { length: req.len, newPerms: permsOf(req.vmFlags) } });
    if (typeof req === 'number') return req;
    const mm = t.process.mm;
    const { addr, len, flags, target } = req;
    let start: number | undefined;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
      const occupied = !mm.isFree(addr, addr + len);
      yield pause('mmap.fixed', { address: addr, facts: { length: len, occupied, noReplace: (flags & MAP_FIXED_NOREPLACE) !== 0 } });
      if ((flags & MAP_FIXED_NOREPLACE) && occupied) return -EEXIST;
      if (occupied) yield* call('mmap.call_unmap_fixed', 'doVmiMunmap', mm.doVmiMunmap(addr, addr + len));
      start = addr;
    } else {
      start = mm.getUnmappedArea(len, Number.isFinite(addr) ? pageUp(addr) : 0);
      yield pause('mmap.get_unmapped_area', { address: start, facts: { length: len, found: start !== undefined } });
      if (start === undefined) return -ENOMEM;
    }
    const vma = target.backing
      ? new Vma(start, start + len, req.vmFlags, 'file', target.backing.path, undefined, req.offset)
      : new Vma(start, start + len, req.vmFlags, 'anon', req.vmFlags & VM_SHARED ? SHARED_ANON_NAME : '');
    vma.mayWrite = target.mayWrite;
    yield pause('mmap.new_vma', { vma: vmaView(vma), facts: { pages: vma.pages, mayWrite: vma.mayWrite } });
    if (target.backing) {
      vma.backing = target.backing;
      mm.ctx.pageCache.attach(target.backing);
    } else if (vma.isShared) {
      vma.shared = new SharedAnon();
    }
    mm.insert(vma);
    yield* call('mmap.call_merge', 'vmaMerge', mm.vmaMerge(start, start + len));
    if (flags & MAP_POPULATE) {
      yield pause('mmap.populate', { address: start, facts: { pages: len / PAGE_SIZE } });
      populate(k, mm, start, start + len);
    }
    return start;
  },
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

/** Syscalls of this file whose handler is a steppable path (dispatch.ts runs them unwatched or stepped). */
export const memSteppedSyscalls: [number, SteppedSyscall][] = [
  [nr.SYS_brk, doBrk],
  [nr.SYS_mmap, doMmap],
  [nr.SYS_munmap, doMunmap],
  [nr.SYS_mprotect, doMprotectPkey],
];

/** Memory-management syscalls with plain handlers (the stepped ones are in memSteppedSyscalls). */
export const memSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_mremap, sysMremap],
  [nr.SYS_madvise, sysMadvise],
  [nr.SYS_msync, sysMsync],
];
