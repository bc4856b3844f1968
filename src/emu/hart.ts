import type { PhysicalMemory } from './memory';
import { Access, Mmu, TLB_ENTRIES, VPN_NONCANONICAL } from './mmu';
import { DecodedPage, Insn, predecode } from './predecode';
import { PAGE_SHIFT, PAGE_SIZE } from './sv39';
import { Exception, type StopReason } from './trap';
import { interpret } from './interp';
import { BlockCompiler } from './jit/engine';
import { VersionedSet } from './jit/versioned-set';
import { WATCH_READ, WATCH_WRITE, noteAccess, type WatchHit, type WatchList } from './watch';

/**
 * A thread's user-visible register state, as the kernel saves it on a context switch.
 * `x`: 32 integer registers as unsigned 64-bit values (x[0] is 0n); `f`: 32 FP registers as
 * raw 64-bit patterns (issue 3); `fcsr`: frm << 5 | fflags; `pc`: virtual address.
 */
export interface HartContext {
  pc: number;
  x: bigint[];
  f: bigint[];
  fcsr: number;
}

/** CSR numbers the hart implements (Unprivileged spec, "Zicsr" and the CSR listing in the privileged spec 2.2). */
export const CSR_FFLAGS = 0x001;
export const CSR_FRM = 0x002;
export const CSR_FCSR = 0x003;
export const CSR_CYCLE = 0xc00;
export const CSR_TIME = 0xc01;
export const CSR_INSTRET = 0xc02;
/** csr[11:10] = 0b11 marks a read-only CSR (privileged spec 2.1 "CSR Address Mapping Conventions"). */
const CSR_READ_ONLY_BITS = 0xc00;
const FFLAGS_MASK = 0x1f, FRM_MASK = 0x7, FCSR_MASK = 0xff, FRM_SHIFT = 5;

const TWO32 = 4294967296;
/** The flush reason setWatchList records: a new watch list must not meet translations cached without it. */
export const WATCHPOINTS_FLUSH_CAUSE = 'data watchpoints changed';
const PAGE_OFFSET_MASK = PAGE_SIZE - 1;
const TLB_MASK = TLB_ENTRIES - 1;

/**
 * One RISC-V hart running U-mode code over a PhysicalMemory through the Sv39 MMU.
 *
 * Register representation (DESIGN.md "The machine"): each 64-bit register is a pair of int32
 * words in two Int32Arrays, `xl` (bits 31:0) and `xh` (bits 63:32). Int32 arithmetic is what
 * JIT compilers make fastest (no BigInt allocation, no float rounding); 64-bit add/sub/compare
 * cost a carry test, and the rare wide multiply/divide go through `alu.ts`. Index 32 is a
 * write-only sink the pre-decoder substitutes for rd = x0, so x0 reads 0 without a check.
 *
 * Addresses are numbers: virtual addresses sign-extended (canonical Sv39 ones lie in
 * [-2^38, 2^38) and are exact), physical addresses in [0, mem.size).
 */
export class Hart {
  /** @internal low words of x0..x31 (+ sink). */
  readonly xl = new Int32Array(33);
  /** @internal high words of x0..x31 (+ sink). */
  readonly xh = new Int32Array(33);
  /** Virtual address of the next instruction. */
  pc = 0;
  /**
   * Virtual pcs where `run` stops before executing (a Set that counts its changes, so the block
   * compiler notices new breakpoints and drops compiled code containing them).
   */
  readonly breakpoints: Set<number> = new VersionedSet();
  /**
   * Execution engine: 'jit' (default) runs compiled regions (src/emu/jit) and falls back to the
   * interpreter wherever precise stops need it; 'interpreter' forces the interpreter only. Both
   * give identical architectural results.
   */
  engine: 'jit' | 'interpreter' = 'jit';
  /** The block compiler (its cache, watched pages and counters). */
  readonly jit: BlockCompiler;
  /** @internal */
  readonly mmu: Mmu;
  /** @internal value of the last successful `load`, zero-extended (low, high word). */
  vlo = 0;
  /** @internal */
  vhi = 0;
  /** @internal decoded page of the last `fetch` (undefined for a page-straddling instruction). */
  fetchPage: DecodedPage | undefined = undefined;
  /** @internal retired before the current `run` call. */
  retired = 0;
  /** @internal LR reservation (virtual address words); valid flag. */
  resValid = false;
  resLo = 0;
  resHi = 0;
  /**
   * @internal f0..f31 as doubles; `fi` views the same bytes as int32 words (fi[2r] = bits 31:0,
   * fi[2r+1] = bits 63:32), for raw bit patterns and NaN-boxed singles (src/emu/fp/exec.ts).
   */
  readonly fr = new Float64Array(32);
  /** @internal */
  readonly fi = new Int32Array(this.fr.buffer);
  /** @internal fcsr: frm in bits 7:5, fflags (NV DZ OF UF NX) in bits 4:0. */
  fcsr = 0;
  /** @internal data watches of the address space in satp (src/emu/watch.ts); set with setWatchList. */
  watch: WatchList | undefined = undefined;
  /** @internal the watch hit of the instruction executing now, until its stop is built. */
  watchHit: WatchHit | undefined = undefined;
  private satpValue = 0n;

  /** @param mem the physical memory this hart accesses (shared with the kernel). */
  constructor(readonly mem: PhysicalMemory) {
    this.mmu = new Mmu(mem);
    this.jit = new BlockCompiler(this);
  }

  /** Supervisor address translation and protection register (privileged spec 4.1.11). Setting it flushes the TLB. */
  get satp(): bigint {
    return this.satpValue;
  }

  set satp(value: bigint) {
    this.setSatp(value);
  }

  /**
   * Writes satp (flushing the TLB, as the satp setter does); `cause` is a constant string the
   * debugger's TLB view shows as the flush's reason ('context switch', 'execve').
   */
  setSatp(value: bigint, cause = ''): void {
    this.satpValue = BigInt.asUintN(64, value);
    this.mmu.setSatp(this.satpValue, cause, this.retired);
    this.jit.translationChanged();
  }

  /** Instructions retired since construction, across all contexts; also the cycle and time base. */
  get instret(): number {
    return this.retired;
  }

  /** Register x`i` (0..31) as an unsigned 64-bit value. */
  getX(i: number): bigint {
    return (BigInt(this.xh[i] >>> 0) << 32n) | BigInt(this.xl[i] >>> 0);
  }

  /** Sets register x`i` (1..31; writes to x0 are ignored) to `v` modulo 2^64. */
  setX(i: number, v: bigint): void {
    if (i === 0) return;
    this.xl[i] = Number(BigInt.asIntN(32, v));
    this.xh[i] = Number(BigInt.asIntN(32, v >> 32n));
  }

  /** Register f`i` (0..31) as its raw 64-bit pattern (a single is NaN-boxed: bits 63:32 all ones). */
  getF(i: number): bigint {
    return (BigInt(this.fi[2 * i + 1] >>> 0) << 32n) | BigInt(this.fi[2 * i] >>> 0);
  }

  /** Sets register f`i` (0..31) to the raw 64-bit pattern `v` modulo 2^64. */
  setF(i: number, v: bigint): void {
    this.fi[2 * i] = Number(BigInt.asIntN(32, v));
    this.fi[2 * i + 1] = Number(BigInt.asIntN(32, v >> 32n));
  }

  /**
   * Installs the data watchpoints of the address space in satp (undefined: none) and flushes the
   * TLB, so that no cached translation of a watched page survives. The caller installs the list
   * of the right address space whenever it switches satp (Kernel.run does).
   */
  setWatchList(list: WatchList | undefined): void {
    this.watch = list !== undefined && list.watches.length > 0 ? list : undefined;
    this.mmu.dataWatchPages = this.watch?.pages ?? new Set<number>();
    this.watchHit = undefined;
    this.flushTlb(WATCHPOINTS_FLUSH_CAUSE);
  }

  /**
   * Empties the software TLB: the host equivalent of `sfence.vma x0, x0` (privileged spec 4.2.1).
   * `cause` is a constant string naming why ('munmap', 'cow-copy', ...; '' when unsaid), kept
   * with the instructions retired for the debugger's TLB view; recording it allocates nothing.
   */
  flushTlb(cause = ''): void {
    this.mmu.flush(cause, this.retired);
    this.jit.translationChanged();
  }

  /**
   * Runs the current context in U-mode for at most `budget` instructions. Returns why it
   * stopped (see StopReason): a trap (the instruction at `sepc` has not retired, pc = sepc),
   * a breakpoint (before executing the instruction at pc; unless `ignoreBreakpointAtStart`
   * and it is the first instruction of this call), a data watchpoint (right AFTER the load,
   * store or AMO that accessed a range of `setWatchList` retired; see watch.ts), or the budget
   * spent. Never throws for
   * anything the guest does.
   *
   * Traps: ecall -> EnvironmentCallFromUMode (stval 0); ebreak/c.ebreak -> Breakpoint
   * (stval = pc); unknown/privileged instructions, reserved FP rounding modes and illegal CSR accesses ->
   * IllegalInstruction (stval = the instruction bits); Instruction/Load/StorePageFault (12/13/15)
   * with stval = the faulting virtual address (for an access split across two pages: the first
   * byte in the page that faulted); access faults (1/5/7) when a PTE points beyond RAM;
   * misaligned AMO/LR (6/4); an odd pc set by the host -> InstructionAddressMisaligned.
   * Virtual addresses in stval/sepc/pc are numbers in sign-extended form (exact for every
   * canonical Sv39 address). Ordinary misaligned loads and stores never trap.
   */
  run(budget: number, opts?: { ignoreBreakpointAtStart?: boolean }): StopReason {
    const skip = opts?.ignoreBreakpointAtStart === true;
    if (this.engine === 'jit' && budget > 1 && this.jit.available) return this.jit.run(budget, skip);
    return interpret(this, budget, skip);
  }

  /** Copies out the register state. */
  saveContext(): HartContext {
    const x: bigint[] = [];
    for (let i = 0; i < 32; i++) x.push(this.getX(i));
    const f: bigint[] = [];
    for (let i = 0; i < 32; i++) f.push(this.getF(i));
    return { pc: this.pc, x, f, fcsr: this.fcsr };
  }

  /** Loads a register state (as saved) and clears the LR reservation. Does not touch satp or the TLB. */
  restoreContext(ctx: HartContext): void {
    this.pc = ctx.pc;
    for (let i = 0; i < 32; i++) this.setX(i, ctx.x[i] ?? 0n);
    this.xl[0] = 0; this.xh[0] = 0;
    for (let i = 0; i < 32; i++) this.setF(i, ctx.f[i] ?? 0n);
    this.fcsr = ctx.fcsr & FCSR_MASK;
    this.resValid = false;
  }

  /** @internal builds a trap stop reason. */
  trap(scause: Exception, stval: number, sepc: number): StopReason {
    return { kind: 'trap', scause, stval, sepc };
  }

  /** @internal the trap for the MMU's last failed translation. */
  mmuTrap(sepc: number): StopReason {
    return { kind: 'trap', scause: this.mmu.faultCause, stval: this.mmu.faultVa, sepc };
  }

  /**
   * @internal Loads `size` (1, 2, 4, 8) bytes at virtual (lo, hi) into vlo/vhi, zero-extended.
   * Misaligned accesses work, across pages too. Returns false on a fault (see mmuTrap).
   */
  load(lo: number, hi: number, size: number): boolean {
    const off = lo & PAGE_OFFSET_MASK;
    if (off + size > PAGE_SIZE) return this.loadSplit(lo, hi, size);
    const vpn = ((hi >> 6) + 1) >>> 0 <= 1 ? (hi << 20) | (lo >>> PAGE_SHIFT) : VPN_NONCANONICAL;
    const idx = vpn & TLB_MASK;
    let pa: number;
    if (this.mmu.tags[Access.Load][idx] === vpn) pa = this.mmu.bases[Access.Load][idx] + off;
    else if ((pa = this.mmu.translate(lo, hi, Access.Load)) < 0) return false;
    else if (this.watch !== undefined && this.watch.pages.has(vpn)) noteAccess(this, hi * TWO32 + (lo >>> 0), size, WATCH_READ);
    const mem = this.mem;
    if ((pa & (size - 1)) === 0) {
      switch (size) {
        case 1: this.vlo = mem.u8[pa]; this.vhi = 0; return true;
        case 2: this.vlo = mem.u16[pa >>> 1]; this.vhi = 0; return true;
        case 4: this.vlo = mem.i32[pa >>> 2]; this.vhi = 0; return true;
        default: this.vlo = mem.i32[pa >>> 2]; this.vhi = mem.i32[(pa >>> 2) + 1]; return true;
      }
    }
    this.gather(mem.u8, [pa, pa + 1, pa + 2, pa + 3, pa + 4, pa + 5, pa + 6, pa + 7], size);
    return true;
  }

  /** Assembles `size` little-endian bytes from physical addresses `pas` into vlo/vhi. */
  private gather(u8: Uint8Array, pas: number[], size: number): void {
    let lo = 0, hi = 0;
    for (let i = 0; i < size; i++) {
      if (i < 4) lo |= u8[pas[i]] << (8 * i);
      else hi |= u8[pas[i]] << (8 * (i - 4));
    }
    this.vlo = lo; this.vhi = hi;
  }

  /** Physical address of each byte of an access crossing a page boundary, or undefined on a fault. */
  private translateBytes(lo: number, hi: number, size: number, access: Access): number[] | undefined {
    const pas: number[] = [];
    for (let i = 0; i < size; i++) {
      const l = (lo + i) | 0;
      const h = (l >>> 0) < (lo >>> 0) ? (hi + 1) | 0 : hi;
      const pa = this.mmu.translate(l, h, access);
      if (pa < 0) return undefined;
      pas.push(pa);
    }
    return pas;
  }

  private loadSplit(lo: number, hi: number, size: number): boolean {
    const pas = this.translateBytes(lo, hi, size, Access.Load);
    if (pas === undefined) return false;
    if (this.watch !== undefined) noteAccess(this, hi * TWO32 + (lo >>> 0), size, WATCH_READ);
    this.gather(this.mem.u8, pas, size);
    return true;
  }

  /**
   * @internal Stores the low `size` bytes of (vlo, vhi) at virtual (lo, hi). Misaligned works,
   * across pages too; on a fault nothing is written and false is returned. Drops decoded code
   * of the written physical page.
   */
  store(lo: number, hi: number, size: number, vlo: number, vhi: number): boolean {
    const off = lo & PAGE_OFFSET_MASK;
    const mem = this.mem;
    if (off + size > PAGE_SIZE) {
      const pas = this.translateBytes(lo, hi, size, Access.Store);
      if (pas === undefined) return false;
      if (this.watch !== undefined) noteAccess(this, hi * TWO32 + (lo >>> 0), size, WATCH_WRITE);
      for (let i = 0; i < size; i++) this.storeByte(pas[i], i < 4 ? vlo >>> (8 * i) : vhi >>> (8 * (i - 4)));
      return true;
    }
    const vpn = ((hi >> 6) + 1) >>> 0 <= 1 ? (hi << 20) | (lo >>> PAGE_SHIFT) : VPN_NONCANONICAL;
    const idx = vpn & TLB_MASK;
    let pa: number;
    if (this.mmu.tags[Access.Store][idx] === vpn) pa = this.mmu.bases[Access.Store][idx] + off;
    else if ((pa = this.mmu.translate(lo, hi, Access.Store)) < 0) return false;
    else if (this.watch !== undefined && this.watch.pages.has(vpn)) noteAccess(this, hi * TWO32 + (lo >>> 0), size, WATCH_WRITE);
    if (mem.codeMark[pa >>> PAGE_SHIFT] !== 0) mem.invalidateCode(pa >>> PAGE_SHIFT);
    if ((pa & (size - 1)) === 0) {
      switch (size) {
        case 1: mem.u8[pa] = vlo; return true;
        case 2: mem.u16[pa >>> 1] = vlo; return true;
        case 4: mem.i32[pa >>> 2] = vlo; return true;
        default: mem.i32[pa >>> 2] = vlo; mem.i32[(pa >>> 2) + 1] = vhi; return true;
      }
    }
    for (let i = 0; i < size; i++) mem.u8[pa + i] = i < 4 ? vlo >>> (8 * i) : vhi >>> (8 * (i - 4));
    return true;
  }

  private storeByte(pa: number, v: number): void {
    const mem = this.mem;
    if (mem.codeMark[pa >>> PAGE_SHIFT] !== 0) mem.invalidateCode(pa >>> PAGE_SHIFT);
    mem.u8[pa] = v;
  }

  /**
   * @internal Pre-decoded instruction at virtual `pc`; `fetchPage` is set to the physical page
   * cache it came from (undefined for an instruction straddling two pages, which is decoded
   * afresh each time). Returns undefined on a fetch fault (see mmuTrap).
   */
  fetch(pc: number): Insn | undefined {
    const lo = pc | 0;
    const hi = Math.floor(pc / TWO32) | 0;
    const pa = this.mmu.translate(lo, hi, Access.Fetch);
    if (pa < 0) return undefined;
    const mem = this.mem;
    const ppn = pa >>> PAGE_SHIFT;
    const off = pa & PAGE_OFFSET_MASK;
    let page = mem.codePages[ppn] as DecodedPage | undefined;
    if (page === undefined) {
      page = new DecodedPage();
      mem.codePages[ppn] = page;
      mem.codeMark[ppn] = 1;
    }
    const cached = page.insns[off >> 1];
    this.fetchPage = page;
    if (cached !== undefined) return cached;
    const low = mem.u16[pa >>> 1];
    if ((low & 3) !== 3) {
      const insn = predecode(low);
      page.insns[off >> 1] = insn;
      return insn;
    }
    if (off + 4 <= PAGE_SIZE) {
      const insn = predecode(low | (mem.u16[(pa >>> 1) + 1] << 16));
      page.insns[off >> 1] = insn;
      return insn;
    }
    // 32-bit instruction straddling a page boundary: fetch its upper half from the next page
    const nextPc = pc + 2;
    const pa2 = this.mmu.translate(nextPc | 0, Math.floor(nextPc / TWO32) | 0, Access.Fetch);
    if (pa2 < 0) return undefined;
    this.fetchPage = undefined;
    return predecode(low | (mem.u16[pa2 >>> 1] << 16));
  }

  /**
   * @internal CSR access for csrrw/csrrs/csrrc(i). `write` says whether the instruction writes
   * (csrrw always; s/c only with a nonzero source). `apply` computes the new value from the old.
   * Returns the old value (as a number; counters are < 2^53), or -1 for an illegal access
   * (unknown CSR, or a write to a read-only one). `retiredNow` is instret at this instruction.
   */
  csrAccess(csr: number, write: boolean, newValue: (old: number) => number, retiredNow: number): number {
    if (write && (csr & CSR_READ_ONLY_BITS) === CSR_READ_ONLY_BITS) return -1;
    switch (csr) {
      case CSR_CYCLE: case CSR_TIME: case CSR_INSTRET: return retiredNow;
      case CSR_FFLAGS: {
        const old = this.fcsr & FFLAGS_MASK;
        if (write) this.fcsr = (this.fcsr & ~FFLAGS_MASK) | (newValue(old) & FFLAGS_MASK);
        return old;
      }
      case CSR_FRM: {
        const old = (this.fcsr >>> FRM_SHIFT) & FRM_MASK;
        if (write) this.fcsr = (this.fcsr & FFLAGS_MASK) | ((newValue(old) & FRM_MASK) << FRM_SHIFT);
        return old;
      }
      case CSR_FCSR: {
        const old = this.fcsr;
        if (write) this.fcsr = newValue(old) & FCSR_MASK;
        return old;
      }
      default: return -1;
    }
  }
}
