/**
 * The bit layout of an instruction row, for hover: which bits are fixed (opcode, funct fields)
 * and which hold operands. 32-bit rows use their format's field boundaries (RISC-V unprivileged
 * spec, "Base Instruction Formats" and "Immediate Encoding Variants"; "A": AMO layout; "F":
 * R4-type and fmt/rm fields; "Zicsr": csr/uimm fields; FENCE: fm/pred/succ). Compressed rows are
 * laid out from the row itself: its mask (fixed bits) and its `expand` description (register
 * fields and scattered immediate bits, spec chapter "C", "Compressed Instruction Formats").
 */
import type { CRegField, Format, InstrRow } from '../isa';

/** One field of a layout: bits hi..lo and what is there (a binary value when fixed, else a name). */
export interface LayoutField {
  hi: number;
  lo: number;
  text: string;
}

type FieldSpec = readonly [name: string, hi: number, lo: number];

const OPCODE: FieldSpec = ['opcode', 6, 0];
const RD: FieldSpec = ['rd', 11, 7];
const FUNCT3: FieldSpec = ['funct3', 14, 12];
const RS1: FieldSpec = ['rs1', 19, 15];
const RS2: FieldSpec = ['rs2', 24, 20];
const TAIL_R: readonly FieldSpec[] = [RS2, RS1, FUNCT3, RD, OPCODE];
const TAIL_I: readonly FieldSpec[] = [RS1, FUNCT3, RD, OPCODE];

/** Field boundaries of the 32-bit formats, most significant first. */
const WIDE_LAYOUTS: Partial<Record<Format, readonly FieldSpec[]>> = {
  R: [['funct7', 31, 25], ...TAIL_R],
  I: [['imm[11:0]', 31, 20], ...TAIL_I],
  IS64: [['funct6', 31, 26], ['shamt', 25, 20], ...TAIL_I],
  IS32: [['funct7', 31, 25], ['shamt', 24, 20], ...TAIL_I],
  S: [['imm[11:5]', 31, 25], RS2, RS1, FUNCT3, ['imm[4:0]', 11, 7], OPCODE],
  B: [['imm[12|10:5]', 31, 25], RS2, RS1, FUNCT3, ['imm[4:1|11]', 11, 7], OPCODE],
  U: [['imm[31:12]', 31, 12], RD, OPCODE],
  J: [['imm[20|10:1|11|19:12]', 31, 12], RD, OPCODE],
  CSR: [['csr', 31, 20], ...TAIL_I],
  CSRI: [['csr', 31, 20], ['uimm[4:0]', 19, 15], FUNCT3, RD, OPCODE],
  AMO: [['funct5', 31, 27], ['aq', 26, 26], ['rl', 25, 25], ...TAIL_R],
  LR: [['funct5', 31, 27], ['aq', 26, 26], ['rl', 25, 25], ...TAIL_R],
  FENCE: [['fm', 31, 28], ['pred', 27, 24], ['succ', 23, 20], ...TAIL_I],
  SYS: [['funct12', 31, 20], ...TAIL_I],
  R4: [['rs3', 31, 27], ['fmt', 26, 25], RS2, RS1, ['rm', 14, 12], RD, OPCODE],
  RF: [['funct5', 31, 27], ['fmt', 26, 25], RS2, RS1, ['rm', 14, 12], RD, OPCODE],
};

/** Bits hi..lo of `value`. */
const bitsOf = (value: number, hi: number, lo: number) => (value >>> lo) & ((2 ** (hi - lo + 1)) - 1);

/** A field's text: its binary value when the mask fixes every bit, a pattern with x when some, else its name. */
function fieldText(row: InstrRow, [name, hi, lo]: FieldSpec): string {
  const width = hi - lo + 1;
  const fixed = bitsOf(row.mask, hi, lo);
  const value = bitsOf(row.match, hi, lo).toString(2).padStart(width, '0');
  if (fixed === 0) return name;
  if (fixed === 2 ** width - 1) return value;
  const mask = fixed.toString(2).padStart(width, '0');
  return [...value].map((b, i) => (mask[i] === '1' ? b : 'x')).join('');
}

/** What occupies bit `bit` of a compressed row: a fixed value, a register field, or an immediate bit. */
type CBit = { kind: 'fixed'; value: number } | { kind: 'reg'; name: string } | { kind: 'imm'; immBit: number } | { kind: 'free' };

/** Bits [hi, lo] of a compressed register field. */
const C_REG_BITS: Record<Exclude<CRegField, number>, [number, number, boolean]> = {
  r11_7: [11, 7, false], r6_2: [6, 2, false], p9_7: [9, 7, true], p4_2: [4, 2, true],
};

function compressedBits(row: InstrRow): CBit[] {
  const bits: CBit[] = Array.from({ length: 16 }, (_, b): CBit =>
    ((row.mask >>> b) & 1 ? { kind: 'fixed', value: (row.match >>> b) & 1 } : { kind: 'free' }));
  const e = row.expand;
  if (e === undefined) return bits;
  const names = new Map<string, string[]>();
  for (const [reg, field] of [['rd', e.rd], ['rs1', e.rs1], ['rs2', e.rs2]] as const) {
    if (field === undefined || typeof field === 'number') continue;
    names.set(field, [...(names.get(field) ?? []), reg]);
  }
  for (const [field, regs] of names) {
    const [hi, lo, prime] = C_REG_BITS[field as keyof typeof C_REG_BITS];
    const name = regs.map((r) => (prime ? `${r}'` : r)).join('/');
    for (let b = lo; b <= hi; b++) if (bits[b]!.kind === 'free') bits[b] = { kind: 'reg', name };
  }
  for (const [instBit, immBit] of e.imm ?? []) bits[instBit] = { kind: 'imm', immBit };
  return bits;
}

/** `imm[9|4|6|8:7|5]` style label of immediate bits listed from the highest instruction bit down. */
function immLabel(immBits: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < immBits.length) {
    let j = i;
    while (j + 1 < immBits.length && immBits[j + 1] === immBits[j]! - 1) j++;
    parts.push(i === j ? `${immBits[i]}` : `${immBits[i]}:${immBits[j]}`);
    i = j + 1;
  }
  return `imm[${parts.join('|')}]`;
}

/** Groups the 16 bits of a compressed row into fields (runs of fixed bits, one register, or immediate bits). */
function compressedLayout(row: InstrRow): LayoutField[] {
  const bits = compressedBits(row);
  const key = (c: CBit) => (c.kind === 'reg' ? `reg:${c.name}` : c.kind);
  const out: LayoutField[] = [];
  let hi = 15;
  while (hi >= 0) {
    let lo = hi;
    while (lo - 1 >= 0 && key(bits[lo - 1]!) === key(bits[hi]!)) lo--;
    const run = bits.slice(lo, hi + 1).reverse();
    const first = run[0]!;
    let text: string;
    if (first.kind === 'fixed') text = run.map((c) => (c.kind === 'fixed' ? c.value : 'x')).join('');
    else if (first.kind === 'reg') text = first.name;
    else if (first.kind === 'imm') text = immLabel(run.map((c) => (c.kind === 'imm' ? c.immBit : 0)));
    else text = 'x'.repeat(run.length);
    out.push({ hi, lo, text });
    hi = lo - 1;
  }
  return out;
}

/**
 * The fields of `row` from the most significant bit down: 16 bits for a compressed row, 32 for
 * the others. Fixed fields show their bits (`0010011`), operand fields their name (`rs1`,
 * `imm[11:0]`).
 */
export function layoutOf(row: InstrRow): LayoutField[] {
  if (row.length === 2) return compressedLayout(row);
  const specs = WIDE_LAYOUTS[row.format] ?? WIDE_LAYOUTS.R!;
  return specs.map((spec) => ({ hi: spec[1], lo: spec[2], text: fieldText(row, spec) }));
}

/** The layout as a Markdown table: a header row of bit ranges and a row of field contents. */
export function layoutTable(row: InstrRow): string {
  const fields = layoutOf(row);
  const head = fields.map((f) => (f.hi === f.lo ? `${f.hi}` : `${f.hi}:${f.lo}`));
  return [`| ${head.join(' | ')} |`, `|${fields.map(() => ':-:').join('|')}|`, `| ${fields.map((f) => f.text.replace(/\|/g, '\\|')).join(' | ')} |`].join('\n');
}
