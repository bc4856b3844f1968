/**
 * Stepping into munmap over DAP (issue 10): munmap_split unmaps the middle page of a five-page
 * mapping. With a function breakpoint on the libc wrapper `munmap`, `stepIn` down to its ecall
 * enters `sys_munmap`; further stepIns walk the handler (doMunmap in
 * src/kernel/syscall/mem.ts) and the Mm stages (splitVma, doVmiMunmap, zapPteRange in
 * src/kernel/mm-steps.ts). At each line the Kernel scope shows the VMA being worked on and
 * `glasskernel/vmas` the live VMA list: one VMA at the first split line, two halves after it,
 * three pieces after the second split, the middle gone after the detach line, and its PTE
 * cleared (glasskernel/pageTable) before the TLB flush. `stepOut` returns to user mode with
 * a0 = 0, and `continue` runs to the expected end.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ProcessesResponseBody, VmasResponseBody } from '../../src/debug-adapter/protocol';
import {
  ROOT, buildAdapter, collectStdout, continueToExit, custom, exampleStdout, launchToStop, leaf, lineOf, runUntilStopped, startClient,
  stepUntil, frames, rowValue, scopeRows,
} from './harness';

const MUNMAP_SPLIT = path.join(ROOT, 'examples', 'bin', 'munmap_split');
const DISPATCH_TS = path.join(ROOT, 'src', 'kernel', 'syscall', 'dispatch.ts');
const MEM_TS = path.join(ROOT, 'src', 'kernel', 'syscall', 'mem.ts');
const MM_STEPS_TS = path.join(ROOT, 'src', 'kernel', 'mm-steps.ts');
const RETURN_LINE = lineOf(DISPATCH_TS, "pause('syscall.return'");
const CHECK_LINE = lineOf(MEM_TS, "pause('munmap.check'");
const SPLIT_LINE = lineOf(MM_STEPS_TS, "pause('split.vma'");
const SPLIT_DONE_LINE = lineOf(MM_STEPS_TS, "pause('split.done'");
const DETACH_LINE = lineOf(MM_STEPS_TS, "pause('munmap.detach'");
const ZAP_LINE = lineOf(MM_STEPS_TS, "pause('zap.ptes'");
const FLUSH_LINE = lineOf(MM_STEPS_TS, "pause('munmap.flush'");
const PAGE_BYTES = 4096n;
/** Pages of munmap_split's mapping (PAGES in examples/src/munmap_split.c). */
const PAGES = 5n;
/** Most user-mode stepIns from munmap's first line down to its ecall before the test gives up. */
const MAX_USER_STEPS = 20;
/** Bytes of an `ecall` (a 32-bit instruction). */
const ECALL_BYTES = 4n;
const expectedStdout = exampleStdout('munmap_split');

/** `pid`'s VMAs meeting the mapping at `base`, as [first page, end page) indices from `base` (glasskernel/vmas). */
async function vmaPages(dc: DebugClient, pid: number, base: bigint): Promise<number[][]> {
  const { vmas } = await custom<VmasResponseBody>(dc, 'glasskernel/vmas', { pid });
  return vmas.filter((v) => BigInt(v.end) > base && BigInt(v.start) < base + PAGES * PAGE_BYTES)
    .map((v) => [Number((BigInt(v.start) - base) / PAGE_BYTES), Number((BigInt(v.end) - base) / PAGE_BYTES)]);
}

describe('stepping into munmap', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('shows the VMA split in two, then three, the middle detached and its PTE cleared; stepOut returns 0', async () => {
    const stdout = collectStdout(dc);
    const first = await launchToStop(dc, { program: MUNMAP_SPLIT, functions: [{ name: 'munmap' }] });
    expect(first.body.reason).toBe('breakpoint');
    const tid = first.body.threadId!;
    const pid = (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(tid))!.pid;

    // stepIn line by line (into the inlined syscall helper) until the ecall traps into the kernel.
    let stack = await stepUntil(dc, tid, (s) => s[0]!.name === 'sys_munmap', { max: MAX_USER_STEPS });
    const enter = await scopeRows(dc, stack[0]!.id, 'Kernel');
    const middle = BigInt(rowValue(enter, 'addr'));
    const base = middle - 2n * PAGE_BYTES;
    expect(rowValue(enter, 'length')).toBe(String(PAGE_BYTES));
    const ecallPc = BigInt(rowValue(await scopeRows(dc, stack[0]!.id, 'Registers'), 'pc'));
    const middlePte = await leaf(dc, pid, middle);
    expect(middlePte?.leaf).toBe(true);

    /** One stepIn; the new top frame (checked to be `fn` at `line` of `file`) and its Kernel scope. */
    const stepIn = async (fn: string, file: string, line: number): Promise<DebugProtocol.Variable[]> => {
      const stopped = await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid }));
      expect(stopped.body).toMatchObject({ reason: 'step', threadId: tid });
      stack = await frames(dc, tid);
      expect(stack[0]).toMatchObject({ name: fn, line, source: { path: file } });
      return scopeRows(dc, stack[0]!.id, 'Kernel');
    };
    const hex = (n: bigint): string => `0x${n.toString(16)}`;
    const page = (i: bigint): bigint => base + i * PAGE_BYTES;

    await stepIn('doMunmap', MEM_TS, CHECK_LINE);
    expect(await vmaPages(dc, pid, base)).toEqual([[0, 5]]);

    // __split_vma at the start of the range: the whole mapping is the VMA being split.
    let rows = await stepIn('splitVma', MM_STEPS_TS, SPLIT_LINE);
    expect(stack.slice(0, 4).map((f) => f.name)).toEqual(['splitVma', 'doVmiMunmap', 'doMunmap', 'sys_munmap']);
    expect(rowValue(rows, 'vma')).toBe(`${hex(base)}-${hex(page(PAGES))} rw-p`);
    expect(rowValue(rows, 'vmaBefore')).toBe(`${hex(base)}-${hex(page(PAGES))} rw-p`);
    expect(rowValue(rows, 'splitAt')).toBe(hex(middle));
    expect(await vmaPages(dc, pid, base)).toEqual([[0, 5]]);
    rows = await stepIn('splitVma', MM_STEPS_TS, SPLIT_DONE_LINE);
    expect(rowValue(rows, 'lower')).toBe(`${hex(base)}-${hex(middle)} rw-p`);
    expect(rowValue(rows, 'upper')).toBe(`${hex(middle)}-${hex(page(PAGES))} rw-p`);
    expect(await vmaPages(dc, pid, base)).toEqual([[0, 2], [2, 5]]);

    // __split_vma at the end of the range: the upper half is split again.
    rows = await stepIn('splitVma', MM_STEPS_TS, SPLIT_LINE);
    expect(rowValue(rows, 'vma')).toBe(`${hex(middle)}-${hex(page(PAGES))} rw-p`);
    expect(rowValue(rows, 'splitAt')).toBe(hex(page(3n)));
    expect(await vmaPages(dc, pid, base)).toEqual([[0, 2], [2, 5]]);
    await stepIn('splitVma', MM_STEPS_TS, SPLIT_DONE_LINE);
    expect(await vmaPages(dc, pid, base)).toEqual([[0, 2], [2, 3], [3, 5]]);

    // The detach line: the middle VMA leaves the list; its PTE is cleared on the zap line.
    rows = await stepIn('doVmiMunmap', MM_STEPS_TS, DETACH_LINE);
    expect(rowValue(rows, 'vma')).toBe(`${hex(middle)}-${hex(page(3n))} rw-p`);
    expect(rowValue(rows, 'vmasDetached')).toBe('1');
    expect(await vmaPages(dc, pid, base)).toEqual([[0, 2], [2, 3], [3, 5]]);
    rows = await stepIn('zapPteRange', MM_STEPS_TS, ZAP_LINE);
    expect(await vmaPages(dc, pid, base)).toEqual([[0, 2], [3, 5]]);
    expect(rowValue(rows, 'ptesPresent')).toBe('1');
    expect(rowValue(rows, 'refCount')).toBe('1');
    expect((await leaf(dc, pid, middle))?.ppn).toBe(middlePte!.ppn);
    rows = await stepIn('doVmiMunmap', MM_STEPS_TS, FLUSH_LINE);
    expect(rowValue(rows, 'pagesUnmapped')).toBe('1');
    expect(rowValue(rows, 'framesFreed')).toBe('1');
    expect(await leaf(dc, pid, middle)).toBeUndefined();
    expect(await leaf(dc, pid, page(3n))).toBeDefined();

    // stepOut: out of doVmiMunmap and doMunmap to the syscall's return pause, then to user mode.
    await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: tid }));
    stack = await frames(dc, tid);
    expect(stack[0]).toMatchObject({ name: 'sys_munmap', line: RETURN_LINE, source: { path: DISPATCH_TS } });
    expect(rowValue(await scopeRows(dc, stack[0]!.id, 'Kernel'), 'result')).toBe('0');
    const out = await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: tid }));
    expect(out.body).toMatchObject({ reason: 'step', threadId: tid });
    stack = await frames(dc, tid);
    expect(stack[0]!.presentationHint).not.toBe('label');
    const regs = await scopeRows(dc, stack[0]!.id, 'Registers');
    expect(BigInt(rowValue(regs, 'pc'))).toBe(ecallPc + ECALL_BYTES);
    expect(BigInt(rowValue(regs, 'a0'))).toBe(0n);
    expect(await vmaPages(dc, pid, base)).toEqual([[0, 2], [3, 5]]);

    // continue: the rest runs to the recorded end (the child killed by SIGSEGV is expected output, not a stop).
    expect(await continueToExit(dc, tid, { functions: true, filters: true })).toBe(0);
    expect(stdout()).toBe(expectedStdout);
  });
});
