import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../../src/emu/memory';
import { PAGE_SIZE, PTE_R, PTE_V, PTE_W, PTE_X, pteFlags, ptePpn } from '../../src/emu/sv39';
import { handleMmFault } from '../../src/kernel/fault';
import { FrameAllocator } from '../../src/kernel/frames';
import { Mm, createMmContext, type MmContext } from '../../src/kernel/mm';
import { PTE_PROT_NONE } from '../../src/kernel/pagetable';
import type { Kernel } from '../../src/kernel/kernel';
import type { Thread } from '../../src/kernel/process';
import { memSteppedSyscalls, memSyscalls, mremap } from '../../src/kernel/syscall/mem';
import { unwatched, type SyscallHandler } from '../../src/kernel/syscall/args';
import { SYS_madvise, SYS_mmap, SYS_mprotect } from '../../src/kernel/syscall/numbers';
import type { FileBacking, MappableFile } from '../../src/kernel/vfs/backing';
import {
  MREMAP_FIXED, MREMAP_MAYMOVE, SharedAnon, VM_EXEC, VM_READ, VM_SHARED, VM_WRITE, Vma,
} from '../../src/kernel/vma';

const BASE = 0x200000;
const P = PAGE_SIZE;
const RW = VM_READ | VM_WRITE;

function setup(memPages = 512): { ctx: MmContext; flushes: () => number } {
  const mem = new PhysicalMemory(memPages * P);
  const frames = new FrameAllocator(mem);
  let flushes = 0;
  return { ctx: createMmContext(mem, frames, () => { flushes++; }), flushes: () => flushes };
}

function anon(mm: Mm, start: number, pages: number, flags = RW): Vma {
  const v = new Vma(start, start + pages * P, flags, 'anon', '');
  mm.insert(v);
  return v;
}

/** Touches a page for writing and stores `value` in its first byte (as a user store would). */
function poke(mm: Mm, va: number, value: number): void {
  const d = handleMmFault(mm, va, 'write').decision;
  if (d === 'segv' || d === 'oom') throw new Error(`poke ${va.toString(16)}: ${d}`);
  mm.ctx.mem.write8(ptePpn(mm.pt.lookup(va)) * P + (va % P), value);
}

/** Reads a byte as a user load would (faulting the page in first). */
function peek(mm: Mm, va: number): number {
  const pte = mm.pt.lookup(va - (va % P));
  if (!(pteFlags(pte) & PTE_V)) {
    const d = handleMmFault(mm, va, 'read').decision;
    if (d === 'segv' || d === 'sigbus' || d === 'oom') return -1;
  }
  return mm.ctx.mem.read8(ptePpn(mm.pt.lookup(va - (va % P))) * P + (va % P));
}

const spans = (mm: Mm): [number, number, string][] => mm.vmas.map((v) => [(v.start - BASE) / P, (v.end - BASE) / P, v.perms]);

/** An in-memory regular file implementing the VFS seam. */
class FakeFile implements FileBacking {
  cache?: FileBacking['cache'];
  constructor(readonly ino: number, readonly path: string, public data: Uint8Array) {}
  size(): number { return this.data.length; }
  readAt(offset: number, len: number): Uint8Array { return this.data.slice(offset, Math.min(this.data.length, offset + len)); }
  writeAt(offset: number, bytes: Uint8Array): void {
    if (offset + bytes.length > this.data.length) { const d = new Uint8Array(offset + bytes.length); d.set(this.data); this.data = d; }
    this.data.set(bytes, offset);
  }
}

function fileVma(mm: Mm, file: FakeFile, start: number, pages: number, flags: number, offset = 0): Vma {
  const v = new Vma(start, start + pages * P, flags, 'file', file.path, undefined, offset);
  v.backing = file;
  mm.ctx.pageCache.attach(file);
  mm.insert(v);
  return v;
}

describe('mprotect', () => {
  it('splits a VMA in three, rewrites the middle PTEs read-only, flushes the TLB, and merges back', () => {
    const { ctx, flushes } = setup();
    const mm = Mm.create(ctx)!;
    anon(mm, BASE, 4);
    for (let i = 0; i < 4; i++) poke(mm, BASE + i * P, i + 1);
    const before = flushes();
    expect(mm.mprotect(BASE + P, BASE + 3 * P, VM_READ)).toBe(0);
    expect(flushes()).toBeGreaterThan(before);
    expect(spans(mm)).toEqual([[0, 1, 'rw-p'], [1, 3, 'r--p'], [3, 4, 'rw-p']]);
    expect(pteFlags(mm.pt.lookup(BASE + P)) & (PTE_R | PTE_W)).toBe(PTE_R);
    expect(pteFlags(mm.pt.lookup(BASE)) & PTE_W).toBe(PTE_W);
    expect(handleMmFault(mm, BASE + P, 'write').decision).toBe('segv');
    expect(mm.mprotect(BASE + P, BASE + 3 * P, RW)).toBe(0);
    expect(spans(mm)).toEqual([[0, 4, 'rw-p']]);
    // write permission comes back through a fault: the frame is ours alone, so it is reused
    expect(handleMmFault(mm, BASE + P, 'write').decision).toBe('cow-reuse');
    expect(peek(mm, BASE + P)).toBe(2);
  });

  it('PROT_NONE keeps the page resident but inaccessible, and its contents survive', () => {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    anon(mm, BASE, 1);
    poke(mm, BASE, 0x5a);
    const frame = ptePpn(mm.pt.lookup(BASE));
    mm.mprotect(BASE, BASE + P, 0);
    const pte = mm.pt.lookup(BASE);
    expect(pteFlags(pte) & PTE_V).toBe(0);
    expect(pteFlags(pte) & PTE_PROT_NONE).toBe(PTE_PROT_NONE);
    expect(handleMmFault(mm, BASE, 'read').decision).toBe('segv');
    expect(mm.residentPages(BASE, BASE + P)).toBe(1);
    mm.mprotect(BASE, BASE + P, VM_READ);
    expect(ptePpn(mm.pt.lookup(BASE))).toBe(frame);
    expect(peek(mm, BASE)).toBe(0x5a);
  });

  it('fails with ENOMEM over a hole and changes nothing', () => {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    anon(mm, BASE, 1);
    anon(mm, BASE + 2 * P, 1);
    expect(mm.mprotect(BASE, BASE + 3 * P, VM_READ)).toBe(-12);
    expect(spans(mm)).toEqual([[0, 1, 'rw-p'], [2, 3, 'rw-p']]);
  });

  it('an execute-only or PROT_NONE page never becomes a page-table pointer (V with no R/W/X)', () => {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    anon(mm, BASE, 2, VM_READ | VM_EXEC);
    handleMmFault(mm, BASE, 'read');
    mm.mprotect(BASE, BASE + 2 * P, VM_EXEC);
    expect(pteFlags(mm.pt.lookup(BASE)) & (PTE_V | PTE_X | PTE_R)).toBe(PTE_V | PTE_X);
  });
});

describe('munmap and merging', () => {
  it('merges adjacent anonymous areas with identical flags, but not the heap or differing flags', () => {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    anon(mm, BASE, 1);
    anon(mm, BASE + P, 1);
    anon(mm, BASE + 2 * P, 1, VM_READ);
    mm.insert(new Vma(BASE + 3 * P, BASE + 4 * P, RW, 'heap', '[heap]'));
    mm.mergeRange(BASE, BASE + 4 * P);
    expect(spans(mm)).toEqual([[0, 2, 'rw-p'], [2, 3, 'r--p'], [3, 4, 'rw-p']]);
  });

  it('a hole punched in a file mapping leaves two pieces whose offsets follow their starts', () => {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    const f = new FakeFile(7, '/tmp/f', new Uint8Array(4 * P).map((_, i) => i / P));
    fileVma(mm, f, BASE, 4, VM_READ);
    mm.unmapRange(BASE + P, BASE + 2 * P);
    expect(mm.vmas.map((v) => v.fileOffset)).toEqual([0, 2 * P]);
    expect(peek(mm, BASE + 3 * P)).toBe(3);
    expect(ctx.pageCache.file(7)!.mappings).toBe(2);
  });
});

describe('mremap', () => {
  it('grows in place when the pages above are free', () => {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    anon(mm, BASE, 2);
    expect(mremap(mm, BASE, 2 * P, 4 * P, 0, 0)).toBe(BASE);
    expect(spans(mm)).toEqual([[0, 4, 'rw-p']]);
  });

  it('moves the PTEs (same frames, no copy) when growth is blocked, and fails without MREMAP_MAYMOVE', () => {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    anon(mm, BASE, 2);
    anon(mm, BASE + 2 * P, 1, VM_READ);
    poke(mm, BASE, 11);
    poke(mm, BASE + P, 22);
    const frames = [ptePpn(mm.pt.lookup(BASE)), ptePpn(mm.pt.lookup(BASE + P))];
    const inUse = ctx.frames.inUse;
    expect(mremap(mm, BASE, 2 * P, 4 * P, 0, 0)).toBe(-12);
    const to = mremap(mm, BASE, 2 * P, 4 * P, MREMAP_MAYMOVE, 0);
    expect(to).not.toBe(BASE);
    expect(mm.find(BASE)).toBeUndefined();
    expect(mm.pt.lookup(BASE)).toBe(0n);
    expect([ptePpn(mm.pt.lookup(to)), ptePpn(mm.pt.lookup(to + P))]).toEqual(frames);
    expect([peek(mm, to), peek(mm, to + P), peek(mm, to + 3 * P)]).toEqual([11, 22, 0]);
    expect(mm.find(to)!.end).toBe(to + 4 * P);
    expect(ctx.frames.inUse).toBeLessThanOrEqual(inUse + 3);
  });

  it('MREMAP_FIXED moves to exactly the new address, replacing what was there; shrinking unmaps the tail', () => {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    anon(mm, BASE, 3);
    poke(mm, BASE, 9);
    poke(mm, BASE + 2 * P, 8);
    const dst = BASE + 16 * P;
    anon(mm, dst, 1, VM_READ);
    expect(mremap(mm, BASE, 3 * P, 3 * P, MREMAP_FIXED, dst)).toBe(-22);
    expect(mremap(mm, BASE, 3 * P, 3 * P, MREMAP_FIXED | MREMAP_MAYMOVE, dst)).toBe(dst);
    expect(spans(mm)).toEqual([[16, 19, 'rw-p']]);
    expect(peek(mm, dst)).toBe(9);
    expect(mremap(mm, dst, 3 * P, P, 0, 0)).toBe(dst);
    expect(spans(mm)).toEqual([[16, 17, 'rw-p']]);
    expect(mremap(mm, BASE + 40 * P, P, 2 * P, MREMAP_MAYMOVE, 0)).toBe(-14);
  });
});

describe('madvise(MADV_DONTNEED)', () => {
  it('private anonymous pages read back as zeros, shared anonymous pages keep their contents', () => {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    const boot = ctx.frames.inUse;
    anon(mm, BASE, 1);
    const sh = new Vma(BASE + P, BASE + 2 * P, RW | VM_SHARED, 'anon', '');
    sh.shared = new SharedAnon();
    mm.insert(sh);
    poke(mm, BASE, 1);
    poke(mm, BASE + P, 2);
    expect(mm.dontNeed(BASE, BASE + 2 * P)).toBe(0);
    expect(mm.residentPages(BASE, BASE + 2 * P)).toBe(0);
    expect(peek(mm, BASE)).toBe(0);
    expect(peek(mm, BASE + P)).toBe(2);
    expect(mm.dontNeed(BASE, BASE + 8 * P)).toBe(-12);
    mm.release();
    expect(ctx.frames.inUse).toBe(boot - 1);
  });

  it('a private file page written (copied) is dropped and the file page read again', () => {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    const f = new FakeFile(3, '/tmp/data', new Uint8Array(P).fill(0x41));
    fileVma(mm, f, BASE, 1, RW);
    poke(mm, BASE, 0x42);
    expect(peek(mm, BASE)).toBe(0x42);
    mm.dontNeed(BASE, BASE + P);
    expect(peek(mm, BASE)).toBe(0x41);
    expect(f.data[0]).toBe(0x41);
  });
});

describe('copy-on-write and sharing across fork', () => {
  it('after the child exits, the parent\'s first write reuses the frame (refcount 1)', () => {
    const { ctx } = setup();
    const parent = Mm.create(ctx)!;
    anon(parent, BASE, 1);
    poke(parent, BASE, 5);
    const frame = ptePpn(parent.pt.lookup(BASE));
    const child = parent.fork()!;
    expect(ctx.frames.refCount(frame)).toBe(2);
    child.release();
    expect(ctx.frames.refCount(frame)).toBe(1);
    expect(handleMmFault(parent, BASE, 'write').decision).toBe('cow-reuse');
    expect(ptePpn(parent.pt.lookup(BASE))).toBe(frame);
  });

  it('a shared file mapping stays shared after fork: a write in the child is seen by the parent', () => {
    const { ctx } = setup();
    const parent = Mm.create(ctx)!;
    const f = new FakeFile(4, '/tmp/s', new Uint8Array(P));
    fileVma(parent, f, BASE, 1, RW | VM_SHARED);
    expect(peek(parent, BASE)).toBe(0);
    const child = parent.fork()!;
    poke(child, BASE, 77);
    expect(peek(parent, BASE)).toBe(77);
    expect(ctx.pageCache.file(4)!.mappings).toBe(2);
    child.release();
    parent.release();
    expect(f.data[0]).toBe(77);
  });
});

describe('page cache', () => {
  it('two processes mapping one file share one frame; writes reach read() and the file at the last unmap', () => {
    const { ctx } = setup();
    const boot = ctx.frames.inUse;
    const f = new FakeFile(9, '/tmp/shared', new TextEncoder().encode('hello, page cache'));
    const a = Mm.create(ctx)!;
    const b = Mm.create(ctx)!;
    fileVma(a, f, BASE, 1, RW | VM_SHARED);
    fileVma(b, f, BASE + 8 * P, 1, VM_READ | VM_SHARED);
    expect(handleMmFault(a, BASE, 'read').decision).toBe('file');
    expect(handleMmFault(b, BASE + 8 * P, 'read').decision).toBe('shared');
    expect(ptePpn(a.pt.lookup(BASE))).toBe(ptePpn(b.pt.lookup(BASE + 8 * P)));
    // A read fault maps a shared page read-only; the write fault marks it dirty.
    expect(pteFlags(a.pt.lookup(BASE)) & PTE_W).toBe(0);
    poke(a, BASE, 'J'.charCodeAt(0));
    expect(ctx.pageCache.file(9)!.dirty.has(0)).toBe(true);
    expect(String.fromCharCode(peek(b, BASE + 8 * P))).toBe('J');
    const seen = f.readAt(0, 5);
    f.cache!.overlay(0, seen);
    expect(new TextDecoder().decode(seen)).toBe('Jello');
    expect(f.data[0]).toBe('h'.charCodeAt(0));
    a.release();
    expect(f.data[0]).toBe('J'.charCodeAt(0));
    expect(f.cache).toBeDefined();
    b.release();
    expect(f.cache).toBeUndefined();
    expect(ctx.pageCache.residentPages).toBe(0);
    expect(ctx.frames.inUse).toBe(boot);
  });

  it('write(2) through the hooks updates mapped pages; truncate zeros the cached tail; a page past EOF is SIGBUS', () => {
    const { ctx } = setup();
    const f = new FakeFile(5, '/tmp/t', new Uint8Array(P + 10).fill(1));
    const mm = Mm.create(ctx)!;
    fileVma(mm, f, BASE, 3, VM_READ | VM_SHARED);
    expect(peek(mm, BASE + P + 5)).toBe(1);
    expect(peek(mm, BASE + P + 20)).toBe(0);
    f.cache!.writeThrough(P + 5, new Uint8Array([9]));
    expect(peek(mm, BASE + P + 5)).toBe(9);
    f.cache!.truncate(P);
    expect(peek(mm, BASE + P + 5)).toBe(0);
    expect(handleMmFault(mm, BASE + 2 * P, 'read').decision).toBe('sigbus');
  });

  it('a private file mapping copies the cached page on its first write; the file and other mappings keep theirs', () => {
    const { ctx } = setup();
    const f = new FakeFile(6, '/tmp/p', new Uint8Array(P).fill(3));
    const priv = Mm.create(ctx)!;
    const shared = Mm.create(ctx)!;
    fileVma(priv, f, BASE, 1, RW);
    fileVma(shared, f, BASE, 1, VM_READ | VM_SHARED);
    expect(peek(priv, BASE)).toBe(3);
    const cached = ptePpn(priv.pt.lookup(BASE));
    expect(handleMmFault(priv, BASE, 'write').decision).toBe('cow-copy');
    expect(ptePpn(priv.pt.lookup(BASE))).not.toBe(cached);
    poke(priv, BASE, 4);
    expect(peek(shared, BASE)).toBe(3);
    priv.release();
    shared.release();
    expect(f.data[0]).toBe(3);
  });
});

describe('out of memory', () => {
  it('asks the OOM hook when frames run out, retries after it frees memory, and fails when it cannot', () => {
    const { ctx } = setup(16);
    const hog = Mm.create(ctx)!;
    const req = Mm.create(ctx)!;
    anon(hog, BASE, 64);
    anon(req, BASE, 64);
    let i = 0;
    while (ctx.frames.available > 0) poke(hog, BASE + P * i++, 1);
    expect(handleMmFault(req, BASE, 'write').decision).toBe('oom');
    const asked: string[] = [];
    ctx.outOfMemory = (mm, trigger) => {
      asked.push(trigger);
      expect(mm).toBe(req);
      if (asked.length > 1) return false;
      hog.release();
      return true;
    };
    let d = '';
    let mapped = 0;
    for (let j = 0; j < 64 && d !== 'oom'; j++) {
      d = handleMmFault(req, BASE + j * P, 'write').decision;
      if (d === 'demand-zero') mapped++;
    }
    expect(asked).toEqual(['page-fault', 'page-fault']);
    expect(mapped).toBeGreaterThan(0);
    expect(d).toBe('oom');
  });
});

/** The plain handler of memory syscall `nr`: a stepped one run unwatched, or a plain one. */
function handlerOf(nrName: number): SyscallHandler {
  const stepped = memSteppedSyscalls.find(([n]) => n === nrName)?.[1];
  return stepped ? unwatched(stepped) : memSyscalls.find(([n]) => n === nrName)![1];
}

describe('memory syscalls (handlers driven directly)', () => {
  const call = (nrName: number, t: Thread, ...args: number[]): number =>
    handlerOf(nrName)({ faultCounts: new Proxy({}, { get: () => 0, set: () => true }) } as unknown as Kernel,
      t, args.map((v) => BigInt.asUintN(64, BigInt(v))), 0) as number;
  function thread(files: Record<number, MappableFile> = {}): { t: Thread; mm: Mm } {
    const { ctx } = setup();
    const mm = Mm.create(ctx)!;
    return { t: { process: { mm }, files: { get: (fd: number) => files[fd] } } as unknown as Thread, mm };
  }
  const ANON = 0x20;
  const PRIVATE = 0x02;
  const SHARED = 0x01;
  const PROT_RW = 3;

  it('MAP_FIXED_NOREPLACE over a mapping fails with EEXIST; unknown madvise advice with EINVAL', () => {
    const { t } = thread();
    const a = call(SYS_mmap, t, 0, 2 * P, PROT_RW, PRIVATE | ANON, -1, 0);
    expect(a).toBeGreaterThan(0);
    expect(call(SYS_mmap, t, a, P, PROT_RW, PRIVATE | ANON | 0x100000, -1, 0)).toBe(-17);
    expect(call(SYS_madvise, t, a, P, 12345)).toBe(-22);
    expect(call(SYS_madvise, t, a, P, 3)).toBe(0);
    expect(call(SYS_mmap, t, 0, P, PROT_RW, 0x03 | ANON | 0x800000, -1, 0)).toBe(-95);
  });

  it('two anonymous mmaps side by side become one VMA; PROT_WRITE alone maps read-write', () => {
    const { t, mm } = thread();
    const hi = call(SYS_mmap, t, 0, P, 2, PRIVATE | ANON, -1, 0);
    const lo = call(SYS_mmap, t, 0, P, PROT_RW, PRIVATE | ANON, -1, 0);
    expect(lo).toBe(hi - P);
    expect(mm.vmas.filter((v) => v.kind === 'anon').map((v) => [v.start, v.end, v.perms])).toEqual([[lo, hi + P, 'rw-p']]);
  });

  it('file mappings: EACCES for shared-writable on a read-only fd (and for mprotect later), ENODEV without a backing, /dev/zero is anonymous', () => {
    const f = new FakeFile(11, '/tmp/ro', new Uint8Array(P).fill(7));
    const ro: MappableFile = { readable: true, writable: false, backing: () => f };
    const pipe: MappableFile = { readable: true, writable: false, backing: () => undefined };
    const zero: MappableFile = { readable: true, writable: true, kind: 'zero' };
    const { t, mm } = thread({ 3: ro, 4: pipe, 5: zero });
    expect(call(SYS_mmap, t, 0, P, PROT_RW, SHARED, 3, 0)).toBe(-13);
    expect(call(SYS_mmap, t, 0, P, 1, PRIVATE, 4, 0)).toBe(-19);
    expect(call(SYS_mmap, t, 0, P, 1, PRIVATE, 9, 0)).toBe(-9);
    expect(call(SYS_mmap, t, 0, P, 1, PRIVATE, 3, 100)).toBe(-22);
    const r = call(SYS_mmap, t, 0, P, 1, SHARED, 3, 0);
    expect(mm.find(r)).toMatchObject({ kind: 'file', name: '/tmp/ro', perms: 'r--s' });
    expect(peek(mm, r)).toBe(7);
    expect(call(SYS_mprotect, t, r, P, PROT_RW)).toBe(-13);
    const priv = call(SYS_mmap, t, 0, P, PROT_RW, PRIVATE, 3, 0);
    expect(call(SYS_mprotect, t, priv, P, PROT_RW)).toBe(0);
    const z = call(SYS_mmap, t, 0, P, PROT_RW, SHARED, 5, 0);
    expect(mm.find(z)).toMatchObject({ kind: 'anon', perms: 'rw-s' });
    expect(mm.find(z)!.shared).toBeDefined();
  });

  it('MAP_POPULATE faults every page in at once', () => {
    const { t, mm } = thread();
    const a = call(SYS_mmap, t, 0, 5 * P, PROT_RW, PRIVATE | ANON | 0x8000, -1, 0);
    expect(mm.residentPages(a, a + 5 * P)).toBe(5);
    expect(pteFlags(mm.pt.lookup(a)) & PTE_W).toBe(PTE_W);
  });
});
