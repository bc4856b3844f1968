import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../src/cli/runner';
import type { KernelEvents } from '../../src/kernel/api';
import { Kernel } from '../../src/kernel/kernel';

const FIXTURE = path.resolve(__dirname, '../fixtures/glibc');
const GUEST = '/bin/fpstart';
/** SIGILL (signal(7)). */
const SIGILL = 4;
const ENOSYS = 38;
const RUN_CHUNK = 20_000_000;
const MAX_CHUNKS = 50;

/**
 * Runs the prebuilt glibc program under the kernel and collects the signals it got and the
 * syscalls the kernel answered with -ENOSYS (kernel gaps, listed for the kernel issue).
 */
function runFpstart(): { stdout: string; signals: KernelEvents['signal'][]; enosys: string[] } {
  const chunks: Uint8Array[] = [];
  const kernel = new Kernel({
    host: { writeConsole: (fd, data) => { if (fd === 1) chunks.push(data.slice()); }, readConsole: () => new Uint8Array(0) },
  });
  kernel.addFile(GUEST, fs.readFileSync(path.join(FIXTURE, 'fpstart')));
  const signals: KernelEvents['signal'][] = [];
  const enosys = new Set<string>();
  kernel.on('signal', (e) => signals.push(e));
  kernel.on('syscall', (e) => { if (e.result === -ENOSYS) enosys.add(`${e.name}(${e.nr})`); });
  const started = kernel.start(GUEST, [GUEST], []);
  expect(started.ok).toBe(true);
  for (let i = 0; i < MAX_CHUNKS; i++) {
    const stop = kernel.run(RUN_CHUNK);
    if (stop.kind === 'exited') break;
    if (stop.kind === 'idle') kernel.shutdown();
  }
  return { stdout: Buffer.concat(chunks).toString('utf8'), signals, enosys: [...enosys] };
}

describe('a statically linked glibc program (gcc -O2 -static, rv64gc)', () => {
  it('runs its startup and FP formatting without an illegal-instruction trap (no SIGILL), no syscall left unimplemented', () => {
    const { signals, enosys, stdout } = runFpstart();
    expect(signals.filter((s) => s.signal === SIGILL)).toEqual([]);
    expect(enosys).toEqual([]);
    expect(stdout).toBe(fs.readFileSync(path.join(FIXTURE, 'fpstart.expected'), 'utf8'));
  });

  it('through runProgram: no SIGILL is raised', () => {
    const signals: number[] = [];
    runProgram({
      path: GUEST,
      files: new Map([[GUEST, fs.readFileSync(path.join(FIXTURE, 'fpstart'))]]),
      argv: [GUEST],
      write: () => {},
      onSignal: (e) => signals.push(e.signal),
    });
    expect(signals).not.toContain(SIGILL);
  });
});
