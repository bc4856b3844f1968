/**
 * The memory-map syscalls are steppable (issue 10): with RunControl.kernelStep on the thread,
 * munmap, mprotect, mmap and brk pause inside their handlers (src/kernel/syscall/mem.ts, mmap.ts)
 * and in the Mm stages they call (src/kernel/mm-steps.ts: splitVma, doVmiMunmap, zapPteRange, vmaMerge,
 * mprotectRange, mprotectFixup), once per VMA touched, and the address space seen through the
 * inspection API (Kernel.vmas, Kernel.pageTable) is the real one at each pause: one VMA before
 * __split_vma, its two halves after, the middle gone after the detach and its PTE cleared before
 * the TLB flush. Runs paused at every step end as unwatched runs do (examples/expected).
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PTE_W } from '../../src/emu/sv39';
import type { RunControl } from '../../src/kernel/api';
import type { Kernel } from '../../src/kernel/kernel';
import { pauseSite } from '../../src/kernel/steps/lines';
import { ROOT, boot, expected, finish, ids, leaf, runUntil, stepUntil, type Stopped } from './steppable-harness';

const PAGE_BYTES = 4096;
/** Linux mmap(2) MAP_FIXED (asm-generic/mman-common.h). */
const MAP_FIXED = 0x10;
const MM_STEPS_TS = 'src/kernel/mm-steps.ts';
const MEM_TS = 'src/kernel/syscall/mem.ts';
const MMAP_TS = 'src/kernel/syscall/mmap.ts';

/** The glibc examples: their binaries and recorded outputs (relative to ROOT). */
const GLIBC = { bin: 'examples/glibc/bin', expected: 'examples/glibc/expected' };

/** Runs `tid` under `control` to the `syscall.enter` of a `name` call whose raw arguments `pick` accepts. */
function toSyscall(k: Kernel, tid: number, name: string, pick: (args: bigint[]) => boolean = () => true, control: RunControl = { kernelStep: { tid } }): Stopped {
  const call = (s: Stopped) => s.tid === tid && s.pause.id === 'syscall.enter' && s.pause.values.syscall === name && pick(s.pause.values.args!);
  return runUntil(k, control, call, `${name} call`);
}

/** Steps `tid` pause by pause to its syscall's `syscall.return`, calling `at` at each pause while it is live. */
function stepToReturn(k: Kernel, tid: number, at: (s: Stopped) => void = () => {}): Stopped[] {
  return stepUntil(k, tid, (s) => s.pause.id === 'syscall.return', at);
}

/** The VMAs of `pid` that meet [base, base + pages pages), as [first page, end page) page indices from `base`. */
function vmaPages(k: Kernel, pid: number, base: number, pages: number): number[][] {
  return (k.vmas(pid) ?? []).filter((v) => v.end > base && v.start < base + pages * PAGE_BYTES)
    .map((v) => [(v.start - base) / PAGE_BYTES, (v.end - base) / PAGE_BYTES]);
}

/** The perms (`rw-p`) of `pid`'s VMAs meeting [base, base + pages pages), in address order. */
function vmaPerms(k: Kernel, pid: number, base: number, pages: number): string[] {
  return (k.vmas(pid) ?? []).filter((v) => v.end > base && v.start < base + pages * PAGE_BYTES).map((v) => v.perms);
}

/** The first VMA of `pid` named `name`. */
function vmaNamed(k: Kernel, pid: number, name: string) {
  return k.vmas(pid)?.find((v) => v.name === name);
}

describe('stepping munmap and mmap', () => {
  it('munmap of the middle page pauses at each __split_vma, the detach, the PTEs cleared and the VMA removed', () => {
    const { k, pid, out } = boot('munmap_split');
    const enter = toSyscall(k, pid, 'munmap');
    const middle = Number(enter.pause.values.args![0]);
    const base = middle - 2 * PAGE_BYTES;
    expect(vmaPages(k, pid, base, 5)).toEqual([[0, 5]]);
    const middleFrame = leaf(k, pid, middle)!.ppn;
    expect(k.frames.refCount(middleFrame)).toBe(1);
    let splits = 0;
    const stops = stepToReturn(k, pid, (s) => {
      const v = s.pause.values;
      const now = vmaPages(k, pid, base, 5);
      switch (s.pause.id) {
        case 'split.vma':
          if (splits === 0) {
            expect(now).toEqual([[0, 5]]);
            expect(v.vma).toEqual({ start: base, end: base + 5 * PAGE_BYTES, perms: 'rw-p', name: '' });
            expect(v.facts).toEqual({ vmaBefore: `0x${base.toString(16)}-0x${(base + 5 * PAGE_BYTES).toString(16)} rw-p`, splitAt: BigInt(middle) });
          } else {
            expect(now).toEqual([[0, 2], [2, 5]]);
            expect(v.facts?.splitAt).toBe(BigInt(middle + PAGE_BYTES));
          }
          break;
        case 'split.done':
          expect(now).toEqual(++splits === 1 ? [[0, 2], [2, 5]] : [[0, 2], [2, 3], [3, 5]]);
          break;
        case 'munmap.detach':
          expect(now).toEqual([[0, 2], [2, 3], [3, 5]]);
          expect(v.vma).toMatchObject({ start: middle, end: middle + PAGE_BYTES });
          expect(v.facts?.vmasDetached).toBe(1);
          break;
        case 'zap.ptes':
          expect(now).toEqual([[0, 2], [3, 5]]); // detached: the middle is gone from the list
          expect(leaf(k, pid, middle)?.ppn).toBe(middleFrame); // its PTE is not cleared yet
          expect(v).toMatchObject({ page: middle, oldFrame: middleFrame, refCount: 1, facts: { ptesPresent: 1 } });
          break;
        case 'munmap.flush':
          expect(leaf(k, pid, middle)).toBeUndefined();
          expect(k.frames.refCount(middleFrame)).toBe(0);
          expect(v.facts).toEqual({ pagesUnmapped: 1, framesFreed: 1 });
          for (const p of [0, 1, 3, 4]) expect(leaf(k, pid, base + p * PAGE_BYTES)).toBeDefined();
          break;
      }
    });
    expect(ids(stops)).toEqual(['munmap.check', 'split.vma', 'split.done', 'split.vma', 'split.done',
      'munmap.detach', 'zap.ptes', 'munmap.flush', 'munmap.remove_vma', 'syscall.return']);
    expect(stops.map((s) => s.depth)).toEqual([2, 4, 4, 4, 4, 3, 4, 3, 3, 1]);
    expect(stops[1].pause.frames.map((f) => f.fn)).toEqual(['sys_munmap', 'doMunmap', 'doVmiMunmap', 'splitVma']);
    expect(stops[6].pause.frames.map((f) => f.fn)).toEqual(['sys_munmap', 'doMunmap', 'doVmiMunmap', 'zapPteRange']);
    expect(stops[9].pause.values.result).toBe(0);

    // The MAP_FIXED refill: a new one-page VMA in the hole, merged with both neighbours.
    toSyscall(k, pid, 'mmap', (a) => (Number(a[3]) & MAP_FIXED) !== 0);
    let merges = 0;
    const refill = stepToReturn(k, pid, (s) => {
      const now = vmaPages(k, pid, base, 5);
      if (s.pause.id === 'mmap.new_vma') {
        expect(now).toEqual([[0, 2], [3, 5]]);
        expect(s.pause.values.vma).toEqual({ start: middle, end: middle + PAGE_BYTES, perms: 'rw-p', name: '' });
      }
      if (s.pause.id === 'merge.vma') expect(now).toEqual(++merges === 1 ? [[0, 2], [2, 3], [3, 5]] : [[0, 2], [2, 5]]);
      if (s.pause.id === 'syscall.return') expect(now).toEqual([[0, 5]]);
    });
    expect(ids(refill)).toEqual(['mmap.check', 'mmap.fixed', 'mmap.new_vma', 'merge.vma', 'merge.vma', 'syscall.return']);
    expect(refill[1].pause.values.facts).toMatchObject({ occupied: false });
    expect(refill[5].pause.values.result).toBe(middle);

    const want = expected('munmap_split');
    expect(finish(k).status).toBe(want.status);
    expect(out()).toBe(want.stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('munmap of a shared page drops the PTE\'s reference, and the shared object frees the frame when its VMA goes', () => {
    const { k, pid, out } = boot('mmap_shared');
    toSyscall(k, pid, 'mmap');
    const made = stepToReturn(k, pid);
    expect(ids(made)).toEqual(['mmap.check', 'mmap.get_unmapped_area', 'mmap.new_vma', 'syscall.return']);
    const shared = made[3].pause.values.result!;
    expect(made[2].pause.values.vma).toEqual({ start: shared, end: shared + PAGE_BYTES, perms: 'rw-s', name: '/dev/zero (deleted)' });

    toSyscall(k, pid, 'munmap', (a) => Number(a[0]) === shared);
    const frame = leaf(k, pid, shared)!.ppn;
    const stops = stepToReturn(k, pid, (s) => {
      if (s.pause.id === 'zap.ptes') expect(k.frames.refCount(frame)).toBe(2); // the PTE and the shared object
      if (s.pause.id === 'munmap.remove_vma') {
        expect(leaf(k, pid, shared)).toBeUndefined();
        expect(k.frames.refCount(frame)).toBe(1);
      }
    });
    expect(ids(stops)).toEqual(['munmap.check', 'munmap.detach', 'zap.ptes', 'munmap.flush', 'munmap.remove_vma', 'syscall.return']);
    expect(stops[2].pause.values).toMatchObject({ oldFrame: frame, refCount: 2, facts: { ptesPresent: 1 } });
    expect(stops[3].pause.values.facts).toEqual({ pagesUnmapped: 1, framesFreed: 0 });
    expect(stops[4].pause.values.facts).toEqual({ writeback: false, sharedUsers: 1 });
    expect(k.frames.refCount(frame)).toBe(0);

    const privatePage = toSyscall(k, pid, 'munmap');
    const privateStops = stepToReturn(k, pid);
    expect(Number(privatePage.pause.values.args![0])).not.toBe(shared);
    expect(privateStops.find((s) => s.pause.id === 'munmap.flush')?.pause.values.facts).toEqual({ pagesUnmapped: 1, framesFreed: 1 });

    const want = expected('mmap_shared');
    expect(finish(k).status).toBe(want.status);
    expect(out()).toBe(want.stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });
});

describe('stepping mprotect', () => {
  it('mprotect of pages 1-2 splits the VMA, changes its flags, then clears PTE_W of its pages; back to read-write merges', () => {
    const { k, pid, out } = boot('mprotect');
    const enter = toSyscall(k, pid, 'mprotect');
    const page1 = Number(enter.pause.values.args![0]);
    const base = page1 - PAGE_BYTES;
    const writable = (p: number): boolean => ((leaf(k, pid, base + p * PAGE_BYTES)?.flags ?? 0) & PTE_W) !== 0;
    expect([0, 1, 2, 3].map(writable)).toEqual([true, true, true, true]);
    const stops = stepToReturn(k, pid, (s) => {
      const v = s.pause.values;
      if (s.pause.id === 'mprotect.vma_flags') {
        expect(vmaPages(k, pid, base, 4)).toEqual([[0, 1], [1, 3], [3, 4]]);
        expect(vmaPerms(k, pid, base, 4)).toEqual(['rw-p', 'rw-p', 'rw-p']);
        expect(v.facts).toEqual({ oldPerms: 'rw-p', newPerms: 'r--p' });
      }
      if (s.pause.id === 'mprotect.change_ptes') {
        expect(vmaPerms(k, pid, base, 4)).toEqual(['rw-p', 'r--p', 'rw-p']);
        expect([0, 1, 2, 3].map(writable)).toEqual([true, true, true, true]); // PTEs not changed yet
        expect(v.vma).toEqual({ start: page1, end: page1 + 2 * PAGE_BYTES, perms: 'r--p', name: '' });
        expect(v.page).toBe(page1);
        expect(Number(v.pteBefore! & BigInt(PTE_W))).toBe(PTE_W);
      }
      if (s.pause.id === 'mprotect.flush') {
        expect([0, 1, 2, 3].map(writable)).toEqual([true, false, false, true]);
        expect(v.facts).toEqual({ ptesChanged: 2 });
      }
    });
    expect(ids(stops)).toEqual(['mprotect.args', 'mprotect.check', 'split.vma', 'split.done', 'split.vma', 'split.done',
      'mprotect.vma_flags', 'mprotect.change_ptes', 'mprotect.flush', 'syscall.return']);
    expect(stops[7].pause.frames.map((f) => f.fn)).toEqual(['sys_mprotect', 'doMprotectPkey', 'mprotectRange', 'mprotectFixup']);
    expect(stops[9].pause.values.result).toBe(0);

    // Back to read-write: no split (the piece is exactly the range), then two merges make one VMA again.
    toSyscall(k, pid, 'mprotect', (a) => Number(a[0]) === page1);
    let merges = 0;
    const back = stepToReturn(k, pid, (s) => {
      if (s.pause.id === 'merge.vma') {
        expect(vmaPerms(k, pid, base, 4)).toEqual(++merges === 1 ? ['rw-p', 'rw-p', 'rw-p'] : ['rw-p', 'rw-p']);
      }
    });
    expect(ids(back)).toEqual(['mprotect.args', 'mprotect.check', 'mprotect.vma_flags', 'mprotect.change_ptes',
      'merge.vma', 'merge.vma', 'mprotect.flush', 'syscall.return']);
    expect(vmaPages(k, pid, base, 4)).toEqual([[0, 4]]);

    const want = expected('mprotect');
    expect(finish(k).status).toBe(want.status);
    expect(out()).toBe(want.stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });
});

describe('stepping brk', () => {
  it('growing the heap (malloc in cow): the [heap] VMA appears in doBrkFlags and the break moves at brk.set', () => {
    const { k, pid, out } = boot('cow');
    toSyscall(k, pid, 'brk', (a) => a[0] !== 0n);
    let newHeapEnd = 0;
    const stops = stepToReturn(k, pid, (s) => {
      const f = s.pause.values.facts ?? {};
      if (s.pause.id === 'brk.check') {
        expect(f.allowed).toBe(true);
        newHeapEnd = Number(f.newHeapEnd);
      }
      if (s.pause.id === 'brk.grow_heap') {
        expect(vmaNamed(k, pid, '[heap]')).toBeUndefined();
        expect(f.newVma).toBe(true);
      }
      if (s.pause.id === 'brk.set') {
        expect(vmaNamed(k, pid, '[heap]')?.end).toBe(newHeapEnd);
        expect(k.processes().find((p) => p.pid === pid)?.brk).toBe(Number(f.oldBrk));
      }
    });
    expect(ids(stops)).toEqual(['brk.check', 'brk.grow_heap', 'brk.set', 'syscall.return']);
    expect(stops[1].pause.frames.map((f) => f.fn)).toEqual(['sys_brk', 'doBrk', 'doBrkFlags']);
    const newBrk = stops[2].pause.values.facts!.newBrk as bigint;
    expect(stops[3].pause.values.result).toBe(Number(newBrk));
    expect(k.processes().find((p) => p.pid === pid)?.brk).toBe(Number(newBrk));

    const want = expected('cow');
    expect(finish(k).status).toBe(want.status);
    expect(out()).toBe(want.stdout);
  });

  it('shrinking the heap (glibc malloc_stress trimming): __split_vma of [heap] at the new end, its pages unmapped, then the break', () => {
    const { k, pid, out } = boot('malloc_stress', { dir: GLIBC.bin });
    const shrinking = (s: Stopped): boolean => {
      const f = s.pause.values.facts!;
      return f.allowed === true && (f.newHeapEnd as bigint) < (f.heapEnd as bigint);
    };
    const check = runUntil(k, { kernelBreakpoints: new Set(['brk.check']) }, shrinking, 'heap trim');
    const f = check.pause.values.facts as Record<string, bigint>;
    const [top, newTop] = [Number(f.heapEnd), Number(f.newHeapEnd)];
    expect(vmaNamed(k, pid, '[heap]')?.end).toBe(top);
    let ptes = 0;
    const stops = stepToReturn(k, pid, (s) => {
      const heaps = (k.vmas(pid) ?? []).filter((v) => v.name === '[heap]');
      if (s.pause.id === 'split.vma') expect(heaps.map((v) => v.end)).toEqual([top]);
      if (s.pause.id === 'split.done') expect(heaps.map((v) => v.end)).toEqual([newTop, top]);
      if (s.pause.id === 'zap.ptes') ptes = s.pause.values.facts!.ptesPresent as number;
      if (s.pause.id === 'brk.set') {
        expect(heaps.map((v) => v.end)).toEqual([newTop]);
        for (let va = newTop; va < top; va += PAGE_BYTES) expect(leaf(k, pid, va)).toBeUndefined();
      }
    });
    expect(ids(stops)).toEqual(['split.vma', 'split.done', 'munmap.detach', 'zap.ptes', 'munmap.flush', 'munmap.remove_vma', 'brk.set', 'syscall.return']);
    expect(stops[0].pause.frames.map((x) => x.fn)).toEqual(['sys_brk', 'doBrk', 'doVmiMunmap', 'splitVma']);
    expect(stops[0].pause.values.facts?.splitAt).toBe(BigInt(newTop));
    expect(stops[4].pause.values.facts?.pagesUnmapped).toBe(ptes);

    const want = expected('malloc_stress', GLIBC.expected);
    expect(finish(k).status).toBe(want.status);
    expect(out()).toBe(want.stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });
});

describe('unwatched and stepped runs', () => {
  it.each(['munmap_split', 'mprotect', 'mmap_shared', 'cow'])('%s prints the same with every pause of its main thread stepped as unwatched', (name) => {
    const runs = [false, true].map((watched) => {
      const { k, pid, out } = boot(name);
      const { status, pauses } = finish(k, watched ? { kernelStep: { tid: pid } } : {});
      return { status, pauses, out: out(), instructions: k.hart.instret, faults: k.stats().faults, framesLeft: k.stats().framesInUse - k.stats().framesAtBoot };
    });
    const [plain, stepped] = runs;
    const want = expected(name);
    expect(plain).toMatchObject({ status: want.status, out: want.stdout, pauses: 0, framesLeft: 0 });
    expect(stepped.pauses).toBeGreaterThan(0);
    expect({ ...stepped, pauses: 0 }).toEqual(plain);
  });

  it('each pause id of the memory-map paths lies on its own line of mm-steps.ts, mem.ts or mmap.ts', () => {
    const mm = ['split.vma', 'split.done', 'merge.vma', 'munmap.call_split_start', 'munmap.call_split_end', 'munmap.detach',
      'munmap.call_zap', 'munmap.flush', 'munmap.remove_vma', 'zap.ptes', 'mprotect.check', 'mprotect.call_split_start',
      'mprotect.call_split_end', 'mprotect.call_fixup', 'mprotect.call_merge', 'mprotect.flush', 'mprotect.vma_flags', 'mprotect.change_ptes'];
    const mmap = ['brk.check', 'brk.call_shrink', 'brk.call_grow', 'brk.set', 'brk.grow_heap', 'mmap.check', 'mmap.fixed',
      'mmap.call_unmap_fixed', 'mmap.get_unmapped_area', 'mmap.new_vma', 'mmap.call_merge', 'mmap.populate'];
    const mem = ['munmap.check', 'munmap.call_do_munmap', 'mprotect.args', 'mprotect.call_range'];
    for (const [file, list] of [[MM_STEPS_TS, mm], [MEM_TS, mem], [MMAP_TS, mmap]] as const) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
      for (const id of list) {
        const site = pauseSite(id);
        expect(site.file, id).toBe(file);
        expect(text[site.line - 1], id).toMatch(new RegExp(`\\b(pause|call)\\('${id.replace('.', '\\.')}'`));
        expect(text.filter((l) => l.includes(`'${id}'`)), id).toHaveLength(1);
      }
    }
  });
});
