/**
 * The kernel's read-only inspections behind the sidebar views, on hand-built page tables and a
 * real boot: the Sv39 walk explained step by step (superpages and every failure of privileged
 * spec 4.3.2), the frame map's runs and use counts, and the stride run queue's pick order.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PhysicalMemory } from '../../src/emu/memory';
import { PAGE_SIZE, PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, makePte } from '../../src/emu/sv39';
import { explainWalk } from '../../src/kernel/inspect-walk';
import { Kernel } from '../../src/kernel/kernel';
import { Stride } from '../../src/kernel/sched';
import { Thread } from '../../src/kernel/process';

const ROOT = 1, L1 = 2, L0 = 3;
const URW = PTE_V | PTE_R | PTE_W | PTE_U;

/** A memory with root table at page 1, a level-1 table at page 2, a level-0 table at page 3. */
function tables(): PhysicalMemory {
  const mem = new PhysicalMemory(64 * PAGE_SIZE);
  mem.write64(ROOT * PAGE_SIZE + 0 * 8, makePte(L1, PTE_V));
  mem.write64(L1 * PAGE_SIZE + 0 * 8, makePte(L0, PTE_V));
  mem.write64(L0 * PAGE_SIZE + 5 * 8, makePte(40, URW));                         // va 0x5000 -> frame 40, A/D clear
  mem.write64(L0 * PAGE_SIZE + 6 * 8, makePte(41, PTE_V | PTE_W | PTE_U));       // W without R
  mem.write64(L0 * PAGE_SIZE + 7 * 8, makePte(42, PTE_V));                       // pointer at level 0
  mem.write64(L0 * PAGE_SIZE + 8 * 8, makePte(43, URW) | (1n << 60n));           // reserved bit 60
  mem.write64(L1 * PAGE_SIZE + 1 * 8, makePte(512, URW | PTE_A | PTE_D));       // megapage at 2 MiB -> 2 MiB
  mem.write64(L1 * PAGE_SIZE + 2 * 8, makePte(513, URW));                        // misaligned megapage
  mem.write64(ROOT * PAGE_SIZE + 1 * 8, makePte(0, PTE_V | PTE_R | PTE_X | PTE_U)); // gigapage at 1 GiB -> 0
  return mem;
}

describe('explainWalk (privileged spec 4.3.2)', () => {
  it('follows three levels to a 4 KiB page and notes the A/D bits a store would set', () => {
    const w = explainWalk(tables(), ROOT, 0x5abcn, 'write');
    expect(w.steps.map((s) => [s.level, s.index, s.kind])).toEqual([[2, 0, 'pointer'], [1, 0, 'pointer'], [0, 5, 'leaf']]);
    expect(w.steps.map((s) => s.tablePa)).toEqual([ROOT * PAGE_SIZE, L1 * PAGE_SIZE, L0 * PAGE_SIZE]);
    expect(w.pa).toBe(40 * PAGE_SIZE + 0xabc);
    expect(w.pageSize).toBe(PAGE_SIZE);
    expect(w.notes.join(' ')).toMatch(/A = 0.*D = 0/);
  });

  it('translates megapages and gigapages with the low VPNs as the offset', () => {
    const mega = explainWalk(tables(), ROOT, 0x2_0_1234n + 0x3000n);
    expect(mega.steps).toHaveLength(2);
    expect(mega.pageSize).toBe(2 * 1024 * 1024);
    expect(mega.pa).toBe(512 * PAGE_SIZE + 0x4234);
    const giga = explainWalk(tables(), ROOT, 0x4000_0000n + 0x12_3456n);
    expect(giga.steps).toHaveLength(1);
    expect(giga.pageSize).toBe(1024 * 1024 * 1024);
    expect(giga.pa).toBe(0x12_3456);
  });

  it('names where and why a walk fails', () => {
    const mem = tables();
    const fail = (va: bigint, access?: 'read' | 'write' | 'execute') => explainWalk(mem, ROOT, va, access).failure;
    expect(fail(0x4000n)).toMatchObject({ level: 0, reason: 'invalid' });
    expect(fail(0x6000n)).toMatchObject({ level: 0, reason: 'reserved-w' });
    expect(fail(0x7000n)).toMatchObject({ level: 0, reason: 'no-leaf' });
    expect(fail(0x8000n)).toMatchObject({ level: 0, reason: 'reserved-bits' });
    expect(fail(0x40_0000n)).toMatchObject({ level: 1, reason: 'misaligned-superpage' });
    expect(fail(0x8000_0000n)).toMatchObject({ level: 2, reason: 'invalid' });
    expect(fail(0x40_0000_0000n)).toMatchObject({ level: -1, reason: 'non-canonical' });
    expect(fail(0x5000n, 'execute')).toMatchObject({ level: 0, reason: 'permission' });
    expect(fail(0xffff_ffc0_0000_0000n)).toMatchObject({ level: 2, reason: 'invalid' }); // canonical upper half
  });

  it('reads only: memory is unchanged after walking', () => {
    const mem = tables();
    const before = mem.readBytes(0, 4 * PAGE_SIZE);
    explainWalk(mem, ROOT, 0x5000n, 'write');
    expect(mem.readBytes(0, 4 * PAGE_SIZE)).toEqual(before);
  });
});

describe('frameMap', () => {
  it('accounts for every frame at boot of a program and groups them in runs', () => {
    const k = new Kernel({ host: { writeConsole: () => {} }, memoryBytes: 16 * 1024 * 1024 });
    const elf = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'examples', 'bin', 'hello');
    k.addFile('/bin/hello', new Uint8Array(fs.readFileSync(elf)));
    const started = k.start('/bin/hello', ['/bin/hello'], []);
    expect(started.ok).toBe(true);
    const m = k.frameMap();
    expect(m.totalFrames).toBe(4096);
    expect(m.runs.reduce((n, r) => n + r.count, 0)).toBe(4096);
    expect(m.totalFrames - m.byUse.free).toBe(m.inUse);
    expect(m.byUse.kernel).toBe(1); // frame 0 only: every other held frame is explained
    expect(m.byUse.vdso).toBe(1);
    expect(m.byUse['page-table']).toBeGreaterThanOrEqual(3);
    expect(m.runs.filter((r) => r.use === 'free').every((r) => r.refs === 0 && r.owners.length === 0)).toBe(true);
  });
});

describe('Stride.runQueue', () => {
  it('lists queued threads smallest pass first, ties in queue order, without dequeuing', () => {
    const s = new Stride();
    const mk = (tid: number, pass: number) => Object.assign(Object.create(Thread.prototype) as Thread, { tid, pass, nice: 0 });
    const a = mk(1, 30), b = mk(2, 10), c = mk(3, 30), d = mk(4, 5);
    for (const t of [a, b, c, d]) s.enqueue(t);
    expect(s.runQueue().map((t) => t.tid)).toEqual([4, 2, 1, 3]);
    expect(s.queued).toBe(4);
    expect(s.pickNext()).toBe(d);
  });
});
