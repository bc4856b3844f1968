import type { RowSpec } from './table-base';
import type { Extension, Format, OperandKind } from './types';

/**
 * F and D rows (RV64F and RV64D). Source: Unprivileged spec, chapters "F" Standard Extension
 * for Single-Precision Floating-Point" and "D" (RV32/64G instruction set listings).
 *
 * Encodings: OP-FP (0x53) rows carry funct5 in bits 31:27, fmt in 26:25 (S = 0, D = 1), rs2 in
 * 24:20 (a fixed selector for unary rows), rm in 14:12 (a free operand for rounding rows, a
 * fixed funct3 for fsgnj/fmin/fmax/compare/fclass/fmv). The fused multiply-add rows (R4) use
 * the major opcodes MADD/MSUB/NMSUB/NMADD with rs3 in 31:27.
 *
 * As in GNU binutils 2.40, fcvt.d.s, fcvt.d.w and fcvt.d.wu (exact conversions) decode only
 * with rm = 000; the hart's pre-decoder executes their other rm encodings too
 * (src/emu/fp/exec.ts, relaxedFpDecode), as qemu and Spike do.
 */

const LOAD_FP = 0x07, STORE_FP = 0x27, OP_FP = 0x53;
const MADD = 0x43, MSUB = 0x47, NMSUB = 0x4b, NMADD = 0x4f;
const FMT_S = 0, FMT_D = 1;

/** funct7 + opcode (rm free). */
const MASK_F7 = 0xfe00007f;
/** funct7 + rs2 + opcode (unary with rm free). */
const MASK_F7_RS2 = 0xfff0007f;
/** funct7 + funct3 + opcode. */
const MASK_F7_F3 = 0xfe00707f;
/** funct7 + rs2 + funct3 + opcode. */
const MASK_F7_RS2_F3 = 0xfff0707f;
/** fmt + opcode (R4: rs3 and rm free). */
const MASK_R4 = 0x0600007f;

function fpRow(mnemonic: string, match: number, mask: number, format: Format, extension: Extension,
  operands: readonly OperandKind[], doc: string): RowSpec {
  return { mnemonic, match: match >>> 0, mask: mask >>> 0, format, extension, length: 4, operands, doc };
}

const op = (funct5: number, fmt: number, rs2 = 0, funct3 = 0) =>
  OP_FP | (funct3 << 12) | (rs2 << 20) | (fmt << 25) | (funct5 << 27);

const F_ADD = 0x00, F_SUB = 0x01, F_MUL = 0x02, F_DIV = 0x03, F_SGNJ = 0x04, F_MINMAX = 0x05;
const F_CVT_FF = 0x08, F_SQRT = 0x0b, F_CMP = 0x14, F_CVT_IF = 0x18, F_CVT_FI = 0x1a;
const F_MV_XF = 0x1c, F_MV_FX = 0x1e;

/** The rows one precision contributes ('s' with fmt 0 / extension F, 'd' with fmt 1 / extension D). */
function precisionRows(s: 's' | 'd', fmt: number, ext: Extension, name: string, moveName: 'w' | 'd'): RowSpec[] {
  const bin = ['frd', 'frs1', 'frs2', 'rm'] as const;
  const r4 = ['frd', 'frs1', 'frs2', 'frs3', 'rm'] as const;
  const cmp = ['rd', 'frs1', 'frs2'] as const;
  const rows: RowSpec[] = [
    fpRow(`fmadd.${s}`, MADD | (fmt << 25), MASK_R4, 'R4', ext, r4, `Fused multiply-add (${name}): frd = frs1 * frs2 + frs3, rounded once.`),
    fpRow(`fmsub.${s}`, MSUB | (fmt << 25), MASK_R4, 'R4', ext, r4, `Fused multiply-subtract (${name}): frd = frs1 * frs2 - frs3, rounded once.`),
    fpRow(`fnmsub.${s}`, NMSUB | (fmt << 25), MASK_R4, 'R4', ext, r4, `Negated fused multiply-subtract (${name}): frd = -(frs1 * frs2) + frs3.`),
    fpRow(`fnmadd.${s}`, NMADD | (fmt << 25), MASK_R4, 'R4', ext, r4, `Negated fused multiply-add (${name}): frd = -(frs1 * frs2) - frs3.`),
    fpRow(`fadd.${s}`, op(F_ADD, fmt), MASK_F7, 'RF', ext, bin, `Add (${name}): frd = frs1 + frs2.`),
    fpRow(`fsub.${s}`, op(F_SUB, fmt), MASK_F7, 'RF', ext, bin, `Subtract (${name}): frd = frs1 - frs2.`),
    fpRow(`fmul.${s}`, op(F_MUL, fmt), MASK_F7, 'RF', ext, bin, `Multiply (${name}): frd = frs1 * frs2.`),
    fpRow(`fdiv.${s}`, op(F_DIV, fmt), MASK_F7, 'RF', ext, bin, `Divide (${name}): frd = frs1 / frs2 (DZ on x / 0).`),
    fpRow(`fsqrt.${s}`, op(F_SQRT, fmt), MASK_F7_RS2, 'RF', ext, ['frd', 'frs1', 'rm'], `Square root (${name}): frd = sqrt(frs1).`),
    fpRow(`fsgnj.${s}`, op(F_SGNJ, fmt, 0, 0), MASK_F7_F3, 'R', ext, ['frd', 'frs1', 'frs2'],
      `Sign inject (${name}): frd = |frs1| with the sign of frs2 (fmv.${s} when frs1 = frs2).`),
    fpRow(`fsgnjn.${s}`, op(F_SGNJ, fmt, 0, 1), MASK_F7_F3, 'R', ext, ['frd', 'frs1', 'frs2'],
      `Sign inject negated (${name}): frd = |frs1| with the opposite sign of frs2 (fneg.${s}).`),
    fpRow(`fsgnjx.${s}`, op(F_SGNJ, fmt, 0, 2), MASK_F7_F3, 'R', ext, ['frd', 'frs1', 'frs2'],
      `Sign inject xor (${name}): frd = frs1 with sign(frs1) ^ sign(frs2) (fabs.${s}).`),
    fpRow(`fmin.${s}`, op(F_MINMAX, fmt, 0, 0), MASK_F7_F3, 'R', ext, ['frd', 'frs1', 'frs2'],
      `Minimum (${name}, IEEE 754-2019 minimumNumber; -0 < +0).`),
    fpRow(`fmax.${s}`, op(F_MINMAX, fmt, 0, 1), MASK_F7_F3, 'R', ext, ['frd', 'frs1', 'frs2'],
      `Maximum (${name}, IEEE 754-2019 maximumNumber; -0 < +0).`),
    fpRow(`fcvt.w.${s}`, op(F_CVT_IF, fmt, 0), MASK_F7_RS2, 'RF', ext, ['rd', 'frs1', 'rm'],
      `Convert ${name} to signed 32-bit integer (saturating, NaN -> 2^31-1), sign-extended.`),
    fpRow(`fcvt.wu.${s}`, op(F_CVT_IF, fmt, 1), MASK_F7_RS2, 'RF', ext, ['rd', 'frs1', 'rm'],
      `Convert ${name} to unsigned 32-bit integer (saturating), sign-extended.`),
    fpRow(`fcvt.l.${s}`, op(F_CVT_IF, fmt, 2), MASK_F7_RS2, 'RF', ext, ['rd', 'frs1', 'rm'],
      `Convert ${name} to signed 64-bit integer (saturating, NaN -> 2^63-1).`),
    fpRow(`fcvt.lu.${s}`, op(F_CVT_IF, fmt, 3), MASK_F7_RS2, 'RF', ext, ['rd', 'frs1', 'rm'],
      `Convert ${name} to unsigned 64-bit integer (saturating).`),
    fpRow(`fmv.x.${moveName}`, op(F_MV_XF, fmt, 0, 0), MASK_F7_RS2_F3, 'R', ext, ['rd', 'frs1'],
      `Move the ${name} bit pattern of frs1 to rd${s === 's' ? ' (sign-extended)' : ''}.`),
    fpRow(`feq.${s}`, op(F_CMP, fmt, 0, 2), MASK_F7_F3, 'R', ext, cmp, `rd = frs1 == frs2 (${name}; NV only for signalling NaN).`),
    fpRow(`flt.${s}`, op(F_CMP, fmt, 0, 1), MASK_F7_F3, 'R', ext, cmp, `rd = frs1 < frs2 (${name}; NV for any NaN).`),
    fpRow(`fle.${s}`, op(F_CMP, fmt, 0, 0), MASK_F7_F3, 'R', ext, cmp, `rd = frs1 <= frs2 (${name}; NV for any NaN).`),
    fpRow(`fclass.${s}`, op(F_MV_XF, fmt, 0, 1), MASK_F7_RS2_F3, 'R', ext, ['rd', 'frs1'],
      `Classify ${name} frs1: rd = one-hot mask (-inf, -normal, -subnormal, -0, +0, +subnormal, +normal, +inf, sNaN, qNaN).`),
    fpRow(`fcvt.${s}.w`, op(F_CVT_FI, fmt, 0), fmt === FMT_D ? MASK_F7_RS2_F3 : MASK_F7_RS2, 'RF', ext,
      fmt === FMT_D ? ['frd', 'rs1'] : ['frd', 'rs1', 'rm'], `Convert signed 32-bit integer rs1 to ${name}.`),
    fpRow(`fcvt.${s}.wu`, op(F_CVT_FI, fmt, 1), fmt === FMT_D ? MASK_F7_RS2_F3 : MASK_F7_RS2, 'RF', ext,
      fmt === FMT_D ? ['frd', 'rs1'] : ['frd', 'rs1', 'rm'], `Convert unsigned 32-bit integer rs1 to ${name}.`),
    fpRow(`fcvt.${s}.l`, op(F_CVT_FI, fmt, 2), MASK_F7_RS2, 'RF', ext, ['frd', 'rs1', 'rm'], `Convert signed 64-bit integer rs1 to ${name}.`),
    fpRow(`fcvt.${s}.lu`, op(F_CVT_FI, fmt, 3), MASK_F7_RS2, 'RF', ext, ['frd', 'rs1', 'rm'], `Convert unsigned 64-bit integer rs1 to ${name}.`),
    fpRow(`fmv.${moveName}.x`, op(F_MV_FX, fmt, 0, 0), MASK_F7_RS2_F3, 'R', ext, ['frd', 'rs1'],
      `Move the low ${s === 's' ? '32 bits (NaN-boxed)' : '64 bits'} of rs1 to frd unchanged.`),
  ];
  return rows;
}

/** Every RV64F and RV64D row. */
export const FD_ROWS: RowSpec[] = [
  fpRow('flw', LOAD_FP | (2 << 12), 0x707f, 'I', 'F', ['frd', 'mem'], 'Load single-precision float: frd = mem32[rs1 + imm] (NaN-boxed).'),
  fpRow('fld', LOAD_FP | (3 << 12), 0x707f, 'I', 'D', ['frd', 'mem'], 'Load double-precision float: frd = mem64[rs1 + imm].'),
  fpRow('fsw', STORE_FP | (2 << 12), 0x707f, 'S', 'F', ['frs2', 'mem'], 'Store single-precision float: mem32[rs1 + imm] = low 32 bits of frs2.'),
  fpRow('fsd', STORE_FP | (3 << 12), 0x707f, 'S', 'D', ['frs2', 'mem'], 'Store double-precision float: mem64[rs1 + imm] = frs2.'),
  ...precisionRows('s', FMT_S, 'F', 'single', 'w'),
  ...precisionRows('d', FMT_D, 'D', 'double', 'd'),
  fpRow('fcvt.s.d', op(F_CVT_FF, FMT_S, 1), MASK_F7_RS2, 'RF', 'D', ['frd', 'frs1', 'rm'], 'Convert double frs1 to single (rounded).'),
  fpRow('fcvt.d.s', op(F_CVT_FF, FMT_D, 0), MASK_F7_RS2_F3, 'RF', 'D', ['frd', 'frs1'], 'Convert single frs1 to double (exact).'),
];
