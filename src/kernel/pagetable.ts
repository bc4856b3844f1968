import type { PhysicalMemory } from '../emu/memory';
import {
  PAGE_SIZE, PTE_SIZE, PTES_PER_TABLE, PTE_V, SV39_LEVELS, makePte, pteFlags, pteIsLeaf, ptePpn, vpn,
  levelPageSize,
} from '../emu/sv39';
import type { FrameAllocator } from './frames';

/**
 * The kernel's side of an Sv39 page table: building and tearing down the radix tree in
 * emulated physical memory (privileged spec 4.4). The kernel maps user memory with 4 KiB leaf
 * pages only. Table pages are frames owned by the tree; leaf frames are held by the mapping
 * (one reference each) and released by `unmap`/`destroy`.
 */
export class PageTable {
  private constructor(
    private readonly mem: PhysicalMemory,
    private readonly frames: FrameAllocator,
    /** Physical page number of the root (level 2) table page. */
    readonly rootPpn: number,
  ) {}

  /** A new, empty tree (one zeroed root page), or `undefined` when no frame is free. */
  static create(mem: PhysicalMemory, frames: FrameAllocator): PageTable | undefined {
    const root = frames.alloc();
    return root === undefined ? undefined : new PageTable(mem, frames, root);
  }

  /**
   * Physical address of the level-0 PTE for virtual address `va`. With `allocate`, missing
   * intermediate tables are created; returns `undefined` when a table is missing (and not
   * allocating) or no frame is free.
   */
  pteAddress(va: number, allocate: boolean): number | undefined {
    let table = this.rootPpn;
    for (let level = SV39_LEVELS - 1; level > 0; level--) {
      const addr = table * PAGE_SIZE + vpn(va, level) * PTE_SIZE;
      const pte = this.mem.read64(addr);
      if ((pteFlags(pte) & PTE_V) === 0) {
        if (!allocate) return undefined;
        const next = this.frames.alloc();
        if (next === undefined) return undefined;
        this.mem.write64(addr, makePte(next, PTE_V));
        table = next;
      } else {
        table = ptePpn(pte);
      }
    }
    return table * PAGE_SIZE + vpn(va, 0) * PTE_SIZE;
  }

  /** The leaf PTE for page-aligned `va`, or 0n when nothing is mapped there. */
  lookup(va: number): bigint {
    const addr = this.pteAddress(va, false);
    return addr === undefined ? 0n : this.mem.read64(addr);
  }

  /**
   * Maps the 4 KiB page at `va` to frame `ppn` with `flags` (PTE_V is added). The mapping takes
   * over one reference the caller holds on `ppn`. Returns false (nothing changed, the caller
   * keeps its reference) when a table page cannot be allocated. The page must be unmapped.
   */
  map(va: number, ppn: number, flags: number): boolean {
    const addr = this.pteAddress(va, true);
    if (addr === undefined) return false;
    this.mem.write64(addr, makePte(ppn, flags | PTE_V));
    return true;
  }

  /** Rewrites the flags of the mapped page at `va`, keeping its frame. No-op when unmapped. */
  setFlags(va: number, flags: number): void {
    const addr = this.pteAddress(va, false);
    if (addr === undefined) return;
    const pte = this.mem.read64(addr);
    if ((pteFlags(pte) & PTE_V) !== 0) this.mem.write64(addr, makePte(ptePpn(pte), flags | PTE_V));
  }

  /** Replaces the frame of the mapped page at `va` (the old reference is the caller's to drop). */
  replace(va: number, ppn: number, flags: number): void {
    const addr = this.pteAddress(va, false);
    if (addr !== undefined) this.mem.write64(addr, makePte(ppn, flags | PTE_V));
  }

  /** Unmaps the page at `va` and drops the mapping's frame reference. Returns true if one was mapped. */
  unmap(va: number): boolean {
    const addr = this.pteAddress(va, false);
    if (addr === undefined) return false;
    const pte = this.mem.read64(addr);
    if ((pteFlags(pte) & PTE_V) === 0) return false;
    this.mem.write64(addr, 0n);
    this.frames.put(ptePpn(pte));
    return true;
  }

  /**
   * Calls `fn(va, pte)` for every valid leaf in [start, end) (page-aligned virtual bytes),
   * skipping absent tables quickly. `fn` must not change the tree's shape.
   */
  forEachLeaf(start: number, end: number, fn: (va: number, pte: bigint) => void): void {
    this.walkRange(this.rootPpn, SV39_LEVELS - 1, 0, start, end, fn);
  }

  private walkRange(table: number, level: number, base: number, start: number, end: number,
    fn: (va: number, pte: bigint) => void): void {
    const span = levelPageSize(level);
    const first = Math.max(0, Math.floor((start - base) / span));
    const last = Math.min(PTES_PER_TABLE - 1, Math.floor((end - 1 - base) / span));
    for (let i = first; i <= last; i++) {
      const pte = this.mem.read64(table * PAGE_SIZE + i * PTE_SIZE);
      const flags = pteFlags(pte);
      if ((flags & PTE_V) === 0) continue;
      const va = base + i * span;
      if (level === 0 || pteIsLeaf(flags)) fn(va, pte);
      else this.walkRange(ptePpn(pte), level - 1, va, start, end, fn);
    }
  }

  /**
   * Frees the whole tree: drops every leaf's frame reference, then frees the table pages.
   * The PageTable must not be used afterwards.
   */
  destroy(): void {
    this.freeTable(this.rootPpn, SV39_LEVELS - 1);
  }

  private freeTable(table: number, level: number): void {
    for (let i = 0; i < PTES_PER_TABLE; i++) {
      const pte = this.mem.read64(table * PAGE_SIZE + i * PTE_SIZE);
      const flags = pteFlags(pte);
      if ((flags & PTE_V) === 0) continue;
      if (level === 0 || pteIsLeaf(flags)) this.frames.put(ptePpn(pte));
      else this.freeTable(ptePpn(pte), level - 1);
    }
    this.frames.put(table);
  }
}
