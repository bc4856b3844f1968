import { TLB_ENTRIES, VPN_NONCANONICAL } from '../mmu';
import { PAGE_SHIFT } from '../sv39';

/**
 * Source fragments shared by the integer (codegen.ts) and floating-point (codegen-fp.ts) back
 * ends of the block compiler. See codegen.ts for the names generated code may use.
 */

/** Where one instruction sits, for exits: its pc, index in the block and the block's length. */
export interface InsnSite {
  pc: number;
  /** Index of the instruction in its block (0-based). */
  k: number;
  /** Instructions in the block (all counted into `n` on block entry). */
  count: number;
  /** Source expression naming this instruction's Insn object (`K[<index>]`), for out-of-line executors. */
  ref: string;
  /**
   * Read-modify-write pairing (region.ts, readModifyWritePairs): 'load' for an integer load whose
   * address a later store of the block writes with the same size (it leaves that store's physical
   * address in local q, or -1), 'store' for that store (it reuses q when q >= 0).
   */
  rmw?: 'load' | 'store';
  /** Source that transfers control to a guest pc: `continue` inside the region or an exit. */
  jump(target: number): string;
}

const TLB_MASK = TLB_ENTRIES - 1;

/** Source naming the low word of x<r> (the literal 0 for x0). */
export const lo = (r: number): string => (r === 0 ? '0' : `l${r}`);
/** Source naming the high word of x<r> (the literal 0 for x0). */
export const hi = (r: number): string => (r === 0 ? '0' : `h${r}`);

/** `n` correction so that it counts exactly the instructions before index `k` (plus `extra`). */
export function retiredFix(site: InsnSite, extra: number): string {
  const d = site.count - site.k - extra;
  return d === 0 ? '' : `n -= ${d}; `;
}

/** Exit for a faulting access (Mmu holds cause and address): the instruction at site.pc has not retired. */
export function faultExit(site: InsnSite): string {
  return `{ ${retiredFix(site, 0)}pc = ${site.pc}; S.fault = 1; break out; }`;
}

/**
 * Exit after a load/store that went the slow way (Hart.load/store) and hit a data watchpoint
 * (src/emu/watch.ts): the instruction at site.pc retired, the region leaves before the next one
 * with S.fault = 3 and S.wpc = its pc. Only on the slow path: watched pages are never in the TLB.
 */
export function watchExit(site: InsnSite, nextPc: number): string {
  return `if (H.watchHit !== undefined) { ${retiredFix(site, 1)}pc = ${nextPc}; S.wpc = ${site.pc}; S.fault = 3; break out; }`;
}

/** Exit after a store that went the slow way, when it dropped this region's own page's code. */
export function leaveIfCodeChanged(site: InsnSite, nextPc: number): string {
  return `if (!PG.valid) { ${retiredFix(site, 1)}pc = ${nextPc}; break out; }`;
}

/*
 * Carries and borrows are computed without a compare-and-select: V8 compiles `c ? 1 : 0` to a
 * conditional branch, and the carry out of the low word of data values is close to random, so
 * every 64-bit add mispredicted about half the time (measured: the alu loop ran 2x slower).
 * The formulas are bit identities on the sign bits (Hacker's Delight, 2-13 "Overflow detection"):
 * unsigned carry of x + y = s is ((x & y) | ((x | y) & ~s)) >>> 31, unsigned borrow of x - y = d
 * is ((~x & y) | (~(x ^ y) & d)) >>> 31.
 */

/** Carry (0 or 1) out of the low-word sum `sum` = `x` + `y` (int32 source expressions, evaluated more than once). */
export function carryOut(x: string, y: string, sum: string): string {
  return `(((${x} & ${y}) | ((${x} | ${y}) & ~${sum})) >>> 31)`;
}

/** Carry (0 or 1) out of `sum` = `x` + the int32 constant `imm` (the constant's sign bit is known). */
export function carryOutImm(x: string, imm: number, sum: string): string {
  return imm < 0 ? `((${x} | ~${sum}) >>> 31)` : `((${x} & ~${sum}) >>> 31)`;
}

/** Borrow (0 or 1) of the low-word difference `x` - `y` (int32 source expressions). */
export function borrowOut(x: string, y: string): string {
  return `(((~${x} & ${y}) | (~(${x} ^ ${y}) & (${x} - ${y}))) >>> 31)`;
}

/** Computes the effective address (a, ah) = x[rs1] + imm (64-bit, carry into the high word). */
export function effectiveAddress(rs1: number, imm: number): string {
  if (imm === 0) return `a = ${lo(rs1)}; ah = ${hi(rs1)};`;
  const immHi = imm >> 31;
  return `a = (${lo(rs1)} + ${imm}) | 0; ah = (${hi(rs1)} ${immHi === 0 ? '' : '- 1 '}+ ${carryOutImm(lo(rs1), imm, 'a')}) | 0;`;
}

/** TLB index computation: i = entry for (a, ah); vpn in `v`. */
export const TLB_INDEX = `v = ((ah >> 6) + 1) >>> 0 <= 1 ? (ah << 20) | (a >>> ${PAGE_SHIFT}) : ${VPN_NONCANONICAL}; i = v & ${TLB_MASK};`;
