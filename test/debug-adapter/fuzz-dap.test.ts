/**
 * The DAP fuzzer in the suite (issue 9): a fixed seed and a bounded count of random requests
 * and malformed frames against the built adapter, plus every saved reproducer. The adapter
 * must never exit, answer each request within RESPONSE_MS, and never answer with a stack
 * trace. Longer runs: `npm run fuzz:dap -- --seed S --count N`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAdapter } from './harness';
import { REPRO_DIR, fuzzDap, runInputs, type FuzzInput } from './fuzz/dap-fuzz';

/** Seed and input count of the suite's run (about 5 s). */
const SUITE_SEED = 9;
const SUITE_COUNT = 3000;

describe('DAP fuzzing of the built adapter', () => {
  beforeAll(() => buildAdapter());

  it(`survives ${SUITE_COUNT} random requests and malformed frames (seed ${SUITE_SEED})`, async () => {
    const report = await fuzzDap(SUITE_SEED, SUITE_COUNT);
    expect(report.failures.map((f) => f.problem)).toEqual([]);
    expect(report.malformed).toBeGreaterThan(SUITE_COUNT / 10);
  }, 120_000);

  const saved = fs.existsSync(REPRO_DIR) ? fs.readdirSync(REPRO_DIR).filter((f) => f.endsWith('.json')) : [];
  it.runIf(saved.length > 0).each(saved)('replays the saved reproducer %s without a failure', async (file) => {
    const inputs = JSON.parse(fs.readFileSync(path.join(REPRO_DIR, file), 'utf8')).inputs as FuzzInput[];
    expect(await runInputs(inputs)).toBeUndefined();
  });
});
