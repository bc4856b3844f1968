/**
 * The stepped brk(2) and mmap(2) handlers (Linux mm/mmap.c: sys_brk, do_brk_flags, do_mmap) and
 * MAP_POPULATE's populate. mem.ts holds the other memory-map syscalls and concatenates
 * mmapSteppedSyscalls into memSteppedSyscalls.
 */
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
  MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN, MAP_KNOWN_FLAGS, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED,
  MAP_SHARED_VALIDATE, MAP_TYPE, PROT_READ, PROT_WRITE, SharedAnon, VM_GROWSDOWN, VM_READ, VM_SHARED, VM_WRITE, Vma,
  permsOf, protToVmFlags, vmaView,
} from '../vma';
import { int, ptr, size, type SteppedSyscall } from './args';
import * as nr from './numbers';

/** open(2)'s O_APPEND (asm-generic/fcntl.h): an append-only file cannot be mapped shared-writable. */
const O_APPEND = 0o2000;
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
export function populate(k: Kernel, mm: Mm, start: number, end: number, write?: boolean): number {
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

/** brk and mmap: their handlers are steppable paths (mem.ts puts them first in memSteppedSyscalls). */
export const mmapSteppedSyscalls: [number, SteppedSyscall][] = [
  [nr.SYS_brk, doBrk],
  [nr.SYS_mmap, doMmap],
];
