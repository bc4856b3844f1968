import { describe, expect, it } from 'vitest';
import { PROGRESS_INTERVAL_MS, ProgressReporter, type ProgressEventBody } from '../../src/debug-adapter/progress';

describe('progress events for the status bar', () => {
  it('reports the speed over each interval while running, and the total at a stop', () => {
    let now = 1000;
    const sent: ProgressEventBody[] = [];
    const p = new ProgressReporter((b) => sent.push(b), () => now);
    p.tick(0);
    now += PROGRESS_INTERVAL_MS - 1;
    p.tick(1_000_000);
    expect(sent).toEqual([]);
    now += 1;
    p.tick(50_000_000); // 50 M instructions in 500 ms = 100 MIPS
    expect(sent).toEqual([{ running: true, instructionsRetired: 50_000_000, mips: 100 }]);
    p.stopped(50_000_100);
    expect(sent[1]).toEqual({ running: false, instructionsRetired: 50_000_100 });
  });

  it('does not count the time spent stopped against the speed after a resume', () => {
    let now = 0;
    const sent: ProgressEventBody[] = [];
    const p = new ProgressReporter((b) => sent.push(b), () => now);
    p.tick(0);
    p.stopped(10);
    now += 60_000; // a minute at a breakpoint
    p.tick(10);
    now += PROGRESS_INTERVAL_MS;
    p.tick(10 + 5_000_000);
    expect(sent.at(-1)).toEqual({ running: true, instructionsRetired: 5_000_010, mips: 10 });
  });
});
