import { BASE_ROWS } from './table-base';
import { C_BUCKET_MASK, COMPRESSED_ROWS } from './table-c';
import { FD_ROWS } from './table-fd';
import type { InstrRow } from './types';

/**
 * The instruction table: one row per instruction, read by the decoder, the hart's pre-decoder,
 * the disassembler, the encoder (and later the assembler and the language server).
 * Base rows come first, then F/D rows, then compressed rows (which refer to base rows).
 */
export const INSTRUCTIONS: readonly InstrRow[] = buildTable();

/** Rows by mnemonic (`addi`, `c.addi`, `amoadd.w`). */
export const ROW_BY_MNEMONIC: ReadonlyMap<string, InstrRow> = new Map(INSTRUCTIONS.map((r) => [r.mnemonic, r]));

function buildTable(): InstrRow[] {
  const rows = [...BASE_ROWS, ...FD_ROWS, ...COMPRESSED_ROWS].map((spec, index) => {
    const r = { ...spec, index } as InstrRow;
    r.base = r;
    return r;
  });
  const byName = new Map(rows.map((r) => [r.mnemonic, r]));
  for (const r of rows) {
    if (r.expand === undefined) continue;
    const base = byName.get(r.expand.base);
    if (base === undefined) throw new Error(`table: ${r.mnemonic} expands to unknown ${r.expand.base}`);
    r.base = base;
  }
  return rows;
}

const OPCODE_MASK = 0x7f;

/** Candidate rows per 7-bit major opcode (32-bit instructions). */
const WIDE_BUCKETS: InstrRow[][] = Array.from({ length: 128 }, () => []);
/** Candidate rows per quadrant + funct3 (16-bit instructions), indexed by bucketOf16(bits). */
const COMPRESSED_BUCKETS: InstrRow[][] = Array.from({ length: 32 }, () => []);

/** Bucket index of a 16-bit instruction: quadrant (bits 1:0) and funct3 (bits 15:13). */
export function bucketOf16(bits: number): number {
  const b = bits & C_BUCKET_MASK;
  return (b & 3) | ((b >>> 13) << 2);
}

for (const r of INSTRUCTIONS) {
  if (r.length === 4) WIDE_BUCKETS[r.match & OPCODE_MASK].push(r);
  else COMPRESSED_BUCKETS[bucketOf16(r.match)].push(r);
}

/** Rows that could match 32-bit `bits` (same major opcode), in table order. */
export function wideCandidates(bits: number): readonly InstrRow[] {
  return WIDE_BUCKETS[bits & OPCODE_MASK];
}

/** Rows that could match 16-bit `bits` (same quadrant and funct3), in table order. */
export function compressedCandidates(bits: number): readonly InstrRow[] {
  return COMPRESSED_BUCKETS[bucketOf16(bits)];
}
