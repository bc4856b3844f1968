import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../src/emu/sv39';
import type { KernelEvents } from '../../src/kernel/api';
import { Kernel } from '../../src/kernel/kernel';
import { SIGRETURN_TRAMPOLINE, trampolineCode } from '../../src/kernel/vdso';
import { decode } from '../../src/isa';

const GUEST = path.resolve(__dirname, '../fixtures/guest');
const hasQemu = (() => { try { execFileSync('qemu-riscv64', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
if (!hasQemu) console.warn('qemu-riscv64 not installed: the live Linux comparison of the memory programs is skipped (apt-get install qemu-user)');

interface Run {
  out: string;
  status?: number;
  kernel: Kernel;
  ooms: KernelEvents['oom'][];
}

/** Runs test/fixtures/guest/bin/<name> as /bin/<name> until everything exited. */
function run(name: string, memoryBytes?: number): Run {
  const chunks: Uint8Array[] = [];
  const kernel = new Kernel({ memoryBytes, host: { writeConsole: (fd, d) => { if (fd === 1) chunks.push(d.slice()); } } });
  const ooms: KernelEvents['oom'][] = [];
  kernel.on('oom', (e) => ooms.push(e));
  const guest = `/bin/${name}`;
  kernel.addFile(guest, fs.readFileSync(path.join(GUEST, 'bin', name)));
  const started = kernel.start(guest, [guest], []);
  if (!started.ok) throw new Error(started.error);
  let status: number | undefined;
  for (let i = 0; i < 500 && status === undefined; i++) {
    const stop = kernel.run(1_000_000);
    if (stop.kind === 'exited') status = stop.status;
    if (stop.kind === 'idle') break;
  }
  return { out: Buffer.concat(chunks).toString('utf8'), status, kernel, ooms };
}

const expected = (name: string): string => fs.readFileSync(path.join(GUEST, `${name}.expected`), 'utf8');

describe('memory syscalls seen by guest programs (outputs recorded with qemu-riscv64)', () => {
  it('no stale translation survives munmap, mprotect or a copy-on-write break (tlb)', () => {
    const r = run('tlb');
    expect(r.out).toBe(expected('tlb'));
    expect(r.status).toBe(0);
    expect(r.kernel.stats().framesInUse).toBe(r.kernel.stats().framesAtBoot);
  });

  it('mmap/munmap/mprotect/mremap/madvise/msync on anonymous and file memory behave as on Linux (memops)', () => {
    const r = run('memops');
    expect(r.out).toBe(expected('memops'));
    expect(r.status).toBe(0);
    expect(r.kernel.stats().faults.sigbus).toBe(2);
    expect(r.kernel.stats().framesInUse).toBe(r.kernel.stats().framesAtBoot);
  });

  for (const name of ['tlb', 'memops']) {
    it.skipIf(!hasQemu)(`the recorded output of ${name} is still what qemu-riscv64 prints`, () => {
      expect(execFileSync('qemu-riscv64', [path.join(GUEST, 'bin', name)]).toString('utf8')).toBe(expected(name));
    });
  }
});

describe('out of memory', () => {
  it('kills the process with the most resident pages, not the one that faulted, and the session goes on', () => {
    const r = run('oomkill', 8 * 1024 * 1024);
    expect(r.out).toBe('worker touched 3 MiB\nworker: exited 0\nhog: killed by signal 9\n');
    expect(r.ooms.length).toBeGreaterThanOrEqual(1);
    const first = r.ooms[0];
    expect(first.pid).not.toBe(first.requesterPid);
    expect(first.rssPages).toBeGreaterThanOrEqual((5 * 1024 * 1024) / PAGE_SIZE);
    expect(r.kernel.stats().framesInUse).toBe(r.kernel.stats().framesAtBoot);
  });
});

describe('the [vdso] signal trampoline', () => {
  it('holds li a7, 139 (rt_sigreturn); ecall, mapped r-x in every process at SIGRETURN_TRAMPOLINE', () => {
    const [li, ecall] = trampolineCode().map((w) => decode(w)!);
    expect(li.row.mnemonic).toBe('addi');
    expect(li).toMatchObject({ rd: 17, rs1: 0, imm: 139 });
    expect(ecall.row.mnemonic).toBe('ecall');
    const k = new Kernel({ host: { writeConsole: () => {} } });
    k.addFile('/bin/tlb', fs.readFileSync(path.join(GUEST, 'bin/tlb')));
    const { pid } = k.start('/bin/tlb', ['/bin/tlb'], []) as { pid: number };
    const vdso = k.vmas(pid)!.find((v) => v.name === '[vdso]')!;
    expect(vdso).toMatchObject({ start: SIGRETURN_TRAMPOLINE, perms: 'r-xp', kind: 'vdso' });
    k.shutdown();
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });
});
