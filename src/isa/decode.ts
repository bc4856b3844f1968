import { compressedCandidates, wideCandidates } from './table';
import type { CConstraint, CExpansion, CRegField, DecodedInstruction, InstrFields, InstrRow } from './types';

/** Low two bits of every 32-bit instruction (Unprivileged spec 1.5 "Base Instruction-Length Encoding"). */
const WIDE_LOW_BITS = 0b11;
/** Low five bits 11111 mark instructions longer than 32 bits (unsupported). */
const LONG_LOW_BITS = 0b11111;

/** All-zero operand fields. */
export function emptyFields(): InstrFields {
  return { rd: 0, rs1: 0, rs2: 0, rs3: 0, imm: 0, csr: 0, rm: 0, aq: 0, rl: 0, pred: 0, succ: 0, fm: 0 };
}

/** Length in bytes of the instruction whose low 16 bits are `lowBits`: 2, 4, or 0 (longer, unsupported). */
export function instructionLength(lowBits: number): 0 | 2 | 4 {
  if ((lowBits & WIDE_LOW_BITS) !== WIDE_LOW_BITS) return 2;
  if ((lowBits & LONG_LOW_BITS) === LONG_LOW_BITS) return 0;
  return 4;
}

/**
 * Decodes one instruction. `bits` holds the instruction: for a 16-bit instruction only the
 * low 16 bits are used (upper bits may hold the next parcel); for a 32-bit one all 32.
 * Returns undefined for encodings not in the table (illegal or reserved, including the
 * all-zero c.unimp and instructions longer than 32 bits). Never throws.
 * `pc` is accepted for symmetry with `disassemble` and is not needed to decode.
 */
export function decode(bits: number, pc?: number): DecodedInstruction | undefined {
  void pc;
  const length = instructionLength(bits & 0xffff);
  if (length === 2) return decode16(bits & 0xffff);
  if (length === 4) return decode32(bits >>> 0);
  return undefined;
}

function decode32(bits: number): DecodedInstruction | undefined {
  for (const row of wideCandidates(bits)) {
    if (((bits & row.mask) >>> 0) === row.match) return { ...fields32(row, bits), row, length: 4, bits };
  }
  return undefined;
}

const signExtend = (value: number, bitCount: number) => (value << (32 - bitCount)) >> (32 - bitCount);

/** Extracts the operand fields of a 32-bit instruction according to its row's format. */
export function fields32(row: InstrRow, bits: number): InstrFields {
  const f = emptyFields();
  f.rd = (bits >>> 7) & 0x1f;
  f.rs1 = (bits >>> 15) & 0x1f;
  f.rs2 = (bits >>> 20) & 0x1f;
  f.rs3 = bits >>> 27;
  f.rm = (bits >>> 12) & 7;
  switch (row.format) {
    case 'I': f.imm = bits >> 20; break;
    case 'IS64': f.imm = (bits >>> 20) & 0x3f; break;
    case 'IS32': f.imm = (bits >>> 20) & 0x1f; break;
    case 'S': f.imm = ((bits >> 25) << 5) | ((bits >>> 7) & 0x1f); break;
    case 'B':
      f.imm = ((bits >> 31) << 12) | (((bits >>> 7) & 1) << 11) | (((bits >>> 25) & 0x3f) << 5) | (((bits >>> 8) & 0xf) << 1);
      break;
    case 'U': f.imm = bits & 0xfffff000 | 0; break;
    case 'J':
      f.imm = ((bits >> 31) << 20) | (bits & 0xff000) | (((bits >>> 20) & 1) << 11) | (((bits >>> 21) & 0x3ff) << 1);
      break;
    case 'CSR': f.csr = bits >>> 20; break;
    case 'CSRI': f.csr = bits >>> 20; f.imm = f.rs1; break;
    case 'AMO': case 'LR': f.aq = (bits >>> 26) & 1; f.rl = (bits >>> 25) & 1; break;
    case 'FENCE': f.fm = bits >>> 28; f.pred = (bits >>> 24) & 0xf; f.succ = (bits >>> 20) & 0xf; break;
    default: break;
  }
  return f;
}

function decode16(bits: number): DecodedInstruction | undefined {
  for (const row of compressedCandidates(bits)) {
    if ((bits & row.mask) !== row.match || row.expand === undefined) continue;
    const f = fields16(row.expand, bits);
    if (row.constraints !== undefined && !row.constraints.every((c) => holds(c, row.expand as CExpansion, f, bits))) continue;
    return { ...f, row, length: 2, bits };
  }
  return undefined;
}

/** Register number named by a compressed register field. */
export function cReg(field: CRegField, bits: number): number {
  switch (field) {
    case 'r11_7': return (bits >>> 7) & 0x1f;
    case 'r6_2': return (bits >>> 2) & 0x1f;
    case 'p9_7': return 8 + ((bits >>> 7) & 7);
    case 'p4_2': return 8 + ((bits >>> 2) & 7);
    default: return field;
  }
}

/** Fields of the base instruction a compressed instruction expands to. */
function fields16(e: CExpansion, bits: number): InstrFields {
  const f = emptyFields();
  if (e.rd !== undefined) f.rd = cReg(e.rd, bits);
  if (e.rs1 !== undefined) f.rs1 = cReg(e.rs1, bits);
  if (e.rs2 !== undefined) f.rs2 = cReg(e.rs2, bits);
  if (e.imm !== undefined) {
    let imm = 0;
    let top = 0;
    for (const [instBit, immBit] of e.imm) {
      imm |= ((bits >>> instBit) & 1) << immBit;
      top = Math.max(top, immBit);
    }
    f.imm = e.signed ? signExtend(imm, top + 1) : imm;
  } else if (e.fixedImm !== undefined) {
    f.imm = e.fixedImm;
  }
  return f;
}

function holds(c: CConstraint, e: CExpansion, f: InstrFields, bits: number): boolean {
  switch (c) {
    case 'rd!=0': return f.rd !== 0;
    case 'rd!=2': return f.rd !== 2;
    case 'rs1!=0': return f.rs1 !== 0;
    case 'rs2!=0': return f.rs2 !== 0;
    case 'imm!=0': return e.imm === undefined || e.imm.some(([instBit]) => ((bits >>> instBit) & 1) !== 0);
  }
}
