/**
 * The custom requests behind the sidebar views (issue 12) over DAP, against what `cow` really
 * does: glasskernel/frames after fork (shared frames count 2 with both pids, the child's
 * private copies count 1 after its writes), glasskernel/pageWalk level by level against
 * glasskernel/pageTable, failing walks, glasskernel/scheduler, and bad arguments.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type {
  FramesResponseBody, PageTableResponseBody, PageWalkResponseBody, ProcessesResponseBody, SchedulerResponseBody,
} from '../../src/debug-adapter/protocol';
import { buildAdapter, custom, launchToStop, runUntilStopped, startClient, topFrame } from './harness';
import { AFTER_READS, AFTER_WRITES, COW, COW_C, PAGE, REGION_PAGES, launchCowToChild } from './cow-fixture';


/** What frames says about one virtual page of one process. */
interface FrameOfPage { pa: bigint; refs: number; use: string; pids: number[] }

/** Expands glasskernel/frames into (pid, virtual page) -> its frame. */
function framesByPage(body: FramesResponseBody): Map<string, FrameOfPage> {
  const out = new Map<string, FrameOfPage>();
  for (const run of body.runs) {
    for (const o of run.owners) {
      if (o.va === undefined) continue;
      for (let i = 0; i < run.count; i++) {
        out.set(`${o.pid}:${BigInt(o.va) + BigInt(i) * PAGE}`, {
          pa: BigInt(run.pa) + BigInt(i) * PAGE, refs: run.refs, use: run.use, pids: run.owners.map((x) => x.pid),
        });
      }
    }
  }
  return out;
}

async function errorOf(dc: DebugClient, command: string, args: unknown): Promise<string> {
  try {
    await dc.customRequest(command, args);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${command} ${JSON.stringify(args)} succeeded`);
}

describe('the views\' custom requests on cow', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('frames shows fork\'s shared frames with count 2 and both pids, then the child\'s private copies with count 1', async () => {
    const stop = await launchCowToChild(dc);
    expect(stop.body.reason).toBe('breakpoint');
    const frame = await topFrame(dc, stop.body.threadId!);
    expect(frame.line).toBe(AFTER_READS);
    const procs = await custom<ProcessesResponseBody>(dc, 'glasskernel/processes');
    const child = procs.processes.find((p) => p.tids.includes(stop.body.threadId!))!;
    const parent = child.ppid;
    const region = BigInt((await dc.evaluateRequest({ expression: 'region', frameId: frame.id, context: 'watch' })).body.result.match(/0x[0-9a-f]+/)![0]);
    expect(region % PAGE).toBe(0n);

    const shared = await custom<FramesResponseBody>(dc, 'glasskernel/frames');
    expect(shared.frameSize).toBe(4096);
    expect(shared.runs.reduce((n, r) => n + r.count, 0)).toBe(shared.totalFrames);
    expect(Object.values(shared.byUse).reduce((a, b) => a + b, 0)).toBe(shared.totalFrames);
    expect(shared.totalFrames - shared.byUse.free).toBe(shared.inUse);
    expect(shared.runs.length).toBeLessThan(shared.inUse); // grouped, not one row per frame
    expect(shared.runs[0]).toMatchObject({ pa: '0x0', use: 'kernel', refs: 1 });
    expect(shared.byUse.vdso).toBe(1);
    expect(shared.byUse['page-table']).toBeGreaterThanOrEqual(6); // at least 3 levels in each of two processes
    const before = framesByPage(shared);
    for (let i = 0; i < REGION_PAGES; i++) {
      const va = region + BigInt(i) * PAGE;
      const inChild = before.get(`${child.pid}:${va}`);
      expect(inChild, `page ${i}`).toMatchObject({ refs: 2, use: 'anon', pids: [parent, child.pid] });
      expect(before.get(`${parent}:${va}`)!.pa).toBe(inChild!.pa);
    }

    const resumed = await runUntilStopped(dc, () => dc.continueRequest({ threadId: stop.body.threadId! }));
    expect((await topFrame(dc, resumed.body.threadId!)).line).toBe(AFTER_WRITES);
    const after = framesByPage(await custom<FramesResponseBody>(dc, 'glasskernel/frames'));
    for (let i = 0; i < REGION_PAGES; i++) {
      const va = region + BigInt(i) * PAGE;
      const mine = after.get(`${child.pid}:${va}`)!;
      const theirs = after.get(`${parent}:${va}`)!;
      expect(mine, `page ${i}`).toMatchObject({ refs: 1, use: 'anon', pids: [child.pid] });
      expect(theirs, `page ${i}`).toMatchObject({ refs: 1, use: 'anon', pids: [parent] });
      expect(mine.pa).not.toBe(theirs.pa);
      expect(theirs.pa).toBe(before.get(`${parent}:${va}`)!.pa);
    }
  });

  it('pageWalk agrees with pageTable level by level, and changes nothing', async () => {
    const stop = await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: AFTER_READS }] });
    const frame = await topFrame(dc, stop.body.threadId!);
    const child = (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(stop.body.threadId!))!;
    const region = BigInt((await dc.evaluateRequest({ expression: 'region', frameId: frame.id, context: 'watch' })).body.result.match(/0x[0-9a-f]+/)![0]);
    const va = region + 5n * PAGE + 0x123n;

    const tableBefore = await custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid: child.pid });
    const walk = await custom<PageWalkResponseBody>(dc, 'glasskernel/pageWalk', { pid: child.pid, va: '0x' + va.toString(16), access: 'read' });
    expect(walk.failure).toBeUndefined();
    expect(walk.levels.map((l) => l.level)).toEqual([2, 1, 0]);
    expect(walk.levels.map((l) => l.kind)).toEqual(['pointer', 'pointer', 'leaf']);
    expect(walk.offset).toBe(0x123);
    expect(walk.pageSize).toBe(4096);
    expect(walk.pageKind).toBe('4 KiB page');
    // The child's copy-on-write page: readable, not writable yet.
    expect(walk.levels[2].flags).toMatch(/^VR-/);
    let table = tableBefore;
    for (const l of walk.levels) {
      expect(l.tablePa).toBe('0x' + (BigInt(table.ppn) * PAGE).toString(16));
      expect(l.index).toBe(walk.vpn[l.level]);
      expect(l.index).toBe(Number((va >> BigInt(12 + 9 * l.level)) & 0x1ffn));
      expect(BigInt(l.ptePa)).toBe(BigInt(l.tablePa) + BigInt(l.index) * 8n);
      const e = table.entries.find((x) => x.index === l.index)!;
      expect(e.flags).toBe(l.flags);
      expect(BigInt(e.ppn) * PAGE).toBe(BigInt(l.ppnPa));
      expect(BigInt(l.pte) >> 10n).toBe(BigInt(e.ppn));
      if (l.kind === 'leaf') expect(BigInt(walk.pa!)).toBe(BigInt(e.pa!) + 0x123n);
      else table = await custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid: child.pid, ppn: e.ppn });
    }
    // A store is refused on the read-only copy-on-write page (the kernel then breaks COW); no A/D bit moved.
    const denied = await custom<PageWalkResponseBody>(dc, 'glasskernel/pageWalk', { pid: child.pid, va: '0x' + va.toString(16), access: 'write' });
    expect(denied.failure).toMatchObject({ level: 0, reason: 'permission' });
    expect(denied.failure!.message).toMatch(/W = 0/);
    const again = await custom<PageWalkResponseBody>(dc, 'glasskernel/pageWalk', { pid: child.pid, va: '0x' + va.toString(16) });
    expect(again.levels).toEqual(walk.levels);
    expect(await custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid: child.pid })).toEqual(tableBefore);
  });

  it('a walk that cannot translate says at which level and why', async () => {
    const stop = await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: AFTER_READS }] });
    const pid = (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(stop.body.threadId!))!.pid;
    const walk = (va: string) => custom<PageWalkResponseBody>(dc, 'glasskernel/pageWalk', { pid, va });
    const root = await custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid });

    // Page 0 is never mapped (mmap_min_addr): the root and level-1 entries exist (the text is near), level 0 has V = 0.
    const zero = await walk('0x10');
    expect(zero.pa).toBeUndefined();
    expect(zero.failure).toMatchObject({ level: 0, reason: 'invalid' });
    expect(zero.levels.map((l) => l.kind)).toEqual(['pointer', 'pointer', 'invalid']);
    expect(zero.levels[2].flags[0]).toBe('-');

    // A gigabyte region nothing maps: the root entry itself is invalid.
    const freeIndex = [...Array(256).keys()].find((i) => !root.entries.some((e) => e.index === i))!;
    const far = await walk('0x' + (BigInt(freeIndex) << 30n).toString(16));
    expect(far.failure).toMatchObject({ level: 2, reason: 'invalid' });
    expect(far.levels).toHaveLength(1);
    expect(far.levels[0].index).toBe(freeIndex);

    // Bits 63:39 must copy bit 38: no PTE is read at all.
    const bad = await walk('0x8000000000');
    expect(bad.failure).toMatchObject({ level: -1, reason: 'non-canonical' });
    expect(bad.levels).toEqual([]);
  });

  it('scheduler lists each thread with its state, CPU time and slice, and the run queue', async () => {
    const stop = await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: AFTER_READS }] });
    const tid = stop.body.threadId!;
    const procs = await custom<ProcessesResponseBody>(dc, 'glasskernel/processes');
    const child = procs.processes.find((p) => p.tids.includes(tid))!;
    const s = await custom<SchedulerResponseBody>(dc, 'glasskernel/scheduler');
    expect(s.policy).toBe('round-robin');
    expect(s.timeSlice).toBeGreaterThan(0);
    expect(s.runningTid).toBe(tid);
    const me = s.threads.find((t) => t.tid === tid)!;
    expect(me).toMatchObject({ pid: child.pid, state: 'running', nice: 0 });
    expect(me.instructions).toBeGreaterThan(0);
    expect(me.sliceLeft).toBeGreaterThan(0);
    expect(me.sliceLeft).toBeLessThanOrEqual(s.timeSlice);
    expect(me.tickets).toBeUndefined();
    // The parent waits for the child in wait4 (or has not run since fork and is queued).
    const parent = s.threads.find((t) => t.pid === child.ppid)!;
    expect(['sleeping', 'runnable']).toContain(parent.state);
    if (parent.state === 'sleeping') expect(parent.waitReason).toBe('wait4');
    else expect(s.runQueue).toContain(parent.tid);
    for (const q of s.runQueue) expect(s.threads.find((t) => t.tid === q)!.state).toBe('runnable');
  });

  it('bad arguments answer clean errors', async () => {
    const stop = await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: AFTER_READS }] });
    const pid = (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(stop.body.threadId!))!.pid;
    expect(await errorOf(dc, 'glasskernel/pageWalk', { pid })).toMatch(/missing argument: va/);
    expect(await errorOf(dc, 'glasskernel/pageWalk', { pid, va: 'zzz' })).toMatch(/bad argument: va/);
    expect(await errorOf(dc, 'glasskernel/pageWalk', { pid, va: '0x' + '1'.repeat(17) })).toMatch(/bad argument: va/);
    expect(await errorOf(dc, 'glasskernel/pageWalk', { pid, va: '0x1000', access: 'jump' })).toMatch(/bad argument: access/);
    expect(await errorOf(dc, 'glasskernel/pageWalk', { va: '0x1000' })).toMatch(/missing argument: pid/);
    expect(await errorOf(dc, 'glasskernel/pageWalk', { pid: 9999, va: '0x1000' })).toMatch(/no process with pid 9999/);
    expect(await errorOf(dc, 'glasskernel/pageWalk', null)).toMatch(/missing argument: pid/);
    // init (pid 1) is a live process with an address space: a walk of an unmapped address is an answer, not an error.
    const initWalk = await custom<PageWalkResponseBody>(dc, 'glasskernel/pageWalk', { pid: 1, va: '0x0' });
    expect(initWalk.failure).toBeDefined();
  });
});
