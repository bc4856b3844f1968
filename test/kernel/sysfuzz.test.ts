import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Kernel } from '../../src/kernel/kernel';
import { exitedStatus } from '../../src/kernel/signal';
import { buildAdapter, launchStoppedOnEntry, startClient } from '../debug-adapter/harness';

/**
 * The syscall fuzzer (test/fixtures/guest/sysfuzz.c): 400 forked children, each issuing up to
 * 600 random syscalls with random arguments from a fixed seed (bad and good pointers, huge
 * values, random flags). Whatever the children do to themselves, the kernel must not throw,
 * the run must end with the parent's normal exit, and every frame must come back.
 */
const SYSFUZZ = path.resolve(__dirname, '../fixtures/guest/bin/sysfuzz');
const SUMMARY = /sysfuzz: 400 rounds, \d+ children exited, \d+ killed, 0 forks failed\n/;

describe('the syscall fuzzer', () => {
  it('tens of thousands of random syscalls: the kernel never throws and every frame comes back', () => {
    const out: Uint8Array[] = [];
    const k = new Kernel({ host: { writeConsole: (_fd, d) => out.push(d.slice()) } });
    k.addFile('/bin/sysfuzz', fs.readFileSync(SYSFUZZ));
    const calls = new Set<number>();
    let count = 0;
    k.on('syscall', (e) => { count++; calls.add(e.nr); });
    expect(k.start('/bin/sysfuzz', ['/bin/sysfuzz'], []).ok).toBe(true);
    let stop = k.run(100_000_000);
    for (let i = 0; i < 100 && stop.kind !== 'exited'; i++) stop = k.run(100_000_000);
    expect(stop).toEqual({ kind: 'exited', status: exitedStatus(0) });
    expect(Buffer.concat(out).toString('latin1')).toMatch(SUMMARY);
    expect(count).toBeGreaterThan(20_000);
    expect(calls.size).toBeGreaterThan(100);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

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
