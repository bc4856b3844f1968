import type { PhysicalMemory } from '../emu/memory';
import { PTE_W, makeSatp, pteFlags, ptePpn } from '../emu/sv39';
import type { FrameAllocator } from './frames';
import { MMAP_BASE, MMAP_MIN_ADDR, TASK_SIZE, pageUp } from './layout';
import { PageTable } from './pagetable';
import type { Vma } from './vma';

/** What an Mm needs from the machine: RAM, the frame allocator, and a TLB flush (sfence.vma). */
export interface MmContext {
  mem: PhysicalMemory;
  frames: FrameAllocator;
  /** Called after any PTE of any address space changed. */
  flushTlb(): void;
}

/**
 * An address space (Linux mm_struct): the Sv39 page table and the VMAs, sorted by start and
 * never overlapping. `users` counts the processes/threads sharing it (CLONE_VM); the last
 * `release` frees every frame it holds.
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

  /** An empty address space, or `undefined` when no frame is free for the root table. */
  static create(ctx: MmContext): Mm | undefined {
    const pt = PageTable.create(ctx.mem, ctx.frames);
    return pt && new Mm(ctx, pt);
  }

  /** satp value selecting this address space (Sv39, root table PPN). */
  get satp(): bigint {
    return makeSatp(this.pt.rootPpn);
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

  /** Inserts a VMA that overlaps nothing (the caller has unmapped the range first). */
  insert(vma: Vma): void {
    let i = 0;
    while (i < this.vmas.length && this.vmas[i].start < vma.start) i++;
    this.vmas.splice(i, 0, vma);
  }

  /** True when no VMA intersects [start, end). */
  isFree(start: number, end: number): boolean {
    return !this.vmas.some((v) => v.start < end && start < v.end);
  }

  /**
   * Removes [start, end) (page-aligned virtual bytes) from the address space: VMAs that straddle
   * an edge are split, pages inside are unmapped and their frame references dropped, shared
   * objects lose a user when their last VMA piece goes. Linux: munmap(2), do_vmi_munmap.
   */
  unmapRange(start: number, end: number): void {
    const kept: Vma[] = [];
    for (const v of this.vmas) {
      if (v.end <= start || v.start >= end) { kept.push(v); continue; }
      if (v.start < start) kept.push(v.slice(v.start, start));
      if (v.end > end) kept.push(v.slice(end, v.end));
      const pieces = (v.start < start ? 1 : 0) + (v.end > end ? 1 : 0);
      if (v.shared) v.shared.users += pieces - 1;
      if (v.shared && v.shared.users === 0) this.releaseShared(v);
    }
    this.vmas.splice(0, this.vmas.length, ...kept);
    const pages: number[] = [];
    this.pt.forEachLeaf(start, end, (va) => pages.push(va));
    for (const va of pages) this.pt.unmap(va);
    if (pages.length > 0) this.ctx.flushTlb();
  }

  private releaseShared(v: Vma): void {
    for (const ppn of v.shared!.pages.values()) this.ctx.frames.put(ppn);
    v.shared!.pages.clear();
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
   * Copy-on-write duplicate for fork (Linux dup_mmap/copy_page_range): every VMA is copied;
   * private pages become shared read-only in both address spaces (the first write breaks the
   * sharing, see handleMmFault) and shared pages stay shared and writable. Returns `undefined`
   * (and frees the partial copy) when frames run out.
   */
  fork(): Mm | undefined {
    const child = Mm.create(this.ctx);
    if (!child) return undefined;
    child.startBrk = this.startBrk;
    child.brk = this.brk;
    child.mmapBase = this.mmapBase;
    child.startStack = this.startStack;
    let ok = true;
    for (const v of this.vmas) {
      const copy = v.slice(v.start, v.end);
      if (copy.shared) copy.shared.users++;
      child.vmas.push(copy);
      if (!ok) continue;
      this.pt.forEachLeaf(v.start, v.end, (va, pte) => {
        if (!ok) return;
        const ppn = ptePpn(pte);
        let flags = pteFlags(pte);
        if (!v.isShared && (flags & PTE_W)) {
          flags &= ~PTE_W;
          this.pt.setFlags(va, flags);
        }
        this.ctx.frames.get(ppn);
        if (!child.pt.map(va, ppn, flags)) { this.ctx.frames.put(ppn); ok = false; }
      });
    }
    this.ctx.flushTlb();
    if (!ok) { child.release(); return undefined; }
    return child;
  }

  /**
   * Drops one user; the last one unmaps everything and frees the page table. Linux: mmput.
   * Returns true when the address space was destroyed.
   */
  release(): boolean {
    if (--this.users > 0) return false;
    for (const v of this.vmas) {
      if (v.shared && --v.shared.users === 0) this.releaseShared(v);
    }
    this.vmas.length = 0;
    this.pt.destroy();
    this.ctx.flushTlb();
    return true;
  }

  /** Pages of [start, end) with a valid leaf PTE (for VMA displays and /proc). */
  residentPages(start: number, end: number): number {
    let n = 0;
    this.pt.forEachLeaf(start, end, () => n++);
    return n;
  }

  /** Total resident pages of the address space (the OOM killer's measure). */
  get rss(): number {
    return this.vmas.reduce((n, v) => n + this.residentPages(v.start, v.end), 0);
  }
}
