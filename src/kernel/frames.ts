import type { PhysicalMemory } from '../emu/memory';
import { PAGE_SIZE } from '../emu/sv39';

/**
 * Physical page frames with reference counts: page-table pages, anonymous pages, file pages.
 *
 * Every frame has exactly one owner, or several holders counted in its reference count when
 * sharing is the point (copy-on-write after fork, shared mappings). `alloc` hands out a zeroed
 * frame with count 1; `get` adds a holder; `put` drops one and frees the frame at zero.
 * Frame 0 is reserved at boot so that a zero PTE can never name a usable frame.
 */
export class FrameAllocator {
  /** Reference count per physical page number; 0 = free. */
  private readonly refs: Uint32Array;
  /** Stack of free physical page numbers; the lowest numbers are handed out first. */
  private readonly free: Int32Array;
  private freeTop = 0;
  /** Total frames managed (memory size / PAGE_SIZE). */
  readonly total: number;

  /** Manages all of `mem`, one frame per PAGE_SIZE bytes; reserves frame 0. */
  constructor(private readonly mem: PhysicalMemory) {
    this.total = Math.floor(mem.size / PAGE_SIZE);
    this.refs = new Uint32Array(this.total);
    this.free = new Int32Array(this.total);
    for (let ppn = this.total - 1; ppn >= 1; ppn--) this.free[this.freeTop++] = ppn;
    this.refs[0] = 1;
  }

  /** Frames currently held (including the reserved frame 0). */
  get inUse(): number {
    return this.total - this.freeTop;
  }

  /** Frames still free. */
  get available(): number {
    return this.freeTop;
  }

  /**
   * Takes a free frame, fills it with zeros and returns its physical page number with a
   * reference count of 1, or `undefined` when physical memory is exhausted (the caller turns
   * that into -ENOMEM or an out-of-memory kill).
   */
  alloc(): number | undefined {
    if (this.freeTop === 0) return undefined;
    const ppn = this.free[--this.freeTop];
    this.refs[ppn] = 1;
    this.mem.fill(ppn * PAGE_SIZE, PAGE_SIZE, 0);
    return ppn;
  }

  /** Adds a holder to an allocated frame. Throws on a free frame: that is a kernel bug. */
  get(ppn: number): void {
    if (this.refs[ppn] === 0) throw new Error(`frame ${ppn} is free`);
    this.refs[ppn]++;
  }

  /** Drops a holder; frees the frame when the last one goes. Throws on a free frame (kernel bug). */
  put(ppn: number): void {
    if (ppn <= 0 || ppn >= this.total || this.refs[ppn] === 0) throw new Error(`put of free frame ${ppn}`);
    if (--this.refs[ppn] === 0) this.free[this.freeTop++] = ppn;
  }

  /** Number of holders of a frame (0 = free). */
  refCount(ppn: number): number {
    return this.refs[ppn];
  }
}
