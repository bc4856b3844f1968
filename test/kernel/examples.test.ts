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
import { stdinFor } from '../examples-ref/guest';
import { cachedRunner, describeMatchesLinux } from '../examples-ref/suite';

/** Examples whose Linux behaviour Glasskernel cannot reproduce yet, and what is missing. */
const MISSING: Record<string, string> = {};

/** Each example once per file, with its recorded stdin; the shell gets a PATH and HOME. */
const run = cachedRunner((name) => ({ stdin: stdinFor(name), envp: name === 'sh' ? ['PATH=/bin', 'HOME=/tmp'] : [] }));

describeMatchesLinux('tiny', run, MISSING);

describe('kernel behaviour seen through the examples', () => {
  it('forktree creates 15 processes (init not counted) and reaps them all', () => {
    const r = run('forktree');
    expect(r.stats.processesCreated).toBe(15);
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
