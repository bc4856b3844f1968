/**
 * Stepping from a user store into the kernel's page-fault path and back, over DAP with the
 * shipped adapter (issue 10, debugger side): the cow example's child stores to a page it shares
 * with its parent; `stepIn` at that store enters the kernel, the stack shows the kernel's
 * TypeScript frames above a trap label and the user frames, the Kernel scope shows the live
 * values, `glasskernel/pageTable` the live page table, `stepOut` returns to user mode with the
 * retried store done, and `continue` runs to the expected end.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ProcessesResponseBody } from '../../src/debug-adapter/protocol';
import {
  ROOT, buildAdapter, collectStdout, continueToExit, custom, exampleStdout, launchToStop, leaf, lineOf, prepareLaunch, runUntilStopped,
  startClient, stepUntil, frames, rowValue, scopeRows,
} from './harness';

const COW = path.join(ROOT, 'examples', 'bin', 'cow');
const COW_C = path.join(ROOT, 'examples', 'src', 'cow.c');
const KERNEL_TS = path.join(ROOT, 'src', 'kernel', 'kernel.ts');
const FAULT_TS = path.join(ROOT, 'src', 'kernel', 'fault.ts');
/** The child's call of fill (only the child runs it) and the store in fill's loop. */
const CHILD_FILL_LINE = lineOf(COW_C, 'fill(region, CHILD_TAG);');
const STORE_LINE = lineOf(COW_C, 'region[i] = tag | i;');
const TRAP_LINE = lineOf(KERNEL_TS, "pause('trap.page_fault'");
const REFCOUNT_LINE = lineOf(FAULT_TS, "pause('cow.refcount'");
const PTE_INSTALL_LINE = lineOf(FAULT_TS, "pause('cow.pte_install'");
const COPY_LINE = lineOf(FAULT_TS, "pause('cow.copy'");
/** What the child stores in word 0 of the region: CHILD_TAG | 0 (cow.c), little-endian. */
const CHILD_WORD0 = 0x4348494c00000000n;
/** Bytes of fill's store: a compressed `c.sd` (objdump -d examples/bin/cow: `e314 sd a3,0(a4)`; RVC, 16 bits). */
const C_SD_BYTES = 2;
/** Most kernel steps a walk may take before the test gives up. */
const MAX_KERNEL_STEPS = 30;
/** Virtual address of fill's store (objdump -d examples/bin/cow: `1014c: e314 sd a3,0(a4)`). */
const STORE_PC = 0x1014cn;

const expectedStdout = exampleStdout('cow');

/** Runs the launched cow to the child's first store in fill (i = 0) and returns the child's thread id. */
async function toChildStore(dc: DebugClient): Promise<number> {
  const first = await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: CHILD_FILL_LINE }] });
  expect(first.body.reason).toBe('breakpoint');
  const tid = first.body.threadId!;
  await dc.setBreakpointsRequest({ source: { path: COW_C }, breakpoints: [{ line: STORE_LINE }] });
  const atStore = await runUntilStopped(dc, () => dc.continueRequest({ threadId: tid }));
  expect(atStore.body).toMatchObject({ reason: 'breakpoint', threadId: tid });
  await dc.setBreakpointsRequest({ source: { path: COW_C }, breakpoints: [] });
  return tid;
}

describe('stepping into the page-fault path from a user store', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('stepIn at the child store enters the kernel, walks the copy-on-write path live, and stepOut returns with the store done', async () => {
    const stdout = collectStdout(dc);
    const tid = await toChildStore(dc);
    const child = (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(tid))!;
    const parentPid = child.ppid;

    // stepIn: the line's store traps, and the step stops at the trap entry in the kernel's own source.
    const entered = await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid }));
    expect(entered.body).toMatchObject({ reason: 'step', threadId: tid });
    let stack = await frames(dc, tid);
    expect(stack[0]).toMatchObject({ name: 'pageFault', line: TRAP_LINE, source: { path: KERNEL_TS } });
    expect(stack[1]!.presentationHint).toBe('label');
    expect(stack[1]!.name).toMatch(/^page fault: store at 0x[0-9a-f]+ \(scause 15\)$/);
    expect(stack[2]).toMatchObject({ name: 'fill', line: STORE_LINE });
    expect(stack[2]!.source?.path).toBe(COW_C);
    expect(stack[3]!.name).toBe('child');
    const trapRows = await scopeRows(dc, stack[0]!.id, 'Kernel');
    expect(rowValue(trapRows, 'access')).toBe('write');
    expect(rowValue(trapRows, 'scause')).toBe('15');
    const address = BigInt(rowValue(trapRows, 'address'));
    const storePc = BigInt(rowValue(trapRows, 'sepc'));
    expect(stack[1]!.name).toContain(rowValue(trapRows, 'address'));
    // The user frame's Registers scope is there too.
    expect((await dc.scopesRequest({ frameId: stack[0]!.id })).body.scopes.map((s) => s.name)).toEqual(['Kernel', 'Registers', 'Process']);
    // The kernel source is served even though the client asks the adapter for it.
    const src = await dc.sourceRequest({ source: { path: KERNEL_TS }, sourceReference: 0 });
    expect(src.body.content.split('\n')[TRAP_LINE - 1]).toContain("'trap.page_fault'");
    // The frame's source carries a sourceReference (the client shows it read-only), which alone fetches the same text.
    const ref = stack[0]!.source!.sourceReference!;
    expect(ref).toBeGreaterThan(0);
    expect((await dc.sourceRequest({ sourceReference: ref })).body.content).toBe(src.body.content);

    // stepIn pause by pause down to the refcount decision.
    stack = await stepUntil(dc, tid, (s) => s[0]!.line === REFCOUNT_LINE, { max: MAX_KERNEL_STEPS });
    expect(stack.slice(0, 4).map((f) => f.name)).toEqual(['breakCow', 'handleMmFault', 'pageFault', stack[3]!.name]);
    expect(stack[0]!.source?.path).toBe(FAULT_TS);
    expect(stack[3]!.presentationHint).toBe('label');
    const cowRows = await scopeRows(dc, stack[0]!.id, 'Kernel');
    expect(rowValue(cowRows, 'refCount')).toBe('2');
    expect(rowValue(cowRows, 'pteBefore')).toMatch(/^0x[0-9a-f]+ \(ppn 0x[0-9a-f]+, V R - - U - A D\)$/);
    const vmaRow = cowRows.find((r) => r.name === 'vma')!;
    expect(vmaRow.variablesReference).toBeGreaterThan(0);
    const vma = (await dc.variablesRequest({ variablesReference: vmaRow.variablesReference })).body.variables;
    expect(rowValue(vma, 'perms')).toBe('rw-p');
    expect(rowValue(vma, 'name')).toBe('[heap]');
    expect(BigInt(rowValue(vma, 'start')) <= address && address < BigInt(rowValue(vma, 'end'))).toBe(true);
    const oldPa = rowValue(cowRows, 'oldFrame');
    expect(oldPa).toMatch(/^pa 0x[0-9a-f]+000$/);
    const shared = await leaf(dc, child.pid, address);
    expect(`pa ${shared!.pa}`).toBe(oldPa);

    // next to the PTE install (same frame depth), then over it: the child's entry now points at a new frame.
    stack = await stepUntil(dc, tid, (s) => s[0]!.line === PTE_INSTALL_LINE, { request: 'next', max: MAX_KERNEL_STEPS });
    expect((await leaf(dc, child.pid, address))!.pa).toBe(shared!.pa);
    await runUntilStopped(dc, () => dc.nextRequest({ threadId: tid }));
    stack = await frames(dc, tid);
    expect(stack[0]!.name).toBe('breakCow');
    const installedRows = await scopeRows(dc, stack[0]!.id, 'Kernel');
    const mine = await leaf(dc, child.pid, address);
    expect(`pa ${mine!.pa}`).toBe(rowValue(installedRows, 'newFrame'));
    expect(mine!.pa).not.toBe(shared!.pa);
    expect(mine!.flags).toMatch(/^VRW/);
    expect((await leaf(dc, parentPid, address))!.pa).toBe(shared!.pa);

    // stepOut to the trap entry's frame, then out of the kernel: back at the store, which retries.
    stack = await stepUntil(dc, tid, (s) => s[0]!.source?.path === COW_C, {
      request: 'stepOut', max: 3, each: (out) => expect(out.body).toMatchObject({ reason: 'step', threadId: tid }),
    });
    expect(stack[0]!.name).toBe('fill');
    expect(stack.some((f) => f.presentationHint === 'label')).toBe(false);
    expect(storePc).toBe(STORE_PC);
    expect(BigInt(stack[0]!.instructionPointerReference!)).toBe(storePc);
    expect(stack[0]!.line).toBe(STORE_LINE);
    const read = async () => Buffer.from((await dc.customRequest('readMemory', { memoryReference: `0x${address.toString(16)}`, count: 8 }) as DebugProtocol.ReadMemoryResponse).body!.data!, 'base64').readBigUInt64LE();
    expect(await read()).not.toBe(CHILD_WORD0);
    // One instruction more: the retried store completes without a second fault.
    await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid, granularity: 'instruction' }));
    expect(BigInt((await frames(dc, tid))[0]!.instructionPointerReference!)).toBe(storePc + BigInt(C_SD_BYTES));
    expect(await read()).toBe(CHILD_WORD0);

    // continue: the rest of the run is as unstepped.
    expect(await continueToExit(dc, tid)).toBe(0);
    expect(stdout()).toBe(expectedStdout);
  });

  it('next at the store steps over the fault in user mode', async () => {
    const tid = await toChildStore(dc);
    const stopped = await runUntilStopped(dc, () => dc.nextRequest({ threadId: tid }));
    expect(stopped.body).toMatchObject({ reason: 'step', threadId: tid });
    const stack = await frames(dc, tid);
    expect(stack[0]).toMatchObject({ name: 'fill' });
    expect(stack[0]!.source?.path).toBe(COW_C);
    expect(stack.some((f) => f.presentationHint === 'label')).toBe(false);
  });

  it('stepIn by instruction at the faulting store stays in user mode: the store retires over the fault', async () => {
    const tid = await toChildStore(dc);
    await stepUntil(dc, tid, (s) => BigInt(s[0]!.instructionPointerReference!) === STORE_PC, { granularity: 'instruction', max: MAX_KERNEL_STEPS });
    await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid, granularity: 'instruction' }));
    const stack = await frames(dc, tid);
    expect(stack.some((f) => f.presentationHint === 'label')).toBe(false);
    expect(BigInt(stack[0]!.instructionPointerReference!)).toBe(STORE_PC + BigInt(C_SD_BYTES));
  });

  it('continue from inside the kernel finishes the path and runs to the expected end', async () => {
    const stdout = collectStdout(dc);
    const tid = await toChildStore(dc);
    await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid }));
    expect((await frames(dc, tid))[0]!.source?.path).toBe(KERNEL_TS);
    expect(await continueToExit(dc, tid)).toBe(0);
    expect(stdout()).toBe(expectedStdout);
  });

  it('a breakpoint on the copy-on-write copy line of fault.ts stops there from a plain continue', async () => {
    const stdout = collectStdout(dc);
    await prepareLaunch(dc, { program: COW });
    const set = await dc.setBreakpointsRequest({ source: { path: FAULT_TS }, breakpoints: [{ line: COPY_LINE }, { line: COPY_LINE - 1 }] });
    expect(set.body.breakpoints[0]).toMatchObject({ verified: true, line: COPY_LINE });
    expect(set.body.breakpoints[1]).toMatchObject({ verified: false });
    expect(set.body.breakpoints[1]!.message).toMatch(/no kernel pause point/);
    const hit = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(hit.body.reason).toBe('breakpoint');
    const tid = hit.body.threadId!;
    const stack = await frames(dc, tid);
    expect(stack[0]).toMatchObject({ name: 'breakCow', line: COPY_LINE, source: { path: FAULT_TS } });
    const rows = await scopeRows(dc, stack[0]!.id, 'Kernel');
    expect(rowValue(rows, 'decision')).toBe('cow-copy');
    expect(rowValue(rows, 'newFrame')).toMatch(/^pa 0x/);
    // Cleared: the run goes on to the end as unstepped.
    expect(await continueToExit(dc, tid, { sources: [FAULT_TS] })).toBe(0);
    expect(stdout()).toBe(expectedStdout);
  });

  it('a store to address 0: the kernel decides SIGSEGV in view, stepOut reports the signal, and the child dies of it', async () => {
    const segvC = path.join(ROOT, 'examples', 'src', 'segv.c');
    const first = await launchToStop(dc, {
      program: path.join(ROOT, 'examples', 'bin', 'segv'), source: segvC, breakpoints: [{ line: lineOf(segvC, '*null_pointer = 42;') }], filters: ['segv'],
    });
    const tid = first.body.threadId!;
    await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid }));
    let stack = await frames(dc, tid);
    expect(stack[1]!.name).toBe('page fault: store at 0x0 (scause 15)');
    // next at the trap entry (depth 1) runs the handler to the trap's return.
    await runUntilStopped(dc, () => dc.nextRequest({ threadId: tid }));
    stack = await frames(dc, tid);
    expect(stack[0]!.name).toBe('pageFault');
    const rows = await scopeRows(dc, stack[0]!.id, 'Kernel');
    expect(rowValue(rows, 'decision')).toBe('segv');
    expect(rowValue(rows, 'signal')).toBe('SIGSEGV');
    const out = await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: tid }));
    expect(out.body.reason).toBe('exception');
    expect(out.body.text).toMatch(/^Segmentation fault: store at 0x0 .*→ segv/);
    expect((await frames(dc, tid)).some((f) => f.presentationHint === 'label')).toBe(false);
    expect(await continueToExit(dc, tid)).toBe(0);
  });

  it('terminate while paused in the kernel ends the session cleanly', async () => {
    const tid = await toChildStore(dc);
    await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid }));
    expect((await frames(dc, tid))[0]!.source?.path).toBe(KERNEL_TS);
    const terminated = dc.waitForEvent('terminated');
    const exited = dc.waitForEvent('exited');
    await dc.terminateRequest();
    await exited;
    await terminated;
  });

  it('disconnect while paused in the kernel answers and reports no internal error', async () => {
    const console: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category !== 'stdout') console.push(e.body.output); });
    const tid = await toChildStore(dc);
    await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid }));
    await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid })); // inside handleMmFault
    expect((await frames(dc, tid))[0]!.source?.path).toBe(FAULT_TS);
    const answer = await dc.disconnectRequest({ terminateDebuggee: true });
    expect(answer.success).toBe(true);
    expect(console.join('')).not.toMatch(/internal error|exception|TypeError/i);
  });

  it('a kernel source the program does not use and a non-kernel path are refused by source', async () => {
    const tid = await toChildStore(dc);
    expect(tid).toBeGreaterThan(0);
    await expect(dc.sourceRequest({ source: { path: path.join(ROOT, 'package.json') }, sourceReference: 0 })).rejects.toThrow(/not a source/);
    await expect(dc.sourceRequest({ source: { path: path.join(ROOT, 'src', 'kernel', '..', '..', 'package.json') }, sourceReference: 0 })).rejects.toThrow(/not a source/);
    const fault = await dc.sourceRequest({ source: { path: FAULT_TS }, sourceReference: 0 });
    expect(fault.body.content).toContain("'cow.refcount'");
  });
});
