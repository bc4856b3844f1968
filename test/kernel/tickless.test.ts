import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kernel, sliceLeftAfter } from '../../src/kernel/kernel';
import { GUEST } from './proc-guest';

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

/** Runs `file` to the end with the periodic tick on or off. */
function trace(file: string, tickless: boolean): Trace {
  let out = '';
  const dec = new TextDecoder();
  const k = new Kernel({ host: { writeConsole: (_fd, d) => { out += dec.decode(d); } }, tickless });
  const schedule: string[] = [];
  k.on('schedule', (e) => { schedule.push(`${e.toTid}@${k.clockNs}`); });
  let hartRuns = 0;
  const run = k.hart.run.bind(k.hart);
  k.hart.run = (budget, opts) => { hartRuns++; return run(budget, opts); };
  const name = `/bin/${path.basename(file)}`;
  k.addFile(name, fs.readFileSync(file));
  const started = k.start(name, [name], ['PATH=/bin']);
  if (!started.ok) throw new Error(started.error);
  for (let i = 0; i < 1000; i++) {
    const stop = k.run(5_000_000);
    if (stop.kind === 'exited') return { out, status: stop.status, schedule, retired: k.stats().instructionsRetired, hartRuns };
    if (stop.kind === 'idle') break;
  }
  throw new Error(`${name} did not finish`);
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
  const programs = [
    path.join(GUEST, 'bin/ticks'), path.join(GUEST, 'bin/futex'), path.join(GUEST, 'bin/sigrestart'),
    path.join(GUEST, 'bin/sigchld'), path.join(GUEST, 'bin/orphan'),
    path.join(EXAMPLES, 'threads'), path.join(EXAMPLES, 'pipe'), path.join(EXAMPLES, 'forktree'),
  ];
  it.each(programs)('%s: same output, schedule and clock as with a tick every slice', (file) => {
    const ticked = trace(file, false);
    const tickless = trace(file, true);
    expect(tickless.out).toBe(ticked.out);
    expect(tickless.status).toBe(ticked.status);
    expect(tickless.retired).toBe(ticked.retired);
    expect(tickless.schedule).toEqual(ticked.schedule);
    expect(tickless.hartRuns).toBeLessThanOrEqual(ticked.hartRuns);
  });

  it('ticks: the sleeps take their time and the lone spinner runs without slice stops', () => {
    const ticked = trace(path.join(GUEST, 'bin/ticks'), false);
    const tickless = trace(path.join(GUEST, 'bin/ticks'), true);
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
