import { describe, expect, it } from 'vitest';
import { decode } from '../../src/isa/decode';
import { disassemble } from '../../src/isa/disasm';
import { encode } from '../../src/isa/encode';
import { INSTRUCTIONS } from '../../src/isa/table';
import { allSamples } from './samples';

describe('instruction table', () => {
  it('has unique mnemonics, a doc line and operands for every row, and match bits inside the mask', () => {
    const names = new Set<string>();
    for (const row of INSTRUCTIONS) {
      expect(names.has(row.mnemonic), row.mnemonic).toBe(false);
      names.add(row.mnemonic);
      expect(row.doc.length, row.mnemonic).toBeGreaterThan(5);
      expect((row.match & ~row.mask) >>> 0, row.mnemonic).toBe(0);
      expect(row.length === 2 ? row.expand !== undefined : row.expand === undefined, row.mnemonic).toBe(true);
    }
  });
  it('covers every RV64C encoding (26 integer + 4 double-precision) and the A extension with both widths', () => {
    expect(INSTRUCTIONS.filter((r) => r.extension === 'C').length).toBeGreaterThanOrEqual(33);
    expect(INSTRUCTIONS.filter((r) => r.extension === 'A').length).toBe(22);
  });
  it('every row decodes its own match bits with zero operands where that is legal', () => {
    for (const row of INSTRUCTIONS) {
      const bits = encode(row, {});
      if (bits === undefined) continue; // e.g. c.addi4spn needs a nonzero immediate
      expect(decode(bits)?.row.mnemonic, row.mnemonic).toBe(row.mnemonic);
    }
  });
});

describe('encode/decode round trip', () => {
  const samples = allSamples(40, 7);
  it('produces samples for every row', () => {
    const covered = new Set(samples.map((s) => s.row.mnemonic));
    expect(INSTRUCTIONS.filter((r) => !covered.has(r.mnemonic)).map((r) => r.mnemonic)).toEqual([]);
  });
  it('decode(encode(row, fields)) gives back the row, the length and every operand field used', () => {
    for (const s of samples) {
      const d = decode(s.bits);
      expect(d?.row, s.row.mnemonic).toBe(s.row);
      expect(d?.length).toBe(s.row.length);
      const again = encode(s.row, d!);
      expect(again, s.row.mnemonic).toBe(s.bits);
    }
  });
  it('disassembles every sample to non-empty text without throwing', () => {
    for (const s of samples) expect(disassemble(s.bits, 0x1000).length).toBeGreaterThan(1);
  });
  it('decode never throws and returns undefined for unknown encodings', () => {
    expect(decode(0)).toBeUndefined();
    expect(decode(0xffffffff)).toBeUndefined();
    expect(decode(0x0000007f)).toBeUndefined();
    for (let i = 0; i < 0x10000; i += 7) decode(i);
  });
});
