import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { buildAdapter, launchStoppedOnEntry, startClient } from '../debug-adapter/harness';
import { runSysfuzz, savedRepros, SYSFUZZ } from './sysfuzz-run';

/**
 * The syscall fuzzer (test/fixtures/guest/sysfuzz.c, driven by sysfuzz-run.ts): forked children
 * each issue up to 600 syscalls from a seed, half with random arguments, half with structure
 * (valid flag sets plus one bad bit, pathological sizes, clone with every CLONE_* combination and
 * exit signals 0..255, vfork from threads, execve chains and bad or huge argument vectors).
 * Whatever the children do to themselves, the kernel must not throw, the run must end with the
 * parent's normal exit, and every frame must come back. Long runs: npm run fuzz:syscalls.
 */
const SEED = 9;
const ROUNDS = 400;

describe('the syscall fuzzer', () => {
  it(`${ROUNDS} rounds of seed ${SEED}: tens of thousands of syscalls, the kernel never throws and every frame comes back`, () => {
    const r = runSysfuzz(SEED, 0, ROUNDS);
    expect({ outcome: r.outcome, error: r.error, round: r.round }).toEqual({ outcome: 'ok', error: undefined, round: undefined });
    expect(r.summary).toMatch(new RegExp(`^sysfuzz: seed ${SEED}, rounds 0..${ROUNDS - 1}, \\d+ children exited, \\d+ killed, 0 forks failed$`));
    expect(r.syscalls).toBeGreaterThan(20_000);
    expect(r.distinct).toBeGreaterThan(100);
    expect(r.clones).toBeGreaterThan(1000);
    expect(r.execs).toBeGreaterThan(50);
    expect(r.framesInUse).toBe(r.framesAtBoot);
  });

  it('one round replays alone with the same stream (what a saved reproducer relies on)', () => {
    const whole = runSysfuzz(SEED, 3, 1);
    const again = runSysfuzz(SEED, 3, 1);
    expect(again.syscalls).toBe(whole.syscalls);
    expect(again.outcome).toBe('ok');
  });

  for (const repro of savedRepros()) {
    it(`saved reproducer: seed ${repro.seed} round ${repro.round} (${repro.outcome} once) now runs clean`, () => {
      const r = runSysfuzz(repro.seed, repro.round, 1);
      expect(r.error).toBeUndefined();
      expect(r.outcome).toBe('ok');
    });
  }

  describe('under the built debug adapter', () => {
    let dc: DebugClient;
    beforeAll(() => buildAdapter());
    afterEach(async () => { await dc.stop(); });

    it('runs to a normal exit, and the adapter keeps answering requests', async () => {
      dc = await startClient();
      const entry = await launchStoppedOnEntry(dc, SYSFUZZ);
      // The guest kills its own children on purpose: run through every signal and fault.
      await dc.setExceptionBreakpointsRequest({ filters: [] });
      const exited = dc.waitForEvent('exited', 60_000);
      await dc.continueRequest({ threadId: entry.body.threadId! });
      expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
      const threads = await dc.threadsRequest();
      expect(threads.success).toBe(true);
    });
  });
});
