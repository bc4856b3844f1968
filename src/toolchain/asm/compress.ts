/**
 * Which compressed (RVC) instruction GNU as picks for a base instruction under -march=rv64gc.
 * GNU as tries the entries of its opcode table for the written mnemonic in order, compressed
 * entries first; so the choice depends on the mnemonic as written (`jr a0` compresses to c.jr,
 * `jalr x0, 0(a0)` does not) and, among several compressed forms, on that order (`addi sp, sp, 16`
 * is c.addi, not c.addi16sp). The rules below state that order as candidates; each candidate is
 * tried with the instruction table's encoder (src/isa encode), which rejects what the compressed
 * row cannot hold (register outside x8..x15, immediate range, reserved encodings).
 */
import { ROW_BY_MNEMONIC, type InstrFields, type InstrRow } from '../../isa';
import { encodeCached } from './encode-cache';

type Fields = Partial<InstrFields>;

/** A compressed candidate: its row mnemonic, and how the base fields map to its fields (or reject). */
interface Candidate {
  mnemonic: string;
  map: (f: Fields) => Fields | undefined;
}

const X0 = 0;
const SP = 2;
const same = (f: Fields) => f;
const c = (mnemonic: string, map: (f: Fields) => Fields | undefined = same): Candidate => ({ mnemonic, map });
/** rd = rs1, the two-address forms (c.addi, c.and, ...). */
const twoAddress = (f: Fields) => (f.rd === f.rs1 ? f : undefined);
/** Commutative two-address forms also match rd = rs2 (`and a0, a1, a0` is c.and a0, a1). */
const commuted = (f: Fields) => (f.rd === f.rs2 && f.rd !== f.rs1 ? { ...f, rs1: f.rs2, rs2: f.rs1 } : undefined);
const nonZeroImm = (f: Fields) => ((f.imm ?? 0) !== 0 ? f : undefined);

/**
 * Candidates by the mnemonic as written (after pseudo-instruction expansion GNU as assembles the
 * expansion's mnemonics, e.g. `li` → addi/lui/addiw/slli, and those compress too).
 */
const RULES: Record<string, readonly Candidate[]> = {
  addi: [
    c('c.addi4spn', (f) => (f.rs1 === SP ? nonZeroImm(f) : undefined)),
    c('c.addi', (f) => (f.rd === f.rs1 && f.rd !== X0 ? nonZeroImm(f) : undefined)),
    c('c.mv', (f) => (f.imm === 0 && f.rs1 !== X0 ? { rd: f.rd, rs1: X0, rs2: f.rs1 } : undefined)),
    c('c.addi16sp', (f) => (f.rd === SP && f.rs1 === SP ? f : undefined)),
    c('c.li', (f) => (f.rs1 === X0 && f.rd !== X0 ? f : undefined)),
    c('c.nop', (f) => (f.rd === X0 && f.rs1 === X0 && f.imm === 0 ? {} : undefined)),
  ],
  li: [c('c.li', (f) => (f.rd !== X0 ? f : undefined))],
  mv: [c('c.mv', (f) => (f.rs1 !== X0 ? { rd: f.rd, rs1: X0, rs2: f.rs1 } : undefined))],
  nop: [c('c.nop', () => ({}))],
  addiw: [c('c.addiw', twoAddress)],
  'sext.w': [c('c.addiw', twoAddress)],
  add: [
    c('c.add', (f) => (f.rd === f.rs1 ? f : undefined)),
    c('c.add', commuted),
    c('c.mv', (f) => (f.rs1 === X0 ? f : undefined)),
  ],
  sub: [c('c.sub', twoAddress)],
  subw: [c('c.subw', twoAddress)],
  addw: [c('c.addw', twoAddress), c('c.addw', commuted)],
  and: [c('c.and', twoAddress), c('c.and', commuted)],
  or: [c('c.or', twoAddress), c('c.or', commuted)],
  xor: [c('c.xor', twoAddress), c('c.xor', commuted)],
  andi: [c('c.andi', twoAddress)],
  slli: [c('c.slli', (f) => (f.rd === f.rs1 ? nonZeroImm(f) : undefined))],
  srli: [c('c.srli', (f) => (f.rd === f.rs1 ? nonZeroImm(f) : undefined))],
  srai: [c('c.srai', (f) => (f.rd === f.rs1 ? nonZeroImm(f) : undefined))],
  lui: [c('c.lui')],
  lw: [c('c.lwsp'), c('c.lw')],
  ld: [c('c.ldsp'), c('c.ld')],
  fld: [c('c.fldsp'), c('c.fld')],
  sw: [c('c.swsp'), c('c.sw')],
  sd: [c('c.sdsp'), c('c.sd')],
  fsd: [c('c.fsdsp'), c('c.fsd')],
  jr: [c('c.jr')],
  ret: [c('c.jr')],
  'jalr/1': [c('c.jalr')],
  ebreak: [c('c.ebreak')],
};

/**
 * The compressed instruction GNU as would emit for base `row` with `fields`, written as `written`
 * (the source mnemonic — or, for instructions a macro such as `li` builds, the base mnemonic;
 * 'jalr/1' for one-operand jalr), or undefined to keep the 32-bit form.
 */
export function compress(written: string, fields: Fields): { row: InstrRow; bits: number } | undefined {
  const rules = RULES[written];
  if (rules === undefined) return undefined;
  for (const cand of rules) {
    const crow = ROW_BY_MNEMONIC.get(cand.mnemonic);
    const mapped = cand.map(fields);
    if (crow === undefined || mapped === undefined) continue;
    // A full-width rd field of x0 is a HINT encoding, never chosen for a real instruction.
    if (crow.expand?.rd === 'r11_7' && (mapped.rd ?? 0) === X0) continue;
    const bits = encodeCached(crow, mapped);
    if (bits !== undefined) return { row: crow, bits };
  }
  return undefined;
}
