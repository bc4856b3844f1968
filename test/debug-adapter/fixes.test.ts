/**
 * The debugger as a C programmer tries it (issue 8, "fix first"): every breakpoint hit stops,
 * unsupported requests say so, fatal signals and exits stop before the process dies (with its
 * stack), threads are announced as they appear, and terminate/continue behave.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ROOT, buildAdapter, lineOf, prepareLaunch, runUntilStopped, startClient, topFrame } from './harness';

const FIXTURES = path.join(ROOT, 'test', 'debug-adapter', 'fixtures');
const LOOPS = path.join(FIXTURES, 'loops-O0');
const LOOPS_C = path.join(FIXTURES, 'loops.c');

/** Launches loops-O0 in `mode` with `lines` (markers) as breakpoints and the given filters; resolves at configurationDone. */
function launch(dc: DebugClient, mode: string, markers: string[], filters?: string[]): Promise<void> {
  return prepareLaunch(dc, { program: LOOPS, launch: { args: [mode] }, source: LOOPS_C, breakpoints: markers.map((m) => ({ line: lineOf(LOOPS_C, m) })), filters });
}

/** Counts stops until the program exits, continuing after each; returns the stop events. */
async function stopsUntilExit(dc: DebugClient, start: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent[]> {
  const stops: DebugProtocol.StoppedEvent[] = [];
  let exited = false;
  dc.once('exited', () => { exited = true; });
  const terminated = dc.waitForEvent('terminated');
  let next: Promise<unknown> = Promise.race([dc.waitForEvent('stopped'), terminated]);
  await start();
  for (;;) {
    const e = (await next) as DebugProtocol.Event;
    if (e.event !== 'stopped') break;
    stops.push(e as DebugProtocol.StoppedEvent);
    next = Promise.race([dc.waitForEvent('stopped'), terminated]);
    await dc.continueRequest({ threadId: (e as DebugProtocol.StoppedEvent).body.threadId! });
  }
  expect(exited).toBe(true);
  return stops;
}

describe('the C debugger as a programmer tries it', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('stops at every hit of a breakpoint in a 1000-iteration loop', async () => {
    await launch(dc, 'loop', ['BP:loop'], []);
    const stops = await stopsUntilExit(dc, () => dc.configurationDoneRequest());
    expect(stops).toHaveLength(1000);
    expect(stops.every((s) => s.body.reason === 'breakpoint')).toBe(true);
  });

  it('stops at every level of a recursion 5 deep', async () => {
    await launch(dc, 'recurse', ['BP:depth'], []);
    const stops = await stopsUntilExit(dc, () => dc.configurationDoneRequest());
    expect(stops).toHaveLength(6);
  });

  it('answers requests it does not support with an error that names them', async () => {
    await launch(dc, 'loop', []);
    const unsupported = ['stepBack', 'reverseContinue', 'restartFrame', 'gotoTargets', 'goto', 'stepInTargets', 'completions', 'attach', 'terminateThreads', 'cancel'];
    for (const command of unsupported) {
      await expect(dc.customRequest(command, {}), command).rejects.toThrow(`Glasskernel does not support the '${command}' request`);
    }
    await expect(dc.customRequest('glasskernel/nonsense', {})).rejects.toThrow();
  });

  it('stops on a NULL store before the process dies, by default, with the faulting line', async () => {
    await launch(dc, 'null', []);
    const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(stop.body).toMatchObject({ reason: 'exception', description: 'Segmentation fault' });
    const frame = await topFrame(dc, stop.body.threadId!);
    expect(frame).toMatchObject({ name: 'main', line: lineOf(LOOPS_C, 'BP:null') });
    const exited = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: stop.body.threadId! });
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(139);
  });

  it('stops on abort() before the process dies, with the stack through abort to main', async () => {
    await launch(dc, 'abort', []);
    await dc.setExceptionBreakpointsRequest({ filters: ['segv', 'signal'] });
    const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(stop.body).toMatchObject({ reason: 'exception', description: 'Signal SIGABRT' });
    const st = await dc.stackTraceRequest({ threadId: stop.body.threadId! });
    const names = st.body.stackFrames.map((f) => f.name);
    expect(names).toContain('main');
    expect(names.some((n) => /abort/.test(n))).toBe(true);
    const exited = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: stop.body.threadId! });
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(134);
  });

  it('gives the program\'s exit stop its stack, and a process killed by a signal an exit stop', async () => {
    await launch(dc, 'fork', [], ['exit']);
    const stops = await stopsUntilExit(dc, () => dc.configurationDoneRequest());
    const texts = stops.map((s) => s.body.text ?? '');
    expect(texts.some((t) => /^Exit: pid \d+ finished \(killed by SIGTERM\)$/.test(t))).toBe(true);
    expect(texts.at(-1)).toMatch(/^Exit: pid 2 finished \(exit status 0\)$/);
  });

  it('shows the exiting main thread\'s stack at the exit stop', async () => {
    await launch(dc, 'loop', [], ['exit']);
    const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(stop.body.text).toBe('Exit: pid 2 finished (exit status 0)');
    const st = await dc.stackTraceRequest({ threadId: stop.body.threadId! });
    expect(st.body.stackFrames.length).toBeGreaterThan(0);
    expect(stop.body.threadId).toBe(2);
  });

  it('announces a thread as soon as it starts, and describes pthread_create as a new thread', async () => {
    const started: number[] = [];
    dc.on('thread', (e: DebugProtocol.ThreadEvent) => { if (e.body.reason === 'started') started.push(e.body.threadId); });
    await launch(dc, 'thread', [], ['fork']);
    // The Fork/clone filter stops at pthread_create's clone, before the kernel creates the thread.
    const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(stop.body.description).toBe('Clone');
    expect(stop.body.text).toMatch(/^Clone: pid 2 calls clone\(flags = 0x[0-9a-f]+, .*\): the kernel is about to create a thread$/);
    expect(started).not.toContain(3);
    // next runs the clone: thread 3 is announced the moment the kernel makes it.
    await runUntilStopped(dc, () => dc.nextRequest({ threadId: stop.body.threadId! }));
    expect(started).toContain(3);
  });

  it('announces a forked child while running to a later stop', async () => {
    const started: number[] = [];
    dc.on('thread', (e: DebugProtocol.ThreadEvent) => { if (e.body.reason === 'started') started.push(e.body.threadId); });
    await launch(dc, 'fork', [], []);
    const exited = dc.waitForEvent('exited');
    await dc.configurationDoneRequest();
    await exited;
    expect(started).toEqual(expect.arrayContaining([2, 3]));
  });

  it('terminate kills the guest, reports its exit and refuses to continue', async () => {
    await launch(dc, 'loop', ['BP:loop']);
    const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    const exited = dc.waitForEvent('exited');
    const terminated = dc.waitForEvent('terminated');
    await dc.terminateRequest({});
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(137);
    await terminated;
    await expect(dc.continueRequest({ threadId: stop.body.threadId! })).rejects.toThrow(/not running/);
    expect((await dc.threadsRequest()).body.threads).toEqual([]);
  });

  it('refuses continue without a numeric threadId', async () => {
    await launch(dc, 'loop', ['BP:loop']);
    const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    await expect(dc.continueRequest({ threadId: 'main' } as unknown as DebugProtocol.ContinueArguments)).rejects.toThrow(/threadId/);
    expect((await topFrame(dc, stop.body.threadId!)).line).toBe(lineOf(LOOPS_C, 'BP:loop'));
  });

  it('stepOut at instruction granularity leaves the function', async () => {
    await launch(dc, 'recurse', ['BP:depth']);
    const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    const tid = stop.body.threadId!;
    expect((await topFrame(dc, tid)).name).toBe('depth');
    await dc.setBreakpointsRequest({ source: { path: LOOPS_C }, breakpoints: [] });
    const out = await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: tid, granularity: 'instruction' }));
    expect(out.body.reason).toBe('step');
    expect((await topFrame(dc, tid)).name).toBe('main');
  });
});
