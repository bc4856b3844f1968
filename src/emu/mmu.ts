import type { PhysicalMemory } from './memory';
import {
  PAGE_SHIFT, PAGE_SIZE, PTE_A, PTE_D, PTE_PPN_BITS, PTE_PPN_SHIFT, PTE_R, PTE_SIZE, PTE_U, PTE_V, PTE_W, PTE_X, SATP_MODE_SV39,
  SV39_LEVELS, VPN_BITS, satpMode, satpPpn,
} from './sv39';
import { Exception } from './trap';

/** Kind of memory access, selecting permission bit, TLB and fault cause. */
export const enum Access {
  Fetch = 0,
  Load = 1,
  Store = 2,
}

/**
 * Entries per software TLB (direct-mapped, one TLB per access kind). 4096 (16 MiB of 4 KiB pages
 * per kind) measured ~25 % faster than 256 or 1024 on the 16 MiB pointer chase and no different on
 * the other benchmarks (BENCHMARKS.md); a flush fills 3 x 4096 tags, a few microseconds.
 */
export const TLB_ENTRIES = 4096;
const TLB_MASK = TLB_ENTRIES - 1;
/** A tag no virtual page number can have (VPNs of canonical addresses lie in [-2^26, 2^26)). */
export const TLB_INVALID = 0x7fffffff;
/** The page-number value used for non-canonical addresses: never in a TLB. */
export const VPN_NONCANONICAL = 0x7ffffffe;

/**
 * What emptied the TLB: a satp write (Mmu.setSatp; the privileged spec asks for an sfence.vma
 * after it, and a satp write here implies one) or an `sfence.vma x0, x0` (Mmu.flush: the kernel
 * after a PTE change).
 */
export type TlbFlushKind = 'satp' | 'sfence.vma';

/** Flushes the Mmu remembers, newest last (a ring of preallocated slots: recording one allocates nothing). */
export const TLB_FLUSH_HISTORY = 8;

/** One remembered flush: its kind, the caller's reason (a constant string, '' when none) and the instructions retired then. */
export interface TlbFlushRecord {
  kind: TlbFlushKind;
  cause: string;
  instret: number;
}

const PAGE_FAULT: readonly Exception[] = [Exception.InstructionPageFault, Exception.LoadPageFault, Exception.StorePageFault];
const ACCESS_FAULT: readonly Exception[] = [Exception.InstructionAccessFault, Exception.LoadAccessFault, Exception.StoreAccessFault];
const NEEDED: readonly number[] = [PTE_X, PTE_R, PTE_W];
const TWO32 = 4294967296;
const PPN_LOW_BITS = 32 - PTE_PPN_SHIFT;
const PPN_LOW_SPAN = 2 ** PPN_LOW_BITS;
const PPN_HIGH_MASK = (1 << (PTE_PPN_BITS - PPN_LOW_BITS)) - 1;
const NO_PAGES: ReadonlySet<number> = new Set<number>();

/**
 * Sv39 address translation for U-mode accesses, with a software TLB in front.
 * Privileged spec 4.3.2 "Virtual Address Translation Process" with Sv39 parameters (4.4):
 * PTE_U required, R/W/X per access, W without R is invalid, misaligned superpages fault,
 * A (and D on stores) updated in the PTE in memory ("hardware A/D update"). sstatus.SUM and
 * MXR are 0 (the hart only runs U-mode code). Any satp.MODE other than Sv39 is treated as
 * Bare (identity translation, access fault beyond RAM).
 *
 * Virtual addresses are numbers in sign-extended form; the TLB is indexed by virtual page
 * number `vpn = (hi << 20) | (lo >>> 12)` of the (lo, hi) address words, which is exact for
 * canonical addresses. Store entries exist only for pages whose PTE has D set (a store to a
 * clean page walks and sets D). Physical addresses stay below 2^31 (memory size limit).
 */
export class Mmu {
  /** Virtual page numbers cached per access kind, TLB_INVALID when empty. */
  readonly tags: Int32Array[] = [new Int32Array(TLB_ENTRIES), new Int32Array(TLB_ENTRIES), new Int32Array(TLB_ENTRIES)];
  /** Physical byte address of the page for each entry. */
  readonly bases: Int32Array[] = [new Int32Array(TLB_ENTRIES), new Int32Array(TLB_ENTRIES), new Int32Array(TLB_ENTRIES)];
  /** Cause and stval of the last failed translation. */
  faultCause: Exception = Exception.LoadPageFault;
  faultVa = 0;
  /**
   * Virtual page numbers (Math.floor(va / PAGE_SIZE)) with data watchpoints (src/emu/watch.ts):
   * loads and stores to them are never cached, so they always take the hart's slow path. Set by
   * Hart.setWatchList (which flushes the TLB).
   */
  dataWatchPages: ReadonlySet<number> = NO_PAGES;
  /**
   * Translations that walked the page table and filled an entry, per access kind (indexed by
   * Access), since construction: the TLB misses, plus the interpreter's fetch of each code page
   * it enters (Hart.fetch walks without looking in the TLB). Counted in `translate` only, the
   * slow path; hits are not counted (compiled code checks the TLB inline).
   */
  readonly walks = new Float64Array(3);
  /** Flushes since construction (satp writes and sfence.vma). */
  flushCount = 0;
  private mode = 0;
  private rootPpn = 0;
  private readonly flushKinds: TlbFlushKind[] = new Array<TlbFlushKind>(TLB_FLUSH_HISTORY).fill('sfence.vma');
  private readonly flushCauses: string[] = new Array<string>(TLB_FLUSH_HISTORY).fill('');
  private readonly flushInstret = new Float64Array(TLB_FLUSH_HISTORY);

  constructor(private readonly mem: PhysicalMemory) {
    this.invalidateAll();
  }

  /**
   * Loads satp (mode and root PPN) and flushes every TLB; `cause` (a constant string such as
   * 'context switch') and `instret` are remembered for the debugger (see recentFlushes).
   */
  setSatp(satp: bigint, cause = '', instret = 0): void {
    this.mode = satpMode(satp);
    this.rootPpn = satpPpn(satp);
    this.record('satp', cause, instret);
  }

  /** Empties all TLBs (sfence.vma with rs1 = rs2 = x0); `cause` and `instret` as for setSatp. */
  flush(cause = '', instret = 0): void {
    this.record('sfence.vma', cause, instret);
  }

  /** The last flushes (at most TLB_FLUSH_HISTORY), oldest first. Allocates; for inspection only. */
  recentFlushes(): TlbFlushRecord[] {
    const out: TlbFlushRecord[] = [];
    const first = Math.max(0, this.flushCount - TLB_FLUSH_HISTORY);
    for (let n = first; n < this.flushCount; n++) {
      const i = n % TLB_FLUSH_HISTORY;
      out.push({ kind: this.flushKinds[i], cause: this.flushCauses[i], instret: this.flushInstret[i] });
    }
    return out;
  }

  /** Empties the TLBs and remembers why in the ring (three stores: no allocation). */
  private record(kind: TlbFlushKind, cause: string, instret: number): void {
    const i = this.flushCount % TLB_FLUSH_HISTORY;
    this.flushKinds[i] = kind;
    this.flushCauses[i] = cause;
    this.flushInstret[i] = instret;
    this.flushCount++;
    this.invalidateAll();
  }

  private invalidateAll(): void {
    for (const t of this.tags) t.fill(TLB_INVALID);
  }

  /**
   * Translates the virtual address (lo, hi) for `access`, filling the TLB. Returns the physical
   * address, or -1 with `faultCause`/`faultVa` set (page fault, or access fault when the
   * physical page lies beyond memory).
   */
  translate(lo: number, hi: number, access: Access): number {
    const va = hi * TWO32 + (lo >>> 0);
    if (this.mode !== SATP_MODE_SV39) {
      if (hi !== 0 || (lo >>> 0) >= this.mem.size) return this.fail(ACCESS_FAULT[access], va);
      return lo >>> 0;
    }
    if (((hi >> 6) + 1) >>> 0 > 1) return this.fail(PAGE_FAULT[access], va);
    const pageBase = this.walk(lo, hi, va, access);
    if (pageBase < 0) return -1;
    const vpnKey = (hi << 20) | (lo >>> PAGE_SHIFT);
    // data watchpoints: no load/store entry for a watched page (its accesses stay on the slow path)
    if (access !== Access.Fetch && this.dataWatchPages.size !== 0 && this.dataWatchPages.has(vpnKey)) return pageBase + (lo & (PAGE_SIZE - 1));
    const idx = vpnKey & TLB_MASK;
    this.tags[access][idx] = vpnKey;
    this.bases[access][idx] = pageBase;
    this.walks[access]++;
    if (access === Access.Store) {
      // a store walk leaves A and D set and W implies R: the page is readable without a walk
      this.tags[Access.Load][idx] = vpnKey;
      this.bases[Access.Load][idx] = pageBase;
    }
    return pageBase + (lo & (PAGE_SIZE - 1));
  }

  /**
   * Physical address of virtual `va` for a debugger's read: the load permission walk without
   * side effects (no A/D update, no TLB fill, faultCause/faultVa unchanged); -1 when unmapped.
   */
  peek(va: number): number {
    const lo = va | 0, hi = Math.floor(va / TWO32) | 0;
    if (this.mode !== SATP_MODE_SV39) return hi === 0 && (lo >>> 0) < this.mem.size ? lo >>> 0 : -1;
    if (((hi >> 6) + 1) >>> 0 > 1) return -1;
    const cause = this.faultCause, faultVa = this.faultVa;
    const base = this.walk(lo, hi, va, Access.Load, false);
    this.faultCause = cause; this.faultVa = faultVa;
    return base < 0 ? -1 : base + (lo & (PAGE_SIZE - 1));
  }

  private fail(cause: Exception, va: number): number {
    this.faultCause = cause;
    this.faultVa = va;
    return -1;
  }

  /** The page walk proper; returns the physical base of the 4 KiB page containing va, or -1. */
  private walk(lo: number, hi: number, va: number, access: Access, sideEffects = true): number {
    const i32 = this.mem.i32;
    const vpnAll = (hi << 20) | (lo >>> PAGE_SHIFT); // 27 significant bits
    let table = this.rootPpn * PAGE_SIZE;
    for (let level = SV39_LEVELS - 1; level >= 0; level--) {
      const index = (vpnAll >>> (VPN_BITS * level)) & ((1 << VPN_BITS) - 1);
      const pteAddr = table + index * PTE_SIZE;
      if (pteAddr + PTE_SIZE > this.mem.size) return this.fail(ACCESS_FAULT[access], va);
      let pteLo = i32[pteAddr >>> 2];
      const pteHi = i32[(pteAddr >>> 2) + 1];
      // PPN = PTE bits 53:10: 22 bits of the high word above the 22 bits of the low word
      const ppn = (pteHi & PPN_HIGH_MASK) * PPN_LOW_SPAN + (pteLo >>> PTE_PPN_SHIFT);
      if ((pteLo & PTE_V) === 0 || ((pteLo & PTE_R) === 0 && (pteLo & PTE_W) !== 0)) {
        return this.fail(PAGE_FAULT[access], va);
      }
      if ((pteLo & (PTE_R | PTE_X)) === 0) {
        table = ppn * PAGE_SIZE;
        continue;
      }
      // leaf
      if ((pteLo & PTE_U) === 0 || (pteLo & NEEDED[access]) === 0) return this.fail(PAGE_FAULT[access], va);
      const levelPages = 1 << (VPN_BITS * level);
      if (ppn % levelPages !== 0) return this.fail(PAGE_FAULT[access], va);
      const wantFlags = PTE_A | (access === Access.Store ? PTE_D : 0);
      if (sideEffects && (pteLo & wantFlags) !== wantFlags) {
        pteLo |= wantFlags;
        i32[pteAddr >>> 2] = pteLo;
        if (this.mem.codeMark[pteAddr >>> PAGE_SHIFT] !== 0) this.mem.invalidateCode(pteAddr >>> PAGE_SHIFT);
      }
      const pagePpn = ppn + (vpnAll & (levelPages - 1));
      const base = pagePpn * PAGE_SIZE;
      if (base + PAGE_SIZE > this.mem.size) return this.fail(ACCESS_FAULT[access], va);
      return base;
    }
    return this.fail(PAGE_FAULT[access], va);
  }
}
