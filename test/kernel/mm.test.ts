import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../../src/emu/memory';
import { PAGE_SIZE, PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, pteFlags, ptePpn, walkForInspection } from '../../src/emu/sv39';
import { handleMmFault } from '../../src/kernel/fault';
import { FrameAllocator } from '../../src/kernel/frames';
import { STACK_GUARD_GAP_BYTES, STACK_LIMIT_BYTES, STACK_TOP } from '../../src/kernel/layout';
import { Mm, createMmContext, type MmContext } from '../../src/kernel/mm';
import { SharedAnon, VM_GROWSDOWN, VM_READ, VM_SHARED, VM_WRITE, Vma } from '../../src/kernel/vma';

const HEAP = 0x100000;

function setup(memPages = 256): { ctx: MmContext; flushes: () => number } {
  const mem = new PhysicalMemory(memPages * PAGE_SIZE);
  const frames = new FrameAllocator(mem);
  let flushes = 0;
  return { ctx: createMmContext(mem, frames, () => { flushes++; }), flushes: () => flushes };
}

function anonMm(ctx: MmContext, pages: number, flags = VM_READ | VM_WRITE): Mm {
  const mm = Mm.create(ctx)!;
  mm.insert(new Vma(HEAP, HEAP + pages * PAGE_SIZE, flags, 'anon', ''));
  return mm;
}

function pte(mm: Mm, va: number): bigint {
  return mm.pt.lookup(va);
}

function writeByte(mm: Mm, va: number, v: number): void {
  const p = pte(mm, va);
  mm.ctx.mem.write8(ptePpn(p) * PAGE_SIZE + (va % PAGE_SIZE), v);
}

function readByte(mm: Mm, va: number): number {
  return mm.ctx.mem.read8(ptePpn(pte(mm, va)) * PAGE_SIZE + (va % PAGE_SIZE));
}

describe('handleMmFault', () => {
  it('maps a fresh zeroed frame on the first touch of an anonymous page (demand-zero)', () => {
    const { ctx } = setup();
    const mm = anonMm(ctx, 4);
    const before = ctx.frames.inUse;
    expect(handleMmFault(mm, HEAP + 0x123, 'read').decision).toBe('demand-zero');
    const p = pte(mm, HEAP);
    expect(pteFlags(p) & (PTE_V | PTE_R | PTE_W | PTE_U)).toBe(PTE_V | PTE_R | PTE_W | PTE_U);
    expect(readByte(mm, HEAP + 0x123)).toBe(0);
    // one data frame plus the two intermediate table pages below the root
    expect(ctx.frames.inUse - before).toBe(3);
  });

  it('sends an access outside every VMA, or against its protection, to SIGSEGV', () => {
    const { ctx } = setup();
    const mm = anonMm(ctx, 1, VM_READ);
    expect(handleMmFault(mm, 0, 'write').decision).toBe('segv');
    expect(handleMmFault(mm, HEAP, 'write').decision).toBe('segv');
    expect(handleMmFault(mm, HEAP, 'execute').decision).toBe('segv');
    expect(pte(mm, HEAP)).toBe(0n);
  });

  it('reports a fault on a page that already allows the access as spurious', () => {
    const { ctx } = setup();
    const mm = anonMm(ctx, 1);
    handleMmFault(mm, HEAP, 'write');
    expect(handleMmFault(mm, HEAP, 'write').decision).toBe('spurious');
  });

  it('grows a grows-down stack to a fault just below it, within the limit and guard gap', () => {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    const stackStart = STACK_TOP - 4 * PAGE_SIZE;
    mm.insert(new Vma(stackStart, STACK_TOP, VM_READ | VM_WRITE | VM_GROWSDOWN, 'stack', '[stack]'));
    expect(handleMmFault(mm, stackStart - 10, 'write').decision).toBe('stack-grow');
    expect(mm.find(stackStart - 10)?.name).toBe('[stack]');
    expect(handleMmFault(mm, STACK_TOP - STACK_LIMIT_BYTES - PAGE_SIZE, 'write').decision).toBe('segv');
    mm.insert(new Vma(stackStart - 2 * PAGE_SIZE - STACK_GUARD_GAP_BYTES, stackStart - 2 * PAGE_SIZE - STACK_GUARD_GAP_BYTES + PAGE_SIZE, VM_READ, 'anon', ''));
    expect(handleMmFault(mm, stackStart - 2 * PAGE_SIZE, 'write').decision).toBe('segv');
  });
});

describe('fork', () => {
  it('shares pages read-only until the first write, then copies (cow-copy) and reuses the last holder (cow-reuse)', () => {
    const { ctx } = setup();
    const parent = anonMm(ctx, 2);
    handleMmFault(parent, HEAP, 'write');
    writeByte(parent, HEAP, 0xaa);
    const child = parent.fork()!;
    const frame = ptePpn(pte(parent, HEAP));
    expect(ptePpn(pte(child, HEAP))).toBe(frame);
    expect(pteFlags(pte(parent, HEAP)) & PTE_W).toBe(0);
    expect(pteFlags(pte(child, HEAP)) & PTE_W).toBe(0);
    expect(ctx.frames.refCount(frame)).toBe(2);

    expect(handleMmFault(child, HEAP, 'write').decision).toBe('cow-copy');
    expect(ptePpn(pte(child, HEAP))).not.toBe(frame);
    expect(readByte(child, HEAP)).toBe(0xaa);
    writeByte(child, HEAP, 0x55);
    expect(readByte(parent, HEAP)).toBe(0xaa);
    expect(ctx.frames.refCount(frame)).toBe(1);

    expect(handleMmFault(parent, HEAP, 'write').decision).toBe('cow-reuse');
    expect(ptePpn(pte(parent, HEAP))).toBe(frame);
    expect(pteFlags(pte(parent, HEAP)) & PTE_W).toBe(PTE_W);
  });

  it('keeps shared mappings shared and writable in both processes', () => {
    const { ctx } = setup();
    const parent = Mm.create(ctx)!;
    const v = new Vma(HEAP, HEAP + PAGE_SIZE, VM_READ | VM_WRITE | VM_SHARED, 'anon', '');
    v.shared = new SharedAnon();
    parent.insert(v);
    const child = parent.fork()!;
    // the child touches the page first: the parent must then find the same frame
    expect(handleMmFault(child, HEAP, 'write').decision).toBe('demand-zero');
    expect(handleMmFault(parent, HEAP, 'read').decision).toBe('shared');
    writeByte(child, HEAP, 7);
    expect(readByte(parent, HEAP)).toBe(7);
    expect(pteFlags(pte(parent, HEAP)) & PTE_W).toBe(PTE_W);
  });

  it('returns every frame once both address spaces are released', () => {
    const { ctx } = setup();
    const boot = ctx.frames.inUse;
    const parent = anonMm(ctx, 8);
    for (let i = 0; i < 8; i++) handleMmFault(parent, HEAP + i * PAGE_SIZE, 'write');
    const child = parent.fork()!;
    for (let i = 0; i < 4; i++) handleMmFault(child, HEAP + i * PAGE_SIZE, 'write');
    child.release();
    parent.release();
    expect(ctx.frames.inUse).toBe(boot);
  });

  it('fails cleanly and leaks nothing when frames run out during fork', () => {
    const { ctx } = setup(24);
    const parent = anonMm(ctx, 64);
    let i = 0;
    while (ctx.frames.available > 2) handleMmFault(parent, HEAP + PAGE_SIZE * i++, 'write');
    const used = ctx.frames.inUse;
    expect(parent.fork()).toBeUndefined();
    expect(ctx.frames.inUse).toBe(used);
  });
});

describe('unmapRange', () => {
  it('splits a VMA around a hole in the middle and frees only the pages inside it', () => {
    const { ctx } = setup();
    const mm = anonMm(ctx, 3);
    for (let i = 0; i < 3; i++) handleMmFault(mm, HEAP + i * PAGE_SIZE, 'write');
    const before = ctx.frames.inUse;
    mm.unmapRange(HEAP + PAGE_SIZE, HEAP + 2 * PAGE_SIZE);
    expect(mm.vmas.map((v) => [v.start, v.end])).toEqual([[HEAP, HEAP + PAGE_SIZE], [HEAP + 2 * PAGE_SIZE, HEAP + 3 * PAGE_SIZE]]);
    expect(ctx.frames.inUse).toBe(before - 1);
    expect(pte(mm, HEAP + PAGE_SIZE)).toBe(0n);
    expect(readByte(mm, HEAP + 2 * PAGE_SIZE)).toBe(0);
  });
});

describe('inspection walk', () => {
  it('reads a mapping without setting A or D bits', () => {
    const { ctx } = setup();
    const mm = anonMm(ctx, 1);
    handleMmFault(mm, HEAP, 'write');
    const hit = walkForInspection(ctx.mem, mm.pt.rootPpn, HEAP)!;
    expect(hit.level).toBe(0);
    expect(pteFlags(hit.pte) & (PTE_A | PTE_D)).toBe(0);
    expect(pteFlags(pte(mm, HEAP)) & (PTE_A | PTE_D)).toBe(0);
  });
});
