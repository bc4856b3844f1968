import type { Hart } from './hart';
import { PAGE_SIZE } from './sv39';
import type { StopReason } from './trap';

/**
 * Data watchpoints in the machine: the exact byte ranges one address space watches, and the
 * record of the access that hit one.
 *
 * Cost model ("a watched page costs nothing on the other pages"): the Mmu never caches a load or
 * store translation for a page in `WatchList.pages` (Mmu.dataWatchPages), so every data access to
 * such a page misses the software TLB and goes through Hart.load/Hart.store (or an AMO), where
 * the slow path compares the access with the exact ranges. Accesses to every other page, in the
 * interpreter and in compiled regions, run the unchanged TLB fast path: no per-access check.
 *
 * Semantics (as gdb's, see Kernel.setWatchpoints): a load (LR, FP load) that reads any byte of
 * a read watch, a store (SC, FP store) that writes any byte of a write watch, and an AMO that
 * touches any byte of either (reported as a write when a write watch matches) hit it. The
 * accessing instruction completes and retires; the hart stops right after it (pc = the next
 * instruction) with a `watchpoint` StopReason naming the instruction's pc. Every write is
 * reported, also one that does not change the value. One hit per instruction (the first match).
 */

/** Access kinds a data watch triggers on. */
export const WATCH_READ = 1;
/** See WATCH_READ. */
export const WATCH_WRITE = 2;

/** One watched range of virtual addresses. */
export interface DataWatch {
  /** The caller's identifier, reported back in hits. */
  readonly id: number;
  /** First watched byte (virtual, sign-extended number form). */
  readonly address: number;
  /** Bytes watched (>= 1). */
  readonly length: number;
  /** WATCH_READ | WATCH_WRITE bits. */
  readonly kinds: number;
}

/** The access that hit a watch, kept by the hart until its stop is built. */
export interface WatchHit {
  /** The DataWatch id. */
  id: number;
  /** Virtual address of the first byte of the access (not of the watch). */
  address: number;
  /** 'write' for stores and AMOs that matched a write watch, else 'read'. */
  access: 'read' | 'write';
  /** The watch's range (virtual address, bytes), for the value before and after. */
  watchAddress: number;
  watchLength: number;
  /** Bytes of the watched range before a write (undefined when some byte was unmapped, or for reads). */
  oldBytes?: Uint8Array;
}

/** Immutable set of data watches of one address space, with the virtual pages they touch. */
export class WatchList {
  /** Virtual page numbers (Math.floor(virtual address / PAGE_SIZE)) holding any watched byte. */
  readonly pages: ReadonlySet<number>;

  /** @param watches the ranges (empty length ones are ignored) */
  constructor(readonly watches: readonly DataWatch[]) {
    const pages = new Set<number>();
    for (const w of watches) {
      if (!(w.length >= 1)) continue;
      const last = Math.floor((w.address + w.length - 1) / PAGE_SIZE);
      for (let p = Math.floor(w.address / PAGE_SIZE); p <= last; p++) pages.add(p);
    }
    this.pages = pages;
  }

  /** First watch with a kind in `kinds` overlapping virtual bytes [va, va + size), or undefined. */
  match(va: number, size: number, kinds: number): DataWatch | undefined {
    for (const w of this.watches) {
      if ((w.kinds & kinds) !== 0 && va < w.address + w.length && w.address < va + size) return w;
    }
    return undefined;
  }
}

/**
 * Records a hit when the access of `size` bytes at virtual `va` matches a watch of the hart's list.
 * `kinds`: WATCH_READ for loads, WATCH_WRITE for stores, both for AMOs. Called by the hart before
 * a store writes (so the old bytes can be read) and only on the TLB slow path; the first hit of
 * an instruction wins. Reads memory without side effects (Mmu.peek).
 */
export function noteAccess(h: Hart, va: number, size: number, kinds: number): void {
  const list = h.watch;
  if (list === undefined || h.watchHit !== undefined) return;
  const w = (kinds & WATCH_WRITE) !== 0 ? list.match(va, size, WATCH_WRITE) ?? list.match(va, size, kinds) : list.match(va, size, kinds);
  if (w === undefined) return;
  const write = (kinds & WATCH_WRITE) !== 0 && (w.kinds & WATCH_WRITE) !== 0;
  h.watchHit = {
    id: w.id, address: va, access: write ? 'write' : 'read', watchAddress: w.address, watchLength: w.length,
    oldBytes: write ? peekVirtual(h, w.address, w.length) : undefined,
  };
}

/**
 * The `watchpoint` stop for the hart's pending hit (the instruction at `pc` retired), clearing
 * it; newBytes is read now, after the write.
 */
export function takeWatchStop(h: Hart, pc: number): StopReason {
  const hit = h.watchHit!;
  h.watchHit = undefined;
  const newBytes = hit.access === 'write' ? peekVirtual(h, hit.watchAddress, hit.watchLength) : undefined;
  return { kind: 'watchpoint', pc, hit, newBytes };
}

/**
 * `len` bytes at virtual `va` of the address space in satp, read without setting A/D bits,
 * filling the TLB or faulting; undefined when a byte is not mapped readable.
 */
export function peekVirtual(h: Hart, va: number, len: number): Uint8Array | undefined {
  const out = new Uint8Array(len);
  let done = 0;
  while (done < len) {
    const at = va + done;
    const pa = h.mmu.peek(at);
    if (pa < 0) return undefined;
    const n = Math.min(len - done, PAGE_SIZE - (pa % PAGE_SIZE));
    out.set(h.mem.u8.subarray(pa, pa + n), done);
    done += n;
  }
  return out;
}
