/**
 * The built adapter under bad input and runaway guests: clear error responses for a bad
 * launch or malformed custom requests (and the session keeps working afterwards), pause of a
 * guest that never stops, unverified breakpoints, and the segfault filter.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ProgressEventBody } from '../../src/debug-adapter/progress';
import type { ProcessesResponseBody } from '../../src/debug-adapter/protocol';
import {
  FORKTREE, FORKTREE_C, ROOT, buildAdapter, custom, launchStoppedOnEntry, lineOf, runUntilStopped, startClient, topFrame,
} from './harness';

const SPIN = path.join(ROOT, 'test', 'debug-adapter', 'fixtures', 'spin');
const SPIN_S = path.join(ROOT, 'test', 'debug-adapter', 'fixtures', 'spin.S');
const SEGV = path.join(ROOT, 'examples', 'bin', 'segv');
const CRT0_S = path.join(ROOT, 'examples', 'libc', 'crt0.S');

describe('the built adapter under bad requests and runaway guests', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('answers a launch of a missing program with an error naming the file', async () => {
    await dc.initializeRequest();
    await expect(dc.launchRequest({ program: '/no/such/dir/prog' } as DebugProtocol.LaunchRequestArguments))
      .rejects.toThrow(/cannot read program '\/no\/such\/dir\/prog': no such file/);
  });

  it('answers a launch of a non-ELF file or bad arguments with errors, then launches fine', async () => {
    await dc.initializeRequest();
    const launch = (args: Record<string, unknown>) => dc.launchRequest(args as DebugProtocol.LaunchRequestArguments);
    await expect(launch({ program: FORKTREE_C })).rejects.toThrow(/is not a valid ELF file/);
    await expect(launch({})).rejects.toThrow(/'program' must be the path/);
    await expect(launch({ program: FORKTREE, memoryMiB: -3 })).rejects.toThrow(/'memoryMiB' must be an integer/);
    await expect(launch({ program: FORKTREE, args: [1, 2] })).rejects.toThrow(/'args' must be an array of strings/);
    const initialized = dc.waitForEvent('initialized');
    await launch({ program: FORKTREE, stopOnEntry: true, memoryMiB: 16 });
    await initialized;
    const stopped = dc.waitForEvent('stopped');
    await dc.configurationDoneRequest();
    expect(((await stopped) as DebugProtocol.StoppedEvent).body.reason).toBe('entry');
  });

  it('rejects malformed custom requests with errors and keeps serving good ones', async () => {
    await launchStoppedOnEntry(dc, FORKTREE);
    await expect(dc.customRequest('glasskernel/vmas', {})).rejects.toThrow(/missing argument: pid/);
    await expect(dc.customRequest('glasskernel/vmas')).rejects.toThrow(/missing argument: pid/);
    await expect(dc.customRequest('glasskernel/vmas', { pid: 'one' })).rejects.toThrow(/pid must be a non-negative integer/);
    await expect(dc.customRequest('glasskernel/vmas', { pid: -1 })).rejects.toThrow(/pid must be a non-negative integer/);
    await expect(dc.customRequest('glasskernel/vmas', { pid: 4242 })).rejects.toThrow(/no process with pid 4242/);
    await expect(dc.customRequest('glasskernel/pageTable', { pid: 1, ppn: 'zz' })).rejects.toThrow(/ppn must be a "0x..." page number/);
    await expect(dc.customRequest('glasskernel/pageTable', { pid: 1, ppn: '0x0' })).rejects.toThrow(/not a page-table page of process 1/);
    await expect(dc.customRequest('glasskernel/nonsense', { pid: 1 })).rejects.toThrow();
    await expect(dc.stackTraceRequest({} as DebugProtocol.StackTraceArguments)).rejects.toThrow(/threadId is required/);
    await expect(dc.variablesRequest({ variablesReference: 987654 })).rejects.toThrow(/unknown variablesReference/);

    const tree = await custom<ProcessesResponseBody>(dc, 'glasskernel/processes');
    expect(tree.processes).toEqual([
      { pid: 1, ppid: 0, name: 'init', state: 'sleeping', tids: [] },
      { pid: 2, ppid: 1, name: 'forktree', state: expect.any(String), tids: [2] },
    ]);
    const vmas = await custom<{ vmas: unknown[] }>(dc, 'glasskernel/vmas', { pid: 2 });
    expect(vmas.vmas.length).toBeGreaterThan(0);
  });

  it('reports breakpoints it cannot place as unverified, with the reason', async () => {
    await launchStoppedOnEntry(dc, FORKTREE);
    const outside = await dc.setBreakpointsRequest({ source: { path: '/elsewhere/other.c' }, breakpoints: [{ line: 3 }] });
    expect(outside.body.breakpoints[0]).toMatchObject({ verified: false, message: expect.stringMatching(/other\.c is not part of forktree/) });
    const pastEnd = await dc.setBreakpointsRequest({ source: { path: FORKTREE_C }, breakpoints: [{ line: 100_000 }] });
    expect(pastEnd.body.breakpoints[0]).toMatchObject({ verified: false, message: 'No code at or after line 100000 of forktree.c' });
  });

  it('reports the running guest\'s instruction count and speed, and the total at a pause', async () => {
    const initialized = dc.waitForEvent('initialized');
    await dc.launch({ program: SPIN });
    await initialized;
    await dc.configurationDoneRequest();
    const running = (await dc.waitForEvent('glasskernel/progress')).body as ProgressEventBody;
    expect(running.running).toBe(true);
    expect(running.mips).toBeGreaterThan(0);
    expect(running.instructionsRetired).toBeGreaterThan(0);
    const later: ProgressEventBody[] = [];
    dc.on('glasskernel/progress', (e: DebugProtocol.Event) => later.push(e.body as ProgressEventBody));
    await runUntilStopped(dc, () => dc.pauseRequest({ threadId: 2 }));
    await dc.threadsRequest(); // every event sent before this answer has arrived
    const atStop = later.at(-1)!;
    // The event at the stop: not running, the total only (never less than the last running count).
    expect(atStop).toEqual({ running: false, instructionsRetired: expect.any(Number) });
    expect(atStop.instructionsRetired).toBeGreaterThanOrEqual(running.instructionsRetired);
  });

  it('pauses a guest that never stops, answering requests while it runs', async () => {
    const initialized = dc.waitForEvent('initialized');
    await dc.launch({ program: SPIN });
    await initialized;
    await dc.configurationDoneRequest();
    // The guest is running now; the adapter still answers.
    const threads = await dc.threadsRequest();
    expect(threads.body.threads).toEqual([{ id: 2, name: 'pid 2 · spin' }]);
    const tree = await custom<ProcessesResponseBody>(dc, 'glasskernel/processes');
    expect(tree.processes[1]).toMatchObject({ pid: 2, ppid: 1, name: 'spin' });

    const paused = await runUntilStopped(dc, () => dc.pauseRequest({ threadId: 2 }));
    expect(paused.body.reason).toBe('pause');
    const frame = await topFrame(dc, paused.body.threadId!);
    expect(frame.source?.path).toBe(SPIN_S);
    expect(frame.name).toBe('_start');
    const t0 = await dc.evaluateRequest({ expression: 't0', frameId: frame.id });
    expect(BigInt(t0.body.result)).toBeGreaterThan(0n);
    await expect(dc.evaluateRequest({ expression: 'nonsense + 1', frameId: frame.id })).rejects.toThrow('No symbol "nonsense" in current context.');

    // It runs again after a pause and can be paused again.
    await dc.continueRequest({ threadId: 2 });
    const again = await runUntilStopped(dc, () => dc.pauseRequest({ threadId: 2 }));
    expect(again.body.reason).toBe('pause');
    const t0Later = await dc.evaluateRequest({ expression: '$x5', frameId: (await topFrame(dc, 2)).id });
    expect(BigInt(t0Later.body.result)).toBeGreaterThan(BigInt(t0.body.result));
  });

  it('stops on a null store with the segv filter and reports the child killed', async () => {
    let stdout = '';
    dc.on('output', (e: DebugProtocol.OutputEvent) => { stdout += e.body.output; });
    const entry = await launchStoppedOnEntry(dc, SEGV);
    await dc.setExceptionBreakpointsRequest({ filters: ['segv'] });
    const stop = await runUntilStopped(dc, () => dc.continueRequest({ threadId: entry.body.threadId! }));
    expect(stop.body.reason).toBe('exception');
    expect(stop.body.description).toBe('Segmentation fault');
    expect(stop.body.text).toMatch(/^Segmentation fault: store at 0x0 outside every VMA → segv/);
    const frame = await topFrame(dc, stop.body.threadId!);
    expect(frame.name).toBe('main');
    expect(frame.source?.path).toMatch(/segv\.c$/);

    await dc.setExceptionBreakpointsRequest({ filters: [] });
    const exited = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: stop.body.threadId! });
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
    expect(stdout).toContain('segv: child was killed by signal 11 (SIGSEGV)\n');
  });

  it('reads guest memory at the stack pointer, marking unmapped bytes unreadable', async () => {
    const entry = await launchStoppedOnEntry(dc, FORKTREE);
    const frame = await topFrame(dc, entry.body.threadId!);
    const sp = await dc.evaluateRequest({ expression: 'sp', frameId: frame.id });
    const mem = await dc.customRequest('readMemory', { memoryReference: sp.body.memoryReference, count: 8 }) as DebugProtocol.ReadMemoryResponse;
    const argc = Buffer.from(mem.body!.data!, 'base64').readBigUInt64LE(0);
    expect(argc).toBe(1n);
    const unmapped = await dc.customRequest('readMemory', { memoryReference: '0x0', count: 16 }) as DebugProtocol.ReadMemoryResponse;
    expect(unmapped.body!.unreadableBytes).toBe(16);
  });

  it('disassembles around the pc, with placeholders where no instruction can be decoded', async () => {
    const entry = await launchStoppedOnEntry(dc, FORKTREE);
    const pc = (await topFrame(dc, entry.body.threadId!)).instructionPointerReference!;
    const args: DebugProtocol.DisassembleArguments = { memoryReference: pc, instructionOffset: -2, instructionCount: 6 };
    const r = await dc.customRequest('disassemble', args) as DebugProtocol.DisassembleResponse;
    const rows = r.body!.instructions;
    expect(rows).toHaveLength(6);
    expect(rows.slice(0, 2).every((row) => row.presentationHint === 'invalid')).toBe(true);
    expect(rows[2]).toMatchObject({ address: pc, symbol: '_start', line: lineOf(CRT0_S, 'la      gp, __global_pointer$') });
    expect(rows[2]!.instruction).toMatch(/^auipc\s+gp,0x[0-9a-f]+$/);
    for (let i = 3; i < rows.length; i++) {
      expect(BigInt(rows[i]!.address) - BigInt(rows[i - 1]!.address)).toBe(BigInt(rows[i - 1]!.instructionBytes!.length / 2));
    }
  });
});
