import { decode, emptyFields } from './decode';
import { ROW_BY_MNEMONIC } from './table';
import type { CExpansion, CRegField, InstrFields, InstrRow } from './types';

const fits = (v: number, bitCount: number) => Number.isInteger(v) && v >= -(2 ** (bitCount - 1)) && v < 2 ** (bitCount - 1);
const fitsUnsigned = (v: number, bitCount: number) => Number.isInteger(v) && v >= 0 && v < 2 ** bitCount;

/**
 * Encodes `row` with operand `fields` (missing fields are 0, or for compressed rows the
 * register/immediate the row fixes, e.g. rd = ra for c.jalr) into instruction bits: an unsigned
 * 32-bit number, or a 16-bit number for compressed rows. Fields use the same meaning as
 * `decode` returns (for compressed rows: the expanded base instruction's rd/rs1/rs2/imm; for
 * lui/auipc `imm` is the value added, a multiple of 4096).
 * Returns undefined when the fields cannot be represented by this row (immediate out of range
 * or misaligned, a register outside x8..x15 for a 3-bit field, a fixed register that differs,
 * or a reserved encoding). Never throws.
 */
export function encode(row: InstrRow, fields: Partial<InstrFields>): number | undefined {
  const f = { ...emptyFields(), ...fixedFields(row), ...fields };
  const bits = row.length === 2 ? encode16(row, f) : encode32(row, f);
  if (bits === undefined) return undefined;
  const back = decode(bits);
  return back !== undefined && back.row === row ? bits : undefined;
}

/** Registers and immediates a compressed row fixes (c.jalr: rd = ra), used when the caller omits them. */
function fixedFields(row: InstrRow): Partial<InstrFields> {
  const e = row.expand;
  if (e === undefined) return {};
  const out: Partial<InstrFields> = {};
  if (typeof e.rd === 'number') out.rd = e.rd;
  if (typeof e.rs1 === 'number') out.rs1 = e.rs1;
  if (typeof e.rs2 === 'number') out.rs2 = e.rs2;
  if (e.fixedImm !== undefined) out.imm = e.fixedImm;
  return out;
}

/** Encodes by mnemonic; undefined for an unknown mnemonic or unrepresentable fields. */
export function encodeByName(mnemonic: string, fields: Partial<InstrFields>): number | undefined {
  const row = ROW_BY_MNEMONIC.get(mnemonic);
  return row === undefined ? undefined : encode(row, fields);
}

function regsOk(f: InstrFields): boolean {
  return [f.rd, f.rs1, f.rs2, f.rs3].every((r) => fitsUnsigned(r, 5));
}

function encode32(row: InstrRow, f: InstrFields): number | undefined {
  if (!regsOk(f)) return undefined;
  let b = row.match | (f.rd << 7) | (f.rs1 << 15) | (f.rs2 << 20);
  const imm = f.imm;
  switch (row.format) {
    case 'I':
      if (!fits(imm, 12)) return undefined;
      b = row.match | (f.rd << 7) | (f.rs1 << 15) | ((imm & 0xfff) << 20);
      break;
    case 'IS64': case 'IS32':
      if (!fitsUnsigned(imm, row.format === 'IS64' ? 6 : 5)) return undefined;
      b = row.match | (f.rd << 7) | (f.rs1 << 15) | (imm << 20);
      break;
    case 'S':
      if (!fits(imm, 12)) return undefined;
      b = row.match | ((imm & 0x1f) << 7) | (f.rs1 << 15) | (f.rs2 << 20) | (((imm >> 5) & 0x7f) << 25);
      break;
    case 'B':
      if (!fits(imm, 13) || (imm & 1) !== 0) return undefined;
      b = row.match | (((imm >> 11) & 1) << 7) | (((imm >> 1) & 0xf) << 8) | (f.rs1 << 15) | (f.rs2 << 20) |
        (((imm >> 5) & 0x3f) << 25) | (((imm >> 12) & 1) << 31);
      break;
    case 'U':
      if (!Number.isInteger(imm) || imm < -(2 ** 31) || imm >= 2 ** 32 || imm % 4096 !== 0) return undefined;
      b = row.match | (f.rd << 7) | (imm & 0xfffff000);
      break;
    case 'J':
      if (!fits(imm, 21) || (imm & 1) !== 0) return undefined;
      b = row.match | (f.rd << 7) | (imm & 0xff000) | (((imm >> 11) & 1) << 20) | (((imm >> 1) & 0x3ff) << 21) |
        (((imm >> 20) & 1) << 31);
      break;
    case 'CSR': case 'CSRI':
      if (!fitsUnsigned(f.csr, 12)) return undefined;
      if (row.format === 'CSRI' && !fitsUnsigned(imm, 5)) return undefined;
      b = row.match | (f.rd << 7) | ((row.format === 'CSRI' ? imm : f.rs1) << 15) | (f.csr << 20);
      break;
    case 'AMO': case 'LR':
      if (!fitsUnsigned(f.aq, 1) || !fitsUnsigned(f.rl, 1)) return undefined;
      b = row.match | (f.rd << 7) | (f.rs1 << 15) | ((row.format === 'AMO' ? f.rs2 : 0) << 20) | (f.rl << 25) | (f.aq << 26);
      break;
    case 'FENCE':
      if (row.mnemonic === 'fence.tso') { b = row.match; break; }
      if (!fitsUnsigned(f.pred, 4) || !fitsUnsigned(f.succ, 4) || !fitsUnsigned(f.fm, 4)) return undefined;
      b = row.match | (f.succ << 20) | (f.pred << 24) | (f.fm << 28);
      break;
    case 'SYS':
      b = row.match;
      break;
    case 'RF': case 'R4':
      // F/D: rm in bits 14:12 (rows with a fixed funct3 reject any other rm), rs3 in 31:27
      if (!fitsUnsigned(f.rm, 3)) return undefined;
      b |= (f.rm << 12) | (row.format === 'R4' ? f.rs3 << 27 : 0);
      break;
    default:
      break;
  }
  return b >>> 0;
}

/** Places register `r` into compressed field `field`; false if it does not fit there. */
function placeReg(field: CRegField | undefined, r: number, out: { bits: number }): boolean {
  if (field === undefined) return true; // the row has no such operand: ignored
  switch (field) {
    case 'r11_7': if (!fitsUnsigned(r, 5)) return false; out.bits |= r << 7; return true;
    case 'r6_2': if (!fitsUnsigned(r, 5)) return false; out.bits |= r << 2; return true;
    case 'p9_7': if (r < 8 || r > 15) return false; out.bits |= (r - 8) << 7; return true;
    case 'p4_2': if (r < 8 || r > 15) return false; out.bits |= (r - 8) << 2; return true;
    default: return r === field;
  }
}

function placeImm(e: CExpansion, imm: number, out: { bits: number }): boolean {
  if (e.imm === undefined) return e.fixedImm === undefined || imm === e.fixedImm;
  let covered = 0;
  let top = 0;
  for (const [instBit, immBit] of e.imm) {
    out.bits |= ((imm >> immBit) & 1) << instBit;
    covered |= 1 << immBit;
    top = Math.max(top, immBit);
  }
  // Every bit of imm must be representable: bits outside the layout must be 0 (or the sign).
  const lowMissing = imm & ~covered & ((1 << top) - 1);
  if (lowMissing !== 0) return false;
  return e.signed ? fits(imm, top + 1) : fitsUnsigned(imm, top + 1);
}

function encode16(row: InstrRow, f: InstrFields): number | undefined {
  const e = row.expand;
  if (e === undefined) return undefined;
  const out = { bits: row.match };
  // rd and rs1 may share one field (c.addi rd, rd): both must name the same register.
  const slots: [CRegField | undefined, number][] = [[e.rd, f.rd], [e.rs1, f.rs1], [e.rs2, f.rs2]];
  const seen = new Map<CRegField, number>();
  for (const [field, r] of slots) {
    if (field !== undefined && typeof field === 'string' && seen.has(field)) {
      if (seen.get(field) !== r) return undefined;
      continue;
    }
    if (!placeReg(field, r, out)) return undefined;
    if (field !== undefined) seen.set(field, r);
  }
  if (!placeImm(e, f.imm, out)) return undefined;
  return out.bits & 0xffff;
}
