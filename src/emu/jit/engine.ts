import { divRem32, divRem64, divRemU32, divRemU64, mul64, mulh64, mulhsu64, mulhu64, res } from '../alu';
import type { Hart } from '../hart';
import { interpret } from '../interp';
import { Access, TLB_ENTRIES, VPN_NONCANONICAL } from '../mmu';
import type { DecodedPage, Insn } from '../predecode';
import { PAGE_SHIFT, PAGE_SIZE } from '../sv39';
import type { StopReason } from '../trap';
import { execFp } from '../fp/exec';
import { FP_MATH, fmaRne, productError } from './codegen-fp';
import { MAX_BLOCK_INSNS, regionInsns, regionSource, scanRegion, type RegionSource, type ScannedBlock } from './region';
import { VersionedSet } from './versioned-set';
import { takeWatchStop } from '../watch';

/**
 * The block compiler's runtime: a cache of compiled regions per physical address, the dispatch
 * loop that runs them, and the rules that keep them exact.
 *
 * A region (region.ts) is a JavaScript function compiled from the guest basic blocks reachable
 * from one entry pc inside one 4 KiB page; jumps between its blocks stay inside the function
 * (that is the block chaining: no return to the dispatcher, registers kept in JS locals), and
 * exits carry the next pc. Between regions, each region remembers the regions its last exits
 * led to ("links"), so the dispatcher follows them without a translation or cache lookup.
 *
 * Correctness rules:
 * - Invalidation: a region belongs to the DecodedPage its code came from. Any write to that
 *   physical page (guest store, kernel write, exec) drops the page's decoded code
 *   (PhysicalMemory.invalidateCode), which marks the region dead (`page.valid` false); a store
 *   from inside a region to its own page leaves the region right after the store.
 * - Translation: regions are found by translating the pc through the fetch TLB/page walk and are
 *   keyed by physical address + virtual pc; links are only followed while no TLB flush or satp
 *   write (which the kernel does on every PTE change) happened since they were made (`epoch`).
 * - Precise stops: no compiled code contains a breakpoint pc or code of a watched page; when
 *   either set changes, regions containing a new member are dropped and links are cut. Runs of
 *   budget 1 (single-step) use the interpreter; every block checks that it fits in the budget
 *   left and otherwise the interpreter finishes the run, so `run(budget)` retires exactly as
 *   many instructions as the interpreter would.
 * - Data watchpoints (src/emu/watch.ts): watched pages never enter the load/store TLB, so their
 *   accesses take the slow path (Hart.load/store), which notes a hit; the region then leaves
 *   right after that instruction (S.fault = 3). Compiled code is not dropped for them.
 * - Faults: a load/store fault inside a region reports the faulting pc; the instructions before
 *   it retired and their register writes are stored, the rest did not run (codegen.ts). An F/D
 *   instruction run out of line (execFp) that traps exits the same way with its stop reason.
 * - Anything not compiled (CSR, AMO, ecall, ebreak, illegal encodings, a page-straddling
 *   instruction, a pc whose fetch faults) runs one instruction at a time in the interpreter.
 */
export class BlockCompiler {
  /**
   * Virtual page numbers (Math.floor(virtual address / PAGE_SIZE)) whose code always runs in the
   * interpreter, one instruction at a time (for a debugger watching execution on those pages).
   */
  readonly watchedPages = new VersionedSet();
  /** Counters for tests and benchmarks: regions compiled, region calls, interpreter fallbacks. */
  readonly stats = { compiled: 0, regionRuns: 0, interpreted: 0, dropped: 0 };
  /** False when `new Function` is unavailable (a strict Content-Security-Policy): interpreter only. */
  readonly available = canGenerateCode();
  /**
   * @internal exit state written by region functions: instructions retired, fault flag (1: the
   * Mmu's last translation failed; 2: `stop` holds the trap of an out-of-line F/D instruction;
   * 3: the instruction at `wpc` hit a data watchpoint and retired, see emit-common.ts watchExit).
   */
  readonly state: { n: number; fault: number; stop: StopReason | undefined; wpc: number } = { n: 0, fault: 0, stop: undefined, wpc: 0 };
  private readonly cache = new Map<number, Region>();
  /** Physical page bases that have (or had) compiled regions. */
  private readonly codePages = new Set<number>();
  private epoch = 0;
  private bpVersion = -1;
  private watchVersion = -1;
  private bpSnapshot = new Set<number>();
  private watchSnapshot = new Set<number>();
  private readonly env: unknown[];

  constructor(private readonly h: Hart) {
    const mmu = h.mmu, mem = h.mem;
    const alu = { res, mul64, mulh64, mulhsu64, mulhu64, divRem64, divRemU64, divRem32, divRemU32 };
    this.env = [h.xl, h.xh, mem.i32, mem.u8, mem.u16, mmu.tags[Access.Load], mmu.bases[Access.Load],
      mmu.tags[Access.Store], mmu.bases[Access.Store], mem.codeMark, h, alu, this.state,
      h.fr, h.fi, new Float32Array(h.fr.buffer), execFp, FP_MATH, productError, fmaRne];
  }

  /** Called by the hart when its TLB is flushed or satp changes: links may now be wrong. */
  translationChanged(): void {
    this.epoch++;
  }

  /** Drops every compiled region (they are rebuilt on demand). */
  clear(): void {
    this.cache.clear();
    this.codePages.clear();
    this.epoch++;
  }

  /** Number of regions currently cached. */
  get cachedRegions(): number {
    return this.cache.size;
  }

  /**
   * Runs the hart for at most `budget` instructions with compiled code where allowed; same
   * contract as Hart.run (which calls this), same results as the interpreter.
   */
  run(budget: number, skipFirstBreakpoint: boolean): StopReason {
    const h = this.h;
    const bps = h.breakpoints as VersionedSet;
    if (bps.version !== this.bpVersion || this.watchedPages.version !== this.watchVersion) this.syncStops();
    // an odd pc (only the host can set one) traps in the interpreter before anything runs
    if ((h.pc & 1) !== 0) return interpret(h, budget, skipFirstBreakpoint);
    const end = h.retired + budget;
    if (skipFirstBreakpoint && bps.has(h.pc)) {
      const r = interpret(h, 1, true);
      if (r.kind !== 'budget' || h.retired >= end) return r;
    }
    const st = this.state;
    let prev: Region | undefined = undefined;
    // A run may start in the middle of a block (after a time-slice tail, a trap, a single step):
    // in a page that already has compiled code, interpret up to a block length until a compiled
    // block start turns up, rather than compiling a region for every such pc.
    let resume = MAX_BLOCK_INSNS;
    while (h.retired < end) {
      const pc = h.pc;
      let r: Region | undefined = undefined;
      if (prev !== undefined && prev.linkEpoch === this.epoch) {
        if (prev.link1Pc === pc) r = prev.link1; else if (prev.link2Pc === pc) r = prev.link2;
        if (r !== undefined && (r.dead || !r.page.valid)) r = undefined;
      }
      if (r === undefined) {
        r = this.lookup(pc, resume > 0);
        if (r !== undefined && prev !== undefined) prev.linkTo(pc, r, this.epoch);
      }
      const fn = r?.fn;
      if (fn === undefined) {
        this.stats.interpreted++;
        const s = interpret(h, 1, false);
        if (s.kind !== 'budget') return s;
        prev = undefined;
        if (resume > 0) resume--;
        continue;
      }
      resume = 0;
      const left = end - h.retired;
      st.n = 0;
      const next = fn(pc, left < MAX_REGION_RUN ? left : MAX_REGION_RUN);
      this.stats.regionRuns++;
      h.retired += st.n;
      h.pc = next;
      if (st.fault !== 0) {
        const stop = st.fault === 2 ? st.stop! : st.fault === 3 ? takeWatchStop(h, st.wpc) : h.mmuTrap(next);
        st.fault = 0;
        st.stop = undefined;
        return stop;
      }
      // the entry block needs more than the budget left: the interpreter finishes exactly
      if (st.n === 0) return interpret(h, left, false);
      prev = r;
    }
    return { kind: 'budget' };
  }

  /**
   * The region for virtual `pc`: cached or compiled now. Undefined when the interpreter must run
   * the instruction at pc (breakpoint, watched page, fetch fault, page-straddling instruction,
   * or nothing cached while `resuming` mid-block);
   * a region without `fn` when it is an instruction the compiler does not handle.
   */
  private lookup(pc: number, resuming: boolean): Region | undefined {
    const h = this.h;
    if (h.breakpoints.size !== 0 && h.breakpoints.has(pc)) return undefined;
    const lo = pc | 0, hi = Math.floor(pc / TWO32) | 0;
    const vpn = ((hi >> 6) + 1) >>> 0 <= 1 ? (hi << 20) | (lo >>> PAGE_SHIFT) : VPN_NONCANONICAL;
    if (this.watchedPages.size !== 0 && this.watchedPages.has(vpn)) return undefined;
    const idx = vpn & TLB_MASK;
    const mmu = h.mmu;
    let pa: number;
    if (mmu.tags[Access.Fetch][idx] === vpn) pa = mmu.bases[Access.Fetch][idx] + (lo & PAGE_OFFSET_MASK);
    else if ((pa = mmu.translate(lo, hi, Access.Fetch)) < 0) return undefined;
    const pageVa = pc - (lo & PAGE_OFFSET_MASK);
    const cached = this.cache.get(pa);
    if (cached !== undefined && cached.pageVa === pageVa && !cached.dead && cached.page.valid) return cached;
    // resuming mid-block in a page that already has compiled code: interpret to a block start
    if (resuming && this.codePages.has(pa - (lo & PAGE_OFFSET_MASK))) return undefined;
    return this.compile(pc, pageVa, pa);
  }

  /**
   * Compiles the region entered at `pc` (physical `pa`) in the virtual page at `pageVa` and
   * caches it under every one of its block starts that has no live region yet (so exits at block
   * boundaries resume in existing code). Undefined when the interpreter must run the instruction.
   */
  private compile(pc: number, pageVa: number, pa: number): Region | undefined {
    const h = this.h;
    const first = h.fetch(pc);
    const page = h.fetchPage;
    if (first === undefined || page === undefined) return undefined;
    if (this.cache.size >= MAX_CACHED_REGIONS) this.clear();
    const r = this.compileRoots([pc], pageVa, page);
    this.cache.set(pa, r);
    const paBase = pa - (pa & PAGE_OFFSET_MASK);
    this.codePages.add(paBase);
    for (const start of r.entries) {
      const key = paBase + (start - pageVa);
      const old = this.cache.get(key);
      if (old === undefined || old.dead || !old.page.valid || old.pageVa !== pageVa) this.cache.set(key, r);
    }
    return r;
  }

  /** Scans and compiles the region grown from `roots` (the first one is the entry) in the virtual page at `pageVa`. */
  private compileRoots(roots: number[], pageVa: number, page: DecodedPage): Region {
    const h = this.h;
    const bps = h.breakpoints;
    const src: RegionSource = {
      insnAt(at: number): Insn | undefined {
        const cached = page.insns[(at - pageVa) >> 1];
        if (cached !== undefined) return cached;
        const insn = h.fetch(at);
        return h.fetchPage === page ? insn : undefined;
      },
      isBreakpoint: (at: number) => bps.has(at),
    };
    const blocks = this.available ? scanRegion(src, roots, pageVa) : [];
    if (blocks.length === 0) return new Region(pageVa, page, undefined, []);
    const factory = new Function('XL', 'XH', 'I32', 'U8', 'U16', 'LT', 'LB', 'ST', 'SB', 'CM', 'H', 'A', 'S',
      'FR', 'FI', 'FS', 'FX', 'FM', 'FE', 'FF', 'PG', 'K', regionSource(blocks));
    const fn = factory(...this.env, page, regionInsns(blocks)) as RegionFn;
    this.stats.compiled++;
    return new Region(pageVa, page, fn, blocks);
  }

  /** Brings compiled code in line with changed breakpoints / watched pages. */
  private syncStops(): void {
    const bps = this.h.breakpoints as VersionedSet;
    const addedBps = [...bps].filter((b) => !this.bpSnapshot.has(b));
    const removedBps = [...this.bpSnapshot].filter((b) => !bps.has(b));
    const addedPages = [...this.watchedPages].filter((p) => !this.watchSnapshot.has(p));
    const removedPages = [...this.watchSnapshot].filter((p) => !this.watchedPages.has(p));
    if (addedBps.length + removedBps.length + addedPages.length + removedPages.length > 0) {
      for (const [pa, r] of this.cache) {
        if (!r.dead && (r.contains(addedBps) || r.stopsAtAny(removedBps) || r.onPages(addedPages) || r.onPages(removedPages))) {
          r.dead = true;
          this.stats.dropped++;
        }
        if (r.dead) this.cache.delete(pa);
      }
    }
    this.bpSnapshot = new Set(bps);
    this.watchSnapshot = new Set(this.watchedPages);
    this.bpVersion = bps.version;
    this.watchVersion = this.watchedPages.version;
    this.epoch++;
  }
}

/** A compiled region function: entered at block start `pc`, runs at most `lim` instructions, returns the next pc. */
type RegionFn = (pc: number, lim: number) => number;

const TWO32 = 4294967296;
const TLB_MASK = TLB_ENTRIES - 1;
const PAGE_OFFSET_MASK = PAGE_SIZE - 1;
/**
 * Most instructions one region call may retire. A region loops inside itself (a hot loop stays
 * in one call), and the host runs with on-stack replacement off (host-flags.ts), so V8 installs
 * optimized code for a region only when it is called again: a bounded call keeps that soon.
 * When a call stops at this limit it stops at a block start, and the next call resumes there
 * (usually through the link to itself), so no instruction runs in the interpreter because of it.
 */
export const MAX_REGION_RUN = 10_000;
/** Regions kept before the cache is emptied and rebuilt (bounds host memory on code that keeps changing). */
const MAX_CACHED_REGIONS = 16384;

/** One compiled region (or, with `fn` undefined, a pc whose first instruction is not compiled). */
class Region {
  dead = false;
  linkEpoch = -1;
  link1Pc = NaN;
  link1: Region | undefined = undefined;
  link2Pc = NaN;
  link2: Region | undefined = undefined;
  /** Virtual pcs of the block starts: where the region function may be entered. */
  readonly entries: number[] = [];
  private readonly ranges: number[] = [];
  private readonly breakpointStops: number[] = [];

  /**
   * @param pageVa virtual address of the 4 KiB page holding the code
   * @param page the decoded page the code came from (its `valid` going false kills the region)
   * @param fn the compiled function, undefined for "interpret the instruction at this pc"
   */
  constructor(readonly pageVa: number, readonly page: DecodedPage, readonly fn: RegionFn | undefined, blocks: ScannedBlock[]) {
    for (const b of blocks) {
      this.entries.push(b.start);
      this.ranges.push(b.start, b.end);
      if (b.stoppedAtBreakpoint) this.breakpointStops.push(b.end);
    }
  }

  /** Remembers that an exit to `pc` continues in `r` (two most recent exits kept). */
  linkTo(pc: number, r: Region, epoch: number): void {
    if (this.linkEpoch !== epoch) {
      this.linkEpoch = epoch;
      this.link1 = undefined; this.link1Pc = NaN;
      this.link2 = undefined; this.link2Pc = NaN;
    }
    if (this.link1 === undefined) { this.link1 = r; this.link1Pc = pc; } else { this.link2 = r; this.link2Pc = pc; }
  }

  /** True when compiled code covers one of the virtual pcs. */
  contains(pcs: number[]): boolean {
    for (const pc of pcs) {
      for (let i = 0; i < this.ranges.length; i += 2) if (pc >= this.ranges[i] && pc < this.ranges[i + 1]) return true;
    }
    return false;
  }

  /** True when a block was cut short before one of these pcs because it was a breakpoint then. */
  stopsAtAny(pcs: number[]): boolean {
    return pcs.some((pc) => this.breakpointStops.includes(pc));
  }

  /** True when the region's page is one of these virtual page numbers. */
  onPages(vpns: number[]): boolean {
    return vpns.includes(Math.floor(this.pageVa / PAGE_SIZE));
  }
}

function canGenerateCode(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}
