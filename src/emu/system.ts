import type { Hart } from './hart';
import { WATCH_READ, WATCH_WRITE, noteAccess } from './watch';
import { Access } from './mmu';
import { PAGE_SHIFT } from './sv39';
import { Op } from './interp';
import type { Insn } from './predecode';
import { Exception, type StopReason } from './trap';

/**
 * The rarer instructions, kept out of the interpreter's switch: Zicsr and the A extension.
 * Each returns a trap stop reason, or undefined when the instruction retired.
 */

const TWO32 = 4294967296;

const vaOf = (lo: number, hi: number) => hi * TWO32 + (lo >>> 0);

/**
 * csrrw/csrrs/csrrc and their immediate forms (Unprivileged spec, "Zicsr"). csrrs/csrrc with
 * rs1 = x0 (or zimm = 0) do not write, so reading a read-only counter is legal; any write to
 * a read-only or unknown CSR is an IllegalInstruction with stval = the instruction bits.
 */
export function execCsr(h: Hart, insn: Insn, pc: number, retiredNow: number): StopReason | undefined {
  const immForm = insn.op === Op.CSRRWI || insn.op === Op.CSRRSI || insn.op === Op.CSRRCI;
  const src = immForm ? insn.imm : h.xl[insn.rs1];
  const srcNonZero = immForm ? insn.imm !== 0 : insn.rs1 !== 0;
  let write: boolean;
  let update: (old: number) => number;
  switch (insn.op) {
    case Op.CSRRW: case Op.CSRRWI: write = true; update = () => src; break;
    case Op.CSRRS: case Op.CSRRSI: write = srcNonZero; update = (old) => old | src; break;
    default: write = srcNonZero; update = (old) => old & ~src; break;
  }
  const old = h.csrAccess(insn.csr, write, update, retiredNow);
  if (old < 0) return h.trap(Exception.IllegalInstruction, insn.bits, pc);
  h.xl[insn.rd] = old | 0;
  h.xh[insn.rd] = Math.floor(old / TWO32) | 0;
  return undefined;
}

const isDouble = (op: Op) => op >= Op.LR_D;

/**
 * LR/SC and AMOs (Unprivileged spec, "A" extension). Addresses must be naturally aligned
 * (misaligned: LoadAddressMisaligned for LR, StoreAddressMisaligned otherwise, stval = the
 * address). AMOs need write permission (StorePageFault). The reservation is one virtual
 * address; SC succeeds (rd = 0) only if it is still reserved by an LR to the same address,
 * and every SC clears it. aq/rl need no action on a single in-order hart.
 */
export function execAmo(h: Hart, insn: Insn, pc: number): StopReason | undefined {
  const op = insn.op;
  if (op < Op.LR_W || op > Op.AMOMAXU_D) return h.trap(Exception.IllegalInstruction, insn.bits, pc);
  const size = isDouble(op) ? 8 : 4;
  const lo = h.xl[insn.rs1], hi = h.xh[insn.rs1];
  if ((lo & (size - 1)) !== 0) {
    const cause = op === Op.LR_W || op === Op.LR_D ? Exception.LoadAddressMisaligned : Exception.StoreAddressMisaligned;
    return h.trap(cause, vaOf(lo, hi), pc);
  }
  const srcLo = h.xl[insn.rs2], srcHi = h.xh[insn.rs2];
  if (op === Op.LR_W || op === Op.LR_D) {
    if (!h.load(lo, hi, size)) return h.mmuTrap(pc);
    h.xl[insn.rd] = h.vlo;
    h.xh[insn.rd] = size === 8 ? h.vhi : h.vlo >> 31;
    h.resValid = true; h.resLo = lo; h.resHi = hi;
    return undefined;
  }
  if (op === Op.SC_W || op === Op.SC_D) {
    const reserved = h.resValid && h.resLo === lo && h.resHi === hi;
    if (reserved && !h.store(lo, hi, size, srcLo, srcHi)) return h.mmuTrap(pc);
    h.resValid = false;
    h.xl[insn.rd] = reserved ? 0 : 1;
    h.xh[insn.rd] = 0;
    return undefined;
  }
  const pa = h.mmu.translate(lo, hi, Access.Store);
  if (pa < 0) return h.mmuTrap(pc);
  // data watchpoints: an AMO reads and writes (watch.ts); translate cached nothing for a watched page
  if (h.watch !== undefined) noteAccess(h, vaOf(lo, hi), size, WATCH_READ | WATCH_WRITE);
  const mem = h.mem;
  if (mem.codeMark[pa >>> PAGE_SHIFT] !== 0) mem.invalidateCode(pa >>> PAGE_SHIFT);
  const w = pa >>> 2;
  if (size === 4) {
    const old = mem.i32[w];
    mem.i32[w] = amo32(op, old, srcLo);
    h.xl[insn.rd] = old; h.xh[insn.rd] = old >> 31;
  } else {
    const oldLo = mem.i32[w], oldHi = mem.i32[w + 1];
    amo64(op, oldLo, oldHi, srcLo, srcHi);
    mem.i32[w] = amoLo; mem.i32[w + 1] = amoHi;
    h.xl[insn.rd] = oldLo; h.xh[insn.rd] = oldHi;
  }
  return undefined;
}

function amo32(op: Op, a: number, b: number): number {
  switch (op) {
    case Op.AMOSWAP_W: return b;
    case Op.AMOADD_W: return (a + b) | 0;
    case Op.AMOXOR_W: return a ^ b;
    case Op.AMOAND_W: return a & b;
    case Op.AMOOR_W: return a | b;
    case Op.AMOMIN_W: return a < b ? a : b;
    case Op.AMOMAX_W: return a > b ? a : b;
    case Op.AMOMINU_W: return (a >>> 0) < (b >>> 0) ? a : b;
    default: return (a >>> 0) > (b >>> 0) ? a : b; // AMOMAXU_W
  }
}

let amoLo = 0, amoHi = 0;

function amo64(op: Op, al: number, ah: number, bl: number, bh: number): void {
  const lessSigned = ah < bh || (ah === bh && (al >>> 0) < (bl >>> 0));
  const lessUnsigned = (ah >>> 0) < (bh >>> 0) || (ah === bh && (al >>> 0) < (bl >>> 0));
  let takeA: boolean;
  switch (op) {
    case Op.AMOSWAP_D: amoLo = bl; amoHi = bh; return;
    case Op.AMOADD_D: {
      const lo = (al + bl) | 0;
      amoHi = (ah + bh + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0; amoLo = lo;
      return;
    }
    case Op.AMOXOR_D: amoLo = al ^ bl; amoHi = ah ^ bh; return;
    case Op.AMOAND_D: amoLo = al & bl; amoHi = ah & bh; return;
    case Op.AMOOR_D: amoLo = al | bl; amoHi = ah | bh; return;
    case Op.AMOMIN_D: takeA = lessSigned; break;
    case Op.AMOMAX_D: takeA = !lessSigned; break;
    case Op.AMOMINU_D: takeA = lessUnsigned; break;
    default: takeA = !lessUnsigned; break; // AMOMAXU_D
  }
  amoLo = takeA ? al : bl; amoHi = takeA ? ah : bh;
}
