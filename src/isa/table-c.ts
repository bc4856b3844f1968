import type { CConstraint, CExpansion, CImmBit, Format, InstrRow, OperandKind } from './types';
import type { RowSpec } from './table-base';

/**
 * RV64C rows. Source: Unprivileged spec, chapter "C Standard Extension for Compressed
 * Instructions", section "RVC Instruction Set Listings" (RV64 column). Each row names the base
 * instruction it expands to; immediates are listed bit by bit as [instruction bit, imm bit].
 */

/** Builds an immediate layout from "instruction bits hi..lo hold imm bits [list]". */
function bits(instHi: number, immBits: number[]): CImmBit[] {
  return immBits.map((immBit, i) => [instHi - i, immBit] as const);
}

/** CI: imm[5] at 12, imm[4:0] at 6:2. */
const IMM_CI = [...bits(12, [5]), ...bits(6, [4, 3, 2, 1, 0])];
/** c.lui: nzimm[17] at 12, nzimm[16:12] at 6:2. */
const IMM_LUI = [...bits(12, [17]), ...bits(6, [16, 15, 14, 13, 12])];
/** c.addi16sp: nzimm[9] at 12, nzimm[4|6|8:7|5] at 6:2. */
const IMM_ADDI16SP = [...bits(12, [9]), ...bits(6, [4, 6, 8, 7, 5])];
/** c.lwsp: uimm[5] at 12, uimm[4:2|7:6] at 6:2. */
const IMM_LWSP = [...bits(12, [5]), ...bits(6, [4, 3, 2, 7, 6])];
/** c.ldsp/c.fldsp: uimm[5] at 12, uimm[4:3|8:6] at 6:2. */
const IMM_LDSP = [...bits(12, [5]), ...bits(6, [4, 3, 8, 7, 6])];
/** c.swsp: uimm[5:2|7:6] at 12:7. */
const IMM_SWSP = bits(12, [5, 4, 3, 2, 7, 6]);
/** c.sdsp/c.fsdsp: uimm[5:3|8:6] at 12:7. */
const IMM_SDSP = bits(12, [5, 4, 3, 8, 7, 6]);
/** c.addi4spn: nzuimm[5:4|9:6|2|3] at 12:5. */
const IMM_ADDI4SPN = bits(12, [5, 4, 9, 8, 7, 6, 2, 3]);
/** c.lw/c.sw: uimm[5:3] at 12:10, uimm[2|6] at 6:5. */
const IMM_LW = [...bits(12, [5, 4, 3]), ...bits(6, [2, 6])];
/** c.ld/c.sd/c.fld/c.fsd: uimm[5:3] at 12:10, uimm[7:6] at 6:5. */
const IMM_LD = [...bits(12, [5, 4, 3]), ...bits(6, [7, 6])];
/** c.beqz/c.bnez: offset[8|4:3] at 12:10, offset[7:6|2:1|5] at 6:2. */
const IMM_CB = [...bits(12, [8, 4, 3]), ...bits(6, [7, 6, 2, 1, 5])];
/** c.j: offset[11|4|9:8|10|6|7|3:1|5] at 12:2. */
const IMM_CJ = bits(12, [11, 4, 9, 8, 10, 6, 7, 3, 2, 1, 5]);

const SP = 2, RA = 1, ZERO = 0;
const Q0 = 0, Q1 = 1, Q2 = 2;
const F3_MASK = 0xe003;

function crow(mnemonic: string, quadrant: number, funct3: number, extraMatch: number, extraMask: number,
  format: Format, operands: readonly OperandKind[], expand: CExpansion, doc: string,
  constraints: readonly CConstraint[] = [], extension: InstrRow['extension'] = 'C'): RowSpec {
  return {
    mnemonic, match: quadrant | (funct3 << 13) | extraMatch, mask: F3_MASK | extraMask, format,
    extension, length: 2, operands, doc, expand, constraints,
  };
}

const B12 = 1 << 12;
const RD_MASK = 0x1f << 7;
const RS2_MASK = 0x1f << 2;
const CA_MASK = 0xfc63;         // bits 15:10 and 6:5 (+ quadrant)

/** Every RV64C (and RV64DC) encoding, most specific first where encodings overlap. */
export const COMPRESSED_ROWS: RowSpec[] = [
  // Quadrant 0
  crow('c.addi4spn', Q0, 0, 0, 0, 'CIW', ['rd', 'rs1', 'imm'],
    { base: 'addi', rd: 'p4_2', rs1: SP, imm: IMM_ADDI4SPN }, 'rd\' = sp + nzuimm (scaled by 4).', ['imm!=0']),
  crow('c.fld', Q0, 1, 0, 0, 'CL', ['frd', 'mem'], { base: 'fld', rd: 'p4_2', rs1: 'p9_7', imm: IMM_LD },
    'Load double-precision float from rs1\' + uimm.', [], 'D'),
  crow('c.lw', Q0, 2, 0, 0, 'CL', ['rd', 'mem'], { base: 'lw', rd: 'p4_2', rs1: 'p9_7', imm: IMM_LW },
    'Load word from rs1\' + uimm into rd\'.'),
  crow('c.ld', Q0, 3, 0, 0, 'CL', ['rd', 'mem'], { base: 'ld', rd: 'p4_2', rs1: 'p9_7', imm: IMM_LD },
    'Load doubleword from rs1\' + uimm into rd\'.'),
  crow('c.fsd', Q0, 5, 0, 0, 'CS', ['frs2', 'mem'], { base: 'fsd', rs2: 'p4_2', rs1: 'p9_7', imm: IMM_LD },
    'Store double-precision float to rs1\' + uimm.', [], 'D'),
  crow('c.sw', Q0, 6, 0, 0, 'CS', ['rs2', 'mem'], { base: 'sw', rs2: 'p4_2', rs1: 'p9_7', imm: IMM_LW },
    'Store word rs2\' to rs1\' + uimm.'),
  crow('c.sd', Q0, 7, 0, 0, 'CS', ['rs2', 'mem'], { base: 'sd', rs2: 'p4_2', rs1: 'p9_7', imm: IMM_LD },
    'Store doubleword rs2\' to rs1\' + uimm.'),
  // Quadrant 1
  crow('c.nop', Q1, 0, 0, RD_MASK, 'CI', [], { base: 'addi', rd: ZERO, rs1: ZERO, imm: IMM_CI, signed: true },
    'No operation (addi x0, x0, 0).'),
  crow('c.addi', Q1, 0, 0, 0, 'CI', ['rd', 'imm'], { base: 'addi', rd: 'r11_7', rs1: 'r11_7', imm: IMM_CI, signed: true },
    'rd += sign-extended 6-bit immediate.', ['rd!=0']),
  crow('c.addiw', Q1, 1, 0, 0, 'CI', ['rd', 'imm'], { base: 'addiw', rd: 'r11_7', rs1: 'r11_7', imm: IMM_CI, signed: true },
    'rd = sext32(rd + imm).', ['rd!=0']),
  crow('c.li', Q1, 2, 0, 0, 'CI', ['rd', 'imm'], { base: 'addi', rd: 'r11_7', rs1: ZERO, imm: IMM_CI, signed: true },
    'Load 6-bit signed immediate into rd.'),
  crow('c.addi16sp', Q1, 3, SP << 7, RD_MASK, 'CI', ['rd', 'imm'],
    { base: 'addi', rd: SP, rs1: SP, imm: IMM_ADDI16SP, signed: true }, 'sp += nzimm (multiple of 16).', ['imm!=0']),
  crow('c.lui', Q1, 3, 0, 0, 'CI', ['rd', 'uimm20'], { base: 'lui', rd: 'r11_7', imm: IMM_LUI, signed: true },
    'rd = sign-extended nzimm << 12.', ['imm!=0', 'rd!=2']),
  crow('c.srli', Q1, 4, 0, 0x0c00, 'CB', ['rd', 'shamt'], { base: 'srli', rd: 'p9_7', rs1: 'p9_7', imm: IMM_CI },
    'Shift rd\' right logical by shamt.'),
  crow('c.srai', Q1, 4, 0x0400, 0x0c00, 'CB', ['rd', 'shamt'], { base: 'srai', rd: 'p9_7', rs1: 'p9_7', imm: IMM_CI },
    'Shift rd\' right arithmetic by shamt.'),
  crow('c.andi', Q1, 4, 0x0800, 0x0c00, 'CB', ['rd', 'imm'],
    { base: 'andi', rd: 'p9_7', rs1: 'p9_7', imm: IMM_CI, signed: true }, 'rd\' &= sign-extended immediate.'),
  crow('c.sub', Q1, 4, 0x0c00, CA_MASK, 'CA', ['rd', 'rs2'], { base: 'sub', rd: 'p9_7', rs1: 'p9_7', rs2: 'p4_2' },
    'rd\' -= rs2\'.'),
  crow('c.xor', Q1, 4, 0x0c20, CA_MASK, 'CA', ['rd', 'rs2'], { base: 'xor', rd: 'p9_7', rs1: 'p9_7', rs2: 'p4_2' },
    'rd\' ^= rs2\'.'),
  crow('c.or', Q1, 4, 0x0c40, CA_MASK, 'CA', ['rd', 'rs2'], { base: 'or', rd: 'p9_7', rs1: 'p9_7', rs2: 'p4_2' },
    'rd\' |= rs2\'.'),
  crow('c.and', Q1, 4, 0x0c60, CA_MASK, 'CA', ['rd', 'rs2'], { base: 'and', rd: 'p9_7', rs1: 'p9_7', rs2: 'p4_2' },
    'rd\' &= rs2\'.'),
  crow('c.subw', Q1, 4, 0x1c00, CA_MASK, 'CA', ['rd', 'rs2'], { base: 'subw', rd: 'p9_7', rs1: 'p9_7', rs2: 'p4_2' },
    'rd\' = sext32(rd\' - rs2\').'),
  crow('c.addw', Q1, 4, 0x1c20, CA_MASK, 'CA', ['rd', 'rs2'], { base: 'addw', rd: 'p9_7', rs1: 'p9_7', rs2: 'p4_2' },
    'rd\' = sext32(rd\' + rs2\').'),
  crow('c.j', Q1, 5, 0, 0, 'CJ', ['jump'], { base: 'jal', rd: ZERO, imm: IMM_CJ, signed: true },
    'Jump to pc + offset (jal x0).'),
  crow('c.beqz', Q1, 6, 0, 0, 'CB', ['rs1', 'branch'], { base: 'beq', rs1: 'p9_7', rs2: ZERO, imm: IMM_CB, signed: true },
    'Branch if rs1\' == 0.'),
  crow('c.bnez', Q1, 7, 0, 0, 'CB', ['rs1', 'branch'], { base: 'bne', rs1: 'p9_7', rs2: ZERO, imm: IMM_CB, signed: true },
    'Branch if rs1\' != 0.'),
  // Quadrant 2
  crow('c.slli', Q2, 0, 0, 0, 'CI', ['rd', 'shamt'], { base: 'slli', rd: 'r11_7', rs1: 'r11_7', imm: IMM_CI },
    'Shift rd left logical by shamt.'),
  crow('c.fldsp', Q2, 1, 0, 0, 'CI', ['frd', 'mem'], { base: 'fld', rd: 'r11_7', rs1: SP, imm: IMM_LDSP },
    'Load double-precision float from sp + uimm.', [], 'D'),
  crow('c.lwsp', Q2, 2, 0, 0, 'CI', ['rd', 'mem'], { base: 'lw', rd: 'r11_7', rs1: SP, imm: IMM_LWSP },
    'Load word from sp + uimm.', ['rd!=0']),
  crow('c.ldsp', Q2, 3, 0, 0, 'CI', ['rd', 'mem'], { base: 'ld', rd: 'r11_7', rs1: SP, imm: IMM_LDSP },
    'Load doubleword from sp + uimm.', ['rd!=0']),
  crow('c.jr', Q2, 4, 0, B12 | RS2_MASK, 'CR', ['rs1'], { base: 'jalr', rd: ZERO, rs1: 'r11_7', fixedImm: 0 },
    'Jump to rs1 (jalr x0, 0(rs1)).', ['rs1!=0']),
  crow('c.mv', Q2, 4, 0, B12, 'CR', ['rd', 'rs2'], { base: 'add', rd: 'r11_7', rs1: ZERO, rs2: 'r6_2' },
    'rd = rs2 (add rd, x0, rs2).', ['rs2!=0']),
  crow('c.ebreak', Q2, 4, B12, B12 | RD_MASK | RS2_MASK, 'CR', [], { base: 'ebreak' }, 'Environment breakpoint.'),
  crow('c.jalr', Q2, 4, B12, B12 | RS2_MASK, 'CR', ['rs1'], { base: 'jalr', rd: RA, rs1: 'r11_7', fixedImm: 0 },
    'Call rs1: ra = pc + 2, pc = rs1.', ['rs1!=0']),
  crow('c.add', Q2, 4, B12, B12, 'CR', ['rd', 'rs2'], { base: 'add', rd: 'r11_7', rs1: 'r11_7', rs2: 'r6_2' },
    'rd += rs2.', ['rs2!=0']),
  crow('c.fsdsp', Q2, 5, 0, 0, 'CSS', ['frs2', 'mem'], { base: 'fsd', rs2: 'r6_2', rs1: SP, imm: IMM_SDSP },
    'Store double-precision float to sp + uimm.', [], 'D'),
  crow('c.swsp', Q2, 6, 0, 0, 'CSS', ['rs2', 'mem'], { base: 'sw', rs2: 'r6_2', rs1: SP, imm: IMM_SWSP },
    'Store word rs2 to sp + uimm.'),
  crow('c.sdsp', Q2, 7, 0, 0, 'CSS', ['rs2', 'mem'], { base: 'sd', rs2: 'r6_2', rs1: SP, imm: IMM_SDSP },
    'Store doubleword rs2 to sp + uimm.'),
];

/** Mask for the quadrant + funct3 of a compressed instruction (its decode bucket). */
export const C_BUCKET_MASK = F3_MASK;
