import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../src/cli/runner';
import { loadElf, runGuest } from './guest';
import { Machine } from './machine';

const FIXTURE = path.resolve(__dirname, '../fixtures/fp');

/** Runs test/fixtures/fp/fpops under the kernel and returns its stdout and exit code. */
function runFpops(): { out: string; exitCode: number; signals: number[] } {
  const guest = '/bin/fpops';
  const chunks: Uint8Array[] = [];
  const signals: number[] = [];
  const result = runProgram({
    path: guest,
    files: new Map([[guest, fs.readFileSync(path.join(FIXTURE, 'fpops'))]]),
    argv: [guest],
    write: (fd, data) => { if (fd === 1) chunks.push(data.slice()); },
    onSignal: (e) => signals.push(e.signal),
  });
  return { out: Buffer.concat(chunks).toString('utf8'), exitCode: result.exitCode, signals };
}

/** Lines that differ between qemu's recorded output and ours (at most 30). */
function diff(out: string): string[] {
  const expected = fs.readFileSync(path.join(FIXTURE, 'fpops.expected'), 'utf8').split('\n');
  const got = out.split('\n');
  const mismatches: string[] = [];
  for (let i = 0; i < Math.max(got.length, expected.length) && mismatches.length < 30; i++) {
    if (got[i] !== expected[i]) mismatches.push(`line ${i + 1}: qemu "${expected[i]}", we "${got[i]}"`);
  }
  return mismatches;
}

describe('F/D instructions agree with qemu-riscv64 bit for bit (test/fixtures/fp/fpops.c)', () => {
  it('on the bare hart (test loader): every op under every static and dynamic rounding mode, same bits, boxing and fflags', () => {
    const m = new Machine(16 * 1024 * 1024);
    loadElf(m, fs.readFileSync(path.join(FIXTURE, 'fpops')));
    const run = runGuest(m, 500_000_000);
    expect(diff(run.stdout)).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it('under the kernel (runProgram): the same output, no signal, exit status 0', () => {
    const { out, exitCode, signals } = runFpops();
    expect(signals).toEqual([]);
    expect(diff(out)).toEqual([]);
    expect(exitCode).toBe(0);
  });
});
