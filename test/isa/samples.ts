import { encode } from '../../src/isa/encode';
import { F_NAMES, X_NAMES } from '../../src/isa/names';
import { INSTRUCTIONS } from '../../src/isa/table';
import type { InstrFields, InstrRow } from '../../src/isa/types';

/** Deterministic xorshift PRNG (tests must not use Math.random). */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

export interface Sample { row: InstrRow; fields: InstrFields; bits: number }

const CSRS = [0x001, 0x002, 0x003, 0xc00, 0xc01, 0xc02, 0x100, 0x141, 0x180, 0x300, 0x7c0, 0xc83];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)];
}

function randomImm(rnd: () => number): number {
  const kind = Math.floor(rnd() * 8);
  const r = (bits: number) => Math.floor(rnd() * 2 ** bits) - 2 ** (bits - 1);
  switch (kind) {
    case 0: return pick(rnd, [0, 1, -1, 2, 4, 8, 16, 32, -16, -64, 2047, -2048, 63, 31]);
    case 1: return r(7);
    case 2: return r(12);
    case 3: return Math.floor(rnd() * 64) * pick(rnd, [1, 4, 8, 16]);
    case 4: return r(13) & ~1;
    case 5: return r(21) & ~1;
    case 6: return (rnd() < 0.5 ? r(20) : r(6)) * 4096;
    default: return Math.floor(rnd() * 64);
  }
}

function randomReg(rnd: () => number): number {
  return rnd() < 0.3 ? pick(rnd, [0, 1, 2, 8, 10]) : Math.floor(rnd() * 32);
}

/** Up to `count` random valid encodings of `row` (fields drawn until the encoder accepts them). */
export function samplesFor(row: InstrRow, count: number, rnd: () => number): Sample[] {
  const out: Sample[] = [];
  for (let attempt = 0; attempt < count * 300 && out.length < count; attempt++) {
    const fields: InstrFields = {
      rd: randomReg(rnd), rs1: randomReg(rnd), rs2: randomReg(rnd), rs3: 0, imm: randomImm(rnd),
      csr: pick(rnd, CSRS), rm: 0, aq: rnd() < 0.5 ? 1 : 0, rl: rnd() < 0.5 ? 1 : 0,
      pred: 1 + Math.floor(rnd() * 15), succ: 1 + Math.floor(rnd() * 15), fm: 0,
    };
    const IMM_KINDS = ['imm', 'shamt', 'zimm', 'uimm20', 'mem', 'branch', 'jump'];
    if (!row.operands.some((k) => IMM_KINDS.includes(k))) fields.imm = 0;
    if (row.format === 'CSRI') fields.imm = Math.floor(rnd() * 32);
    if (row.format === 'FENCE' && rnd() < 0.3) { fields.pred = 15; fields.succ = 15; }
    if (row.extension === 'F' || row.extension === 'D') fpFields(row, fields, rnd);
    const e = row.expand;
    if (e?.rd !== undefined && e.rd === e.rs1) fields.rs1 = fields.rd;
    if (typeof e?.rd === 'number') fields.rd = e.rd;
    if (typeof e?.rs1 === 'number') fields.rs1 = e.rs1;
    if (typeof e?.rs2 === 'number') fields.rs2 = e.rs2;
    const bits = encode(row, fields);
    if (bits !== undefined) out.push({ row, fields, bits });
  }
  return out;
}

/** F/D rows: a random rs3 and rounding mode (rne..rmm or dyn) where the row has them; fixed rs2 selectors stay 0. */
function fpFields(row: InstrRow, fields: InstrFields, rnd: () => number): void {
  fields.rm = row.operands.includes('rm') ? pick(rnd, [0, 1, 2, 3, 4, 7, 7]) : 0;
  fields.rs3 = row.operands.includes('frs3') ? Math.floor(rnd() * 32) : 0;
  if (!row.operands.includes('frs2') && row.format !== 'S') fields.rs2 = 0;
  if (row.mnemonic.startsWith('fsgnj') && rnd() < 0.3) fields.rs2 = fields.rs1;
}

/** Samples for every row of the table. */
export function allSamples(perRow: number, seed = 1): Sample[] {
  const rnd = prng(seed);
  return INSTRUCTIONS.flatMap((row) => samplesFor(row, perRow, rnd));
}

const FENCE_NAMES = 'iorw';
const fenceSet = (v: number) => [...FENCE_NAMES].filter((_, i) => v & (8 >> i)).join('');

/** GNU as source text for a sample, in the row's own syntax (c.* rows as c.* mnemonics). */
export function asmText(s: Sample): string {
  const { row, fields: f } = s;
  const xr = (r: number) => X_NAMES[r];
  let mnemonic = row.mnemonic;
  if (row.format === 'AMO' || row.format === 'LR') mnemonic += f.aq && f.rl ? '.aqrl' : f.aq ? '.aq' : f.rl ? '.rl' : '';
  const ops = row.operands.map((kind) => {
    switch (kind) {
      case 'rd': return xr(f.rd);
      case 'rs1': return xr(f.rs1);
      case 'rs2': return xr(f.rs2);
      case 'frd': return F_NAMES[f.rd];
      case 'frs1': return F_NAMES[f.rs1];
      case 'frs2': return F_NAMES[f.rs2];
      case 'frs3': return F_NAMES[f.rs3];
      case 'rm': return ['rne', 'rtz', 'rdn', 'rup', 'rmm', '', '', 'dyn'][f.rm];
      case 'imm': case 'shamt': case 'zimm': return `${f.imm}`;
      case 'uimm20': return `0x${((f.imm >>> 12) & 0xfffff).toString(16)}`;
      case 'csr': return `0x${f.csr.toString(16)}`;
      case 'mem': return `${f.imm}(${xr(f.rs1)})`;
      case 'amo': return `(${xr(f.rs1)})`;
      case 'branch': case 'jump': return `.${f.imm < 0 ? '' : '+'}${f.imm}`;
      case 'pred': return fenceSet(f.pred);
      case 'succ': return fenceSet(f.succ);
      default: return '?';
    }
  });
  return ops.length ? `${mnemonic} ${ops.join(', ')}` : mnemonic;
}
