/**
 * The page-fault path is steppable (issue 10, kernel side): with RunControl.kernelStep the run
 * pauses at each statement of the path that decides or changes something, with a `kernel`
 * KernelStop whose pause record names the kernel's own source line, and the kernel state is
 * the real state at that point (the page table read through the inspection API). Resuming
 * finishes the path; the program then prints what it prints unstepped and gives every frame back.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { KernelEvents, PauseRecord } from '../../src/kernel/api';
import type { Kernel } from '../../src/kernel/kernel';
import { SIGSEGV } from '../../src/kernel/signal';
import { pauseTable, scanPauseSites, STEPPABLE_SOURCES } from '../../src/kernel/steps/lines';
// The harness tells the kernel where its source is on import, as the adapter will.
import { BUDGET, ROOT, boot, expected, finish, ids, leaf, stepUntil, type Stopped } from './steppable-harness';

const PAGE_BYTES = 4096;

/** The frame of the leaf PTE mapping `va` in `pid`'s page table, or undefined. */
const leafPpn = (k: Kernel, pid: number, va: number): number | undefined => leaf(k, pid, va)?.ppn;

/** Pauses of thread `tid`'s faults, one fault (trap.page_fault .. trap.return) at a time, until `pick` accepts one; `at` sees each pause of that fault live. */
function stepToFault(k: Kernel, tid: number, pick: (first: PauseRecord[]) => boolean, at: (s: Stopped) => void): Stopped[] {
  // kernelStep pauses the thread's syscalls too (sys_<name> paths, with their handlers' frames): not faults.
  const inSyscall = (s: Stopped) => s.pause.frames[0]?.fn.startsWith('sys_') ?? false;
  for (let faults = 0; faults < 10_000; faults++) {
    const seen: Stopped[] = [];
    let chosen = false;
    stepUntil(k, tid, (s) => !inSyscall(s) && s.pause.id === 'trap.return', (s) => {
      if (inSyscall(s)) return;
      seen.push(s);
      chosen ||= pick(seen.map((x) => x.pause));
      if (chosen) at(s);
    });
    if (chosen) return seen;
  }
  throw new Error('no fault matched');
}

/**
 * Runs to the first clone's entry (the Fork/clone filter stops there, before the kernel acts),
 * lets the kernel make the child with no user instruction run, and returns the fork event.
 */
function runPastFork(k: Kernel): KernelEvents['fork'] {
  let made: KernelEvents['fork'] | undefined;
  const off = k.on('fork', (d) => { made ??= d; });
  const at = k.run(BUDGET, { stopOn: { fork: true } });
  if (at.kind !== 'kernel' || at.upcoming?.filter !== 'fork') throw new Error(`no stop at the fork's entry (${at.kind})`);
  expect(made).toBeUndefined(); // nothing created yet
  k.run(0, {});
  off();
  if (!made) throw new Error('the clone made no child');
  return made;
}

describe('stepping through the page-fault path', () => {
  it('a child store after fork walks the copy-on-write path with the state live at each pause', () => {
    const { k, out } = boot('cow');
    const { childTid: tid, childPid: child, parentPid: parent } = runPastFork(k);
    const isHeapCow = (p: PauseRecord[]) => p.some((x) => x.id === 'fault.find_vma' && x.values.vma?.name === '[heap]')
      && p.some((x) => x.id === 'cow.refcount' && x.values.refCount === 2);
    const stops = stepToFault(k, tid, isHeapCow, (s) => {
      const v = s.pause.values;
      const page = v.page ?? 0;
      if (s.pause.id === 'cow.pte_install') {
        expect(leafPpn(k, child, page)).toBe(v.oldFrame); // not installed yet
        expect(k.frames.refCount(v.oldFrame!)).toBe(2);
      }
      if (s.pause.id === 'cow.put_old') {
        expect(leafPpn(k, child, page)).toBe(v.newFrame); // installed: the child's own frame
        expect(leafPpn(k, parent, page)).toBe(v.oldFrame); // the parent keeps the old one
        expect(v.newFrame).not.toBe(v.oldFrame);
        expect(k.frames.refCount(v.oldFrame!)).toBe(2); // the child's reference not yet dropped
        expect(k.readMemory(child, page, PAGE_BYTES)).toEqual(k.readMemory(parent, page, PAGE_BYTES));
      }
      if (s.pause.id === 'cow.flush') expect(k.frames.refCount(v.oldFrame!)).toBe(1);
    });
    expect(ids(stops)).toEqual([
      'trap.page_fault', 'fault.find_vma', 'fault.access_check', 'cow.refcount', 'cow.copy',
      'cow.pte_install', 'cow.put_old', 'cow.flush', 'trap.return',
    ]);
    expect(stops[0].pause.values).toMatchObject({ scause: 15, access: 'write', pid: child, tid });
    expect(stops[3].pause.values.refCount).toBe(2);
    expect(stops[8].pause.values.decision).toBe('cow-copy');
    expect(stops.map((s) => s.depth)).toEqual([1, 2, 2, 3, 3, 3, 3, 3, 1]);
    expect(stops[4].pause.frames.map((f) => f.fn)).toEqual(['pageFault', 'handleMmFault', 'breakCow']);

    const status = finish(k).status;
    expect(status).toBe(expected('cow').status);
    expect(out()).toBe(expected('cow').stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('a demand-zero fault pauses at the allocation and around the PTE install', () => {
    const { k, pid, out } = boot('cow');
    const isHeapZero = (p: PauseRecord[]) => p.some((x) => x.id === 'fault.find_vma' && x.values.vma?.name === '[heap]')
      && p.some((x) => x.id === 'fill.demand_zero');
    const stops = stepToFault(k, pid, isHeapZero, (s) => {
      const v = s.pause.values;
      if (s.pause.id === 'fault.pte_install') {
        expect(leafPpn(k, pid, v.page!)).toBeUndefined();
        expect(v.pteBefore).toBe(0n);
        expect(k.frames.refCount(v.newFrame!)).toBe(1);
      }
      if (s.pause.id === 'fault.pte_installed') {
        expect(leafPpn(k, pid, v.page!)).toBe(v.newFrame);
        expect(k.readMemory(pid, v.page!, PAGE_BYTES)).toEqual(new Uint8Array(PAGE_BYTES));
      }
    });
    expect(ids(stops)).toEqual([
      'trap.page_fault', 'fault.find_vma', 'fault.access_check', 'fill.demand_zero',
      'fault.pte_install', 'fault.pte_installed', 'trap.return',
    ]);
    expect(stops[6].pause.values.decision).toBe('demand-zero');
    expect(finish(k).status).toBe(expected('cow').status);
    expect(out()).toBe(expected('cow').stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('a store to address 0 pauses with no VMA, decides SIGSEGV before the signal, then the child dies of it', () => {
    const { k, out } = boot('segv');
    const { childTid: tid, childPid: child } = runPastFork(k);
    const stops = stepToFault(k, tid, (p) => p[0].values.address === 0, (s) => {
      expect(k.processes().find((p) => p.pid === child)?.state).not.toBe('zombie');
    });
    expect(ids(stops)).toEqual(['trap.page_fault', 'fault.find_vma', 'trap.return']);
    expect(stops[1].pause.values.vma).toBeUndefined();
    expect(stops[2].pause.values).toMatchObject({ decision: 'segv', signal: SIGSEGV });
    expect(k.stats().faults.segv).toBe(1);
    expect(finish(k).status).toBe(expected('segv').status);
    expect(out()).toBe(expected('segv').stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('a kernel breakpoint on the copy-on-write copy stops there from a plain run; an id never hit is no error', () => {
    const { k } = boot('cow');
    const bps = new Set(['cow.copy', 'no.such.pause']);
    let s = k.run(BUDGET, { kernelBreakpoints: bps });
    while (s.kind === 'budget') s = k.run(BUDGET, { kernelBreakpoints: bps });
    expect(s).toMatchObject({ kind: 'kernel', depth: 3, pause: { id: 'cow.copy', stage: 'breakCow', file: 'src/kernel/fault.ts' } });
    const hello = boot('hello');
    expect(finish(hello.k, { kernelBreakpoints: new Set(['no.such.pause', 'stack.grow']) }, { noPauses: true }).status).toBe(expected('hello').status);
    expect(hello.out()).toBe(expected('hello').stdout);
  });

  it('with nothing stepping, fault counts and output are those of a run with every fault paused', () => {
    const plain = boot('cow');
    expect(finish(plain.k).status).toBe(expected('cow').status);
    const watched = boot('cow');
    const bps = new Set(['trap.return']);
    let pauses = 0;
    for (;;) {
      const s = watched.k.run(BUDGET, { kernelBreakpoints: bps });
      if (s.kind === 'exited') break;
      if (s.kind === 'kernel') pauses++;
    }
    const total = Object.values(plain.k.stats().faults).reduce((a, b) => a + b, 0);
    expect(pauses).toBe(total);
    expect(watched.k.stats().faults).toEqual(plain.k.stats().faults);
    expect(watched.out()).toBe(plain.out());
    expect(plain.out()).toBe(expected('cow').stdout);
  });
});

describe('pause ids and the kernel source', () => {
  it('each pause id names one line of the kernel source, which holds that id', () => {
    const t = pauseTable();
    expect(t.duplicates).toEqual([]);
    expect(t.sites.size).toBeGreaterThan(20);
    for (const [id, site] of t.sites) {
      expect(STEPPABLE_SOURCES).toContain(site.file);
      const line = fs.readFileSync(path.join(ROOT, site.file), 'utf8').split('\n')[site.line - 1];
      expect(line).toContain(`'${id}'`);
    }
  });

  it('a pause record carries the line of its yield', () => {
    const { k } = boot('cow');
    const s = k.run(BUDGET, { kernelBreakpoints: new Set(['fault.find_vma']) });
    if (s.kind !== 'kernel') throw new Error('no pause');
    const text = fs.readFileSync(path.join(ROOT, s.pause.file), 'utf8').split('\n');
    expect(text[s.pause.line - 1]).toMatch(/yield pause\('fault\.find_vma'/);
    const outer = s.pause.frames[0];
    expect(outer).toMatchObject({ fn: 'pageFault', file: 'src/kernel/kernel.ts' });
    expect(fs.readFileSync(path.join(ROOT, outer.file), 'utf8').split('\n')[outer.line - 1]).toContain("'trap.call_handle_mm_fault'");
    k.shutdown();
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('scanning reports an id used twice and ignores text without pauses', () => {
    const r = scanPauseSites('x.ts', "yield pause('a.b', {});\nfoo();\nyield* call('a.b', 'f', g());\n");
    expect(r.sites.get('a.b')).toEqual({ file: 'x.ts', line: 1 });
    expect(r.duplicates).toEqual(['a.b']);
    expect(scanPauseSites('y.ts', '').sites.size).toBe(0);
  });
});
