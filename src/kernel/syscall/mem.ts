import { PAGE_SIZE } from '../../emu/sv39';
import { EEXIST, EINVAL, ENODEV, ENOMEM } from '../errno';
import { MMAP_MIN_ADDR, TASK_SIZE, pageUp } from '../layout';
import type { Mm } from '../mm';
import {
  MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE, MAP_TYPE,
  SharedAnon, VM_READ, VM_SHARED, VM_WRITE, Vma, protToVmFlags,
} from '../vma';
import { int, ptr, size, type SyscallHandler } from './args';
import * as nr from './numbers';

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
  setHeap(mm, newTop);
  mm.brk = want;
  return mm.brk;
};

/** Makes the `[heap]` VMA span [startBrk, top) (removing it when empty). */
function setHeap(mm: Mm, top: number): void {
  const heap = mm.vmas.find((v) => v.kind === 'heap');
  if (heap) {
    if (top <= heap.start) mm.vmas.splice(mm.vmas.indexOf(heap), 1);
    else heap.end = top;
  } else if (top > mm.startBrk) {
    mm.insert(new Vma(mm.startBrk, top, VM_READ | VM_WRITE, 'heap', '[heap]'));
  }
}

/**
 * mmap(2), anonymous mappings (private or shared), with hints, MAP_FIXED and
 * MAP_FIXED_NOREPLACE. Pages arrive on first touch. Returns the start address, or -EINVAL (bad
 * length/flags/alignment), -EEXIST (MAP_FIXED_NOREPLACE over a mapping), -ENOMEM (no room),
 * -ENODEV (file mappings are not supported yet).
 */
const sysMmap: SyscallHandler = (_k, t, a) => {
  const addr = ptr(a[0]);
  const length = size(a[1]);
  const prot = int(a[2]);
  const flags = int(a[3]);
  const offset = ptr(a[5]);
  const mm = t.process.mm;
  const type = flags & MAP_TYPE;
  if (length === 0 || !(length < TASK_SIZE)) return length === 0 ? -EINVAL : -ENOMEM;
  if (type !== MAP_PRIVATE && type !== MAP_SHARED && type !== MAP_SHARED_VALIDATE) return -EINVAL;
  if (!(flags & MAP_ANONYMOUS)) return -ENODEV;
  if (offset % PAGE_SIZE !== 0) return -EINVAL;
  const len = pageUp(length);
  let start: number | undefined;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (addr % PAGE_SIZE !== 0 || addr < MMAP_MIN_ADDR || addr + len > TASK_SIZE) return -EINVAL;
    if ((flags & MAP_FIXED_NOREPLACE) && !mm.isFree(addr, addr + len)) return -EEXIST;
    mm.unmapRange(addr, addr + len);
    start = addr;
  } else {
    start = mm.getUnmappedArea(len, pageUp(addr));
    if (start === undefined) return -ENOMEM;
  }
  const shared = type !== MAP_PRIVATE;
  const vma = new Vma(start, start + len, protToVmFlags(prot) | (shared ? VM_SHARED : 0), 'anon', '');
  if (shared) vma.shared = new SharedAnon();
  mm.insert(vma);
  return start;
};

/** munmap(2): removes [addr, addr+length) rounded to pages; -EINVAL for an unaligned or empty range. */
const sysMunmap: SyscallHandler = (_k, t, a) => {
  const addr = ptr(a[0]);
  const length = size(a[1]);
  if (addr % PAGE_SIZE !== 0 || length === 0 || !(addr + length <= TASK_SIZE)) return -EINVAL;
  t.process.mm.unmapRange(addr, addr + pageUp(length));
  return 0;
};

/** Memory-management syscalls and their handlers. */
export const memSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_brk, sysBrk],
  [nr.SYS_mmap, sysMmap],
  [nr.SYS_munmap, sysMunmap],
];
