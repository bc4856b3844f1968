/**
 * Every tiny-libc example (examples/src) run on Glasskernel prints exactly what it printed under
 * Linux (qemu-riscv64, recorded in examples/expected), exits with the same status, and gives
 * every frame back.
 *
 * A case the kernel cannot pass yet is marked `it.fails` with the missing kernel feature named
 * in MISSING: the test still runs the program and compares, and vitest reports the case as
 * failing the day it starts to match, so the mark must then be removed.
 */
import { describe, expect, it } from 'vitest';
import { exitedStatus, signaledStatus, SIGSEGV } from '../../src/kernel/signal';
import { exampleNames, recorded, runExample, stdinFor, type GuestRun } from '../examples-ref/guest';

/** Examples whose Linux behaviour Glasskernel cannot reproduce yet, and what is missing. */
const MISSING: Record<string, string> = {};

const runs = new Map<string, GuestRun>();

/** Runs /bin/<name> once per test file (with its recorded stdin, if any). */
function run(name: string): GuestRun {
  let r = runs.get(name);
  if (!r) {
    r = runExample(name, { stdin: stdinFor(name), envp: name === 'sh' ? ['PATH=/bin', 'HOME=/tmp'] : [] });
    runs.set(name, r);
  }
  return r;
}

describe('tiny-libc examples print exactly what they print under Linux (recorded with qemu-riscv64)', () => {
  for (const name of exampleNames('tiny')) {
    const missing = MISSING[name];
    const title = `${name}: same stdout and exit status as Linux, and every frame returned`;
    const check = () => {
      const expected = recorded('tiny', name);
      const r = run(name);
      expect(r.error).toBeUndefined();
      expect(r.outOfBudget).toBe(false);
      expect(r.stdout).toBe(expected.stdout);
      expect(r.exitCode).toBe(expected.status);
      expect(r.stats.framesInUse).toBe(r.stats.framesAtBoot);
    };
    // A missing kernel feature (named in MISSING) makes this case fail for now.
    if (missing) it.fails(`${title} [fails until: ${missing}]`, check);
    else it(title, check);
  }
});

describe('every frame comes back after each tiny-libc example, whatever it printed', () => {
  for (const name of exampleNames('tiny')) {
    it(`${name}: frames in use after the run equal frames in use at boot`, () => {
      const r = run(name);
      expect(r.outOfBudget).toBe(false);
      expect(r.stats.framesInUse).toBe(r.stats.framesAtBoot);
    });
  }
});

describe('kernel behaviour seen through the examples', () => {
  it('forktree creates 15 processes and reaps them all', () => {
    const r = run('forktree');
    expect(r.stats.processesCreated).toBeGreaterThanOrEqual(15);
    expect(r.status).toBe(exitedStatus(0));
  });

  it('cow breaks copy-on-write once per page the child writes (256 pages of 1 MiB)', () => {
    const f = run('cow').stats.faults;
    expect(f['cow-copy'] + f['cow-reuse']).toBeGreaterThanOrEqual(256);
    expect(f['cow-copy']).toBeGreaterThanOrEqual(256);
  });

  it('segv: the child dies of SIGSEGV, the parent and the session go on', () => {
    const r = run('segv');
    expect(r.stats.faults.segv).toBe(1);
    expect(r.stdout).toContain('signal 11');
    expect(r.status).toBe(exitedStatus(0));
    expect(signaledStatus(SIGSEGV)).toBe(11);
  });
});
