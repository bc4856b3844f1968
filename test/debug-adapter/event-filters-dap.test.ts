/**
 * Exception filters with conditions over DAP (issue 10: "a syscall filter by name list, a pid
 * filter, and fault kinds"): the adapter advertises supportsExceptionFilterOptions and a
 * condition on each filter; only the events a condition names stop, the others run on; a
 * condition that names what the filter cannot see is refused on the filter; exceptionInfo gives
 * the stop's description with the kernel's decision.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FORKTREE, ROOT, buildAdapter, runUntilStopped, startClient } from './harness';

const COW = path.join(ROOT, 'examples', 'bin', 'cow');
/** Most stops a run may make before the test gives up (cow makes about 260 copy-on-write copies). */
const MAX_STOPS = 1000;

/** initialize + launch + setExceptionBreakpoints(filterOptions); returns the filter answers. */
async function launchWithFilters(dc: DebugClient, program: string, filterOptions: DebugProtocol.ExceptionFilterOptions[]): Promise<DebugProtocol.Breakpoint[]> {
  const init = await dc.initializeRequest();
  expect(init.body?.supportsExceptionFilterOptions).toBe(true);
  expect(init.body?.exceptionBreakpointFilters?.every((f) => f.supportsCondition)).toBe(true);
  const initialized = dc.waitForEvent('initialized');
  await dc.launch({ program } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  const r = await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions });
  return r.body?.breakpoints ?? [];
}

/** Starts the run with `start` (configurationDone), continues after every stop to the end; returns the stops' texts and the exit code. */
async function stopsToEnd(dc: DebugClient, start: () => Promise<unknown> = () => dc.configurationDoneRequest()): Promise<{ texts: string[]; exitCode: number }> {
  const texts: string[] = [];
  let exitCode: number | undefined;
  dc.on('exited', (e: DebugProtocol.ExitedEvent) => { exitCode = e.body.exitCode; });
  const terminated = dc.waitForEvent('terminated');
  let next: Promise<unknown> = start();
  for (;;) {
    const r = await Promise.race([dc.waitForEvent('stopped').then((e) => e as DebugProtocol.StoppedEvent), terminated.then(() => undefined)]);
    await next;
    if (!r) break;
    expect(texts.length).toBeLessThan(MAX_STOPS);
    texts.push(r.body.text ?? '');
    next = dc.continueRequest({ threadId: r.body.threadId! });
  }
  return { texts, exitCode: exitCode! };
}

describe('exception filters with conditions', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('syscall filter "wait4": forktree stops once at each wait4\'s entry (not again when a blocked one runs again), and ends as unwatched', async () => {
    expect(await launchWithFilters(dc, FORKTREE, [{ filterId: 'syscall', condition: 'wait4' }])).toEqual([{ verified: true }]);
    const { texts, exitCode } = await stopsToEnd(dc);
    // forktree's processes wait for their 14 children in all (qemu-riscv64 -strace shows 14 wait4 calls).
    expect(texts.length).toBe(14);
    for (const t of texts) expect(t).toMatch(/^System call: pid \d+ calls wait4\(pid = /);
    expect(exitCode).toBe(0);
  });

  it('syscall filter "clone pid N": only the first process\'s clones stop', async () => {
    await launchWithFilters(dc, FORKTREE, [{ filterId: 'syscall', condition: 'clone' }]);
    const all = await stopsToEnd(dc);
    const firstPid = /pid (\d+)/.exec(all.texts[0]!)![1];
    const mine = all.texts.filter((t) => t.startsWith(`System call: pid ${firstPid} calls clone(`));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(all.texts.length);
    await dc.stop();
    dc = await startClient();
    await launchWithFilters(dc, FORKTREE, [{ filterId: 'syscall', condition: `clone pid ${firstPid}` }]);
    expect((await stopsToEnd(dc)).texts).toEqual(mine);
  });

  it('page-fault filter "cow-copy": every stop is a copy-on-write copy; exceptionInfo names the decision', async () => {
    await launchWithFilters(dc, COW, [{ filterId: 'pageFault', condition: 'cow-copy' }]);
    const first = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(first.body.reason).toBe('exception');
    const info = await dc.exceptionInfoRequest({ threadId: first.body.threadId! });
    // The exception id (the widget's title) is the label of the filter that stopped; the stop is at the trap, before the kernel copies.
    expect(info.body.exceptionId).toBe('Page fault');
    expect(info.body.breakMode).toBe('always');
    expect(info.body.description).toMatch(/: copy-on-write: copy the frame shared by \d+ processes \(pid \d+, pc 0x[0-9a-f]+\)$/);
    const texts = [first.body.text ?? '', ...(await stopsToEnd(dc, () => dc.continueRequest({ threadId: first.body.threadId! }))).texts];
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) expect(t).toMatch(/^Page fault: store to 0x[0-9a-f]+ in \S+: copy-on-write: copy the frame/);
  });

  it('an exit filter for a pid that never exits lets every exit replay and the run end', async () => {
    const out: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category === 'stdout') out.push(e.body.output); });
    await launchWithFilters(dc, COW, [{ filterId: 'exit', condition: 'pid 999' }]);
    const { texts, exitCode } = await stopsToEnd(dc);
    expect(texts).toEqual([]);
    expect(exitCode).toBe(0);
    expect(out.join('')).toBe(fs.readFileSync(path.join(ROOT, 'examples', 'expected', 'cow.stdout'), 'utf8'));
  });

  it('a condition the filter cannot use is refused on the filter, and that filter stays off', async () => {
    const answers = await launchWithFilters(dc, COW, [{ filterId: 'fork', condition: 'cow-copy' }, { filterId: 'nope' }]);
    expect(answers).toEqual([
      { verified: false, message: "condition: 'cow-copy' is not pid N" },
      { verified: false, message: "unknown exception filter 'nope'" },
    ]);
    expect((await stopsToEnd(dc)).texts).toEqual([]);
  });
});
