/**
 * The ELF fuzzer with a fixed seed and a bounded count (issue 9); `npm run fuzz:elf` runs it
 * long. Saved reproducers under test/elf/fuzz-repro/ are replayed here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFileKinds, checkInput, fuzzElf } from './fuzz-elf';
import { EXAMPLES_BIN, fixtureBytes } from './tools';

const REPRO_DIR = join(__dirname, 'fuzz-repro');
const SEED = 9;
const COUNT = 1500;
/** Every RUN_EVERY-th input also runs on the kernel. */
const RUN_EVERY = 15;

describe('ELF fuzzer (fixed seed)', () => {
  it(`${COUNT} mutated headers, program and section tables: a value every time, bounded time and reads`, () => {
    const bases = [fixtureBytes(), new Uint8Array(readFileSync(join(EXAMPLES_BIN, 'hello')))];
    const report = fuzzElf(bases, SEED, COUNT, RUN_EVERY);
    expect(report.failures.map((f) => `${f.name}: ${f.reason}`)).toEqual([]);
    expect(report.tried).toBe(COUNT);
    expect(report.parsed).toBeGreaterThan(COUNT / 4);
    expect(report.ran).toBeGreaterThan(10);
  }, 120_000);

  it('refuses FIFOs, devices, directories and sparse huge files at once (reads only an ELF prefix)', () => {
    const r = checkFileKinds(fixtureBytes());
    expect(r.failures).toEqual([]);
    expect(r.tried).toBeGreaterThanOrEqual(10);
  });

  it('replays the saved reproducers', () => {
    const files = existsSync(REPRO_DIR) ? readdirSync(REPRO_DIR).filter((f) => f.endsWith('.elf')) : [];
    for (const f of files) expect(() => checkInput(new Uint8Array(readFileSync(join(REPRO_DIR, f))), true), f).not.toThrow();
  });
});
