/**
 * glasskernel/tlb over DAP, against what `cow` really does: after a stop the TLB holds the
 * stopped pc's page (fetch) and the pages just read (load), each with the frame glasskernel/
 * pageWalk finds for the same address; the child's copy-on-write breaks flush it once per page
 * (sfence.vma 'cow-copy') and the switch to the child is a satp write ('context switch');
 * walks are counted since the last stop, hits are not counted; reading it changes nothing.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { PageWalkResponseBody, ProcessesResponseBody, TlbResponseBody } from '../../src/debug-adapter/protocol';
import { buildAdapter, custom, launchToStop, runUntilStopped, startClient, topFrame } from './harness';
import { AFTER_READS, AFTER_WRITES, COW, COW_C, FORK_LINE, PAGE, REGION_PAGES, launchCowToChild } from './cow-fixture';

const hexOf = (n: bigint): string => '0x' + n.toString(16);

/** The frame pageWalk finds for `va` in `pid`, as a page-aligned physical address. */
async function framePa(dc: DebugClient, pid: number, va: bigint): Promise<bigint> {
  const walk = await custom<PageWalkResponseBody>(dc, 'glasskernel/pageWalk', { pid, va: hexOf(va) });
  expect(walk.failure, `walk of ${hexOf(va)}`).toBeUndefined();
  return BigInt(walk.pa!) - (va % PAGE);
}

describe('glasskernel/tlb on cow', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('after a stop holds the stopped pc\'s page and the pages just read, with the frames pageWalk gives', async () => {
    const first = await launchCowToChild(dc);
    const stop = await runUntilStopped(dc, () => dc.continueRequest({ threadId: first.body.threadId! }));
    const tid = stop.body.threadId!;
    const frame = await topFrame(dc, tid);
    expect(frame.line).toBe(AFTER_WRITES);
    const pid = (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(tid))!.pid;
    const tlb = await custom<TlbResponseBody>(dc, 'glasskernel/tlb');

    expect(tlb.mode).toBe('Sv39');
    expect(tlb.pids).toEqual([pid]);
    expect(tlb.entriesPerKind).toBe(4096);
    expect(tlb.hitsCounted).toBe(false);
    const pc = BigInt(frame.instructionPointerReference!);
    const walk = await custom<PageWalkResponseBody>(dc, 'glasskernel/pageWalk', { pid, va: hexOf(pc) });
    // satp names the stopped process's root table.
    expect(tlb.rootPa).toBe(walk.levels[0].tablePa);
    expect(BigInt(tlb.rootPa)).toBe((BigInt(tlb.satp) & ((1n << 44n) - 1n)) * PAGE);
    const code = tlb.entries.find((e) => e.va === hexOf(pc - (pc % PAGE)));
    expect(code, `no TLB entry for the page of pc ${hexOf(pc)}`).toBeDefined();
    expect(code).toMatchObject({ fetch: true, user: true });
    expect(BigInt(code!.pa)).toBe(await framePa(dc, pid, pc));

    // bad_pages() has just read every page of the region (no flush since): a load entry each, on the child's own copy.
    const region = BigInt((await dc.evaluateRequest({ expression: 'region', frameId: frame.id, context: 'watch' })).body.result.match(/0x[0-9a-f]+/)![0]);
    for (let i = 0; i < REGION_PAGES; i++) {
      const va = region + BigInt(i) * PAGE;
      const e = tlb.entries.find((x) => x.va === hexOf(va));
      expect(e, `page ${i}`).toMatchObject({ load: true, user: true });
      expect(BigInt(e!.pa), `page ${i}`).toBe(await framePa(dc, pid, va));
    }
    const vas = tlb.entries.map((e) => BigInt(e.va));
    expect(vas).toEqual([...vas].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    // Since the stop after the reads: a copy-on-write copy per page, each flushing the TLB, so each page walked again.
    expect(tlb.flushesSinceStop).toBeGreaterThanOrEqual(REGION_PAGES);
    expect(tlb.walksSinceStop.store).toBeGreaterThanOrEqual(REGION_PAGES);
    expect(tlb.walksSinceStop.load).toBeGreaterThanOrEqual(REGION_PAGES);
    expect(tlb.walksTotal.store).toBeGreaterThanOrEqual(tlb.walksSinceStop.store);
    expect(tlb.recentFlushes).toHaveLength(8);
    for (const f of tlb.recentFlushes) expect(f).toMatchObject({ kind: 'sfence.vma', cause: 'cow-copy', sinceLastStop: true });
    const times = tlb.recentFlushes.map((f) => f.instret);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times[0]).toBeLessThanOrEqual(tlb.instret);
  });

  it('names the flushes since the last stop: fork\'s sfence.vma, then the satp write of the switch to the child', async () => {
    const atFork = await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: FORK_LINE }, { line: AFTER_READS }] });
    const before = await custom<TlbResponseBody>(dc, 'glasskernel/tlb');
    const parentSatp = before.satp;
    expect(before.recentFlushes.every((f) => f.sinceLastStop)).toBe(true); // the first stop: everything is new
    const stop = await runUntilStopped(dc, () => dc.continueRequest({ threadId: atFork.body.threadId! }));
    expect((await topFrame(dc, stop.body.threadId!)).line).toBe(AFTER_READS);
    const tlb = await custom<TlbResponseBody>(dc, 'glasskernel/tlb');
    expect(tlb.satp).not.toBe(parentSatp);
    const since = tlb.recentFlushes.filter((f) => f.sinceLastStop);
    expect(since).toHaveLength(tlb.flushesSinceStop);
    const fork = since.findIndex((f) => f.kind === 'sfence.vma' && f.cause === 'fork');
    const switched = since.findIndex((f) => f.kind === 'satp' && f.cause === 'context switch');
    expect(fork).toBeGreaterThanOrEqual(0);
    expect(switched).toBeGreaterThanOrEqual(0);
    expect(switched).toBeLessThan(fork); // newest first: the switch came after fork
    // The flushes before this stop are still listed, marked as older.
    expect(tlb.recentFlushes.slice(since.length).every((f) => !f.sinceLastStop)).toBe(true);
  });

  it('reading it changes nothing: the same answer twice, with a page walk in between', async () => {
    const stop = await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: AFTER_READS }] });
    const pid = (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(stop.body.threadId!))!.pid;
    const once = await custom<TlbResponseBody>(dc, 'glasskernel/tlb');
    await custom<PageWalkResponseBody>(dc, 'glasskernel/pageWalk', { pid, va: '0x10000', access: 'write' });
    await dc.evaluateRequest({ expression: 'region[3]', frameId: (await topFrame(dc, stop.body.threadId!)).id, context: 'watch' });
    expect(await custom<TlbResponseBody>(dc, 'glasskernel/tlb', { ignored: true })).toEqual(once);
  });
});
