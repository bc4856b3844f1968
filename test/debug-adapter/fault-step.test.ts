/**
 * Following a page fault from its event stop into the kernel, over DAP (issue 10, "How it is
 * checked": a demand-zero fault and a stack growth): the Page fault filter with a condition stops
 * at the trap before the kernel acts, saying what it will do; stepIn follows it into
 * handleMmFault and on; the sidebar requests show the state at each line (the [stack] VMA's start
 * moves when the stack.grow line has run; the new PTE appears when the install line has run);
 * stepOut returns to user mode and the program ends as unwatched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { PageTableResponseBody, ProcessesResponseBody, VmasResponseBody } from '../../src/debug-adapter/protocol';
import { PAGE_SHIFT } from '../../src/emu/sv39';
import { ROOT, buildAdapter, custom, frames, lineOf, rowValue, runUntilStopped, scopeRows, startClient } from './harness';

const FAULT_TS = path.join(ROOT, 'src', 'kernel', 'fault.ts');
const STACK_GROW_LINE = lineOf(FAULT_TS, "pause('stack.grow'");
const DEMAND_ZERO_LINE = lineOf(FAULT_TS, "pause('fill.demand_zero'");
const INSTALLED_LINE = lineOf(FAULT_TS, "pause('fault.pte_installed'");
/** Most kernel steps a walk may take before the test gives up. */
const MAX_KERNEL_STEPS = 30;

function expectedStdout(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'examples', 'expected', `${name}.stdout`), 'utf8');
}

/** Launches `name` with the Page fault filter under `condition`; resolves with the first stop and the stdout collector. */
async function launchToFault(dc: DebugClient, name: string, condition: string): Promise<{ stop: DebugProtocol.StoppedEvent; stdout: () => string }> {
  let out = '';
  dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category === 'stdout') out += e.body.output; });
  await dc.initializeRequest();
  const initialized = dc.waitForEvent('initialized');
  await dc.launch({ program: path.join(ROOT, 'examples', 'bin', name) } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'pageFault', condition }] });
  const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
  return { stop, stdout: () => out };
}

/** stepIn until the top frame is on `line` of fault.ts. */
async function stepInTo(dc: DebugClient, tid: number, line: number): Promise<DebugProtocol.StackFrame[]> {
  let stack = await frames(dc, tid);
  for (let i = 0; !(stack[0]!.source?.path === FAULT_TS && stack[0]!.line === line); i++) {
    expect(i).toBeLessThan(MAX_KERNEL_STEPS);
    await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid }));
    stack = await frames(dc, tid);
  }
  return stack;
}

/** Leaves the kernel: stepOut until no kernel label frame is on the stack. */
async function stepOutOfKernel(dc: DebugClient, tid: number): Promise<void> {
  for (let i = 0; (await frames(dc, tid)).some((f) => f.presentationHint === 'label'); i++) {
    expect(i).toBeLessThan(MAX_KERNEL_STEPS);
    await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: tid }));
  }
}

/** Clears the filters and runs to the end; resolves with the exit code. */
async function runToEnd(dc: DebugClient, tid: number): Promise<number> {
  await dc.setExceptionBreakpointsRequest({ filters: [] });
  const exited = dc.waitForEvent('exited');
  await dc.continueRequest({ threadId: tid });
  return ((await exited) as DebugProtocol.ExitedEvent).body.exitCode;
}

/** The process of thread `tid`. */
async function pidOf(dc: DebugClient, tid: number): Promise<number> {
  return (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(tid))!.pid;
}

/** The leaf entry mapping `va` in `pid`'s page table, or undefined. */
async function leaf(dc: DebugClient, pid: number, va: bigint): Promise<PageTableResponseBody['entries'][number] | undefined> {
  let table = await custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid });
  for (;;) {
    const e = table.entries.find((x) => BigInt(x.vaStart) <= va && va < BigInt(x.vaEnd));
    if (!e || e.leaf) return e;
    table = await custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid, ppn: e.ppn });
  }
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
    expect(await runToEnd(dc, tid)).toBe(0);
    expect(stdout()).toBe(expectedStdout('stack_grow'));
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
    expect(await runToEnd(dc, tid)).toBe(0);
    expect(stdout()).toBe(expectedStdout('cow'));
  });
});
