import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseElf64 } from '../../src/elf';
import { PAGE_SIZE } from '../../src/emu/sv39';
import { REG_SP } from '../../src/kernel/abi';
import * as at from '../../src/kernel/auxv';
import { Kernel } from '../../src/kernel/kernel';
import { STACK_TOP } from '../../src/kernel/layout';

const HELLO = fs.readFileSync(path.resolve(__dirname, '../../examples/bin/hello'));

function boot(argv: string[], envp: string[]): { k: Kernel; pid: number } {
  const k = new Kernel({ host: { writeConsole: () => {} } });
  k.addFile('/bin/hello', HELLO);
  const r = k.start('/bin/hello', argv, envp);
  if (!r.ok) throw new Error(r.error);
  return { k, pid: r.pid };
}

function u64(k: Kernel, pid: number, va: number): number {
  const b = k.readMemory(pid, va, 8)!;
  return Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
}

function cstr(k: Kernel, pid: number, va: number): string {
  const b = k.readMemory(pid, va, 256)!;
  return new TextDecoder().decode(b.subarray(0, b.indexOf(0)));
}

describe('execve image (System V ABI initial process stack, as Linux lays it out)', () => {
  it('puts argc, argv, envp and the auxiliary vector at a 16-byte aligned sp', () => {
    const { k, pid } = boot(['/bin/hello', 'one', 'two'], ['HOME=/', 'X=1']);
    const sp = Number(k.registers(pid)!.x[REG_SP]);
    expect(sp % 16).toBe(0);
    expect(sp).toBeLessThan(STACK_TOP);
    expect(u64(k, pid, sp)).toBe(3);
    const argv = [1, 2, 3].map((i) => cstr(k, pid, u64(k, pid, sp + i * 8)));
    expect(argv).toEqual(['/bin/hello', 'one', 'two']);
    expect(u64(k, pid, sp + 4 * 8)).toBe(0);
    const envp = [5, 6].map((i) => cstr(k, pid, u64(k, pid, sp + i * 8)));
    expect(envp).toEqual(['HOME=/', 'X=1']);
    expect(u64(k, pid, sp + 7 * 8)).toBe(0);

    const auxv = new Map<number, number>();
    for (let p = sp + 8 * 8; ; p += 16) {
      const type = u64(k, pid, p);
      if (type === at.AT_NULL) break;
      auxv.set(type, u64(k, pid, p + 8));
    }
    const elf = (parseElf64(HELLO) as { ok: true; elf: { entry: number; programHeaders: unknown[] } }).elf;
    expect(auxv.get(at.AT_PAGESZ)).toBe(PAGE_SIZE);
    expect(auxv.get(at.AT_ENTRY)).toBe(elf.entry);
    expect(auxv.get(at.AT_PHNUM)).toBe(elf.programHeaders.length);
    expect(cstr(k, pid, auxv.get(at.AT_EXECFN)!)).toBe('/bin/hello');
    expect(k.readMemory(pid, auxv.get(at.AT_RANDOM)!, 16)!.length).toBe(16);
    expect(auxv.get(at.AT_HWCAP)).toBe(at.riscvHwcap('imafdc'));
    // AT_PHDR points at the program headers, inside the first (file-backed) segment
    const phdr = auxv.get(at.AT_PHDR)!;
    expect(k.vmas(pid)!.find((v) => v.start <= phdr && phdr < v.end)?.kind).toBe('file');
    expect(k.registers(pid)!.pc).toBe(elf.entry);
  });

  it('maps each PT_LOAD segment as a VMA with its permissions, and a grows-down stack', () => {
    const { k, pid } = boot(['/bin/hello'], []);
    const vmas = k.vmas(pid)!;
    expect(vmas[0]).toMatchObject({ perms: 'r-xp', kind: 'file', name: '/bin/hello' });
    expect(vmas.some((v) => v.perms === 'rw-p')).toBe(true);
    expect(vmas[vmas.length - 1]).toMatchObject({ perms: 'rw-p', kind: 'stack', name: '[stack]', end: STACK_TOP });
    // code arrives on demand: nothing of the text is resident before the first instruction
    expect(vmas[0].residentPages).toBe(0);
  });

  it('reports the page table root with only user-half entries, read without side effects', () => {
    const { k, pid } = boot(['/bin/hello'], []);
    const root = k.pageTable(pid)!;
    expect(root.level).toBe(2);
    expect(root.entries.length).toBeGreaterThan(0);
    expect(root.entries.every((e) => !e.leaf && e.index < 256)).toBe(true);
    const next = k.pageTable(pid, root.entries[0].ppn)!;
    expect(next.level).toBe(1);
    expect(k.pageTable(pid, 12345)).toBeUndefined();
  });
});
