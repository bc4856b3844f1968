import { divRem32, divRem64, divRemU32, divRemU64, mul64, mulh64, mulhsu64, mulhu64, res } from './alu';
import { execAmo, execCsr } from './system';
import { FP_FIRST, execFp } from './fp/exec';
import type { Hart } from './hart';
import type { DecodedPage, Insn } from './predecode';
import { PAGE_SIZE } from './sv39';
import { Exception, type StopReason } from './trap';
import { takeWatchStop } from './watch';

/**
 * Executor operation codes: one per base instruction the hart executes, plus ILLEGAL (anything
 * the hart cannot execute: unknown or reserved encodings) and NOP (fence, fence.i,
 * writes to x0 without side effects). A `const enum` declared in the same file as the switch
 * that uses it, so every transform (esbuild bundling, vitest's per-file transform) inlines the
 * values and the switch compiles to integer cases.
 */
export const enum Op {
  ILLEGAL = 0,
  NOP = 1,
  LUI = 2,
  AUIPC = 3,
  JAL = 4,
  JALR = 5,
  BEQ = 6,
  BNE = 7,
  BLT = 8,
  BGE = 9,
  BLTU = 10,
  BGEU = 11,
  LB = 12,
  LH = 13,
  LW = 14,
  LD = 15,
  LBU = 16,
  LHU = 17,
  LWU = 18,
  SB = 19,
  SH = 20,
  SW = 21,
  SD = 22,
  ADDI = 23,
  SLTI = 24,
  SLTIU = 25,
  XORI = 26,
  ORI = 27,
  ANDI = 28,
  SLLI = 29,
  SRLI = 30,
  SRAI = 31,
  ADD = 32,
  SUB = 33,
  SLL = 34,
  SLT = 35,
  SLTU = 36,
  XOR = 37,
  SRL = 38,
  SRA = 39,
  OR = 40,
  AND = 41,
  ADDIW = 42,
  SLLIW = 43,
  SRLIW = 44,
  SRAIW = 45,
  ADDW = 46,
  SUBW = 47,
  SLLW = 48,
  SRLW = 49,
  SRAW = 50,
  ECALL = 52,
  EBREAK = 53,
  CSRRW = 54,
  CSRRS = 55,
  CSRRC = 56,
  CSRRWI = 57,
  CSRRSI = 58,
  CSRRCI = 59,
  MUL = 60,
  MULH = 61,
  MULHSU = 62,
  MULHU = 63,
  DIV = 64,
  DIVU = 65,
  REM = 66,
  REMU = 67,
  MULW = 68,
  DIVW = 69,
  DIVUW = 70,
  REMW = 71,
  REMUW = 72,
  LR_W = 73,
  SC_W = 74,
  AMOSWAP_W = 75,
  AMOADD_W = 76,
  AMOXOR_W = 77,
  AMOAND_W = 78,
  AMOOR_W = 79,
  AMOMIN_W = 80,
  AMOMAX_W = 81,
  AMOMINU_W = 82,
  AMOMAXU_W = 83,
  LR_D = 84,
  SC_D = 85,
  AMOSWAP_D = 86,
  AMOADD_D = 87,
  AMOXOR_D = 88,
  AMOAND_D = 89,
  AMOOR_D = 90,
  AMOMIN_D = 91,
  AMOMAX_D = 92,
  AMOMINU_D = 93,
  AMOMAXU_D = 94,
  // F/D ops are FpOp values from FP_FIRST = 128 on (src/emu/fp/exec.ts)
}


const TWO32 = 4294967296;
const PAGE_OFFSET_MASK = PAGE_SIZE - 1;

/** High word of the 64-bit value of a JS integer `v` (|v| < 2^53). */
function hiOf(v: number): number {
  return v >= 0 && v < TWO32 ? 0 : Math.floor(v / TWO32) | 0;
}

/**
 * The interpreter loop: executes pre-decoded instructions until the budget is spent, a trap,
 * or a breakpoint. This is the one place where speed beats brevity (DESIGN.md): one flat
 * switch over integer ops, registers as (lo, hi) int32 words, memory fast paths in
 * Hart.load/store, the current code page cached across instructions, no allocation except
 * for the returned stop reason.
 *
 * Invariants: a trapping instruction has no architectural effect and does not retire; `pc`
 * and `retired` are written back to the hart on every exit.
 */
export function interpret(h: Hart, budget: number, skipFirstBreakpoint: boolean): StopReason {
  const xl = h.xl, xh = h.xh;
  const bps = h.breakpoints;
  const haveBreakpoints = bps.size !== 0;
  let skipBp = skipFirstBreakpoint;
  let pc = h.pc;
  let n = 0;
  let stop: StopReason = { kind: 'budget' };
  let page: DecodedPage | undefined = undefined;
  let pageVa = 0;
  let watchPc: number | undefined = undefined;
  if ((pc & 1) !== 0) {
    // only the host can set an odd pc (jumps clear bit 0); privileged spec 3.1.15 / 4.1.8
    return h.trap(Exception.InstructionAddressMisaligned, pc, pc);
  }

  loop: while (n < budget) {
    if (haveBreakpoints) {
      if (!skipBp && bps.has(pc)) { stop = { kind: 'breakpoint', pc }; break; }
      skipBp = false;
    }
    let insn: Insn | undefined = undefined;
    const off = pc - pageVa;
    if (page !== undefined && page.valid && off >= 0 && off < PAGE_SIZE) insn = page.insns[off >> 1];
    if (insn === undefined) {
      insn = h.fetch(pc);
      if (insn === undefined) { stop = h.mmuTrap(pc); break; }
      page = h.fetchPage;
      pageVa = pc - (pc & PAGE_OFFSET_MASK);
    }
    const rd = insn.rd, rs1 = insn.rs1, rs2 = insn.rs2, imm = insn.imm;
    let nextPc = pc + insn.len;

    switch (insn.op) {
      case Op.NOP: break;
      case Op.LUI: xl[rd] = imm; xh[rd] = imm >> 31; break;
      case Op.AUIPC: { const v = pc + imm; xl[rd] = v | 0; xh[rd] = hiOf(v); break; }
      case Op.JAL: xl[rd] = nextPc | 0; xh[rd] = hiOf(nextPc); nextPc = pc + imm; break;
      case Op.JALR: {
        const b = xl[rs1];
        const lo = ((b + imm) | 0) & ~1;
        const hi = (xh[rs1] + (imm >> 31) + (((b + imm) >>> 0) < (b >>> 0) ? 1 : 0)) | 0;
        xl[rd] = nextPc | 0; xh[rd] = hiOf(nextPc);
        nextPc = hi * TWO32 + (lo >>> 0);
        break;
      }
      case Op.BEQ: if (xl[rs1] === xl[rs2] && xh[rs1] === xh[rs2]) nextPc = pc + imm; break;
      case Op.BNE: if (xl[rs1] !== xl[rs2] || xh[rs1] !== xh[rs2]) nextPc = pc + imm; break;
      case Op.BLT: {
        const ah = xh[rs1], bh = xh[rs2];
        if (ah < bh || (ah === bh && (xl[rs1] >>> 0) < (xl[rs2] >>> 0))) nextPc = pc + imm;
        break;
      }
      case Op.BGE: {
        const ah = xh[rs1], bh = xh[rs2];
        if (!(ah < bh || (ah === bh && (xl[rs1] >>> 0) < (xl[rs2] >>> 0)))) nextPc = pc + imm;
        break;
      }
      case Op.BLTU: {
        const ah = xh[rs1] >>> 0, bh = xh[rs2] >>> 0;
        if (ah < bh || (ah === bh && (xl[rs1] >>> 0) < (xl[rs2] >>> 0))) nextPc = pc + imm;
        break;
      }
      case Op.BGEU: {
        const ah = xh[rs1] >>> 0, bh = xh[rs2] >>> 0;
        if (!(ah < bh || (ah === bh && (xl[rs1] >>> 0) < (xl[rs2] >>> 0)))) nextPc = pc + imm;
        break;
      }
      case Op.LB: case Op.LH: case Op.LW: case Op.LD: case Op.LBU: case Op.LHU: case Op.LWU: {
        const b = xl[rs1];
        const lo = (b + imm) | 0;
        const hi = (xh[rs1] + (imm >> 31) + ((lo >>> 0) < (b >>> 0) ? 1 : 0)) | 0;
        const op = insn.op;
        const size = op === Op.LD ? 8 : op === Op.LW || op === Op.LWU ? 4 : op === Op.LH || op === Op.LHU ? 2 : 1;
        if (!h.load(lo, hi, size)) { stop = h.mmuTrap(pc); break loop; }
        let v = h.vlo;
        switch (op) {
          case Op.LB: v = (v << 24) >> 24; xl[rd] = v; xh[rd] = v >> 31; break;
          case Op.LH: v = (v << 16) >> 16; xl[rd] = v; xh[rd] = v >> 31; break;
          case Op.LW: xl[rd] = v; xh[rd] = v >> 31; break;
          case Op.LD: xl[rd] = v; xh[rd] = h.vhi; break;
          default: xl[rd] = v; xh[rd] = 0; break;
        }
        if (h.watchHit !== undefined) { watchPc = pc; budget = n + 1; } // data watchpoint: stop after this one
        break;
      }
      case Op.SB: case Op.SH: case Op.SW: case Op.SD: {
        const b = xl[rs1];
        const lo = (b + imm) | 0;
        const hi = (xh[rs1] + (imm >> 31) + ((lo >>> 0) < (b >>> 0) ? 1 : 0)) | 0;
        const op = insn.op;
        const size = op === Op.SD ? 8 : op === Op.SW ? 4 : op === Op.SH ? 2 : 1;
        if (!h.store(lo, hi, size, xl[rs2], xh[rs2])) { stop = h.mmuTrap(pc); break loop; }
        if (h.watchHit !== undefined) { watchPc = pc; budget = n + 1; }
        break;
      }
      case Op.ADDI: {
        const a = xl[rs1];
        const lo = (a + imm) | 0;
        xh[rd] = (xh[rs1] + (imm >> 31) + ((lo >>> 0) < (a >>> 0) ? 1 : 0)) | 0;
        xl[rd] = lo;
        break;
      }
      case Op.SLTI: {
        const ah = xh[rs1], bh = imm >> 31;
        xl[rd] = ah < bh || (ah === bh && (xl[rs1] >>> 0) < (imm >>> 0)) ? 1 : 0; xh[rd] = 0;
        break;
      }
      case Op.SLTIU: {
        const ah = xh[rs1] >>> 0, bh = (imm >> 31) >>> 0;
        xl[rd] = ah < bh || (ah === bh && (xl[rs1] >>> 0) < (imm >>> 0)) ? 1 : 0; xh[rd] = 0;
        break;
      }
      case Op.XORI: xh[rd] = xh[rs1] ^ (imm >> 31); xl[rd] = xl[rs1] ^ imm; break;
      case Op.ORI: xh[rd] = xh[rs1] | (imm >> 31); xl[rd] = xl[rs1] | imm; break;
      case Op.ANDI: xh[rd] = xh[rs1] & (imm >> 31); xl[rd] = xl[rs1] & imm; break;
      case Op.SLLI: shl(xl, xh, rd, xl[rs1], xh[rs1], imm); break;
      case Op.SRLI: shr(xl, xh, rd, xl[rs1], xh[rs1], imm); break;
      case Op.SRAI: sar(xl, xh, rd, xl[rs1], xh[rs1], imm); break;
      case Op.ADD: {
        const a = xl[rs1];
        const lo = (a + xl[rs2]) | 0;
        xh[rd] = (xh[rs1] + xh[rs2] + ((lo >>> 0) < (a >>> 0) ? 1 : 0)) | 0;
        xl[rd] = lo;
        break;
      }
      case Op.SUB: {
        const a = xl[rs1], b = xl[rs2];
        xh[rd] = (xh[rs1] - xh[rs2] - ((a >>> 0) < (b >>> 0) ? 1 : 0)) | 0;
        xl[rd] = (a - b) | 0;
        break;
      }
      case Op.SLL: shl(xl, xh, rd, xl[rs1], xh[rs1], xl[rs2] & 63); break;
      case Op.SRL: shr(xl, xh, rd, xl[rs1], xh[rs1], xl[rs2] & 63); break;
      case Op.SRA: sar(xl, xh, rd, xl[rs1], xh[rs1], xl[rs2] & 63); break;
      case Op.SLT: {
        const ah = xh[rs1], bh = xh[rs2];
        xl[rd] = ah < bh || (ah === bh && (xl[rs1] >>> 0) < (xl[rs2] >>> 0)) ? 1 : 0; xh[rd] = 0;
        break;
      }
      case Op.SLTU: {
        const ah = xh[rs1] >>> 0, bh = xh[rs2] >>> 0;
        xl[rd] = ah < bh || (ah === bh && (xl[rs1] >>> 0) < (xl[rs2] >>> 0)) ? 1 : 0; xh[rd] = 0;
        break;
      }
      case Op.XOR: xh[rd] = xh[rs1] ^ xh[rs2]; xl[rd] = xl[rs1] ^ xl[rs2]; break;
      case Op.OR: xh[rd] = xh[rs1] | xh[rs2]; xl[rd] = xl[rs1] | xl[rs2]; break;
      case Op.AND: xh[rd] = xh[rs1] & xh[rs2]; xl[rd] = xl[rs1] & xl[rs2]; break;
      case Op.ADDIW: { const v = (xl[rs1] + imm) | 0; xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.SLLIW: { const v = xl[rs1] << imm; xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.SRLIW: { const v = (xl[rs1] >>> imm) | 0; xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.SRAIW: { const v = xl[rs1] >> imm; xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.ADDW: { const v = (xl[rs1] + xl[rs2]) | 0; xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.SUBW: { const v = (xl[rs1] - xl[rs2]) | 0; xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.SLLW: { const v = xl[rs1] << (xl[rs2] & 31); xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.SRLW: { const v = (xl[rs1] >>> (xl[rs2] & 31)) | 0; xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.SRAW: { const v = xl[rs1] >> (xl[rs2] & 31); xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.MUL: mul64(xl[rs1], xh[rs1], xl[rs2], xh[rs2]); xl[rd] = res[0]; xh[rd] = res[1]; break;
      case Op.MULH: mulh64(xl[rs1], xh[rs1], xl[rs2], xh[rs2]); xl[rd] = res[0]; xh[rd] = res[1]; break;
      case Op.MULHSU: mulhsu64(xl[rs1], xh[rs1], xl[rs2], xh[rs2]); xl[rd] = res[0]; xh[rd] = res[1]; break;
      case Op.MULHU: mulhu64(xl[rs1], xh[rs1], xl[rs2], xh[rs2]); xl[rd] = res[0]; xh[rd] = res[1]; break;
      case Op.DIV: divRem64(xl[rs1], xh[rs1], xl[rs2], xh[rs2], false); xl[rd] = res[0]; xh[rd] = res[1]; break;
      case Op.DIVU: divRemU64(xl[rs1], xh[rs1], xl[rs2], xh[rs2], false); xl[rd] = res[0]; xh[rd] = res[1]; break;
      case Op.REM: divRem64(xl[rs1], xh[rs1], xl[rs2], xh[rs2], true); xl[rd] = res[0]; xh[rd] = res[1]; break;
      case Op.REMU: divRemU64(xl[rs1], xh[rs1], xl[rs2], xh[rs2], true); xl[rd] = res[0]; xh[rd] = res[1]; break;
      case Op.MULW: { const v = Math.imul(xl[rs1], xl[rs2]); xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.DIVW: { const v = divRem32(xl[rs1], xl[rs2], false); xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.DIVUW: { const v = divRemU32(xl[rs1], xl[rs2], false); xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.REMW: { const v = divRem32(xl[rs1], xl[rs2], true); xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.REMUW: { const v = divRemU32(xl[rs1], xl[rs2], true); xl[rd] = v; xh[rd] = v >> 31; break; }
      case Op.ECALL: stop = h.trap(Exception.EnvironmentCallFromUMode, 0, pc); break loop;
      case Op.EBREAK: stop = h.trap(Exception.Breakpoint, pc, pc); break loop;
      case Op.CSRRW: case Op.CSRRS: case Op.CSRRC: case Op.CSRRWI: case Op.CSRRSI: case Op.CSRRCI: {
        const t = execCsr(h, insn, pc, h.retired + n);
        if (t !== undefined) { stop = t; break loop; }
        break;
      }
      case Op.ILLEGAL: stop = h.trap(Exception.IllegalInstruction, insn.bits, pc); break loop;
      default: {
        // A and F/D: rarer ops, executed out of line so integer code pays nothing for them
        const t = insn.op >= FP_FIRST ? execFp(h, insn, pc) : execAmo(h, insn, pc);
        if (t !== undefined) { stop = t; break loop; }
        if (h.watchHit !== undefined) { watchPc = pc; budget = n + 1; }
        break;
      }
    }
    pc = nextPc;
    n++;
  }
  h.pc = pc;
  h.retired += n;
  // a data watchpoint hit ends the run right after the accessing instruction retired (watch.ts)
  if (watchPc !== undefined && stop.kind === 'budget') return takeWatchStop(h, watchPc);
  return stop;
}

/** x[rd] = (lo, hi) << s, s in 0..63. */
function shl(xl: Int32Array, xh: Int32Array, rd: number, lo: number, hi: number, s: number): void {
  if (s === 0) { xl[rd] = lo; xh[rd] = hi; } else if (s < 32) { xh[rd] = (hi << s) | (lo >>> (32 - s)); xl[rd] = lo << s; } else { xh[rd] = lo << (s - 32); xl[rd] = 0; }
}

/** x[rd] = (lo, hi) >>> s (logical), s in 0..63. */
function shr(xl: Int32Array, xh: Int32Array, rd: number, lo: number, hi: number, s: number): void {
  if (s === 0) { xl[rd] = lo; xh[rd] = hi; } else if (s < 32) { xl[rd] = (lo >>> s) | (hi << (32 - s)); xh[rd] = hi >>> s; } else { xl[rd] = hi >>> (s - 32); xh[rd] = 0; }
}

/** x[rd] = (lo, hi) >> s (arithmetic), s in 0..63. */
function sar(xl: Int32Array, xh: Int32Array, rd: number, lo: number, hi: number, s: number): void {
  if (s === 0) { xl[rd] = lo; xh[rd] = hi; } else if (s < 32) { xl[rd] = (lo >>> s) | (hi << (32 - s)); xh[rd] = hi >> s; } else { xl[rd] = hi >> (s - 32); xh[rd] = hi >> 31; }
}
