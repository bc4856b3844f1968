import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram, type RunResult } from '../../src/cli/runner';
import { exitedStatus, signaledStatus, SIGSEGV } from '../../src/kernel/signal';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = ['hello', 'forktree', 'cow', 'exec', 'segv'];

/** Runs examples/bin/<name> headless as /bin/<name>, collecting stdout. */
function run(name: string): { out: string; result: RunResult } {
  const guest = `/bin/${name}`;
  const chunks: Uint8Array[] = [];
  const result = runProgram({
    path: guest,
    files: new Map([[guest, fs.readFileSync(path.join(ROOT, 'examples/bin', name))]]),
    argv: [guest],
    write: (fd, data) => { if (fd === 1) chunks.push(data.slice()); },
  });
  return { out: Buffer.concat(chunks).toString('utf8'), result };
}

describe('examples print exactly what they print under Linux (recorded with qemu-riscv64)', () => {
  for (const name of EXAMPLES) {
    it(`${name}: same stdout and exit status, and every frame returned`, () => {
      const expected = fs.readFileSync(path.join(ROOT, 'examples/expected', `${name}.stdout`), 'utf8');
      const status = Number(fs.readFileSync(path.join(ROOT, 'examples/expected', `${name}.status`), 'utf8').trim());
      const { out, result } = run(name);
      expect(result.error).toBeUndefined();
      expect(out).toBe(expected);
      expect(result.exitCode).toBe(status);
      expect(result.stats.framesInUse).toBe(result.stats.framesAtBoot);
    });
  }
});

describe('kernel behaviour seen through the examples', () => {
  it('forktree creates 15 processes and reaps them all', () => {
    const { result } = run('forktree');
    expect(result.stats.processesCreated).toBe(15);
    expect(result.status).toBe(exitedStatus(0));
  });

  it('cow breaks copy-on-write once per page the child writes (256 pages of 1 MiB)', () => {
    const { result } = run('cow');
    const f = result.stats.faults;
    expect(f['cow-copy'] + f['cow-reuse']).toBeGreaterThanOrEqual(256);
    expect(f['cow-copy']).toBeGreaterThanOrEqual(256);
  });

  it('segv: the child dies of SIGSEGV, the parent and the session go on', () => {
    const { out, result } = run('segv');
    expect(result.stats.faults.segv).toBe(1);
    expect(out).toContain('signal 11');
    expect(result.status).toBe(exitedStatus(0));
    expect(signaledStatus(SIGSEGV)).toBe(11);
  });
});
