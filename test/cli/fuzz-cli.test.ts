/** The CLI option fuzzer with a fixed seed and bounded counts (issue 9); `npm run fuzz:cli` runs it long. */
import { describe, expect, it } from 'vitest';
import { fuzzCli, KEYS, VALUES } from './fuzz-cli';

const SEED = 9;
const COUNT = 3000;
/** Every RUN_EVERY-th command line also runs the real CLI. */
const RUN_EVERY = 150;

describe('CLI option fuzzer (fixed seed)', () => {
  it('every option with every kind of value: options or a sentence, and the CLI ends cleanly', () => {
    const report = fuzzCli(SEED, COUNT, RUN_EVERY);
    expect(report.failures.map((f) => `${JSON.stringify(f.argv).slice(0, 120)}: ${f.reason}`)).toEqual([]);
    expect(report.parsed).toBe(KEYS.length * VALUES.length + COUNT);
    expect(report.ran).toBeGreaterThanOrEqual(20);
  }, 180_000);
});
