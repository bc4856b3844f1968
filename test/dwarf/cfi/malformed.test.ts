import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CallFrameInfo, unwindStep } from '../../../src/dwarf/cfi';
import {
  DW_CFA_advance_loc, DW_CFA_advance_loc1, DW_CFA_def_cfa, DW_CFA_def_cfa_expression, DW_CFA_def_cfa_offset,
  DW_CFA_def_cfa_register, DW_CFA_restore_state, DW_CFA_set_loc, DW_EH_PE_indirect,
  DW_EH_PE_pcrel, DW_EH_PE_sdata4,
} from '../../../src/dwarf/cfi/constants';
import { parseElf64, sectionBytes } from '../../../src/elf';
import { cie, fde, le, pcrel4, section, type EntryBytes, type Layout } from './frame-builder';

const EH: Layout = { kind: 'eh_frame' };
const EH_ADDR = 0x1000;
const FN = 0x2000;
/** An opcode DWARF 5 does not define for RISC-V (DW_CFA_MIPS_advance_loc8). */
const DW_CFA_MIPS_advance_loc8 = 0x1d;

const load = (bytes: Uint8Array) => CallFrameInfo.fromSections({ ehFrame: { bytes, addr: EH_ADDR } });
const goodFde = (cieOffset: number, at = FN) => fde(EH, { cieOffset, range: pcrel4(at, 8), augData: [], instructions: [DW_CFA_def_cfa_offset, 16] }, EH_ADDR);
/** CIE/FDE pairs laid out in order; each FDE is built knowing its CIE's offset. */
function pairs(list: Array<[EntryBytes, (cieOffset: number, at: number) => EntryBytes]>): Uint8Array {
  const out: number[] = [];
  list.forEach(([makeCie, makeFde], i) => {
    const cieOffset = out.length;
    out.push(...makeCie(cieOffset));
    out.push(...makeFde(cieOffset, FN + 0x100 * i)(out.length));
  });
  return new Uint8Array(out);
}
const withInstructions = (instructions: number[]) =>
  section([cie(EH), fde(EH, { cieOffset: 0, range: pcrel4(FN, 8), augData: [], instructions }, EH_ADDR)]).bytes;

describe('malformed call frame information is reported, skipped, and never throws', () => {
  it('a truncated CIE (its length runs past the section)', () => {
    const { bytes } = section([cie(EH)]);
    const cfi = load(bytes.subarray(0, bytes.length - 3));
    expect(cfi.rowAt(FN)).toBeUndefined();
    expect(cfi.errors).toEqual([expect.stringMatching(/eh_frame entry at 0x0: length \d+ runs past the end/)]);
  });

  it('a CIE cut inside its fields (length fits, body too short)', () => {
    const bytes = new Uint8Array([...le(3, 4), ...le(0, 4).slice(0, 3)]);
    const cfi = load(bytes);
    expect(cfi.rowAt(FN)).toBeUndefined();
    expect(cfi.errors.length).toBe(1);
  });

  it('an FDE whose CIE pointer leads outside the section or to another FDE', () => {
    // The CIE takes 0x14 bytes, each FDE 0x13: FDEs at 0x14, 0x27, 0x3a.
    const { bytes, offsets } = section([cie(EH), goodFde(0x4000), goodFde(0x14, FN + 0x100), goodFde(0, FN + 0x200)]);
    expect(offsets).toEqual([0, 0x14, 0x27, 0x3a]);
    const cfi = load(bytes);
    expect(cfi.rowAt(FN)).toBeUndefined();
    expect(cfi.rowAt(FN + 0x100)).toBeUndefined();
    expect(cfi.rowAt(FN + 0x200)?.cfa).toMatchObject({ offset: 16 });
    expect(cfi.errors).toEqual([
      'FDE at eh_frame+0x14: CIE pointer -0xffffc000 is outside the section',
      'FDE at eh_frame+0x27: no CIE at offset 0x14',
    ]);
  });

  it('bad augmentation strings and unsupported versions', () => {
    const cfi = load(pairs([
      [cie(EH, { augmentation: 'zQ', augData: [0] }), goodFde],
      [cie(EH, { augmentation: 'xyz' }), goodFde],
      [cie(EH, { version: 2 }), goodFde],
    ]));
    expect([FN, FN + 0x100, FN + 0x200].map((pc) => cfi.rowAt(pc))).toEqual([undefined, undefined, undefined]);
    expect(cfi.errors.join('\n')).toMatch(/unknown augmentation character 'Q'[^]*unknown augmentation "xyz"[^]*unsupported version 2/);
  });

  it('bad pointer encodings: unknown format, unknown application, indirect pc_begin', () => {
    const cfi = load(pairs([
      [cie(EH, { augData: [0x07] }), goodFde],
      [cie(EH, { augData: [0x60 | DW_EH_PE_sdata4] }), goodFde],
      [cie(EH, { augData: [DW_EH_PE_indirect | DW_EH_PE_pcrel | DW_EH_PE_sdata4] }), goodFde],
    ]));
    expect([FN, FN + 0x100, FN + 0x200].map((pc) => cfi.rowAt(pc))).toEqual([undefined, undefined, undefined]);
    expect(cfi.errors.join('\n')).toMatch(/bad FDE pointer encoding 0x7[^]*bad FDE pointer encoding 0x6b[^]*DW_EH_PE_indirect/);
  });

  it('reserved initial lengths stop the walk', () => {
    const cfi = load(new Uint8Array([...le(0xfffffff5, 4), 0, 0, 0, 0]));
    expect(cfi.rowAt(FN)).toBeUndefined();
    expect(cfi.errors).toEqual(['eh_frame entry at 0x0: reserved length 0xfffffff5']);
  });

  it('an advance past the FDE range keeps the rows before it', () => {
    const cfi = load(withInstructions([DW_CFA_advance_loc | 4, DW_CFA_def_cfa_offset, 16, DW_CFA_advance_loc1, 100, DW_CFA_def_cfa_offset, 0]));
    expect(cfi.rowAt(FN)).toMatchObject({ startPc: FN, endPc: FN + 4, cfa: { offset: 0 } });
    expect(cfi.rowAt(FN + 7)).toMatchObject({ startPc: FN + 4, endPc: FN + 8, cfa: { offset: 16 } });
    expect(cfi.errors).toEqual([expect.stringMatching(/advance to 0x2068 is past the FDE's end 0x2008/)]);
  });

  it.each([
    ['an unknown opcode', [DW_CFA_MIPS_advance_loc8, 1], /unknown call frame instruction 0x1d/],
    ['restore_state with nothing remembered', [DW_CFA_restore_state], /no remembered state/],
    ['def_cfa_offset while the CFA is an expression', [DW_CFA_def_cfa_expression, 1, 0x72, DW_CFA_def_cfa_offset, 8], /while the CFA is an expression/],
    ['def_cfa_register while the CFA is an expression', [DW_CFA_def_cfa_expression, 1, 0x72, DW_CFA_def_cfa_register, 8], /while the CFA is an expression/],
    ['an operand cut off by the end of the FDE', [DW_CFA_def_cfa, 2], /read past the end/],
    ['an expression longer than the FDE', [DW_CFA_def_cfa_expression, 40, 0x72], /read past the end/],
    // The set_loc operand (pcrel|sdata4) lies at section offset 39: CIE 20 bytes, FDE header 17, 2 opcodes.
    ['a set_loc backwards', [DW_CFA_set_loc, ...le(FN - (EH_ADDR + 39), 4)], /moves backwards to 0x2000/],
  ])('%s ends the table with an error', (_name, instructions, message) => {
    const cfi = load(withInstructions([DW_CFA_advance_loc | 2, ...instructions]));
    expect(cfi.rowAt(FN)).toMatchObject({ startPc: FN, endPc: FN + 2 });
    expect(cfi.rowAt(FN + 2)).toBeUndefined();
    expect(cfi.errors).toEqual([expect.stringMatching(message)]);
    cfi.rowAt(FN + 4);
    expect(cfi.errors.length).toBe(1);
  });

  it('never throws on corrupted copies of a real .eh_frame (mutated bytes, truncations)', () => {
    const path = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'frames-O2');
    const parsed = parseElf64(new Uint8Array(readFileSync(path)));
    if (!parsed.ok) throw new Error(parsed.error);
    const eh = sectionBytes(parsed.elf, '.eh_frame')!;
    const ehAddr = parsed.elf.sections.find((s) => s.name === '.eh_frame')!.addr;
    const text = parsed.elf.sections.find((s) => s.name === '.text')!;
    let seed = 12345;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const regs = Array.from({ length: 64 }, (_, i) => BigInt(0x1000 * i));
    const io = { readU64: () => 0n, evaluate: () => undefined };
    for (let round = 0; round < 300; round++) {
      const bytes = eh.slice(0, random(4) === 0 ? random(eh.length) : eh.length);
      for (let k = 0; k < 1 + random(20); k++) bytes[random(bytes.length)] = random(256);
      const cfi = CallFrameInfo.fromSections({ ehFrame: { bytes, addr: ehAddr } });
      for (let q = 0; q < 20; q++) {
        const row = cfi.rowAt(text.addr + random(text.size));
        if (row) unwindStep(row, regs, io);
      }
    }
  });
});
