import type { DecodedInstruction } from '../../isa/types';
import { decode } from '../../isa/decode';
import type { Hart } from '../hart';
import type { Insn } from '../predecode';
import { Exception, type StopReason } from '../trap';
import { fpAdd, fpDiv, fpFma, fpMul, fpNarrow, fpSqrt } from './arith';
import { type IntKind, floatToInt, intResult, intToFloat } from './convert';
import { F32, F64, FFLAG_NV, RoundingMode, fenv } from './round';

/**
 * Executor of the F and D extensions (Unprivileged spec, chapters "F" and "D"), called by the
 * interpreter for every op >= FP_FIRST. Kept out of the interpreter's switch so integer code
 * pays nothing for it.
 *
 * Register file: `h.fr` (Float64Array) and `h.fi` (Int32Array over the same buffer; fi[2r] is
 * bits 31:0 of f<r>, fi[2r+1] bits 63:32). Single values are NaN-boxed: bits 63:32 all ones
 * (fi[2r+1] === -1); an improperly boxed single input reads as the canonical NaN. `h.fcsr`
 * holds frm (bits 7:5) and fflags (bits 4:0). mstatus.FS is not modelled: FP is always on.
 */

/** First executor op of the F/D block; Op values below it belong to the integer interpreter. */
export const FP_FIRST = 128;

/**
 * F/D executor ops. One op serves both precisions: the fmt field (instruction bits 26:25,
 * 0 = S, 1 = D) selects the format, and the rs2 field selects the integer kind of conversions.
 * Ops from FMADD on use the rm field (static or dynamic rounding mode).
 */
export const enum FpOp {
  FLW = 128,
  FLD = 129,
  FSW = 130,
  FSD = 131,
  FSGNJ = 132,
  FSGNJN = 133,
  FSGNJX = 134,
  FMIN = 135,
  FMAX = 136,
  FEQ = 137,
  FLT = 138,
  FLE = 139,
  FCLASS = 140,
  FMV_X_W = 141,
  FMV_X_D = 142,
  FMV_W_X = 143,
  FMV_D_X = 144,
  FMADD = 145,
  FMSUB = 146,
  FNMSUB = 147,
  FNMADD = 148,
  FADD = 149,
  FSUB = 150,
  FMUL = 151,
  FDIV = 152,
  FSQRT = 153,
  /** fcvt.{w,wu,l,lu}.{s,d}: float to integer. */
  FCVT_INT = 154,
  /** fcvt.{s,d}.{w,wu,l,lu}: integer to float. */
  FCVT_FLOAT = 155,
  FCVT_S_D = 156,
  FCVT_D_S = 157,
}

/** Executor op of every F/D base mnemonic (typed as plain numbers; the pre-decoder stores them in Insn.op). */
export const FP_OP_BY_MNEMONIC: ReadonlyMap<string, number> = buildOpMap();

function buildOpMap(): Map<string, number> {
  const m = new Map<string, number>([
    ['flw', FpOp.FLW], ['fld', FpOp.FLD], ['fsw', FpOp.FSW], ['fsd', FpOp.FSD],
    ['fmv.x.w', FpOp.FMV_X_W], ['fmv.x.d', FpOp.FMV_X_D], ['fmv.w.x', FpOp.FMV_W_X], ['fmv.d.x', FpOp.FMV_D_X],
    ['fcvt.s.d', FpOp.FCVT_S_D], ['fcvt.d.s', FpOp.FCVT_D_S],
  ]);
  const perFormat: [string, FpOp][] = [
    ['fsgnj', FpOp.FSGNJ], ['fsgnjn', FpOp.FSGNJN], ['fsgnjx', FpOp.FSGNJX], ['fmin', FpOp.FMIN], ['fmax', FpOp.FMAX],
    ['feq', FpOp.FEQ], ['flt', FpOp.FLT], ['fle', FpOp.FLE], ['fclass', FpOp.FCLASS],
    ['fmadd', FpOp.FMADD], ['fmsub', FpOp.FMSUB], ['fnmsub', FpOp.FNMSUB], ['fnmadd', FpOp.FNMADD],
    ['fadd', FpOp.FADD], ['fsub', FpOp.FSUB], ['fmul', FpOp.FMUL], ['fdiv', FpOp.FDIV], ['fsqrt', FpOp.FSQRT],
  ];
  for (const s of ['s', 'd']) {
    for (const [name, op] of perFormat) m.set(`${name}.${s}`, op);
    for (const k of ['w', 'wu', 'l', 'lu']) {
      m.set(`fcvt.${k}.${s}`, FpOp.FCVT_INT);
      m.set(`fcvt.${s}.${k}`, FpOp.FCVT_FLOAT);
    }
  }
  return m;
}

/** Whether an F/D op writes an f register (so rd = 0 means f0, not the x0 sink). */
export function writesFpRegister(op: number): boolean {
  switch (op) {
    case FpOp.FSW: case FpOp.FSD: case FpOp.FEQ: case FpOp.FLT: case FpOp.FLE: case FpOp.FCLASS:
    case FpOp.FMV_X_W: case FpOp.FMV_X_D: case FpOp.FCVT_INT:
      return false;
    default:
      return op >= FP_FIRST;
  }
}

const OP_FP = 0x53;
const RM_FIELD = 0x7000;
/** Rows binutils decodes only with rm = 000 but the hart executes with any valid rm (as qemu and Spike do). */
const RM_RELAXED = new Set(['fcvt.d.s', 'fcvt.d.w', 'fcvt.d.wu']);

/**
 * Decodes fcvt.d.s / fcvt.d.w / fcvt.d.wu with a nonzero rm field, which the shared table (like
 * objdump) does not accept. Returns undefined for anything else. Never throws.
 */
export function relaxedFpDecode(bits: number): DecodedInstruction | undefined {
  if ((bits & 0x7f) !== OP_FP || (bits & RM_FIELD) === 0) return undefined;
  const d = decode((bits & ~RM_FIELD) >>> 0);
  if (d === undefined || !RM_RELAXED.has(d.row.mnemonic)) return undefined;
  return { ...d, bits: bits >>> 0, rm: (bits >>> 12) & 7 };
}

/** Canonical NaNs (Unprivileged spec, "NaN Generation and Propagation"). */
export const CANONICAL_NAN_S = 0x7fc00000;
export const CANONICAL_NAN_D_HI = 0x7ff80000;
const BOXED = -1;

const f32 = new Float32Array(1);
const f32Bits = new Int32Array(f32.buffer);

/** Bits of the single in f<r>: the low word if properly NaN-boxed, else the canonical NaN. */
function singleBits(fi: Int32Array, r: number): number {
  return fi[2 * r + 1] === BOXED ? fi[2 * r] : CANONICAL_NAN_S;
}

function readSingle(fi: Int32Array, r: number): number {
  f32Bits[0] = singleBits(fi, r);
  return f32[0];
}

/** Value of f<r> as a double (isD) or as a NaN-boxed single. */
function readOperand(h: Hart, isD: boolean, r: number): number {
  return isD ? h.fr[r] : readSingle(h.fi, r);
}

function writeSingleBits(fi: Int32Array, r: number, bits: number): void {
  fi[2 * r] = bits;
  fi[2 * r + 1] = BOXED;
}

function writeSingle(fi: Int32Array, r: number, v: number): void {
  if (v !== v) { writeSingleBits(fi, r, CANONICAL_NAN_S); return; }
  f32[0] = v;
  writeSingleBits(fi, r, f32Bits[0]);
}

function writeDouble(h: Hart, r: number, v: number): void {
  if (v !== v) { h.fi[2 * r] = 0; h.fi[2 * r + 1] = CANONICAL_NAN_D_HI; return; }
  h.fr[r] = v;
}

/** Whether f<r> holds a signalling NaN of the format (isD: double, else boxed single). */
function isSignalling(fi: Int32Array, r: number, isD: boolean): boolean {
  if (!isD) {
    const b = singleBits(fi, r);
    return (b & 0x7fc00000) === 0x7f800000 && (b & 0x003fffff) !== 0;
  }
  const hi = fi[2 * r + 1];
  return (hi & 0x7ff80000) === 0x7ff00000 && ((hi & 0x7ffff) | fi[2 * r]) !== 0;
}

/** Raises NV if any of the listed source registers holds a signalling NaN. */
function signalIfSNaN(fi: Int32Array, isD: boolean, r1: number, r2: number, r3: number): void {
  if (isSignalling(fi, r1, isD) || isSignalling(fi, r2, isD) || isSignalling(fi, r3, isD)) fenv.flags |= FFLAG_NV;
}

/**
 * Executes one F/D instruction (insn.op >= FP_FIRST). Returns a trap stop reason
 * (IllegalInstruction with stval = the instruction bits for a reserved rm or a dynamic rm with
 * an invalid frm; a load/store page fault from the MMU), or undefined when it retired.
 */
export function execFp(h: Hart, insn: Insn, pc: number): StopReason | undefined {
  const op = insn.op as number;
  if (op <= FpOp.FSD) return execFpMemory(h, insn, pc, op);
  const bits = insn.bits;
  let rm = 0;
  if (op >= FpOp.FMADD) {
    rm = (bits >>> 12) & 7;
    if (rm === RoundingMode.DYN) rm = (h.fcsr >>> 5) & 7;
    if (rm > RoundingMode.RMM) return h.trap(Exception.IllegalInstruction, bits, pc);
  }
  fenv.flags = 0;
  if (op >= FpOp.FMADD) execArithmetic(h, insn, op, rm);
  else execNonRounding(h, insn, op);
  h.fcsr |= fenv.flags;
  return undefined;
}

/** flw/fld/fsw/fsd (and their compressed forms): address = x[rs1] + imm, misaligned allowed. */
function execFpMemory(h: Hart, insn: Insn, pc: number, op: number): StopReason | undefined {
  const xl = h.xl, fi = h.fi, imm = insn.imm, b = xl[insn.rs1];
  const lo = (b + imm) | 0;
  const hi = (h.xh[insn.rs1] + (imm >> 31) + ((lo >>> 0) < (b >>> 0) ? 1 : 0)) | 0;
  const rd = insn.rd, rs2 = insn.rs2;
  switch (op) {
    case FpOp.FLW:
      if (!h.load(lo, hi, 4)) return h.mmuTrap(pc);
      writeSingleBits(fi, rd, h.vlo);
      return undefined;
    case FpOp.FLD:
      if (!h.load(lo, hi, 8)) return h.mmuTrap(pc);
      fi[2 * rd] = h.vlo; fi[2 * rd + 1] = h.vhi;
      return undefined;
    case FpOp.FSW:
      return h.store(lo, hi, 4, fi[2 * rs2], 0) ? undefined : h.mmuTrap(pc);
    default:
      return h.store(lo, hi, 8, fi[2 * rs2], fi[2 * rs2 + 1]) ? undefined : h.mmuTrap(pc);
  }
}

/** Ops that use a rounding mode: arithmetic, fused multiply-add, conversions. */
function execArithmetic(h: Hart, insn: Insn, op: number, rm: number): void {
  const fi = h.fi, bits = insn.bits, rd = insn.rd, rs1 = insn.rs1, rs2 = insn.rs2;
  const isD = ((bits >>> 25) & 3) === 1;
  const fmt = isD ? F64 : F32;
  let v: number;
  switch (op) {
    case FpOp.FMADD: case FpOp.FMSUB: case FpOp.FNMSUB: case FpOp.FNMADD: {
      const rs3 = bits >>> 27;
      const a = readOperand(h, isD, rs1), b = readOperand(h, isD, rs2), c = readOperand(h, isD, rs3);
      if (a !== a || b !== b || c !== c) signalIfSNaN(fi, isD, rs1, rs2, rs3);
      const negProduct = op === FpOp.FNMSUB || op === FpOp.FNMADD;
      const negAddend = op === FpOp.FMSUB || op === FpOp.FNMADD;
      v = fpFma(fmt, negProduct ? -a : a, b, negAddend ? -c : c, rm);
      break;
    }
    case FpOp.FADD: case FpOp.FSUB: case FpOp.FMUL: case FpOp.FDIV: {
      const a = readOperand(h, isD, rs1), b = readOperand(h, isD, rs2);
      if (a !== a || b !== b) signalIfSNaN(fi, isD, rs1, rs2, rs2);
      if (op === FpOp.FADD) v = fpAdd(fmt, a, b, rm);
      else if (op === FpOp.FSUB) v = fpAdd(fmt, a, -b, rm);
      else if (op === FpOp.FMUL) v = fpMul(fmt, a, b, rm);
      else v = fpDiv(fmt, a, b, rm);
      break;
    }
    case FpOp.FSQRT: {
      const a = readOperand(h, isD, rs1);
      if (a !== a) signalIfSNaN(fi, isD, rs1, rs1, rs1);
      v = fpSqrt(fmt, a, rm);
      break;
    }
    case FpOp.FCVT_INT: {
      const a = readOperand(h, isD, rs1);
      floatToInt(a, (rs2 & 3) as IntKind, rm);
      h.xl[rd] = intResult.lo; h.xh[rd] = intResult.hi;
      return;
    }
    case FpOp.FCVT_FLOAT:
      v = intToFloat(fmt, h.xl[rs1], h.xh[rs1], (rs2 & 3) as IntKind, rm);
      break;
    case FpOp.FCVT_S_D: {
      const a = h.fr[rs1];
      if (a !== a) signalIfSNaN(fi, true, rs1, rs1, rs1);
      writeSingle(fi, rd, fpNarrow(a, rm));
      return;
    }
    default: { // FCVT_D_S: exact
      const a = readSingle(fi, rs1);
      if (a !== a) signalIfSNaN(fi, false, rs1, rs1, rs1);
      writeDouble(h, rd, a);
      return;
    }
  }
  if (isD) writeDouble(h, rd, v); else writeSingle(fi, rd, v);
}

const SIGN = 0x80000000 | 0;

/** Sign injection, min/max, comparisons, fclass and moves: no rounding. */
function execNonRounding(h: Hart, insn: Insn, op: number): void {
  const fi = h.fi, xl = h.xl, xh = h.xh, rd = insn.rd, rs1 = insn.rs1, rs2 = insn.rs2;
  const isD = ((insn.bits >>> 25) & 3) === 1;
  switch (op) {
    case FpOp.FSGNJ: case FpOp.FSGNJN: case FpOp.FSGNJX: {
      const hiA = isD ? fi[2 * rs1 + 1] : singleBits(fi, rs1);
      const hiB = isD ? fi[2 * rs2 + 1] : singleBits(fi, rs2);
      const sign = op === FpOp.FSGNJ ? hiB : op === FpOp.FSGNJN ? ~hiB : hiA ^ hiB;
      const hi = (hiA & ~SIGN) | (sign & SIGN);
      if (isD) { fi[2 * rd] = fi[2 * rs1]; fi[2 * rd + 1] = hi; } else writeSingleBits(fi, rd, hi);
      return;
    }
    case FpOp.FMIN: case FpOp.FMAX: {
      const a = isD ? h.fr[rs1] : readSingle(fi, rs1), b = isD ? h.fr[rs2] : readSingle(fi, rs2);
      if (a !== a || b !== b) signalIfSNaN(fi, isD, rs1, rs2, rs2);
      const v = minMax(a, b, op === FpOp.FMIN);
      if (isD) writeDouble(h, rd, v); else writeSingle(fi, rd, v);
      return;
    }
    case FpOp.FEQ: case FpOp.FLT: case FpOp.FLE: {
      const a = isD ? h.fr[rs1] : readSingle(fi, rs1), b = isD ? h.fr[rs2] : readSingle(fi, rs2);
      if (a !== a || b !== b) {
        if (op === FpOp.FEQ) signalIfSNaN(fi, isD, rs1, rs2, rs2);
        else fenv.flags |= FFLAG_NV;
      }
      xl[rd] = (op === FpOp.FEQ ? a === b : op === FpOp.FLT ? a < b : a <= b) ? 1 : 0;
      xh[rd] = 0;
      return;
    }
    case FpOp.FCLASS:
      xl[rd] = isD ? classify(fi[2 * rs1 + 1], fi[2 * rs1], true) : classify(singleBits(fi, rs1), 0, false);
      xh[rd] = 0;
      return;
    case FpOp.FMV_X_W: { const v = fi[2 * rs1]; xl[rd] = v; xh[rd] = v >> 31; return; }
    case FpOp.FMV_X_D: xl[rd] = fi[2 * rs1]; xh[rd] = fi[2 * rs1 + 1]; return;
    case FpOp.FMV_W_X: writeSingleBits(fi, rd, xl[rs1]); return;
    default: fi[2 * rd] = xl[rs1]; fi[2 * rd + 1] = xh[rs1]; return; // FMV_D_X
  }
}

/**
 * fmin/fmax (IEEE 754-2019 minimumNumber/maximumNumber, as the F extension since v2.2 says):
 * a NaN operand yields the other operand, two NaNs the canonical NaN, and -0 < +0.
 */
function minMax(a: number, b: number, isMin: boolean): number {
  if (a !== a) return b;
  if (b !== b) return a;
  if (a === b) {
    // equal values differ only for zeros of opposite signs
    const eitherNegZero = Object.is(a, -0) || Object.is(b, -0);
    const eitherPosZero = Object.is(a, 0) || Object.is(b, 0);
    if (a === 0) return isMin ? (eitherNegZero ? -0 : 0) : (eitherPosZero ? 0 : -0);
    return a;
  }
  return isMin ? (a < b ? a : b) : (a > b ? a : b);
}

/** fclass result bits (Unprivileged spec, table "Format of result of FCLASS instruction"). */
export const enum FClass {
  NegInfinity = 1 << 0,
  NegNormal = 1 << 1,
  NegSubnormal = 1 << 2,
  NegZero = 1 << 3,
  PosZero = 1 << 4,
  PosSubnormal = 1 << 5,
  PosNormal = 1 << 6,
  PosInfinity = 1 << 7,
  SignallingNaN = 1 << 8,
  QuietNaN = 1 << 9,
}

/** fclass of a single (hi = its 32 bits) or a double (hi, lo words). */
function classify(hi: number, lo: number, isD: boolean): number {
  const negative = hi < 0;
  const expMask = isD ? 0x7ff00000 : 0x7f800000;
  const fracHi = hi & (isD ? 0x000fffff : 0x007fffff);
  const quietBit = isD ? 0x00080000 : 0x00400000;
  const exp = hi & expMask;
  const fracZero = fracHi === 0 && (!isD || lo === 0);
  if (exp === expMask) {
    if (fracZero) return negative ? FClass.NegInfinity : FClass.PosInfinity;
    return (hi & quietBit) !== 0 ? FClass.QuietNaN : FClass.SignallingNaN;
  }
  if (exp === 0) {
    if (fracZero) return negative ? FClass.NegZero : FClass.PosZero;
    return negative ? FClass.NegSubnormal : FClass.PosSubnormal;
  }
  return negative ? FClass.NegNormal : FClass.PosNormal;
}
