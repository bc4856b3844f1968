/**
 * A kernel path paused mid-way loses nothing when the session ends or the thread dies (issue 10,
 * "Bad input"): paused in the copy-on-write copy with the new frame allocated and not yet
 * installed, or in a syscall, `shutdown` (terminate / disconnect) finishes the path first and
 * every frame returns to the free list; the paused thread's process killed by a signal from
 * outside (the host's kill) finishes the path on the next run; a kernelStep naming a thread that
 * does not exist pauses nothing; a kernel breakpoint id that no path has is never hit.
 */
import { describe, expect, it } from 'vitest';
import { SIGKILL } from '../../src/kernel/signal';
import { BUDGET, boot, expected, finish, runToPause } from './steppable-harness';

/** Most run() calls a test makes before it gives up. */
const MAX_RUNS = 100_000;

describe('a paused kernel path and the end of the session', () => {
  it('shutdown while paused at the copy-on-write copy (new frame not yet installed) returns every frame', () => {
    const { k } = boot('cow');
    const s = runToPause(k, 'cow.copy', { kernelBreakpoints: new Set(['cow.copy']) });
    expect(s.pause.values.newFrame).toBeDefined();
    expect(k.stats().framesInUse).toBeGreaterThan(k.stats().framesAtBoot);
    k.shutdown();
    expect(k.finished).toBe(true);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('shutdown while paused at a syscall entry returns every frame', () => {
    const { k } = boot('hello');
    runToPause(k, 'syscall.enter', { kernelBreakpoints: new Set(['syscall.enter']) });
    k.shutdown();
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('the paused thread\'s process killed from outside: the next run finishes the path, the process dies, the rest goes on', () => {
    const { k } = boot('cow');
    const s = runToPause(k, 'cow.copy', { kernelBreakpoints: new Set(['cow.copy']) });
    const victim = [...k.procs.values()].find((p) => p.threads.some((t) => t.tid === s.tid))!;
    k.sendSignal(victim, SIGKILL);
    const status = finish(k).status;
    expect(k.finished).toBe(true);
    expect(typeof status).toBe('number');
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('a kernelStep for a thread that does not exist and an unknown breakpoint id pause nothing', () => {
    const { k, out } = boot('cow');
    for (let i = 0; i < MAX_RUNS; i++) {
      const s = k.run(BUDGET, { kernelStep: { tid: 9999 }, kernelBreakpoints: new Set(['no.such.pause']) });
      expect(s.kind).not.toBe('kernel');
      if (s.kind === 'exited') break;
    }
    expect(out()).toBe(expected('cow').stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });
});
