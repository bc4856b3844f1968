/**
 * The Processes and Memory Map views' requests over DAP, against what the programs really do:
 * glasskernel/processes with detail (cow's parent sleeping in wait4, the child "stopped at
 * breakpoint" at child+N, pipe's parent in "read pipe"), glasskernel/vmaPages (after fork the
 * same frame in parent and child with count 2, copy-on-write; after the child's writes its own
 * copy with count 1), glasskernel/pageBytes, glasskernel/procStatus, glasskernel/signal
 * (SIGSTOP makes the parent "stopped", SIGSEGV leaves the child a zombie killed by SIGSEGV,
 * SIGCONT lets the parent reap it), and their argument errors.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type {
  PageBytesResponseBody, ProcessInfo, ProcessesResponseBody, ProcStatusResponseBody, SignalResponseBody, VmaPagesResponseBody,
  VmasResponseBody,
} from '../../src/debug-adapter/protocol';
import { ROOT, buildAdapter, collectStdout, continueToExit, custom, launchToStop, lineOf, runUntilStopped, startClient, topFrame } from './harness';
import { AFTER_READS, AFTER_WRITES, COW, COW_C, PAGE, REGION_PAGES, launchCowToChild } from './cow-fixture';

const PIPE = path.join(ROOT, 'examples', 'bin', 'pipe');
const PIPE_C = path.join(ROOT, 'examples', 'src', 'pipe.c');
/** In pipe's child, before its big write (the parent is already reading). */
const BEFORE_WRITE = lineOf(PIPE_C, 'long n = write(fds[1], data, TOTAL)');
/** cow.c's PARENT_TAG: every word of the parent's region is PARENT_TAG | index. */
const PARENT_TAG = 0x5041524500000000n;

async function detail(dc: DebugClient): Promise<ProcessInfo[]> {
  return (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes', { detail: true })).processes;
}

async function errorOf(dc: DebugClient, command: string, args: unknown): Promise<string> {
  try {
    await dc.customRequest(command, args);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${command} ${JSON.stringify(args)} succeeded`);
}

/** The value of C expression `region` in cow's child at its stop (a page-aligned address). */
async function regionOf(dc: DebugClient, threadId: number): Promise<bigint> {
  const frame = await topFrame(dc, threadId);
  const shown = (await dc.evaluateRequest({ expression: 'region', frameId: frame.id, context: 'watch' })).body.result;
  return BigInt(shown.match(/0x[0-9a-f]+/)![0]);
}

/** glasskernel/vmaPages for the region's 256 pages in `pid`. */
function regionPages(dc: DebugClient, pid: number, region: bigint): Promise<VmaPagesResponseBody> {
  const end = region + BigInt(REGION_PAGES) * PAGE;
  return custom<VmaPagesResponseBody>(dc, 'glasskernel/vmaPages', { pid, start: `0x${region.toString(16)}`, end: `0x${end.toString(16)}` });
}

describe('the Processes and Memory Map views\' requests', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('cow: the child stopped at its breakpoint, the parent in wait4; fork\'s shared frames, then the child\'s own copies', async () => {
    const stop = await launchCowToChild(dc);
    const tid = stop.body.threadId!;
    const procs = await detail(dc);
    const child = procs.find((p) => p.tids.includes(tid))!;
    const parent = procs.find((p) => p.pid === child.ppid)!;
    expect(child.threads).toEqual([expect.objectContaining({ tid, debugStop: 'breakpoint', location: expect.stringMatching(/^(child|main)\+\d+$/) })]);
    expect(parent.state).toBe('sleeping');
    expect(parent.threads).toEqual([expect.objectContaining({ tid: parent.pid, state: 'sleeping', waitReason: 'wait4', location: expect.stringMatching(/^wait4/) })]);
    expect(parent.minorFaults).toBeGreaterThanOrEqual(REGION_PAGES); // the demand-zero faults of fill()
    expect(child.residentPages).toBeGreaterThanOrEqual(REGION_PAGES);
    // Without detail the answer is the plain list.
    expect((await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.pid === child.pid)).not.toHaveProperty('threads');

    const region = await regionOf(dc, tid);
    const heap = (await custom<VmasResponseBody>(dc, 'glasskernel/vmas', { pid: child.pid })).vmas
      .find((v) => BigInt(v.start) <= region && region < BigInt(v.end))!;
    expect(heap).toMatchObject({ name: '[heap]', role: 'heap' });
    const shared = await regionPages(dc, child.pid, region);
    const theirs = await regionPages(dc, parent.pid, region);
    expect(shared.pages).toHaveLength(REGION_PAGES);
    expect(shared.resident).toBe(REGION_PAGES);
    expect(shared.more).toBe(0);
    shared.pages.forEach((pg, i) => {
      expect(pg.va).toBe(`0x${(region + BigInt(i) * PAGE).toString(16)}`);
      expect(pg).toMatchObject({ refCount: 2, cow: true, pageCache: false, sharedWith: [{ pid: parent.pid, va: pg.va }] });
      expect(pg.flags).toMatch(/^VR-/);
      expect(theirs.pages[i].pa).toBe(pg.pa);
      expect(theirs.pages[i].sharedWith).toEqual([{ pid: child.pid, va: pg.va }]);
    });
    const bytes = await custom<PageBytesResponseBody>(dc, 'glasskernel/pageBytes', { pid: child.pid, va: shared.pages[1].va });
    expect(bytes.pa).toBe(shared.pages[1].pa);
    const data = Buffer.from(bytes.data, 'base64');
    expect(data).toHaveLength(4096);
    expect(data.readBigUInt64LE(0)).toBe(PARENT_TAG | 512n); // word 512 of the region: page 1's first
    const capped = await custom<VmaPagesResponseBody>(dc, 'glasskernel/vmaPages', { pid: child.pid, start: heap.start, end: heap.end, max: 10 });
    expect(capped.pages).toHaveLength(10);
    expect(capped.more).toBe(capped.resident - 10);

    const resumed = await runUntilStopped(dc, () => dc.continueRequest({ threadId: tid }));
    expect((await topFrame(dc, resumed.body.threadId!)).line).toBe(AFTER_WRITES);
    const mine = await regionPages(dc, child.pid, region);
    const parents = await regionPages(dc, parent.pid, region);
    mine.pages.forEach((pg, i) => {
      expect(pg).toMatchObject({ refCount: 1, cow: false, sharedWith: [] });
      expect(pg.flags).toMatch(/^VRW/);
      expect(pg.pa).not.toBe(shared.pages[i].pa);
      expect(parents.pages[i]).toMatchObject({ pa: shared.pages[i].pa, refCount: 1, sharedWith: [] });
    });
    const after = (await detail(dc)).find((p) => p.pid === child.pid)!;
    expect(after.cowFaults).toBeGreaterThanOrEqual(REGION_PAGES);
  });

  it('signals: SIGSTOP stops the parent, SIGSEGV leaves the child a zombie killed by SIGSEGV, SIGCONT lets the parent reap it', async () => {
    const stdout = collectStdout(dc);
    // No exception filters: a fatal signal kills at once (with the signal filter the debugger would stop before)
    const stop = await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: AFTER_READS }, { line: AFTER_WRITES }], filters: [] });
    const tid = stop.body.threadId!;
    const child = (await detail(dc)).find((p) => p.tids.includes(tid))!;
    const parent = child.ppid;
    expect(await custom<SignalResponseBody>(dc, 'glasskernel/signal', { pid: parent, signal: 'SIGSTOP' })).toEqual({ pid: parent, signal: 'SIGSTOP' });

    await runUntilStopped(dc, () => dc.continueRequest({ threadId: tid }));
    const atWrites = await detail(dc);
    const stopped = atWrites.find((p) => p.pid === parent)!;
    expect(stopped.state).toBe('stopped');
    expect(stopped.threads!.map((t) => t.state)).toEqual(['stopped']);
    expect((await custom<ProcStatusResponseBody>(dc, 'glasskernel/procStatus', { pid: parent })).text).toMatch(/^State:\tT \(stopped\)$/m);

    expect(await custom<SignalResponseBody>(dc, 'glasskernel/signal', { pid: child.pid, signal: 'segv' })).toEqual({ pid: child.pid, signal: 'SIGSEGV' });
    const killed = (await detail(dc)).find((p) => p.pid === child.pid)!;
    expect(killed).toMatchObject({ state: 'zombie', termination: { signal: 'SIGSEGV' }, threads: [], tids: [] });
    expect(await errorOf(dc, 'glasskernel/signal', { pid: child.pid, signal: 'SIGTERM' })).toMatch(/already exited/);
    expect((await custom<ProcStatusResponseBody>(dc, 'glasskernel/procStatus', { pid: child.pid })).text).toMatch(/^State:\tZ \(zombie\)$/m);

    expect(await custom<SignalResponseBody>(dc, 'glasskernel/signal', { pid: parent, signal: 18 })).toEqual({ pid: parent, signal: 'SIGCONT' });
    const code = await continueToExit(dc, tid, { sources: [COW_C] });
    expect(code).toBe(1); // cow's parent fails when its child was killed
    expect(stdout()).toContain('parent: child was killed by signal 11');
  });

  it('refuses a signal while the stopped thread is paused inside a kernel path (the copy-on-write fault)', async () => {
    const stop = await launchToStop(dc, { program: COW, filters: ['cowFault'] });
    expect(stop.body.reason).toBe('exception');
    const pid = (await detail(dc)).find((p) => p.tids.includes(stop.body.threadId!))!.pid;
    expect(await errorOf(dc, 'glasskernel/signal', { pid, signal: 'SIGTERM' })).toMatch(/paused inside a kernel path: step out of it or continue/);
    expect((await detail(dc)).find((p) => p.pid === pid)!.state).not.toBe('zombie');
  });

  it('pipe: the parent sleeps in "read pipe"; /proc/<pid>/status is the guest\'s text; bad arguments are errors', async () => {
    // No exception filters: the SIGPIPE pipe.c provokes later runs its course without a stop
    const stop = await launchToStop(dc, { program: PIPE, source: PIPE_C, breakpoints: [{ line: BEFORE_WRITE }], filters: [] });
    const procs = await detail(dc);
    const child = procs.find((p) => p.tids.includes(stop.body.threadId!))!;
    const parent = procs.find((p) => p.pid === child.ppid)!;
    expect(parent.threads).toEqual([expect.objectContaining({ state: 'sleeping', waitReason: 'read pipe', location: expect.stringMatching(/^read/) })]);
    expect(child.threads![0]).toMatchObject({ debugStop: 'breakpoint', location: expect.stringMatching(/^main\+\d+$/) });

    const status = (await custom<ProcStatusResponseBody>(dc, 'glasskernel/procStatus', { pid: parent.pid })).text;
    expect(status).toMatch(/^Name:\tpipe$/m);
    expect(status).toMatch(new RegExp(`^Pid:\\t${parent.pid}$`, 'm'));
    expect(status).toMatch(/^State:\tS \(sleeping\)$/m);
    expect(status.endsWith('\n')).toBe(true);

    expect(await errorOf(dc, 'glasskernel/procStatus', { pid: 4242 })).toMatch(/no process with pid 4242/);
    expect(await errorOf(dc, 'glasskernel/signal', { pid: parent.pid })).toMatch(/missing argument: signal/);
    expect(await errorOf(dc, 'glasskernel/signal', { pid: parent.pid, signal: 'SIGFOO' })).toMatch(/signal must be a signal name/);
    expect(await errorOf(dc, 'glasskernel/signal', { pid: parent.pid, signal: 0 })).toMatch(/signal must be a signal name/);
    expect(await errorOf(dc, 'glasskernel/signal', { pid: 'two', signal: 'SIGTERM' })).toMatch(/pid must be a non-negative integer/);
    expect(await errorOf(dc, 'glasskernel/vmaPages', { pid: parent.pid, start: '0x10000' })).toMatch(/missing argument: end/);
    expect(await errorOf(dc, 'glasskernel/vmaPages', { pid: parent.pid, start: 'zz', end: '0x1' })).toMatch(/start must be a "0x..." virtual address/);
    expect(await errorOf(dc, 'glasskernel/vmaPages', { pid: parent.pid, start: '0x2000', end: '0x1000' })).toMatch(/end \(0x1000\) must be above start/);
    expect(await errorOf(dc, 'glasskernel/vmaPages', { pid: parent.pid, start: '0x0', end: '0x1000', max: -1 })).toMatch(/max must be/);
    expect(await errorOf(dc, 'glasskernel/pageBytes', { pid: parent.pid, va: '0x0' })).toMatch(/no resident page at 0x0/);
    // Nothing resident below the text: an empty answer, not an error.
    expect(await custom<VmaPagesResponseBody>(dc, 'glasskernel/vmaPages', { pid: parent.pid, start: '0x0', end: '0x1000' })).toEqual({ pid: parent.pid, resident: 0, pages: [], more: 0 });
    // The requests changed nothing: the program still runs to its recorded end.
    expect(await continueToExit(dc, stop.body.threadId!, { sources: [PIPE_C] })).toBe(0);
  });
});
