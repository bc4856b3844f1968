import { describe, expect, it } from 'vitest';
import type { TlbResponseBody } from '../../src/debug-adapter/protocol';
import { HITS_NOT_COUNTED, entryLabel, entryPermissions, flushLabel, tlbRows } from '../../src/extension/tlbModel';

/** What glasskernel/tlb answered in cow's child after its writes (trimmed to three entries and three flushes). */
function cowChild(over: Partial<TlbResponseBody> = {}): TlbResponseBody {
  return {
    satp: '0x800000000000010e', mode: 'Sv39', rootPa: '0x10e000', asid: 0, pids: [3], entriesPerKind: 4096,
    entries: [
      { va: '0x10000', pa: '0x7000', fetch: true, load: false, store: false, user: true },
      { va: '0x14000', pa: '0x114000', fetch: false, load: true, store: false, user: true },
      { va: '0x3fffffe000', pa: '0x10d000', fetch: false, load: true, store: true, user: true },
    ],
    walksSinceStop: { fetch: 827, load: 257, store: 257 },
    walksTotal: { fetch: 2186, load: 514, store: 519 },
    flushesSinceStop: 256,
    flushesTotal: 261,
    recentFlushes: [
      { kind: 'sfence.vma', cause: 'cow-copy', instret: 3279441, sinceLastStop: true },
      { kind: 'satp', cause: 'context switch', instret: 920221, sinceLastStop: false },
      { kind: 'sfence.vma', cause: 'fork', instret: 920193, sinceLastStop: false },
    ],
    instret: 4726369,
    hitsCounted: false,
    ...over,
  };
}

describe('tlbRows', () => {
  it('heads the view with satp, the root table\'s pa and the process it belongs to', () => {
    const [satp] = tlbRows(cowChild());
    expect(satp.label).toBe('satp 0x800000000000010e');
    expect(satp.description).toBe('Sv39 · root pa 0x10e000 · pid 3');
    expect(satp.tooltip).toMatch(/ASID 0: entries carry no ASID tag/);
  });

  it('lists the entries as "va 0x… → pa 0x…" with the TLBs holding them and U, never a bare page number', () => {
    const entries = tlbRows(cowChild()).find((r) => r.id === 'tlb:entries')!;
    expect(entries.label).toBe('entries: 3');
    expect(entries.description).toBe('of 3 × 4,096 (fetch, load, store; direct-mapped)');
    expect(entries.collapsible).toBe('expanded');
    expect(entries.children!.map((r) => [r.label, r.description])).toEqual([
      ['va 0x10000 → pa 0x7000', 'fetch · U'],
      ['va 0x14000 → pa 0x114000', 'load · U'],
      ['va 0x3fffffe000 → pa 0x10d000', 'load · store · U'],
    ]);
    for (const r of entries.children!) expect(r.label).toMatch(/^va 0x[0-9a-f]+ → pa 0x[0-9a-f]+$/);
  });

  it('gives the last flush and why, the flushes since the last stop marked new, newest first', () => {
    const flushes = tlbRows(cowChild()).find((r) => r.id === 'tlb:flushes')!;
    expect(flushes.label).toBe('last flush: sfence.vma: cow-copy');
    expect(flushes.description).toBe('256 since the last stop · 261 in all');
    expect(flushes.children!.map((r) => [r.label, r.description, r.isNew])).toEqual([
      ['sfence.vma: cow-copy', 'at instruction 3,279,441 · new', true],
      ['satp write: context switch', 'at instruction 920,221', false],
      ['sfence.vma: fork', 'at instruction 920,193', false],
    ]);
    const none = tlbRows(cowChild({ recentFlushes: [], flushesSinceStop: 0, flushesTotal: 0 })).find((r) => r.id === 'tlb:flushes')!;
    expect(none).toMatchObject({ label: 'no flush yet', collapsible: 'none' });
  });

  it('counts misses since the last stop and says hits are not counted, with no number', () => {
    const rows = tlbRows(cowChild());
    expect(rows.find((r) => r.id === 'tlb:misses')).toMatchObject({
      label: 'misses since the last stop: fetch 827 · load 257 · store 257',
      description: 'in all: fetch 2,186 · load 514 · store 519',
    });
    const hits = rows.find((r) => r.id === 'tlb:hits')!;
    expect(hits.label).toBe(HITS_NOT_COUNTED);
    expect(hits.label).not.toMatch(/\d/);
  });

  it('the label helpers', () => {
    expect(entryLabel({ va: '0x1000', pa: '0x2000', fetch: false, load: true, store: false, user: true })).toBe('va 0x1000 → pa 0x2000');
    expect(entryPermissions({ va: '0x1000', pa: '0x2000', fetch: true, load: true, store: true, user: true })).toBe('fetch · load · store · U');
    expect(flushLabel({ kind: 'satp', cause: '', instret: 0, sinceLastStop: false })).toBe('satp write');
  });

  it('is empty without a session, and a note for an answer it cannot read (never throws)', () => {
    expect(tlbRows(undefined)).toEqual([]);
    for (const bad of [null, 3, 'x', {}, { ...cowChild(), entries: 'none' }, { ...cowChild(), walksSinceStop: { fetch: -1, load: 0, store: 0 } }]) {
      expect(tlbRows(bad).map((r) => r.label)).toEqual(['the adapter\'s TLB answer could not be read']);
    }
    const junkEntries = tlbRows({ ...cowChild(), entries: [null, { va: 3 }, cowChild().entries[0]] }).find((r) => r.id === 'tlb:entries')!;
    expect(junkEntries.children!.map((r) => r.label)).toEqual(['va 0x10000 → pa 0x7000']);
  });
});
