/**
 * The Page Table view's data over DAP on cow's child after fork: glasskernel/pageTable's table
 * and next-table physical addresses and raw PTEs, the view's rows and walk path built from the
 * real answers (the walk's rows are the rows the tree shows, down to the page vmaPages lists),
 * and xv6's vmprint of the whole tree agreeing with glasskernel/vmaPages.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type {
  PageTableResponseBody, PageWalkResponseBody, ProcessesResponseBody, VmaPagesResponseBody,
} from '../../src/debug-adapter/protocol';
import { pteRows, vmprint, walkPathIds, walkText } from '../../src/extension/pageTableModel';
import { buildAdapter, custom, launchToStop, startClient, topFrame } from './harness';
import { AFTER_READS, COW, COW_C, PAGE } from './cow-fixture';


describe('the Page Table view on real answers', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('pa labels, raw PTEs, the walk\'s rows and vmprint agree with vmaPages', async () => {
    const stop = await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: AFTER_READS }] });
    const tid = stop.body.threadId!;
    const pid = (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(tid))!.pid;
    const frame = await topFrame(dc, tid);
    const region = BigInt((await dc.evaluateRequest({ expression: 'region', frameId: frame.id, context: 'watch' })).body.result.match(/0x[0-9a-f]+/)![0]);
    const va = region + 3n * PAGE + 0x10n;
    const fetch = (ppn: string) => custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid, ppn });

    const root = await custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid });
    expect(BigInt(root.tablePa!)).toBe(BigInt(root.ppn) * PAGE);
    for (const e of root.entries) {
      const pte = BigInt(e.pte!);
      expect(pte >> 10n).toBe(BigInt(e.ppn));
      if (e.leaf) expect(e.nextTablePa).toBeUndefined();
      else expect(BigInt(e.nextTablePa!)).toBe(BigInt(e.ppn) * PAGE);
    }

    // The walk's path, as row ids, is found level by level among the rows the view builds.
    const walk = await custom<PageWalkResponseBody>(dc, 'glasskernel/pageWalk', { pid, va: `0x${va.toString(16)}` });
    const ids = walkPathIds(walk);
    expect(ids).toHaveLength(3);
    let table = root;
    let leafRow;
    for (const [i, id] of ids.entries()) {
      const rows = pteRows(table, 1, { walk: new Set(ids), withLegend: i === 0 });
      const row = rows.find((r) => r.id === id)!;
      expect(row, id).toBeDefined();
      expect(row.description).toMatch(/◀ walk$/);
      expect(row.label).toMatch(new RegExp(`^VPN\\[${2 - i}\\]=${walk.vpn[2 - i]} `));
      if (row.ref.kind === 'pte' && row.ref.next) table = await fetch(row.ref.next);
      leafRow = row;
    }
    const pages = await custom<VmaPagesResponseBody>(dc, 'glasskernel/vmaPages', { pid, start: `0x${(region + 3n * PAGE).toString(16)}`, end: `0x${(region + 4n * PAGE).toString(16)}` });
    expect(pages.pages).toHaveLength(1);
    expect(leafRow!.description).toBe(`${pages.pages[0].flags} → page pa ${pages.pages[0].pa} ◀ walk`);
    expect(BigInt(walk.pa!)).toBe(BigInt(pages.pages[0].pa) + 0x10n);
    expect(walkText(walk)).toContain(`=> pa ${walk.pa}`);

    // vmprint lists that page's PTE and pa at depth 3.
    const text = await vmprint(root, fetch);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(`page table 0x${BigInt(root.tablePa!).toString(16).padStart(16, '0')}`);
    const pte = `0x${BigInt(pages.pages[0].pte).toString(16).padStart(16, '0')}`;
    const pa = `0x${BigInt(pages.pages[0].pa).toString(16).padStart(16, '0')}`;
    expect(lines).toContain(` .. .. ..${walk.vpn[0]}: pte ${pte} pa ${pa}`);
    for (const line of lines.slice(1)) expect(line).toMatch(/^( \.\.){1,3}\d+: pte 0x[0-9a-f]{16} pa 0x[0-9a-f]{16}$/);
    expect(lines.filter((l) => l.startsWith(' .. .. ..')).length).toBeGreaterThanOrEqual(256);
  });
});
