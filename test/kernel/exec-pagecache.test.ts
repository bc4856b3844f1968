/**
 * execve maps an executable's segments from the page cache (Linux binfmt_elf: private file
 * mappings of the file): every process running a binary maps the same cached frames for its
 * read-only pages, a writable page is copied on its first write, the page holding a segment's
 * .bss tail is a private zero-tailed copy, and every frame comes back when the last mapping goes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../../src/emu/memory';
import { PAGE_SIZE, PTE_W, pteFlags, ptePpn } from '../../src/emu/sv39';
import { parseElf64, PT_LOAD, PF_W, type ProgramHeader } from '../../src/elf';
import { ENOEXEC } from '../../src/kernel/errno';
import { handleMmFault } from '../../src/kernel/fault';
import { Kernel } from '../../src/kernel/kernel';
import { FrameAllocator } from '../../src/kernel/frames';
import { loadElf, type LoadedImage } from '../../src/kernel/loader';
import { createMmContext, type Mm, type MmContext } from '../../src/kernel/mm';
import { ptePresent } from '../../src/kernel/pagetable';
import type { FileBacking } from '../../src/kernel/vfs/backing';
import { GUEST, runGuest } from './proc-guest';

/** The static glibc guest that execs itself N times (test/fixtures/guest/glibc/execchain.c). */
const GLIBC_DIR = path.join(GUEST, 'glibc');
const EXECCHAIN = new Uint8Array(fs.readFileSync(path.join(GLIBC_DIR, 'execchain')));
const EXEC_INO = 42;

/** The executable as the VFS hands it to execve: bytes plus a FileBacking (counting reads). */
class ExecFile implements FileBacking {
  readonly ino = EXEC_INO;
  readonly path = '/bin/execchain';
  cache?: FileBacking['cache'];
  reads = 0;
  constructor(public data: Uint8Array) {}
  size(): number { return this.data.length; }
  readAt(offset: number, len: number): Uint8Array { this.reads++; return this.data.slice(offset, Math.min(this.data.length, offset + len)); }
  writeAt(): void { throw new Error('an executable is never written back'); }
}

function setup(): { ctx: MmContext; file: ExecFile; load: () => LoadedImage } {
  const mem = new PhysicalMemory(2048 * PAGE_SIZE);
  const ctx = createMmContext(mem, new FrameAllocator(mem), () => {});
  const file = new ExecFile(EXECCHAIN);
  const load = (): LoadedImage => {
    const image = loadElf(ctx, { path: file.path, data: file.data, backing: file }, [file.path], [], new Uint8Array(16));
    if ('errno' in image) throw new Error(image.message);
    return image;
  };
  return { ctx, file, load };
}

const loads = (): ProgramHeader[] => {
  const parsed = parseElf64(EXECCHAIN);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.elf.programHeaders.filter((ph) => ph.type === PT_LOAD);
};
const TEXT = loads().find((ph) => !(ph.flags & PF_W))!;
const DATA = loads().find((ph) => (ph.flags & PF_W) !== 0)!;
const pageOf = (va: number): number => va - (va % PAGE_SIZE);

/** Frame mapped at `va` after faulting it in for `access`. */
function touch(mm: Mm, va: number, access: 'read' | 'write' | 'execute'): { ppn: number; writable: boolean; decision: string } {
  const decision = handleMmFault(mm, va, access).decision;
  const pte = mm.pt.lookup(pageOf(va));
  return { ppn: ptePpn(pte), writable: (pteFlags(pte) & PTE_W) !== 0, decision };
}

describe('ELF segments through the page cache', () => {
  it('maps one cached frame per text page for every process running the binary, read from the file once', () => {
    const { ctx, file, load } = setup();
    const a = load();
    const b = load();
    const entry = a.entry;
    const inA = touch(a.mm, entry, 'execute');
    const readsAfterFirst = file.reads;
    const inB = touch(b.mm, entry, 'execute');
    expect(inA.decision).toBe('file');
    expect(inB.decision).toBe('shared');
    expect(inB.ppn).toBe(inA.ppn);
    expect(file.reads).toBe(readsAfterFirst);
    const index = (pageOf(entry) - pageOf(TEXT.vaddr)) / PAGE_SIZE;
    expect(ctx.pageCache.cachedPage(file, index + TEXT.offset / PAGE_SIZE)).toBe(inA.ppn);
    expect(inA.writable).toBe(false);
  });

  it('maps writable data read-only from the cache and copies a page on its first write', () => {
    const { ctx, load } = setup();
    const a = load();
    const b = load();
    const va = pageOf(DATA.vaddr) + PAGE_SIZE; // a data page wholly inside the file part
    const readA = touch(a.mm, va, 'read');
    const readB = touch(b.mm, va, 'read');
    expect(readB.ppn).toBe(readA.ppn);
    expect(readA.writable).toBe(false);
    const cachedBytes = ctx.mem.readBytes(readA.ppn * PAGE_SIZE, PAGE_SIZE);
    const written = touch(a.mm, va, 'write');
    expect(written.decision).toBe('cow-copy');
    expect(written.writable).toBe(true);
    expect(written.ppn).not.toBe(readA.ppn);
    expect(ctx.mem.readBytes(written.ppn * PAGE_SIZE, PAGE_SIZE)).toEqual(cachedBytes);
    ctx.mem.write8(written.ppn * PAGE_SIZE, 0xaa);
    expect(ptePpn(b.mm.pt.lookup(va))).toBe(readA.ppn);
    expect(ctx.mem.read8(readA.ppn * PAGE_SIZE)).toBe(cachedBytes[0]);
    // A write to a page never read copies at once, and the copy is private to that process.
    const fresh = touch(b.mm, va + PAGE_SIZE, 'write');
    expect(fresh.writable).toBe(true);
    expect(fresh.decision).toBe('cow-copy');
    expect(ptePresent(a.mm.pt.lookup(va + PAGE_SIZE))).toBe(false);
  });

  it('gives the .bss tail page a private frame: file bytes below p_filesz, zeros above', () => {
    const { ctx, load } = setup();
    const a = load();
    const b = load();
    const fileEnd = DATA.vaddr + DATA.filesz;
    expect(DATA.memsz).toBeGreaterThan(DATA.filesz);
    expect(fileEnd % PAGE_SIZE).not.toBe(0);
    const tailA = touch(a.mm, fileEnd, 'read');
    const tailB = touch(b.mm, fileEnd, 'read');
    expect(tailA.ppn).not.toBe(tailB.ppn);
    expect(tailA.writable).toBe(true);
    const keep = fileEnd % PAGE_SIZE;
    const bytes = ctx.mem.readBytes(tailA.ppn * PAGE_SIZE, PAGE_SIZE);
    const fileOffset = DATA.offset + DATA.filesz - keep;
    expect(bytes.subarray(0, keep)).toEqual(EXECCHAIN.subarray(fileOffset, fileOffset + keep));
    expect(bytes.subarray(keep).every((x) => x === 0)).toBe(true);
    // The file itself has other bytes there (section data follows the segment).
    expect(EXECCHAIN.subarray(fileOffset + keep, fileOffset + PAGE_SIZE).some((x) => x !== 0)).toBe(true);
  });

  it('returns every frame, the cache included, when the last address space mapping the binary goes', () => {
    const { ctx, load } = setup();
    const atBoot = ctx.frames.inUse;
    const a = load();
    const b = load();
    for (const mm of [a.mm, b.mm]) {
      for (const v of mm.vmas) for (let va = v.start; va < v.end; va += PAGE_SIZE) touch(mm, va, (v.flags & 2) ? 'write' : 'read');
    }
    expect(ctx.pageCache.residentPages).toBeGreaterThan(0);
    a.mm.release();
    expect(ctx.pageCache.file(EXEC_INO)).toBeDefined();
    b.mm.release();
    expect(ctx.pageCache.file(EXEC_INO)).toBeUndefined();
    expect(ctx.frames.inUse).toBe(atBoot);
  });

  it('peekMemory shows what a fault would map for every segment page, and maps nothing', () => {
    const k = new Kernel({ host: { writeConsole: () => {} } });
    k.addFile('/bin/execchain', EXECCHAIN);
    const started = k.start('/bin/execchain', ['/bin/execchain'], []);
    if (!started.ok) throw new Error(started.error);
    const frames = k.stats().framesInUse;
    const { ctx, load } = setup();
    const { mm } = load();
    for (const v of mm.vmas.filter((x) => x.kind === 'file')) {
      const peeked = k.peekMemory(started.pid, v.start, v.end - v.start)!;
      expect(peeked.length).toBe(v.end - v.start);
      for (let va = v.start; va < v.end; va += PAGE_SIZE) {
        const { ppn } = touch(mm, va, 'read');
        expect(peeked.subarray(va - v.start, va - v.start + PAGE_SIZE)).toEqual(ctx.mem.readBytes(ppn * PAGE_SIZE, PAGE_SIZE));
      }
    }
    expect(k.stats().framesInUse).toBe(frames);
    expect(k.vmas(started.pid)!.filter((v) => v.kind === 'file').every((v) => v.residentPages === 0)).toBe(true);
  });
});

describe('the ELF headers remembered while the executable is mapped', () => {
  it('are used again by the next execve, and dropped when the file is written', () => {
    const { load, file, ctx } = setup();
    const first = load();
    const again = load();
    expect(again.elf).toBe(first.elf);
    // A write through the VFS (what write(2) does to a mapped file): bad magic from now on.
    file.data = new Uint8Array(EXECCHAIN);
    file.data[0] = 0;
    file.cache!.writeThrough(0, file.data.subarray(0, 1));
    const broken = loadElf(ctx, { path: file.path, data: file.data, backing: file }, [file.path], [], new Uint8Array(16));
    expect(broken).toMatchObject({ errno: ENOEXEC });
    expect(ctx.pageCache.parsedElf(file)).toBeUndefined();
  });
});

describe('a chain of execs of one static glibc program', () => {
  it('keeps the text in the page cache across execs, keeps data and .bss private, and frees every frame', () => {
    const decisions: Record<string, number> = {};
    let execs = 0;
    const r = runGuest('execchain', {
      dir: GLIBC_DIR, argv: ['/bin/execchain', '20'],
      setup: (k) => {
        k.on('pageFault', (e) => { if (e.vma === '/bin/execchain') decisions[e.decision] = (decisions[e.decision] ?? 0) + 1; });
        k.on('exec', () => { execs++; });
      },
    });
    // The guest checks in every image that initialised data and .bss are fresh.
    expect(r.out).toBe('execchain: done\n');
    expect(r.status).toBe(0);
    expect(execs).toBe(20);
    // Only the first image reads file pages (plus the private .bss tail pages, one per image).
    expect(decisions.shared).toBeGreaterThan(20 * 10);
    expect(decisions.file).toBeLessThan(2 * 21 + 40);
    expect(r.kernel.stats().framesInUse).toBe(r.kernel.stats().framesAtBoot);
  });
});

describe('/proc/<pid>/maps of a page-cache-backed executable', () => {
  it('names both segments by the executable, with the ELF permissions and file offsets', () => {
    const { load } = setup();
    const { mm } = load();
    const files = mm.vmas.filter((v) => v.kind === 'file');
    expect(files.map((v) => [v.name, v.perms, v.fileOffset])).toEqual([
      ['/bin/execchain', 'r-xp', 0],
      ['/bin/execchain', 'rw-p', pageOf(DATA.offset)],
    ]);
    expect(files.every((v) => v.backing?.ino === EXEC_INO)).toBe(true);
    expect(mm.vmas.some((v) => v.kind === 'file' && ptePresent(mm.pt.lookup(v.start)))).toBe(false);
  });
});
