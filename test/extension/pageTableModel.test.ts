/**
 * The Page Table view's rows, the walk's text and path, and xv6's vmprint, from
 * `glasskernel/pageTable` and `glasskernel/pageWalk` answers: VPN[level] indices, `table pa` /
 * `page pa` labels (never bare ppns), megapages and gigapages named as such, the legend,
 * change marks, a failing walk, and vmprint's exact format.
 */
import { describe, expect, it } from 'vitest';
import type { PageTableResponseBody, PageWalkResponseBody } from '../../src/debug-adapter/protocol';
import { leafKind, normalizeVa, pteRows, vmprint, walkPathIds, walkText } from '../../src/extension/pageTableModel';
import { ChangeTracker } from '../../src/extension/rowModel';

const ROOT: PageTableResponseBody = {
  pid: 2, ppn: '0x80a01', tablePa: '0x80a01000', level: 2,
  entries: [
    { index: 0, vaStart: '0x0', vaEnd: '0x40000000', flags: 'V-------', leaf: false, ppn: '0x80a02', nextTablePa: '0x80a02000', pte: '0x0000000020280801' },
    { index: 1, vaStart: '0x40000000', vaEnd: '0x80000000', flags: 'VRWXU-AD', leaf: true, ppn: '0x80000', pa: '0x80000000', pte: '0x00000000200000df' },
  ],
};
const L1: PageTableResponseBody = {
  pid: 2, ppn: '0x80a02', tablePa: '0x80a02000', level: 1,
  entries: [
    { index: 0, vaStart: '0x0', vaEnd: '0x200000', flags: 'V-------', leaf: false, ppn: '0x80a03', nextTablePa: '0x80a03000', pte: '0x0000000020280c01' },
    { index: 1, vaStart: '0x200000', vaEnd: '0x400000', flags: 'VR-XU-A-', leaf: true, ppn: '0x80200', pa: '0x80200000', pte: '0x000000002008005b' },
  ],
};
const L0: PageTableResponseBody = {
  pid: 2, ppn: '0x80a03', tablePa: '0x80a03000', level: 0,
  entries: [{ index: 16, vaStart: '0x10000', vaEnd: '0x11000', flags: 'VR-XU-A-', leaf: true, ppn: '0x80a10', pa: '0x80a10000', pte: '0x000000002028405b' }],
};

/** The walk of 0x10234 through ROOT, L1, L0. */
const WALK: PageWalkResponseBody = {
  pid: 2, va: '0x10234', vpn: [16, 0, 0], offset: 0x234,
  levels: [
    { level: 2, tablePa: '0x80a01000', index: 0, ptePa: '0x80a01000', pte: '0x0000000020280801', flags: 'V-------', ppnPa: '0x80a02000', kind: 'pointer' },
    { level: 1, tablePa: '0x80a02000', index: 0, ptePa: '0x80a02000', pte: '0x0000000020280c01', flags: 'V-------', ppnPa: '0x80a03000', kind: 'pointer' },
    { level: 0, tablePa: '0x80a03000', index: 16, ptePa: '0x80a03080', pte: '0x000000002028405b', flags: 'VR-XU-A-', ppnPa: '0x80a10000', kind: 'leaf' },
  ],
  pa: '0x80a10234', pageSize: 4096, pageKind: '4 KiB page', notes: [],
};

describe('pteRows', () => {
  it('labels entries by VPN[level] and range, pointers by table pa, leaves by page kind and pa', () => {
    const rows = pteRows(ROOT, 1, { withLegend: true });
    expect(rows[0]).toMatchObject({ id: 'pageTable:legend', label: 'PTE flags: V R W X U G A D' });
    expect(rows[1]).toMatchObject({
      id: 'pte:2:2:0x0', label: 'VPN[2]=0  0x0-0x40000000', description: 'V------- → table pa 0x80a02000',
      collapsible: 'collapsed', contextValue: 'pte.pointer', ref: { kind: 'pte', next: '0x80a02', level: 2, leaf: false },
    });
    expect(rows[2]).toMatchObject({ label: 'VPN[2]=1  0x40000000-0x80000000', description: 'VRWXU-AD → 1 GiB gigapage pa 0x80000000', collapsible: 'none' });
    expect(rows[1].tooltip).toMatch(/level 2 table pa 0x80a01000, entry VPN\[2\] = 0 at pa 0x80a01000/);
    const l1 = pteRows(L1, 1);
    expect(l1[1].description).toBe('VR-XU-A- → 2 MiB megapage pa 0x80200000');
    const l0 = pteRows(L0, 1);
    expect(l0[0]).toMatchObject({ label: 'VPN[0]=16  0x10000-0x11000', description: 'VR-XU-A- → page pa 0x80a10000' });
    expect(l0[0].tooltip).toMatch(/at pa 0x80a03080/);
    for (const r of [...rows, ...l1, ...l0]) expect(`${r.label} ${r.description}`).not.toMatch(/ppn/);
    expect(leafKind(5)).toBe('level-5 page');
  });

  it('computes table pa from the ppn when the answer has no tablePa/nextTablePa (an older adapter)', () => {
    const old: PageTableResponseBody = { ...ROOT, tablePa: undefined, entries: [{ ...ROOT.entries[0], nextTablePa: undefined }] };
    expect(pteRows(old, 1)[0].description).toBe('V------- → table pa 0x80a02000');
  });

  it('marks the walk\'s path and a changed or new entry', () => {
    const walk = new Set(walkPathIds(WALK));
    expect([...walk]).toEqual(['pte:2:2:0x0', 'pte:2:1:0x0', 'pte:2:0:0x10000']);
    expect(pteRows(L0, 1, { walk })[0].description).toBe('VR-XU-A- → page pa 0x80a10000 ◀ walk');
    const changes = new ChangeTracker();
    pteRows(L0, 1, { changes });
    const later: PageTableResponseBody = {
      ...L0,
      entries: [
        { ...L0.entries[0], flags: 'VR-XU-AD', pte: '0x00000000202840db' },
        { index: 17, vaStart: '0x11000', vaEnd: '0x12000', flags: 'VRW-U-AD', leaf: true, ppn: '0x80a11', pa: '0x80a11000', pte: '0x00000000202844d7' },
      ],
    };
    const rows = pteRows(later, 2, { changes });
    expect(rows.map((r) => r.change)).toEqual(['changed', 'new']);
  });
});

describe('walkText', () => {
  it('writes each level\'s table pa, index, PTE and flags, then the physical address', () => {
    const text = walkText(WALK);
    expect(text).toContain('Sv39 walk of va 0x10234 in pid 2');
    expect(text).toContain('va = VPN[2] 0 | VPN[1] 0 | VPN[0] 16 | offset 0x234');
    expect(text).toContain('level 2: table pa 0x80a01000, index VPN[2] = 0, PTE at pa 0x80a01000');
    expect(text).toContain('pte 0x0000000020280801  flags V-------  pointer → next table at pa 0x80a02000');
    expect(text).toContain('level 0: table pa 0x80a03000, index VPN[0] = 16, PTE at pa 0x80a03080');
    expect(text).toContain('leaf → page at pa 0x80a10000');
    expect(text).toContain('=> pa 0x80a10234  (4 KiB page at pa 0x80a10000 + offset within it)');
  });

  it('says where and why a walk fails, and marks only the valid entries on its path', () => {
    const failed: PageWalkResponseBody = {
      ...WALK, va: '0x10', vpn: [0, 0, 0], offset: 0x10, pa: undefined, pageSize: undefined, pageKind: undefined,
      levels: [WALK.levels[0], WALK.levels[1], { ...WALK.levels[2], index: 0, ptePa: '0x80a03000', pte: '0x0000000000000000', flags: '--------', ppnPa: '0x0', kind: 'invalid' }],
      failure: { level: 0, reason: 'invalid', message: 'PTE 0 of the level-0 table has V = 0: page fault' },
      notes: ['PROT_NONE page: resident but V is clear'],
    };
    const text = walkText(failed);
    expect(text).toContain('=> no translation: the walk fails at level 0 (invalid)');
    expect(text).toContain('PTE 0 of the level-0 table has V = 0: page fault');
    expect(text).toContain('note: PROT_NONE page');
    expect(walkPathIds(failed)).toEqual(['pte:2:2:0x0', 'pte:2:1:0x0']);
    expect(walkText({ ...failed, levels: [], failure: { level: -1, reason: 'non-canonical', message: 'x' } })).toContain('fails before the first level');
  });
});

describe('vmprint', () => {
  it('prints xv6\'s format: the root pa, then " ..index: pte 0x… pa 0x…" indented by depth', async () => {
    const tables = new Map([[L1.ppn, L1], [L0.ppn, L0]]);
    const text = await vmprint(ROOT, async (ppn) => tables.get(ppn));
    expect(text).toBe([
      'page table 0x0000000080a01000',
      ' ..0: pte 0x0000000020280801 pa 0x0000000080a02000',
      ' .. ..0: pte 0x0000000020280c01 pa 0x0000000080a03000',
      ' .. .. ..16: pte 0x000000002028405b pa 0x0000000080a10000',
      ' .. ..1: pte 0x000000002008005b pa 0x0000000080200000',
      ' ..1: pte 0x00000000200000df pa 0x0000000080000000',
      '',
    ].join('\n'));
  });

  it('says which table could not be read, and rebuilds a PTE without the raw field', async () => {
    const root: PageTableResponseBody = { ...ROOT, entries: [{ ...ROOT.entries[0], pte: undefined }] };
    const text = await vmprint(root, async () => undefined);
    expect(text.split('\n')[1]).toBe(' ..0: pte 0x0000000020280801 pa 0x0000000080a02000');
    expect(text.split('\n')[2]).toBe(' .. ..(cannot read the table at pa 0x80a02000)');
  });
});

describe('normalizeVa', () => {
  it('takes hex as typed and refuses the rest', () => {
    expect(normalizeVa(' 0x0001_0234 ')).toBe('0x10234');
    expect(normalizeVa('3FFFFFF000')).toBe('0x3ffffff000');
    expect(normalizeVa('0x0')).toBe('0x0');
    expect(normalizeVa('0x')).toBeUndefined();
    expect(normalizeVa('12g')).toBeUndefined();
    expect(normalizeVa('0x12345678123456789')).toBeUndefined();
  });
});
