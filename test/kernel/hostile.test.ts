import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram, type RunResult } from '../../src/cli/runner';
import type { KernelEvents } from '../../src/kernel/api';
import { Kernel } from '../../src/kernel/kernel';
import { SIGKILL, signaledStatus } from '../../src/kernel/signal';

const GUEST = path.resolve(__dirname, '../fixtures/guest');
const hasQemu = (() => { try { execFileSync('qemu-riscv64', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
if (!hasQemu) console.warn('qemu-riscv64 not installed: the live Linux comparison of badptr is skipped (apt-get install qemu-user)');

function run(name: string, memoryBytes?: number, signals?: KernelEvents['signal'][]): { out: string; result: RunResult } {
  const guest = `/bin/${name}`;
  const chunks: Uint8Array[] = [];
  const result = runProgram({
    path: guest, argv: [guest], memoryBytes,
    files: new Map([[guest, fs.readFileSync(path.join(GUEST, 'bin', name))]]),
    write: (_fd, data) => chunks.push(data.slice()),
    onSignal: signals ? (e) => signals.push(e) : undefined,
  });
  return { out: Buffer.concat(chunks).toString('utf8'), result };
}

describe('a hostile guest never crashes the kernel', () => {
  it('every syscall given a bad pointer fails with the errno Linux gives, and the process goes on', () => {
    const { out, result } = run('badptr');
    expect(out).toBe(fs.readFileSync(path.join(GUEST, 'badptr.expected'), 'utf8'));
    expect(out).toContain('still alive');
    expect(result.stats.framesInUse).toBe(result.stats.framesAtBoot);
  });

  it.skipIf(!hasQemu)('the recorded bad-pointer results are still what qemu-riscv64 prints', () => {
    const live = execFileSync('qemu-riscv64', [path.join(GUEST, 'bin/badptr')]).toString('utf8');
    expect(live).toBe(fs.readFileSync(path.join(GUEST, 'badptr.expected'), 'utf8'));
  });

  it('a fork bomb meets EAGAIN at the process limit (256) and every child is reaped', () => {
    const { out, result } = run('forkbomb');
    expect(out).toBe('fork refused with -11 after 255 children\nreaped 255\n');
    expect(result.stats.processesCreated).toBe(256);
    expect(result.stats.framesInUse).toBe(result.stats.framesAtBoot);
  });

  it('a process that exhausts memory is killed with SIGKILL, logged, and the session goes on', () => {
    const signals: KernelEvents['signal'][] = [];
    const { out, result } = run('oom', 8 * 1024 * 1024, signals);
    expect(out).toBe('child killed by signal 9\n');
    expect(result.stats.faults.oom).toBe(1);
    expect(signals.map((s) => s.reason)).toEqual(['SIGKILL: out of memory']);
    expect(result.stats.framesInUse).toBe(result.stats.framesAtBoot);
    expect(signaledStatus(SIGKILL)).toBe(9);
  });

  it('a guest that never ends returns control after each budget, and shutdown frees everything', () => {
    const k = new Kernel({ host: { writeConsole: () => {} } });
    k.addFile('/bin/spin', fs.readFileSync(path.join(GUEST, 'bin/spin')));
    expect(k.start('/bin/spin', ['/bin/spin'], []).ok).toBe(true);
    for (let i = 0; i < 3; i++) expect(k.run(100_000).kind).toBe('budget');
    expect(k.stats().instructionsRetired).toBeGreaterThanOrEqual(300_000);
    k.shutdown();
    expect(k.run(1).kind).toBe('exited');
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('refuses to start a file that is not a RISC-V ELF, with a reason and nothing leaked', () => {
    const k = new Kernel({ host: { writeConsole: () => {} } });
    k.addFile('/bin/junk', new TextEncoder().encode('#!/bin/sh\necho hi\n'));
    const r = k.start('/bin/junk', ['/bin/junk'], []);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(/not an ELF/);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });
});
