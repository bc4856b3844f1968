import { describe, expect, it } from 'vitest';
import { CallFrameInfo, FrameSection, type Fde } from '../../../src/dwarf/cfi';
import {
  DW_CFA_advance_loc, DW_CFA_def_cfa_offset, DW_CFA_offset, DW_CFA_restore, DW_CFA_set_loc, DW_EH_PE_absptr,
  DW_EH_PE_aligned, DW_EH_PE_datarel, DW_EH_PE_funcrel, DW_EH_PE_indirect, DW_EH_PE_pcrel, DW_EH_PE_sdata2,
  DW_EH_PE_sdata4, DW_EH_PE_sdata8, DW_EH_PE_sleb128, DW_EH_PE_textrel, DW_EH_PE_udata2, DW_EH_PE_udata4,
  DW_EH_PE_udata8, DW_EH_PE_uleb128,
} from '../../../src/dwarf/cfi/constants';
import { abs8, cie, fde, le, pcrel4, section, sleb, uleb, type Layout } from './frame-builder';

const EH: Layout = { kind: 'eh_frame' };
const EH_ADDR = 0x1000;
const FN = 0x2000;
const PCREL_SDATA4 = DW_EH_PE_pcrel | DW_EH_PE_sdata4;

/** A prologue/epilogue: sp-=16 at +2 (CFA sp+16), ra saved at +4, restored at +8, CFA sp+0 at +10. */
const PROLOGUE = [
  DW_CFA_advance_loc | 2, DW_CFA_def_cfa_offset, 16,
  DW_CFA_advance_loc | 2, DW_CFA_offset | 1, 2,
  DW_CFA_advance_loc | 4, DW_CFA_restore | 1,
  DW_CFA_advance_loc | 2, DW_CFA_def_cfa_offset, 0,
];

function ehOnly(bytes: Uint8Array, extra: Partial<Parameters<typeof CallFrameInfo.fromSections>[0]> = {}): CallFrameInfo {
  return CallFrameInfo.fromSections({ ehFrame: { bytes, addr: EH_ADDR }, ...extra });
}

describe('.eh_frame CIEs and FDEs', () => {
  it('gives the row of each pc of a prologue/epilogue, and none outside the FDE', () => {
    const { bytes } = section([cie(EH), fde(EH, { cieOffset: 0, range: pcrel4(FN, 12), augData: [], instructions: PROLOGUE }, EH_ADDR)]);
    const cfi = ehOnly(bytes);
    const show = (pc: number) => {
      const row = cfi.rowAt(pc);
      return row && { start: row.startPc, end: row.endPc, cfa: row.cfa, rules: Object.fromEntries(row.rules) };
    };
    const sp = (offset: number) => ({ kind: 'regOffset', reg: 2, offset });
    expect(show(FN)).toEqual({ start: FN, end: FN + 2, cfa: sp(0), rules: {} });
    expect(show(FN + 3)).toEqual({ start: FN + 2, end: FN + 4, cfa: sp(16), rules: {} });
    expect(show(FN + 4)).toEqual({ start: FN + 4, end: FN + 8, cfa: sp(16), rules: { 1: { kind: 'offset', offset: -8 } } });
    expect(show(FN + 8)).toEqual({ start: FN + 8, end: FN + 10, cfa: sp(16), rules: {} });
    expect(show(FN + 11)).toEqual({ start: FN + 10, end: FN + 12, cfa: sp(0), rules: {} });
    expect(cfi.rowAt(FN + 12)).toBeUndefined();
    expect(cfi.rowAt(FN - 1)).toBeUndefined();
    expect(cfi.rowAt(BigInt(FN + 4))?.startPc).toBe(FN + 4);
    expect(cfi.rowAt(2n ** 64n - 1n)).toBeUndefined();
    expect(cfi.errors).toEqual([]);
  });

  /** initial_location bytes of `encoding` for `value`, read at fieldAddress. */
  const encode = (encoding: number, value: number, fieldAddress: number, bases: { text: number; data: number }): number[] => {
    const app = encoding & 0x70;
    const rel = app === DW_EH_PE_pcrel ? value - fieldAddress : app === DW_EH_PE_textrel ? value - bases.text : app === DW_EH_PE_datarel ? value - bases.data : value;
    switch (encoding & 0x0f) {
      case DW_EH_PE_absptr: return le(rel, 8);
      case DW_EH_PE_uleb128: return uleb(rel);
      case DW_EH_PE_sleb128: return sleb(rel);
      case DW_EH_PE_udata2: case DW_EH_PE_sdata2: return le(rel, 2);
      case DW_EH_PE_udata4: case DW_EH_PE_sdata4: return le(rel, 4);
      default: return le(rel, 8);
    }
  };
  const lengthOf = (encoding: number, n: number) => encode(encoding & 0x0f, n, 0, { text: 0, data: 0 });

  it.each([
    ['absptr', DW_EH_PE_absptr], ['udata2', DW_EH_PE_udata2], ['udata4', DW_EH_PE_udata4], ['udata8', DW_EH_PE_udata8],
    ['uleb128', DW_EH_PE_uleb128], ['sleb128', DW_EH_PE_sleb128], ['sdata2', DW_EH_PE_sdata2], ['sdata4', DW_EH_PE_sdata4],
    ['sdata8', DW_EH_PE_sdata8], ['pcrel|sdata4', PCREL_SDATA4], ['pcrel|sdata8', DW_EH_PE_pcrel | DW_EH_PE_sdata8],
    ['textrel|udata4', DW_EH_PE_textrel | DW_EH_PE_udata4], ['datarel|sdata4', DW_EH_PE_datarel | DW_EH_PE_sdata4],
    ['pcrel|sleb128', DW_EH_PE_pcrel | DW_EH_PE_sleb128], ['pcrel|uleb128', DW_EH_PE_pcrel | DW_EH_PE_uleb128],
  ])('reads FDE ranges encoded %s', (_name, encoding) => {
    const bases = { text: 0x1800, data: 0x1900 };
    // pcrel|sleb128 gets a negative offset (the function lies before the section).
    const begin = encoding === (DW_EH_PE_pcrel | DW_EH_PE_sleb128) ? EH_ADDR - 0x80 : 0x1c00;
    const range = (at: number) => [...encode(encoding, begin, at, bases), ...lengthOf(encoding, 6)];
    const { bytes } = section([cie(EH, { augData: [encoding] }), fde(EH, { cieOffset: 0, range, augData: [], instructions: [] }, EH_ADDR)]);
    const cfi = ehOnly(bytes, { textAddr: bases.text, gotAddr: bases.data });
    const found = cfi.ehFrame!.fdeAt(begin + 5);
    expect([found?.pcBegin, found?.pcEnd]).toEqual([begin, begin + 6]);
    expect(cfi.errors).toEqual([]);
  });

  it('reads DW_EH_PE_aligned pointers after padding to the address size', () => {
    // The CIE takes 20 bytes, so the FDE's pointer field starts at 28: 4 bytes of padding first.
    const range = () => [0, 0, 0, 0, ...le(0x3000, 8), ...le(0x20, 8)];
    const { bytes } = section([cie(EH, { augData: [DW_EH_PE_aligned] }), fde(EH, { cieOffset: 0, range, augData: [] })]);
    const found = ehOnly(bytes).ehFrame!.fdeAt(0x3010);
    expect([found?.pcBegin, found?.pcEnd]).toEqual([0x3000, 0x3020]);
  });

  it('reads a personality (indirect allowed), an LSDA relative to the function, and "S"', () => {
    const personality = [PCREL_SDATA4 | DW_EH_PE_indirect, ...le(0x40, 4)];
    const augData = [...personality, DW_EH_PE_funcrel | DW_EH_PE_udata4, PCREL_SDATA4];
    const { bytes } = section([
      cie(EH, { augmentation: 'zPLRS', augData }),
      fde(EH, { cieOffset: 0, range: pcrel4(FN, 8), augData: le(0x30, 4) }, EH_ADDR),
    ]);
    const found = ehOnly(bytes).ehFrame!.fdeAt(FN) as Fde;
    // The personality field is at section offset 4 (length) + 4 (id) + 1 (version) + 6 ("zPLRS\0")
    // + 3 (factors, ra) + 1 (augmentation length) + 1 (encoding byte) = 20.
    expect(found.cie.personality).toEqual({ address: EH_ADDR + 20 + 0x40, indirect: true });
    expect(found.lsda).toBe(FN + 0x30);
    expect(found.cie.signalFrame).toBe(true);
    expect(ehOnly(bytes).rowAt(FN)?.signalFrame).toBe(true);
  });

  it('reads the pre-3.0 "eh" augmentation (a pointer-sized word after the string)', () => {
    const { bytes } = section([
      cie(EH, { augmentation: 'eh', preFactors: le(0, 8) }),
      fde(EH, { cieOffset: 0, range: abs8(FN, 8), instructions: [DW_CFA_advance_loc | 4, DW_CFA_def_cfa_offset, 32] }),
    ]);
    const cfi = ehOnly(bytes);
    expect(cfi.rowAt(FN + 4)?.cfa).toEqual({ kind: 'regOffset', reg: 2, offset: 32 });
    expect(cfi.errors).toEqual([]);
  });

  it('continues past a zero terminator and ignores FDEs of empty range', () => {
    const { bytes } = section([
      cie(EH), fde(EH, { cieOffset: 0, range: pcrel4(FN, 0), augData: [] }, EH_ADDR), () => le(0, 4),
      fde(EH, { cieOffset: 0, range: pcrel4(FN, 8), augData: [] }, EH_ADDR),
    ]);
    expect(ehOnly(bytes).rowAt(FN + 2)?.startPc).toBe(FN);
  });
});

describe('.debug_frame CIE versions', () => {
  const setLocTable = [DW_CFA_def_cfa_offset, 16, DW_CFA_set_loc, ...le(FN + 6, 8), DW_CFA_def_cfa_offset, 48];

  it.each([
    ['version 1 (ubyte return address register)', { kind: 'debug_frame' } as Layout, { version: 1, ra: 1 }],
    ['version 3 (ULEB128 return address register)', { kind: 'debug_frame' } as Layout, { version: 3, ra: 200 }],
    ['version 4 (address_size, segment_selector_size)', { kind: 'debug_frame' } as Layout, { version: 4, preFactors: [8, 0], ra: 1 }],
    ['version 4 in 64-bit DWARF', { kind: 'debug_frame', dwarf64: true } as Layout, { version: 4, preFactors: [8, 0], ra: 64 }],
  ])('%s', (_name, layout, spec) => {
    const { bytes } = section([cie(layout, spec), fde(layout, { cieOffset: 0, range: abs8(FN, 16), instructions: setLocTable })]);
    const cfi = CallFrameInfo.fromSections({ debugFrame: { bytes, addr: 0 } });
    expect(cfi.rowAt(FN + 5)).toMatchObject({ startPc: FN, endPc: FN + 6, cfa: { offset: 16 }, returnAddressRegister: spec.ra });
    expect(cfi.rowAt(FN + 6)).toMatchObject({ startPc: FN + 6, endPc: FN + 16, cfa: { offset: 48 } });
    expect(cfi.errors).toEqual([]);
    const entries = [...new FrameSection('debug_frame', bytes, { section: 0 }, 8).entries()].map((e) => e.kind);
    expect(entries).toEqual(['cie', 'fde']);
  });
});

describe('.eh_frame_hdr search table', () => {
  const HDR_ADDR = 0x800;
  const FNS = [0x2000, 0x2100, 0x2200];
  function build(version = 1) {
    const eh = section([cie(EH), ...FNS.map((f, i) => fde(EH, {
      cieOffset: 0, range: pcrel4(f, 0x40), augData: [], instructions: [DW_CFA_def_cfa_offset, 16 * (i + 1)],
    }, EH_ADDR))]);
    // (initial_location, FDE address) pairs sorted by initial_location, relative to the header.
    const sorted = FNS.flatMap((f, i) => [...le(f - HDR_ADDR, 4), ...le(EH_ADDR + eh.offsets[i + 1]! - HDR_ADDR, 4)]);
    const hdr = new Uint8Array([version, PCREL_SDATA4, DW_EH_PE_udata4, DW_EH_PE_datarel | DW_EH_PE_sdata4,
      ...le(EH_ADDR - (HDR_ADDR + 4), 4), ...le(FNS.length, 4), ...sorted]);
    return CallFrameInfo.fromSections({ ehFrame: { bytes: eh.bytes, addr: EH_ADDR }, ehFrameHdr: { bytes: hdr, addr: HDR_ADDR } });
  }

  it('finds each FDE by binary search', () => {
    const cfi = build();
    expect(FNS.map((f) => cfi.rowAt(f + 0x3f)?.cfa)).toEqual([16, 32, 48].map((offset) => ({ kind: 'regOffset', reg: 2, offset })));
    expect(cfi.rowAt(FNS[0]! - 1)).toBeUndefined();
    expect(cfi.rowAt(FNS[2]! + 0x40)).toBeUndefined();
    expect(cfi.errors).toEqual([]);
  });

  it('reports a malformed header and indexes .eh_frame instead', () => {
    const cfi = build(2);
    expect(cfi.rowAt(FNS[1]!)?.cfa).toMatchObject({ offset: 32 });
    expect(cfi.errors).toEqual(['.eh_frame_hdr: unsupported version 2; indexing .eh_frame instead']);
  });
});

describe('.eh_frame first, .debug_frame as the fallback per pc', () => {
  it('asks .debug_frame for pcs .eh_frame does not cover', () => {
    const eh = section([cie(EH), fde(EH, { cieOffset: 0, range: pcrel4(FN, 8), augData: [], instructions: [DW_CFA_def_cfa_offset, 16] }, EH_ADDR)]);
    const df: Layout = { kind: 'debug_frame' };
    const debug = section([cie(df), fde(df, { cieOffset: 0, range: abs8(FN, 16), instructions: [DW_CFA_def_cfa_offset, 99] })]);
    const cfi = CallFrameInfo.fromSections({ ehFrame: { bytes: eh.bytes, addr: EH_ADDR }, debugFrame: { bytes: debug.bytes, addr: 0 } });
    expect(cfi.rowAt(FN + 4)?.cfa).toMatchObject({ offset: 16 });
    expect(cfi.rowAt(FN + 12)?.cfa).toMatchObject({ offset: 99 });
  });
});
