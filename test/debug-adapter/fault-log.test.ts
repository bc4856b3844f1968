/**
 * glasskernel/faultLog over DAP, against what `cow` really does: the parent's first store to
 * each page of its 1 MiB region is a demand-zero fault, the child's first store to each is a
 * copy-on-write copy, both at the store of fill() in cow.c; entries since the last stop are
 * marked by `newSince`; pid/decision/since filters; syscalls recorded strace-style only while
 * the System call filter is enabled; bad arguments give error responses.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { FaultLogFault, FaultLogResponseBody, FaultLogSyscall, ProcessesResponseBody } from '../../src/debug-adapter/protocol';
import { buildAdapter, custom, launchToStop, lineOf, prepareLaunch, runUntilStopped, startClient, topFrame } from './harness';
import { AFTER_READS, AFTER_WRITES, COW, COW_C, FORK_LINE, PAGE, REGION_PAGES, launchCowToChild } from './cow-fixture';

/** The store in fill() that touches every page of the region. */
const FILL_STORE = lineOf(COW_C, 'region[i] = tag | i;');

async function errorOf(dc: DebugClient, command: string, args: unknown): Promise<string> {
  try {
    await dc.customRequest(command, args);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${command} ${JSON.stringify(args)} succeeded`);
}

/** The stopped child's pid, its parent's pid and the region's first page (from the variable `region`). */
async function childFacts(dc: DebugClient, tid: number): Promise<{ child: number; parent: number; region: bigint }> {
  const frame = await topFrame(dc, tid);
  const child = (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(tid))!;
  const region = BigInt((await dc.evaluateRequest({ expression: 'region', frameId: frame.id, context: 'watch' })).body.result.match(/0x[0-9a-f]+/)![0]);
  return { child: child.pid, parent: child.ppid, region };
}

/** The faults of `log` on the region's pages, by page index. */
function regionFaults(log: FaultLogResponseBody, region: bigint): Map<number, FaultLogFault[]> {
  const out = new Map<number, FaultLogFault[]>();
  for (const e of log.entries) {
    if (e.kind !== 'fault') continue;
    const page = Number((BigInt(e.address) - region) / PAGE);
    if (BigInt(e.address) < region || page >= REGION_PAGES) continue;
    out.set(page, [...(out.get(page) ?? []), e]);
  }
  return out;
}

describe('glasskernel/faultLog on cow', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('holds the parent\'s demand-zero faults and the child\'s copy-on-write copies, each at fill()\'s store, new ones marked', async () => {
    const first = await launchCowToChild(dc);
    const { child, parent, region } = await childFacts(dc, first.body.threadId!);
    expect(region % PAGE).toBe(0n);
    const before = await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog');
    expect(before.syscalls).toBe(false);
    expect(before.entries.every((e) => e.kind === 'fault')).toBe(true);

    const second = await runUntilStopped(dc, () => dc.continueRequest({ threadId: first.body.threadId! }));
    expect((await topFrame(dc, second.body.threadId!)).line).toBe(AFTER_WRITES);
    const log = await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog');
    expect(log.dropped).toBe(0);
    expect(log.capacity).toBe(10_000);
    expect(log.lastSeq).toBe(log.entries[log.entries.length - 1].seq);
    expect(log.entries.map((e) => e.seq)).toEqual(log.entries.map((_, i) => i + 1));
    // What the log held at the first stop is still there; what came since is new.
    expect(log.newSince).toBe(before.lastSeq + 1);
    expect(log.entries.slice(0, before.entries.length)).toEqual(before.entries);

    const pages = regionFaults(log, region);
    for (let i = 0; i < REGION_PAGES; i++) {
      const faults = pages.get(i) ?? [];
      const zero = faults.filter((f) => f.decision === 'demand-zero');
      const copy = faults.filter((f) => f.decision === 'cow-copy');
      expect(zero, `page ${i}`).toHaveLength(1);
      expect(copy, `page ${i}`).toHaveLength(1);
      expect(zero[0]).toMatchObject({ pid: parent, access: 'store', vma: '[heap]', source: { path: COW_C, line: FILL_STORE } });
      expect(zero[0].seq).toBeLessThan(log.newSince);
      expect(copy[0]).toMatchObject({ pid: child, tid: second.body.threadId, access: 'store', vma: '[heap]', source: { path: COW_C, line: FILL_STORE } });
      expect(copy[0].seq).toBeGreaterThanOrEqual(log.newSince);
      expect(BigInt(copy[0].address) - region - BigInt(i) * PAGE).toBeLessThan(PAGE);
      // pc is the store's address, in the launched program's text
      expect(copy[0].pc).toMatch(/^0x[0-9a-f]+$/);
      expect(copy[0].pc).toBe(zero[0].pc);
    }
  });

  it('filters by pid, by decision and by sequence number', async () => {
    const stop = await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: AFTER_WRITES }] });
    const { child, parent } = await childFacts(dc, stop.body.threadId!);
    const all = (await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', {})).entries;
    expect(all.length).toBeGreaterThan(2 * REGION_PAGES);
    const byPid = await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', { pid: child });
    expect(byPid.entries).toEqual(all.filter((e) => e.pid === child));
    expect(byPid.entries.length).toBeGreaterThanOrEqual(REGION_PAGES);
    const cow = await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', { decision: 'cow-copy' });
    expect(cow.entries).toEqual(all.filter((e) => e.kind === 'fault' && e.decision === 'cow-copy'));
    const both = await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', { pid: parent, decision: 'demand-zero' });
    expect(both.entries).toEqual(all.filter((e) => e.pid === parent && e.kind === 'fault' && e.decision === 'demand-zero'));
    expect(both.entries.length).toBeGreaterThanOrEqual(REGION_PAGES);
    const since = all[9].seq;
    const later = await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', { since });
    expect(later.entries).toEqual(all.slice(10));
    expect(later.lastSeq).toBe(all[all.length - 1].seq);
    expect((await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', { since: later.lastSeq })).entries).toEqual([]);
    // A pid without entries and the syscalls (not recorded: the filter is off) are empty answers, not errors.
    expect((await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', { pid: 9999 })).entries).toEqual([]);
    expect((await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', { decision: 'syscall' })).entries).toEqual([]);
    // Asking twice changes nothing.
    expect((await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', {})).entries).toEqual(all);
  });

  it('records each syscall strace-style while the System call filter is enabled, and stops when it is disabled', async () => {
    await prepareLaunch(dc, { program: COW, source: COW_C, breakpoints: [{ line: FORK_LINE }, { line: AFTER_WRITES }] });
    // The filter stops only at wait4; every syscall is recorded.
    await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'syscall', condition: 'wait4' }] });
    const atFork = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect((await topFrame(dc, atFork.body.threadId!)).line).toBe(FORK_LINE);
    const parent = (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(atFork.body.threadId!))!.pid;
    const calls = (await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', { decision: 'syscall' }));
    expect(calls.syscalls).toBe(true);
    const texts = calls.entries.map((e) => (e as FaultLogSyscall).text);
    expect(texts).toContain('write(1, "parent: filled 1024 KiB (256 pag"..., 53) = 53');
    expect(texts.some((t) => /^brk\(NULL\) = 0x[0-9a-f]+$/.test(t))).toBe(true);
    const write = calls.entries.find((e) => e.kind === 'syscall' && e.name === 'write')!;
    expect(write).toMatchObject({ pid: parent, tid: atFork.body.threadId });
    // The ecall is in the program's own C library, whose line table the program carries.
    expect(write.source?.path).toMatch(/examples\/libc\//);

    const atWait = await runUntilStopped(dc, () => dc.continueRequest({ threadId: atFork.body.threadId! }));
    expect(atWait.body.text).toMatch(/wait4/);
    const sinceFork = (await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', { decision: 'syscall', since: calls.lastSeq })).entries;
    const clone = sinceFork.find((e): e is FaultLogSyscall => e.kind === 'syscall' && e.name === 'clone')!;
    expect(clone.text).toMatch(/^clone\(child_stack=NULL, flags=SIGCHLD\) = \d+$/);
    const child = Number(clone.text.match(/= (\d+)$/)![1]);
    expect((await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.pid === child)?.ppid).toBe(parent);

    await dc.setExceptionBreakpointsRequest({ filters: [] });
    const atWrites = await runUntilStopped(dc, () => dc.continueRequest({ threadId: atWait.body.threadId! }));
    expect((await topFrame(dc, atWrites.body.threadId!)).line).toBe(AFTER_WRITES);
    const after = await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', { since: sinceFork[sinceFork.length - 1].seq });
    expect(after.syscalls).toBe(false);
    // The child printed a line meanwhile (a write), but no syscall was recorded; its faults were.
    expect(after.entries.filter((e) => e.kind === 'syscall')).toEqual([]);
    expect(after.entries.filter((e) => e.pid === child && e.kind === 'fault' && e.decision === 'cow-copy').length).toBeGreaterThanOrEqual(REGION_PAGES);
  });

  it('bad arguments answer error responses', async () => {
    await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: AFTER_READS }] });
    expect(await errorOf(dc, 'glasskernel/faultLog', { pid: -1 })).toMatch(/bad argument: pid must be a non-negative integer/);
    expect(await errorOf(dc, 'glasskernel/faultLog', { pid: '2' })).toMatch(/bad argument: pid/);
    expect(await errorOf(dc, 'glasskernel/faultLog', { decision: 'bogus' })).toMatch(/bad argument: decision must be one of demand-zero, .*syscall, got "bogus"/);
    expect(await errorOf(dc, 'glasskernel/faultLog', { decision: 3 })).toMatch(/bad argument: decision/);
    expect(await errorOf(dc, 'glasskernel/faultLog', { since: 1.5 })).toMatch(/bad argument: since must be a non-negative integer/);
    expect(await errorOf(dc, 'glasskernel/faultLog', { since: -3 })).toMatch(/bad argument: since/);
    expect(await errorOf(dc, 'glasskernel/faultLog', 'everything')).toMatch(/bad arguments: expected an object/);
    expect(await errorOf(dc, 'glasskernel/faultLog', [1])).toMatch(/bad arguments: expected an object/);
    // Still answering after the errors.
    expect((await custom<FaultLogResponseBody>(dc, 'glasskernel/faultLog', null)).entries.length).toBeGreaterThan(0);
  });
});
