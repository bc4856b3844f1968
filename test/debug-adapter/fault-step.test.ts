/**
 * Following a page fault from its event stop into the kernel, over DAP (issue 10, "How it is
 * checked": a demand-zero fault and a stack growth): the Page fault filter with a condition stops
 * at the trap before the kernel acts, saying what it will do; stepIn follows it into
 * handleMmFault and on; the sidebar requests show the state at each line (the [stack] VMA's start
 * moves when the stack.grow line has run; the new PTE appears when the install line has run);
 * stepOut returns to user mode and the program ends as unwatched.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ProcessesResponseBody, VmasResponseBody } from '../../src/debug-adapter/protocol';
import { PAGE_SHIFT } from '../../src/emu/sv39';
import {
  ROOT, buildAdapter, collectStdout, continueToExit, custom, exampleStdout, frames, leaf, lineOf, rowValue, runUntilStopped, scopeRows,
  startClient, stepUntil,
} from './harness';

const FAULT_TS = path.join(ROOT, 'src', 'kernel', 'fault.ts');
const STACK_GROW_LINE = lineOf(FAULT_TS, "pause('stack.grow'");
const DEMAND_ZERO_LINE = lineOf(FAULT_TS, "pause('fill.demand_zero'");
const INSTALLED_LINE = lineOf(FAULT_TS, "pause('fault.pte_installed'");
/** Most kernel steps a walk may take before the test gives up. */
const MAX_KERNEL_STEPS = 30;

/** Launches `name` with the Page fault filter under `condition`; resolves with the first stop and the stdout collector. */
async function launchToFault(dc: DebugClient, name: string, condition: string): Promise<{ stop: DebugProtocol.StoppedEvent; stdout: () => string }> {
  const stdout = collectStdout(dc);
  await dc.initializeRequest();
  const initialized = dc.waitForEvent('initialized');
  await dc.launch({ program: path.join(ROOT, 'examples', 'bin', name) } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'pageFault', condition }] });
  const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
  return { stop, stdout };
}

/** stepIn until the top frame is on `line` of fault.ts. */
function stepInTo(dc: DebugClient, tid: number, line: number): Promise<DebugProtocol.StackFrame[]> {
  return stepUntil(dc, tid, (s) => s[0]!.source?.path === FAULT_TS && s[0]!.line === line, { max: MAX_KERNEL_STEPS });
}

/** Leaves the kernel: stepOut until no kernel label frame is on the stack. */
async function stepOutOfKernel(dc: DebugClient, tid: number): Promise<void> {
  await stepUntil(dc, tid, (s) => !s.some((f) => f.presentationHint === 'label'), { request: 'stepOut', max: MAX_KERNEL_STEPS });
}

/** The process of thread `tid`. */
async function pidOf(dc: DebugClient, tid: number): Promise<number> {
  return (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(tid))!.pid;
}

describe('from a page-fault event stop into the kernel', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('stack growth: the stop foresees it; the [stack] VMA moves down exactly when the stack.grow line has run', async () => {
    const { stop, stdout } = await launchToFault(dc, 'stack_grow', 'stack-grow');
    expect(stop.body).toMatchObject({ reason: 'exception', description: 'Page fault' });
    expect(stop.body.text).toMatch(/^Page fault: store to 0x[0-9a-f]+ in \[stack\]: grow the stack down to this page, then map a zeroed frame \(pid \d+, pc 0x[0-9a-f]+\)$/);
    const tid = stop.body.threadId!;
    const pid = await pidOf(dc, tid);
    const stackVma = async () => (await custom<VmasResponseBody>(dc, 'glasskernel/vmas', { pid })).vmas.find((v) => v.name === '[stack]')!;

    const atGrow = await stepInTo(dc, tid, STACK_GROW_LINE);
    expect(atGrow.map((f) => f.name).slice(0, 3)).toEqual(['growStack', 'handleMmFault', 'pageFault']);
    const rows = await scopeRows(dc, atGrow[0]!.id, 'Kernel');
    const oldStart = BigInt(rowValue(rows, 'oldStart'));
    const newStart = BigInt(rowValue(rows, 'newStart'));
    expect(newStart).toBeLessThan(oldStart);
    expect(BigInt((await stackVma()).start)).toBe(oldStart); // not yet grown

    await runUntilStopped(dc, () => dc.nextRequest({ threadId: tid }));
    expect((await frames(dc, tid))[0]!.name).toBe('handleMmFault'); // back from growStack
    expect(BigInt((await stackVma()).start)).toBe(newStart);

    await stepOutOfKernel(dc, tid);
    expect(await continueToExit(dc, tid, { filters: true })).toBe(0);
    expect(stdout()).toBe(exampleStdout('stack_grow'));
  });

  it('demand-zero: the new frame is allocated at fill.demand_zero, and the PTE appears when the install line has run', async () => {
    const { stop, stdout } = await launchToFault(dc, 'cow', 'demand-zero write');
    expect(stop.body.text).toMatch(/^Page fault: store to (0x[0-9a-f]+) in \S+: demand-zero: map a fresh zeroed frame /);
    const address = BigInt(/to (0x[0-9a-f]+)/.exec(stop.body.text!)![1]!);
    const tid = stop.body.threadId!;
    const pid = await pidOf(dc, tid);
    expect(await leaf(dc, pid, address)).toBeUndefined();

    const atZero = await stepInTo(dc, tid, DEMAND_ZERO_LINE);
    expect(atZero[0]!.name).toBe('fillPage');
    const newFrame = rowValue(await scopeRows(dc, atZero[0]!.id, 'Kernel'), 'newFrame');
    expect(newFrame).toMatch(/^pa 0x[0-9a-f]+$/);
    const atInstalled = await stepInTo(dc, tid, INSTALLED_LINE);
    expect(atInstalled[0]!.name).toBe('install');
    const entry = await leaf(dc, pid, address);
    expect(entry).toBeDefined();
    expect(BigInt(entry!.ppn) << BigInt(PAGE_SHIFT)).toBe(BigInt(newFrame.slice('pa '.length)));
    expect(entry!.flags).toContain('W');

    await stepOutOfKernel(dc, tid);
    expect(await continueToExit(dc, tid, { filters: true })).toBe(0);
    expect(stdout()).toBe(exampleStdout('cow'));
  });
});
