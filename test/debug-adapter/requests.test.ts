/**
 * The adapter's less common requests and its answers to bad input: restart, writeMemory,
 * loadedSources, source, modules; a program without debug information; every new request
 * with missing or wrong arguments (an error response, and the session goes on); stepping
 * over fork(); a program's breakpoints apply to its own image only, never to another program
 * execve'd by it that has code at the same address.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ROOT, buildAdapter, launchToStop, lineOf, prepareLaunch, runUntilStopped, startClient, topFrame } from './harness';

const FIXTURES = path.join(ROOT, 'test', 'debug-adapter', 'fixtures');
const SRC = path.join(FIXTURES, 'inspect.c');
const O0 = path.join(FIXTURES, 'inspect-O0');
const NODEBUG = path.join(FIXTURES, 'inspect-nodebug');
const LOOPS = path.join(FIXTURES, 'loops-O0');
const LOOPS_C = path.join(FIXTURES, 'loops.c');

function launchAt(dc: DebugClient, program: string, source: string, marker: string): Promise<DebugProtocol.StoppedEvent> {
  return launchToStop(dc, { program, source, breakpoints: [{ line: lineOf(source, marker) }] });
}

describe('less common requests and bad input', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('answers every new request with bad arguments with an error, and keeps working', async () => {
    const stop = await launchAt(dc, O0, SRC, 'BP:after_sum');
    const frameId = (await topFrame(dc, stop.body.threadId!)).id;
    const bad: Array<[string, unknown, RegExp]> = [
      ['evaluate', {}, /expression must be a string/],
      ['evaluate', { expression: 'total', frameId: 99999 }, /unknown frameId/],
      ['evaluate', { expression: '((', frameId }, /A syntax error in expression/],
      ['setVariable', { variablesReference: 'x', name: 'total', value: '1' }, /required/],
      ['setVariable', { variablesReference: 99999, name: 'total', value: '1' }, /unknown variablesReference/],
      ['setExpression', { expression: 'total' }, /required/],
      ['setExpression', { expression: '1 + 2', value: '3', frameId }, /./],
      ['scopes', { frameId: 'top' }, /unknown frameId/],
      ['variables', { variablesReference: -1 }, /unknown variablesReference/],
      ['setFunctionBreakpoints', {}, /breakpoints must be an array/],
      ['setDataBreakpoints', { breakpoints: 'all' }, /breakpoints must be an array/],
      ['dataBreakpointInfo', {}, /name is required/],
      ['writeMemory', { memoryReference: 'here', data: 'AA==' }, /memoryReference must be/],
      ['writeMemory', { memoryReference: '0x0', data: 'AAAA' }, /cannot write 3 bytes at 0x0/],
      ['source', { source: { path: '/etc/passwd' } }, /not a source of the program/],
      ['stepIn', { threadId: 424242 }, /no thread 424242/],
      ['next', {}, /no thread/],
    ];
    for (const [command, args, error] of bad) {
      await expect(dc.customRequest(command, args), `${command} ${JSON.stringify(args)}`).rejects.toThrow(error);
    }
    // Writing code (read-only) is refused; the session still answers.
    const code = (await topFrame(dc, stop.body.threadId!)).instructionPointerReference!;
    await expect(dc.customRequest('writeMemory', { memoryReference: code, data: 'AAAAAA==' })).rejects.toThrow(/read-only/);
    expect((await dc.evaluateRequest({ expression: 'total', frameId })).body.result).toBe('18');
  });

  it('writeMemory changes a variable the program then uses; readMemory sees it', async () => {
    const stop = await launchAt(dc, O0, SRC, 'BP:after_sum');
    const frameId = (await topFrame(dc, stop.body.threadId!)).id;
    const addr = (await dc.evaluateRequest({ expression: '&counter', frameId })).body.memoryReference!;
    const w = await dc.customRequest('writeMemory', { memoryReference: addr, data: Buffer.from([7, 0, 0, 0]).toString('base64') }) as DebugProtocol.WriteMemoryResponse;
    expect(w.body).toMatchObject({ bytesWritten: 4 });
    expect((await dc.evaluateRequest({ expression: 'counter', frameId })).body.result).toBe('7');
    const r = await dc.customRequest('readMemory', { memoryReference: addr, count: 4 }) as DebugProtocol.ReadMemoryResponse;
    expect([...Buffer.from(r.body!.data!, 'base64')]).toEqual([7, 0, 0, 0]);
  });

  it('lists the program as a module and its sources, and serves a source by path', async () => {
    await launchAt(dc, O0, SRC, 'BP:after_sum');
    const mods = await dc.customRequest('modules', {}) as DebugProtocol.ModulesResponse;
    expect(mods.body.modules).toEqual([expect.objectContaining({ id: 1, name: 'inspect-O0', path: O0, symbolStatus: 'Symbols loaded (DWARF)' })]);
    const srcs = await dc.customRequest('loadedSources', {}) as DebugProtocol.LoadedSourcesResponse;
    expect(srcs.body.sources.map((s) => s.path)).toContain(SRC);
    const text = await dc.customRequest('source', { source: { path: SRC } }) as DebugProtocol.SourceResponse;
    expect(text.body.content).toContain('BP:after_sum');
  });

  it('restart runs the program again from the start with the same breakpoints', async () => {
    const first = await launchAt(dc, O0, SRC, 'BP:after_sum');
    await dc.evaluateRequest({ expression: 'counter = 99', frameId: (await topFrame(dc, first.body.threadId!)).id, context: 'repl' });
    const again = await runUntilStopped(dc, () => dc.customRequest('restart', {}));
    expect(again.body.reason).toBe('breakpoint');
    const frameId = (await topFrame(dc, again.body.threadId!)).id;
    expect((await dc.evaluateRequest({ expression: 'counter', frameId })).body.result).toBe('0');
  });

  it('debugs a program without debug information: breakpoints by function and registers work, variables say why not', async () => {
    const messages: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category === 'console') messages.push(e.body.output); });
    await prepareLaunch(dc, { program: NODEBUG });
    const fb = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sum_items' }] });
    expect(fb.body.breakpoints[0]!.verified).toBe(true);
    const lineBp = await dc.setBreakpointsRequest({ source: { path: SRC }, breakpoints: [{ line: lineOf(SRC, 'BP:after_sum') }] });
    expect(lineBp.body.breakpoints[0]).toMatchObject({ verified: false, message: expect.stringMatching(/No line table/) });
    const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(messages.join('')).toMatch(/inspect-nodebug has no line table .*Compile with -g/);
    const frame = await topFrame(dc, stop.body.threadId!);
    expect(frame.name).toBe('sum_items');
    const scopes = await dc.scopesRequest({ frameId: frame.id });
    expect(scopes.body.scopes.map((s) => s.name)).toEqual(['Registers', 'Process']);
    await expect(dc.evaluateRequest({ expression: 'total', frameId: frame.id })).rejects.toThrow('No symbol "total" in current context.');
    expect((await dc.evaluateRequest({ expression: '$a1', frameId: frame.id })).body.result).toBe('3');
  });

  it('`next` over fork() continues the parent; the child runs on its own', async () => {
    const forkLine = lineOf(LOOPS_C, 'pid_t pid = fork();');
    const stop = await launchToStop(dc, { program: LOOPS, launch: { args: ['fork'] }, source: LOOPS_C, breakpoints: [{ line: forkLine }], filters: [] });
    const tid = stop.body.threadId!;
    const step = await runUntilStopped(dc, () => dc.nextRequest({ threadId: tid }));
    expect(step.body).toMatchObject({ reason: 'step', threadId: tid });
    const frame = await topFrame(dc, tid);
    expect(frame.line).toBe(forkLine + 1);
    expect(Number((await dc.evaluateRequest({ expression: 'pid', frameId: frame.id })).body.result)).toBeGreaterThan(2);
  });

  /** Runs `plan` to its exit, continuing at every stop; the stopped threads in order. */
  async function stoppedThreads(plan: Parameters<typeof prepareLaunch>[1]): Promise<number[]> {
    const stops: number[] = [];
    await prepareLaunch(dc, plan);
    const exited = dc.waitForEvent('exited');
    dc.on('stopped', (e: DebugProtocol.StoppedEvent) => {
      stops.push(e.body.threadId!);
      void dc.continueRequest({ threadId: e.body.threadId! });
    });
    await dc.configurationDoneRequest();
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
    return stops;
  }

  it('a function breakpoint never stops in another program the debuggee execs', async () => {
    // sh and echo are linked alike: both start with crt0's _start at the same address.
    const bin = (name: string): string => path.join(ROOT, 'examples', 'bin', name);
    const stops = await stoppedThreads({
      program: bin('sh'), launch: { args: ['-c', 'echo hi'], files: [{ host: bin('echo'), guest: '/bin/echo' }] },
      functions: [{ name: '_start' }], filters: [],
    });
    expect(stops).toEqual([2]);
  });

  it('a function breakpoint stops in a new image of the same program after execve', async () => {
    // exec forks; the child (pid 3) execs its own file: main runs once in each image.
    const stops = await stoppedThreads({ program: path.join(ROOT, 'examples', 'bin', 'exec'), functions: [{ name: 'main' }], filters: [] });
    expect(stops).toEqual([2, 3]);
  });
});
