import type { PhysicalMemory } from '../emu/memory';
import { makeSatp, pteFlags, ptePpn } from '../emu/sv39';
import type { OomTrigger } from './api';
import { ENOMEM } from './errno';
import type { FrameAllocator } from './frames';
import { MMAP_BASE, MMAP_MIN_ADDR, TASK_SIZE, pageUp } from './layout';
import { PageCache } from './pagecache';
import { PageTable } from './pagetable';
import * as steps from './mm-steps';
import type { ZapCounts } from './mm-steps';
import { runToEnd, type Steps } from './steps/path';
import type { Vma } from './vma';

/** What clearing the PTEs of a range did (see mm-steps.ts). */
export type { ZapCounts } from './mm-steps';

/**
 * Why the kernel flushes the TLB (sfence.vma after a PTE change), as the debugger's TLB view
 * names it: the PTE change that needs it. Constant strings, so recording one allocates nothing.
 */
export type TlbFlushCause =
  | 'munmap' | 'mprotect' | 'fork' | 'cow-copy' | 'cow-reuse' | 'spurious fault' | 'PROT_NONE restore'
  | 'madvise' | 'mremap' | 'address space freed';

/** What an Mm needs from the machine and the rest of the kernel. */
export interface MmContext {
  mem: PhysicalMemory;
  frames: FrameAllocator;
  /** Called after any PTE of any address space changed (sfence.vma), with the change that needs it. */
  flushTlb(cause: TlbFlushCause): void;
  /** The one page cache of the kernel (file pages of mmap'ed files). */
  pageCache: PageCache;
  /** Physical page number of the vDSO frame that `[vdso]` VMAs map (see vdso.ts); none when unset. */
  vdsoPpn?: number;
  /**
   * The out-of-memory killer (oom.ts): called when no frame is free while working for `mm`.
   * Returns true when it freed memory by killing some other process (the caller retries), false
   * when nothing more can be done (the caller fails; `mm`'s owner may have been marked to die).
   */
  outOfMemory?(mm: Mm, trigger: OomTrigger): boolean;
}

/** A context with a fresh page cache: what the kernel and the unit tests build. */
export function createMmContext(mem: PhysicalMemory, frames: FrameAllocator, flushTlb: (cause: TlbFlushCause) => void): MmContext {
  return { mem, frames, flushTlb, pageCache: new PageCache(mem, frames) };
}

/**
 * An address space (Linux mm_struct): the Sv39 page table and the VMAs, sorted by start and
 * never overlapping. `users` counts the processes/threads sharing it (CLONE_VM); the last
 * `release` frees every frame it holds. Each VMA holds one reference on its backing object
 * (a SharedAnon's `users`, a page-cache attachment for a file), taken by whoever creates it.
 */
export class Mm {
  readonly vmas: Vma[] = [];
  /** Program break bounds (virtual bytes): the heap VMA is [startBrk, pageUp(brk)). */
  startBrk = 0;
  brk = 0;
  /** Top of the area mmap allocates from, downward. */
  mmapBase = MMAP_BASE;
  /** Initial stack pointer set by execve. */
  startStack = 0;
  users = 1;

  private constructor(readonly ctx: MmContext, readonly pt: PageTable) {}

  /**
   * An empty address space, or `undefined` when no frame is free for the root table. Frames
   * its page table needs later are charged to `chargeTo` (fork charges the parent) or itself.
   */
  static create(ctx: MmContext, chargeTo?: Mm): Mm | undefined {
    let self: Mm | undefined;
    const alloc = (): number | undefined => {
      const owner = chargeTo ?? self;
      return owner ? owner.allocFrame('page-table') : ctx.frames.alloc();
    };
    const pt = PageTable.create(ctx.mem, ctx.frames, alloc);
    if (!pt) return undefined;
    self = new Mm(ctx, pt);
    return self;
  }

  /** satp value selecting this address space (Sv39, root table PPN). */
  get satp(): bigint {
    return makeSatp(this.pt.rootPpn);
  }

  /**
   * A zeroed frame (reference count 1) for this address space. When memory is exhausted the
   * OOM killer runs and the allocation is retried while it frees memory elsewhere; undefined
   * when it cannot (the caller reports 'oom' / -ENOMEM).
   */
  allocFrame(trigger: OomTrigger): number | undefined {
    for (;;) {
      const ppn = this.ctx.frames.alloc();
      if (ppn !== undefined) return ppn;
      if (!this.ctx.outOfMemory?.(this, trigger)) return undefined;
    }
  }

  /** The VMA containing virtual address `va`, or `undefined` (binary search). */
  find(va: number): Vma | undefined {
    let lo = 0;
    let hi = this.vmas.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.vmas[mid];
      if (va < v.start) hi = mid - 1;
      else if (va >= v.end) lo = mid + 1;
      else return v;
    }
    return undefined;
  }

  /** The first VMA that starts at or above `va` (the one a grows-down stack fault looks for). */
  findAbove(va: number): Vma | undefined {
    return this.vmas.find((v) => v.start > va);
  }

  /** The VMA immediately below `vma` in address order, if any. */
  prev(vma: Vma): Vma | undefined {
    const i = this.vmas.indexOf(vma);
    return i > 0 ? this.vmas[i - 1] : undefined;
  }

  /**
   * Inserts a VMA that overlaps nothing (the caller has unmapped the range first). The VMA
   * brings the one reference on its backing object that its creator took.
   */
  insert(vma: Vma): void {
    let i = 0;
    while (i < this.vmas.length && this.vmas[i].start < vma.start) i++;
    this.vmas.splice(i, 0, vma);
  }

  /** True when no VMA intersects [start, end). */
  isFree(start: number, end: number): boolean {
    return !this.vmas.some((v) => v.start < end && start < v.end);
  }

  /** True when VMAs cover every byte of [start, end) without a hole. */
  isCovered(start: number, end: number): boolean {
    let at = start;
    for (const v of this.vmas) {
      if (v.end <= at) continue;
      if (v.start > at) return false;
      at = v.end;
      if (at >= end) return true;
    }
    return at >= end;
  }

  /** Takes one more reference on the backing object of `v` (a new piece or copy of a VMA). */
  acquire(v: Vma): void {
    if (v.shared) v.shared.users++;
    if (v.backing) this.ctx.pageCache.attach(v.backing);
  }

  /** Drops the reference `v` holds on its backing object; the last one frees it (used by mm-steps.ts too). */
  releaseBacking(v: Vma): void {
    if (v.shared && --v.shared.users === 0) {
      for (const ppn of v.shared.pages.values()) this.ctx.frames.put(ppn);
      v.shared.pages.clear();
    }
    if (v.backing) this.ctx.pageCache.detach(v.backing);
  }

  /** Makes `addr` a VMA boundary: a VMA straddling it is split in two (Linux split_vma). Runs splitVma unwatched. */
  splitAt(addr: number): void {
    runToEnd(this.splitVma(addr));
  }

  /** Linux __split_vma as a steppable stage: mm-steps.ts splitVma on this address space. */
  splitVma(addr: number): Steps<void> {
    return steps.splitVma(this, addr);
  }

  /**
   * Merges neighbouring compatible VMAs whose common boundary lies in [start, end] (Linux
   * vma_merge after mmap, mprotect and mremap; see canMerge). Runs vmaMerge unwatched.
   */
  mergeRange(start: number, end: number): void {
    runToEnd(this.vmaMerge(start, end));
  }

  /** mergeRange as a steppable stage (Linux vma_merge): mm-steps.ts vmaMerge on this address space. */
  vmaMerge(start: number, end: number): Steps<void> {
    return steps.vmaMerge(this, start, end);
  }

  /**
   * Removes [start, end) (page-aligned virtual bytes) from the address space: VMAs that straddle
   * an edge are split, pages inside are unmapped and their frame references dropped, dirty
   * pages of shared file mappings are written back, backing objects lose a reference per VMA
   * removed. Linux: munmap(2), do_vmi_munmap. Runs doVmiMunmap unwatched.
   */
  unmapRange(start: number, end: number): void {
    runToEnd(this.doVmiMunmap(start, end));
  }

  /** unmapRange as a steppable stage (Linux do_vmi_align_munmap): mm-steps.ts doVmiMunmap on this address space. */
  doVmiMunmap(start: number, end: number): Steps<void> {
    return steps.doVmiMunmap(this, start, end);
  }

  /** Unmaps every present page of [start, end), dropping the PTEs' frame references, and flushes the TLB. */
  zapRange(start: number, end: number): void {
    if (runToEnd(this.zapPteRange(undefined, start, end)).pages > 0) this.ctx.flushTlb('madvise');
  }

  /** Linux zap_pte_range as a steppable stage: mm-steps.ts zapPteRange on this address space (no TLB flush). */
  zapPteRange(vma: Vma | undefined, start: number, end: number): Steps<ZapCounts> {
    return steps.zapPteRange(this, vma, start, end);
  }

  /**
   * Finds a free, page-aligned range of `length` bytes for mmap: at `hint` when that range is
   * free and valid, otherwise the highest gap below `mmapBase` (Linux's top-down allocator).
   * Returns `undefined` when the address space is full.
   */
  getUnmappedArea(length: number, hint: number): number | undefined {
    const len = pageUp(length);
    if (hint >= MMAP_MIN_ADDR && hint + len <= TASK_SIZE && this.isFree(hint, hint + len)) return hint;
    let top = this.mmapBase;
    for (let i = this.vmas.length - 1; i >= 0; i--) {
      const v = this.vmas[i];
      if (v.start >= top) continue;
      if (v.end <= top - len) return top - len;
      top = v.start;
    }
    return top - len >= MMAP_MIN_ADDR ? top - len : undefined;
  }

  /**
   * mprotect(2) on [start, end) (page-aligned): every byte must be mapped (-ENOMEM), a shared
   * mapping of a file opened read-only cannot become writable (-EACCES). VMAs are split at the
   * edges, given the new VM_READ/WRITE/EXEC bits and merged with compatible neighbours; present
   * pages get the new permissions at once (PROT_NONE pages stay resident but inaccessible),
   * except that write permission is never added to a PTE here: the first write faults and
   * handleMmFault decides between sharing and copying. The TLB is flushed.
   */
  mprotect(start: number, end: number, vmFlags: number): number {
    return runToEnd(this.mprotectRange(start, end, vmFlags));
  }

  /** mprotect as a steppable stage (Linux do_mprotect_pkey's VMA walk): mm-steps.ts mprotectRange on this address space. */
  mprotectRange(start: number, end: number, vmFlags: number): Steps<number> {
    return steps.mprotectRange(this, start, end, vmFlags);
  }

  /** Linux mprotect_fixup for VMA `v` as a steppable stage: mm-steps.ts mprotectFixup on this address space. */
  mprotectFixup(v: Vma, vmFlags: number): Steps<number> {
    return steps.mprotectFixup(this, v, vmFlags);
  }

  /**
   * madvise(MADV_DONTNEED) on [start, end): drops every page of the range (Linux zap_page_range).
   * The next touch of a private anonymous page reads zeros; file pages and shared anonymous
   * pages come back from the page cache / shared object. -ENOMEM when part of the range is
   * unmapped (the mapped parts are still zapped, as Linux does).
   */
  dontNeed(start: number, end: number): number {
    this.zapRange(start, end);
    return this.isCovered(start, end) ? 0 : -ENOMEM;
  }

  /**
   * msync(2) on [start, end): writes back the dirty pages of every shared file mapping in the
   * range. -ENOMEM when part of the range is unmapped.
   */
  msync(start: number, end: number): number {
    for (const v of this.vmas) {
      if (v.start < end && v.end > start && v.backing && v.isShared) this.ctx.pageCache.writeback(v.backing);
    }
    return this.isCovered(start, end) ? 0 : -ENOMEM;
  }

  /**
   * Moves the pages of [from, from+len) to [to, to+len) (PTEs move with their frames; nothing
   * is copied) and the VMAs with them. The destination must be free. Returns -ENOMEM, with
   * nothing changed, when a page-table page cannot be allocated. Linux: move_vma.
   */
  moveRange(from: number, to: number, len: number): number {
    const pages: number[] = [];
    this.pt.forEachLeaf(from, from + len, (va) => pages.push(va));
    for (const va of pages) if (this.pt.pteAddress(va - from + to, true) === undefined) return -ENOMEM;
    this.splitAt(from);
    this.splitAt(from + len);
    const moving = this.vmas.filter((v) => v.start >= from && v.end <= from + len);
    if (moving.length > 0) this.vmas.splice(this.vmas.indexOf(moving[0]), moving.length);
    for (const v of moving) {
      v.start += to - from;
      v.end += to - from;
      if (v.file) v.fileEnd += to - from;
      this.insert(v);
    }
    for (const va of pages) {
      const pte = this.pt.take(va);
      this.pt.map(va - from + to, ptePpn(pte), pteFlags(pte));
    }
    this.mergeRange(from, from + len);
    this.mergeRange(to, to + len);
    this.ctx.flushTlb('mremap');
    return 0;
  }

  /**
   * Copy-on-write duplicate for fork (Linux dup_mmap/copy_page_range): every VMA is copied;
   * private pages become shared read-only in both address spaces (the first write breaks the
   * sharing, see handleMmFault) and shared pages stay shared and writable. Returns `undefined`
   * (and frees the partial copy) when frames run out. Runs `dupMmap` with no pause.
   */
  fork(): Mm | undefined {
    return runToEnd(this.dupMmap());
  }

  /** fork's copy as a steppable path (Linux dup_mmap): mm-steps.ts dupMmap of this address space. */
  dupMmap(): Steps<Mm | undefined> {
    return steps.dupMmap(this);
  }

  /**
   * Drops one user; the last one unmaps everything (writing dirty shared file pages back) and
   * frees the page table. Linux: mmput. Returns true when the address space was destroyed.
   */
  release(): boolean {
    if (--this.users > 0) return false;
    this.pt.destroy();
    for (const v of this.vmas) {
      if (v.backing && v.isShared) this.ctx.pageCache.writeback(v.backing);
      this.releaseBacking(v);
    }
    this.vmas.length = 0;
    this.ctx.flushTlb('address space freed');
    return true;
  }

  /** Pages of [start, end) with a present leaf PTE (for VMA displays and /proc). */
  residentPages(start: number, end: number): number {
    let n = 0;
    this.pt.forEachLeaf(start, end, () => n++);
    return n;
  }

  /** Total resident pages of the address space (the OOM killer's measure). */
  get rss(): number {
    return this.residentPages(0, TASK_SIZE);
  }
}
