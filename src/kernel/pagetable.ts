import type { PhysicalMemory } from '../emu/memory';
import {
  PAGE_SIZE, PTE_RSW_SHIFT, PTE_SIZE, PTES_PER_TABLE, PTE_R, PTE_V, PTE_W, PTE_X, SV39_LEVELS, makePte, pteFlags,
  pteIsLeaf, ptePpn, vpn, levelPageSize,
} from '../emu/sv39';
import type { FrameAllocator } from './frames';

/**
 * Software PTE bit (one of the two RSW bits the privileged spec leaves to the OS, 4.4.1) marking
 * a page that is resident but mapped PROT_NONE: V is clear so every access faults, the PPN is
 * kept so the page keeps its contents and its frame reference. Linux riscv calls it
 * _PAGE_PROT_NONE.
 */
export const PTE_PROT_NONE = 1 << PTE_RSW_SHIFT;

/** True when a PTE holds a page: valid, or resident behind PROT_NONE. */
export function ptePresent(pte: bigint): boolean {
  return (pteFlags(pte) & (PTE_V | PTE_PROT_NONE)) !== 0;
}

/**
 * The leaf PTE for frame `ppn` with permission `flags` (PTE_R/W/X/U/A/D; V and PROT_NONE are
 * derived): a valid leaf when any of R, W, X is set, otherwise a PROT_NONE entry. A write-only
 * request gets R too (W without R is reserved, privileged spec 4.4.1).
 */
export function leafPte(ppn: number, flags: number): bigint {
  let f = flags & ~(PTE_V | PTE_PROT_NONE);
  if ((f & PTE_W) && !(f & PTE_R)) f |= PTE_R;
  f |= (f & (PTE_R | PTE_W | PTE_X)) ? PTE_V : PTE_PROT_NONE;
  return makePte(ppn, f);
}

/** Allocates one zeroed frame (reference count 1), or `undefined` when none can be found. */
export type FrameSource = () => number | undefined;

/**
 * The kernel's side of an Sv39 page table: building and tearing down the radix tree in
 * emulated physical memory (privileged spec 4.4). The kernel maps user memory with 4 KiB leaf
 * pages only. Table pages are frames owned by the tree; leaf frames are held by the mapping
 * (one reference each) and released by `unmap`/`destroy`. A "present" leaf is valid or
 * PROT_NONE (see PTE_PROT_NONE); the methods below treat both alike.
 */
export class PageTable {
  /** Where new table pages come from (the owner may route this through the OOM killer). */
  alloc: FrameSource;

  private constructor(
    private readonly mem: PhysicalMemory,
    private readonly frames: FrameAllocator,
    /** Physical page number of the root (level 2) table page. */
    readonly rootPpn: number,
  ) {
    this.alloc = () => frames.alloc();
  }

  /** A new, empty tree (one zeroed root page), or `undefined` when no frame is free. */
  static create(mem: PhysicalMemory, frames: FrameAllocator, alloc: FrameSource = () => frames.alloc()): PageTable | undefined {
    const root = alloc();
    if (root === undefined) return undefined;
    const pt = new PageTable(mem, frames, root);
    pt.alloc = alloc;
    return pt;
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
        const next = this.alloc();
        if (next === undefined) return undefined;
        this.mem.write64(addr, makePte(next, PTE_V));
        table = next;
      } else {
        table = ptePpn(pte);
      }
    }
    return table * PAGE_SIZE + vpn(va, 0) * PTE_SIZE;
  }

  /** The leaf PTE for page-aligned `va` (valid, PROT_NONE, or 0n when nothing is mapped there). */
  lookup(va: number): bigint {
    const addr = this.pteAddress(va, false);
    return addr === undefined ? 0n : this.mem.read64(addr);
  }

  /**
   * Maps the 4 KiB page at `va` to frame `ppn` with permission `flags` (see leafPte). The
   * mapping takes over one reference the caller holds on `ppn`. Returns false (nothing
   * changed, the caller keeps its reference) when a table page cannot be allocated. The page
   * must be unmapped.
   */
  map(va: number, ppn: number, flags: number): boolean {
    const addr = this.pteAddress(va, true);
    if (addr === undefined) return false;
    this.mem.write64(addr, leafPte(ppn, flags));
    return true;
  }

  /** Rewrites the permissions of the present page at `va`, keeping its frame. No-op when absent. */
  setFlags(va: number, flags: number): void {
    const addr = this.pteAddress(va, false);
    if (addr === undefined) return;
    const pte = this.mem.read64(addr);
    if (ptePresent(pte)) this.mem.write64(addr, leafPte(ptePpn(pte), flags));
  }

  /** Replaces the frame of the present page at `va` (the old reference is the caller's to drop). */
  replace(va: number, ppn: number, flags: number): void {
    const addr = this.pteAddress(va, false);
    if (addr !== undefined) this.mem.write64(addr, leafPte(ppn, flags));
  }

  /** Unmaps the page at `va` and drops the mapping's frame reference. Returns true if one was present. */
  unmap(va: number): boolean {
    const pte = this.take(va);
    if (pte === 0n) return false;
    this.frames.put(ptePpn(pte));
    return true;
  }

  /**
   * Clears the PTE at `va` and hands its frame reference to the caller (mremap moving a page).
   * Returns the old PTE, or 0n when nothing was present.
   */
  take(va: number): bigint {
    const addr = this.pteAddress(va, false);
    if (addr === undefined) return 0n;
    const pte = this.mem.read64(addr);
    if (!ptePresent(pte)) return 0n;
    this.mem.write64(addr, 0n);
    return pte;
  }

  /**
   * Calls `fn(va, pte)` for every present leaf in [start, end) (page-aligned virtual bytes),
   * skipping absent tables quickly. `fn` may rewrite or clear leaves but must not add tables.
   */
  forEachLeaf(start: number, end: number, fn: (va: number, pte: bigint) => void): void {
    if (end > start) this.walkRange(this.rootPpn, SV39_LEVELS - 1, 0, start, end, fn);
  }

  private walkRange(table: number, level: number, base: number, start: number, end: number,
    fn: (va: number, pte: bigint) => void): void {
    const span = levelPageSize(level);
    const first = Math.max(0, Math.floor((start - base) / span));
    const last = Math.min(PTES_PER_TABLE - 1, Math.floor((end - 1 - base) / span));
    for (let i = first; i <= last; i++) {
      const pte = this.mem.read64(table * PAGE_SIZE + i * PTE_SIZE);
      const flags = pteFlags(pte);
      const va = base + i * span;
      if (level === 0) { if (ptePresent(pte)) fn(va, pte); continue; }
      if ((flags & PTE_V) === 0) continue;
      if (pteIsLeaf(flags)) fn(va, pte);
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
      if (level === 0) { if (ptePresent(pte)) this.frames.put(ptePpn(pte)); continue; }
      if ((flags & PTE_V) === 0) continue;
      if (pteIsLeaf(flags)) this.frames.put(ptePpn(pte));
      else this.freeTable(ptePpn(pte), level - 1);
    }
    this.frames.put(table);
  }
}
