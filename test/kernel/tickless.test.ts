import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sliceLeftAfter } from '../../src/kernel/kernel';
import { GUEST, runGuest } from './proc-guest';

const EXAMPLES = path.resolve(__dirname, '../../examples/bin');

/** Everything observable about a run, plus how often the kernel started the hart. */
interface Trace {
  out: string;
  status: number;
  /** `tid@clockNs` for every context switch, in order. */
  schedule: string[];
  retired: number;
  hartRuns: number;
}

/** Runs `name` (from `dir`) to the end with the periodic tick on or off. */
function trace(dir: string, name: string, tickless: boolean): Trace {
  const schedule: string[] = [];
  let hartRuns = 0;
  const r = runGuest(name, {
    dir,
    kernel: { tickless },
    setup: (k) => {
      k.on('schedule', (e) => { schedule.push(`${e.toTid}@${k.clockNs}`); });
      const run = k.hart.run.bind(k.hart);
      k.hart.run = (budget, opts) => { hartRuns++; return run(budget, opts); };
    },
  });
  return { out: r.out, status: r.status, schedule, retired: r.kernel.stats().instructionsRetired, hartRuns };
}

describe('tickless running (nohz_full)', () => {
  it('sliceLeftAfter: the position in the current slice after running past slice ends', () => {
    expect(sliceLeftAfter(10_000, 2_500, 10_000)).toBe(7_500);
    expect(sliceLeftAfter(4_000, 4_000, 10_000)).toBe(0);
    expect(sliceLeftAfter(4_000, 14_000, 10_000)).toBe(0);
    expect(sliceLeftAfter(4_000, 5_000, 10_000)).toBe(9_000);
    expect(sliceLeftAfter(4_000, 123_456, 10_000)).toBe(10_000 - ((123_456 - 4_000) % 10_000));
  });

  // Sleeps that end while another process computes, futex waits, signals, pipes, threads,
  // forks: with and without the tick, the same output, schedule and clock.
  const guests = path.join(GUEST, 'bin');
  const programs: [string, string][] = [
    ['ticks', guests], ['futex', guests], ['sigrestart', guests], ['sigchld', guests], ['orphan', guests],
    ['threads', EXAMPLES], ['pipe', EXAMPLES], ['forktree', EXAMPLES],
  ];
  it.each(programs)('%s: same output, schedule and clock as with a tick every slice', (name, dir) => {
    const ticked = trace(dir, name, false);
    const tickless = trace(dir, name, true);
    expect(tickless.out).toBe(ticked.out);
    expect(tickless.status).toBe(ticked.status);
    expect(tickless.retired).toBe(ticked.retired);
    expect(tickless.schedule).toEqual(ticked.schedule);
    expect(tickless.hartRuns).toBeLessThanOrEqual(ticked.hartRuns);
  });

  it('ticks: the sleeps take their time and the lone spinner runs without slice stops', () => {
    const ticked = trace(path.join(GUEST, 'bin'), 'ticks', false);
    const tickless = trace(path.join(GUEST, 'bin'), 'ticks', true);
    const took = [...tickless.out.matchAll(/took (\d+) ns/g)].map((m) => Number(m[1]));
    expect(took).toHaveLength(5);
    for (const ns of took) expect(ns).toBeGreaterThanOrEqual(25_000);
    expect(tickless.out).toContain('child exited 3\nspun alone\n');
    expect(tickless.schedule.length).toBeGreaterThan(5);
    // with the tick the hart stops every 10,000 instructions (more than 100 times here)
    expect(ticked.hartRuns).toBeGreaterThan(100);
    expect(tickless.hartRuns).toBeLessThan(ticked.hartRuns / 2);
  });
});
