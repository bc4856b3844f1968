import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CallFrameInfo, type UnwindRow } from '../../../src/dwarf/cfi';
import { parseElf64 } from '../../../src/elf';
import { haveReadelf, readelfFramesInterp, showRow, type ReadelfEntry, type ReadelfRow } from './readelf-frames';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

function load(name: string): CallFrameInfo {
  const parsed = parseElf64(new Uint8Array(readFileSync(join(FIXTURES, name))));
  if (!parsed.ok) throw new Error(parsed.error);
  return CallFrameInfo.fromElf(parsed.elf);
}

/** readelf's rows of an FDE that hold at a pc: the last line per LOC, inside the FDE's range. */
function expectedRows(fde: ReadelfEntry, cies: Map<string, ReadelfEntry>): ReadelfRow[] {
  let rows = fde.rows;
  if (rows.length === 0) {
    // Only nops: readelf prints no table; the CIE's initial row holds over the whole range.
    const cieRows = cies.get(`${fde.section}:${fde.cie}`)?.rows ?? [];
    const last = cieRows[cieRows.length - 1];
    rows = last ? [{ ...last, loc: fde.pcBegin! }] : [];
  }
  const byLoc = new Map<number, ReadelfRow>();
  for (const row of rows) if (row.loc < fde.pcEnd!) byLoc.set(row.loc, row);
  return [...byLoc.values()];
}

/** Differences between our row at each readelf LOC and readelf's row, as messages. */
function compareFde(fde: ReadelfEntry, cies: Map<string, ReadelfEntry>, rowAt: (pc: number) => UnwindRow | undefined): { compared: number; diffs: string[] } {
  const diffs: string[] = [];
  const rows = expectedRows(fde, cies);
  rows.forEach((want, i) => {
    const where = `${fde.section} FDE 0x${fde.offset.toString(16)} at 0x${want.loc.toString(16)}`;
    const ours = rowAt(want.loc);
    if (!ours) { diffs.push(`${where}: no row`); return; }
    const end = rows[i + 1]?.loc ?? fde.pcEnd!;
    if (ours.startPc !== want.loc || ours.endPc !== end) diffs.push(`${where}: row is [0x${ours.startPc.toString(16)}, 0x${ours.endPc.toString(16)}), want end 0x${end.toString(16)}`);
    const shown = showRow(ours, want.cells.keys());
    if (shown.cfa !== want.cfa) diffs.push(`${where}: CFA ${shown.cfa}, readelf ${want.cfa}`);
    for (const [reg, cell] of want.cells) if (shown.cells.get(reg) !== cell) diffs.push(`${where}: r${reg} ${shown.cells.get(reg)}, readelf ${cell}`);
    for (const [reg, rule] of ours.rules) if (!want.cells.has(reg) && rule.kind !== 'undefined') diffs.push(`${where}: r${reg} has rule ${rule.kind}, readelf has no column`);
  });
  return { compared: rows.length, diffs };
}

/** Compares every row of every FDE readelf prints for `name`; returns rows compared per section. */
function compareWithReadelf(name: string): Record<string, number> {
  const cfi = load(name);
  const entries = readelfFramesInterp(join(FIXTURES, name));
  const cies = new Map(entries.filter((e) => e.kind === 'CIE').map((e) => [`${e.section}:${e.offset}`, e]));
  const counts: Record<string, number> = { '.eh_frame': 0, '.debug_frame': 0 };
  const diffs: string[] = [];
  for (const fde of entries) {
    if (fde.kind !== 'FDE' || fde.pcEnd! <= fde.pcBegin!) continue;
    const rowAt = fde.section === '.eh_frame' ? (pc: number) => cfi.rowAt(pc) : (pc: number) => cfi.debugFrame?.rowAt(pc);
    const result = compareFde(fde, cies, rowAt);
    counts[fde.section]! += result.compared;
    diffs.push(...result.diffs);
  }
  expect(diffs.slice(0, 20)).toEqual([]);
  expect(cfi.errors).toEqual([]);
  return counts;
}

describe('unwind rows agree with riscv64-linux-gnu-readelf --debug-dump=frames-interp', () => {
  const readelf = haveReadelf();

  it.skipIf(!readelf)('every row of every FDE at -O0 (frame pointer CFA, sorted FDE index)', () => {
    const counts = compareWithReadelf('frames-O0');
    expect(counts['.eh_frame']).toBeGreaterThan(1500);
  });

  it.skipIf(!readelf)('every row of every FDE at -O2 (remember/restore_state, .eh_frame_hdr search table)', () => {
    const counts = compareWithReadelf('frames-O2');
    expect(counts['.eh_frame']).toBeGreaterThan(1500);
  });

  it.skipIf(!readelf)('every row of the hand-written CFI that covers the rarer DW_CFA_* operations', () => {
    const counts = compareWithReadelf('ops');
    expect(counts['.eh_frame']).toBeGreaterThanOrEqual(12);
  });

  it.skipIf(!readelf)('every row of .debug_frame when gcc emits no .eh_frame for the program', () => {
    const counts = compareWithReadelf('frames-debugframe');
    expect(counts['.debug_frame']).toBeGreaterThan(20);
  });
});
