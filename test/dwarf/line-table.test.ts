import { describe, expect, it } from 'vitest';
import { loadLineTable, type LineTable } from '../../src/dwarf';
import { findSymbol, parseElf64, symbolize, type Elf64 } from '../../src/elf';
import { fixtureBytes } from '../elf/tools';

const TINY_C = '/glasskernel/fixtures/tiny.c';
const TINY_H = '/glasskernel/fixtures/include/tiny.h';

function fixture(): { elf: Elf64; table: LineTable } {
  const parsed = parseElf64(fixtureBytes());
  if (!parsed.ok) throw new Error(parsed.error);
  const lines = loadLineTable(parsed.elf);
  if (!lines.ok) throw new Error(lines.error);
  expect(lines.warnings).toEqual([]);
  return { elf: parsed.elf, table: lines.table };
}

describe('line table of the fixture (gcc 12, DWARF 5)', () => {
  const { elf, table } = fixture();
  const hex = (n: number): string => `0x${n.toString(16)}`;

  it('decodes every row with full paths joined from the compile and include directories', () => {
    const rows = table.rows.map((r) => `${hex(r.address)} ${r.endSequence ? '-' : r.line} ${r.file}`);
    expect(rows).toEqual([
      `0x10120 6 ${TINY_H}`, `0x1012a 7 ${TINY_H}`, `0x10132 8 ${TINY_H}`,
      `0x1013a 14 ${TINY_C}`, `0x10146 15 ${TINY_C}`, `0x1014a 16 ${TINY_C}`, `0x1014e 16 ${TINY_C}`,
      `0x10150 17 ${TINY_C}`, `0x1015a 17 ${TINY_C}`, `0x10164 16 ${TINY_C}`, `0x1016e 16 ${TINY_C}`,
      `0x1017a 20 ${TINY_C}`, `0x1017e 21 ${TINY_C}`, `0x10188 24 ${TINY_C}`, `0x10192 25 ${TINY_C}`,
      `0x10196 26 ${TINY_C}`, `0x1019a 27 ${TINY_C}`, `0x1019e 28 ${TINY_C}`, `0x101a0 33 ${TINY_C}`,
      `0x101a8 34 ${TINY_C}`, `0x101b6 34 ${TINY_C}`, `0x101c2 35 ${TINY_C}`, `0x101ca 35 ${TINY_C}`,
      `0x101cc 36 ${TINY_C}`, `0x101d6 - ${TINY_C}`,
      `0x101e2 53 ${TINY_C}`, `0x101ea 54 ${TINY_C}`, `0x101f0 54 ${TINY_C}`, `0x101f6 55 ${TINY_C}`,
      `0x10200 - ${TINY_C}`,
    ]);
    expect(table.rows.every((r) => r.isStmt)).toBe(true);
  });

  it('keeps columns and discriminators from the program', () => {
    const loopBody = table.rows.find((r) => r.address === 0x10150)!;
    expect(loopBody).toMatchObject({ line: 17, column: 12, discriminator: 3 });
  });

  it('splits code from different sections into separate sequences ordered by address', () => {
    expect(table.sequences.map((s) => [hex(s.start), hex(s.end)])).toEqual([
      ['0x10120', '0x101d6'],
      ['0x101e2', '0x10200'],
    ]);
  });

  it('maps a pc to the row whose range contains it, with that range', () => {
    expect(table.lookup(0x10154)).toEqual({ file: TINY_C, line: 17, column: 12, address: 0x10150, endAddress: 0x1015a, isStmt: true });
    expect(table.lookup(0x10120)).toMatchObject({ file: TINY_H, line: 6 });
    expect(table.lookup(0x101d5)).toMatchObject({ line: 36 });
  });

  it('maps no source line to a pc outside every sequence (such as _start, written in asm)', () => {
    expect(table.lookup(0x101d6)).toBeUndefined(); // end of the first sequence
    expect(table.lookup(elf.entry)).toBeUndefined();
    expect(table.lookup(0x10000)).toBeUndefined();
    expect(table.lookup(0x10200)).toBeUndefined();
  });

  it('lists the source files that have code', () => {
    expect(table.files()).toEqual([TINY_H, TINY_C]);
  });

  it('gives the entry address of each run of a line, for breakpoints', () => {
    expect(table.addressesForLine(TINY_C, 15)).toEqual([0x10146]);
    expect(table.addressesForLine(TINY_C, 16)).toEqual([0x1014a, 0x10164]); // init; increment + test
    expect(table.addressesForLine(TINY_C, 17)).toEqual([0x10150]);
    expect(table.addressesForLine(TINY_C, 18)).toEqual([]);
  });

  it('matches host paths from the editor by their longest common suffix', () => {
    expect(table.addressesForLine('/home/student/glasskernel/test/fixtures/elf/tiny.c', 15)).toEqual([0x10146]);
    expect(table.addressesForLine('C:\\Users\\me\\fixtures\\tiny.c', 15)).toEqual([0x10146]);
    expect(table.addressesForLine('/somewhere/else/include/tiny.h', 7)).toEqual([0x1012a]);
    expect(table.addressesForLine('/somewhere/TINY.C', 15)).toEqual([0x10146]); // case-insensitive fallback
    expect(table.addressesForLine('/somewhere/other.c', 15)).toEqual([]);
  });

  it('moves a breakpoint on a line without code to the next line with code, as gdb does', () => {
    expect(table.resolveBreakpoint(TINY_C, 18)).toEqual({ line: 20, addresses: [0x1017a] });
    expect(table.resolveBreakpoint(TINY_C, 29)).toEqual({ line: 33, addresses: [0x101a0] });
    expect(table.resolveBreakpoint(TINY_C, 56)).toBeUndefined();
    expect(table.resolveBreakpoint('nothing.c', 1)).toBeUndefined();
  });

  it('keeps one address per function when asked, so a for-loop line stops once per entry', () => {
    const functionOf = (a: number): number | undefined => symbolize(elf, a)?.symbol.value;
    expect(table.resolveBreakpoint(TINY_C, 16, functionOf)).toEqual({ line: 16, addresses: [0x1014a] });
    expect(findSymbol(elf, 'sum_squares')!.value).toBeLessThan(0x1014a);
  });
});
