import { describe, expect, it } from 'vitest';
import type { SchedulerResponseBody } from '../../src/debug-adapter/protocol';
import { schedulerRows, strideText, threadDescription } from '../../src/extension/schedulerModel';

/** glasskernel/scheduler in cow's child after fork (round-robin): the parent sleeps in wait4, init too. */
const ROUND_ROBIN: SchedulerResponseBody = {
  policy: 'round-robin',
  timeSlice: 100_000,
  runningTid: 3,
  threads: [
    { tid: 1, pid: 1, state: 'sleeping', waitReason: 'wait4', instructions: 12, nice: 0 },
    { tid: 2, pid: 2, state: 'sleeping', waitReason: 'wait4', instructions: 920_221, nice: 0 },
    { tid: 3, pid: 3, state: 'running', instructions: 1_443_371, sliceLeft: 56_629, nice: 0 },
  ],
  runQueue: [],
};

/** Three threads under the stride policy: 4 runs, 6 then 5 are queued in pass order. */
const STRIDE: SchedulerResponseBody = {
  policy: 'stride',
  timeSlice: 10_000,
  runningTid: 4,
  threads: [
    { tid: 4, pid: 4, state: 'running', instructions: 50_000, sliceLeft: 2_000, nice: 0, tickets: 1024, stride: 64, pass: 3_200_000 },
    { tid: 5, pid: 4, state: 'runnable', instructions: 30_000, nice: 5, tickets: 335, stride: 195, pass: 5_850_000 },
    { tid: 6, pid: 6, state: 'runnable', instructions: 20_000, nice: -5, tickets: 3121, stride: 21, pass: 420_000 },
  ],
  runQueue: [6, 5],
};

describe('schedulerRows', () => {
  it('gives the policy and slice, each thread\'s state and CPU time, and marks the one on the hart', () => {
    const [policy, threads, queue] = schedulerRows(ROUND_ROBIN);
    expect(policy).toMatchObject({ label: 'policy: round-robin', description: 'time slice 100,000 instructions' });
    expect(threads).toMatchObject({ label: 'threads: 3', description: 'tid 3 on the hart', collapsible: 'expanded' });
    expect(threads.children!.map((r) => [r.label, r.description])).toEqual([
      ['tid 1 · pid 1', 'sleeping in wait4 · 12 instructions'],
      ['tid 2 · pid 2', 'sleeping in wait4 · 920,221 instructions'],
      ['tid 3 · pid 3', 'current · running · 1,443,371 instructions · slice left 56,629'],
    ]);
    expect(threads.children![2]).toMatchObject({ icon: 'debug-stackframe', iconColor: 'debugIcon.startForeground' });
    expect(threads.children![0].icon).toBe('watch');
    expect(queue).toMatchObject({ label: 'run queue: 0', description: 'empty', children: [] });
  });

  it('under stride shows tickets, stride and pass, and the run queue in pick order', () => {
    const [policy, threads, queue] = schedulerRows(STRIDE);
    expect(policy.label).toBe('policy: stride');
    expect(threads.children![0].description).toBe('current · running · 50,000 instructions · slice left 2,000 · tickets 1,024 · stride 64 · pass 3,200,000');
    expect(queue.label).toBe('run queue: 2');
    expect(queue.children!.map((r) => [r.label, r.description])).toEqual([
      ['1. tid 6 · pid 6', 'runnable · 20,000 instructions · tickets 3,121 · stride 21 · pass 420,000'],
      ['2. tid 5 · pid 4', 'runnable · 30,000 instructions · tickets 335 · stride 195 · pass 5,850,000'],
    ]);
    expect(strideText(ROUND_ROBIN.threads[0])).toBe('');
    expect(threadDescription(STRIDE.threads[1], false)).not.toMatch(/current/);
  });

  it('an idle hart and a queued tid missing from the thread list are said as such', () => {
    const [, threads, queue] = schedulerRows({ ...STRIDE, runningTid: undefined, runQueue: [9] });
    expect(threads.description).toBe('the hart is idle');
    expect(threads.children!.some((r) => r.description!.startsWith('current'))).toBe(false);
    expect(queue.children!.map((r) => [r.label, r.description])).toEqual([['1. tid 9', 'not in the thread list']]);
  });

  it('is empty without a session, and a note for an answer it cannot read (never throws)', () => {
    expect(schedulerRows(undefined)).toEqual([]);
    for (const bad of [null, 7, 'x', {}, { ...ROUND_ROBIN, threads: 'all' }, { ...ROUND_ROBIN, timeSlice: -1 }]) {
      expect(schedulerRows(bad).map((r) => r.label)).toEqual(['the adapter\'s scheduler answer could not be read']);
    }
    const [, threads] = schedulerRows({ ...ROUND_ROBIN, threads: [null, { tid: 'x' }, ROUND_ROBIN.threads[2]], runQueue: ['y', 3] });
    expect(threads.children!.map((r) => r.label)).toEqual(['tid 3 · pid 3']);
  });
});
