/**
 * The shared shape of the example tests: each program of a set, run on Glasskernel, must print
 * exactly what it printed under Linux (qemu-riscv64, recorded in the set's expected/ folder),
 * exit with the same status, and give every frame back. A program the kernel cannot run like
 * Linux yet is listed in `missing` with the feature it waits for, and its case is `it.fails`:
 * vitest reports it the day it starts to match, and the entry must then go.
 */
import { describe, expect, it } from 'vitest';
import { exampleNames, recorded, runExample, type ExampleSet, type GuestRun, type GuestRunOptions } from './guest';

/** A runner that runs each program once per test file, with per-program options. */
export function cachedRunner(options: (name: string) => GuestRunOptions = () => ({})): (name: string) => GuestRun {
  const runs = new Map<string, GuestRun>();
  return (name) => {
    let r = runs.get(name);
    if (!r) {
      r = runExample(name, options(name));
      runs.set(name, r);
    }
    return r;
  };
}

/** Declares the "matches Linux and frees every frame" test of every program of `set`. */
export function describeMatchesLinux(set: ExampleSet, run: (name: string) => GuestRun, missing: Record<string, string> = {}): void {
  describe(`${set} examples print exactly what they print under Linux (recorded with qemu-riscv64)`, () => {
    for (const name of exampleNames(set)) {
      const title = `${name}: same stdout and exit status as Linux, and every frame returned`;
      const check = (): void => {
        const expected = recorded(set, name);
        const r = run(name);
        expect(r.error).toBeUndefined();
        expect(r.outOfBudget).toBe(false);
        expect(r.stdout).toBe(expected.stdout);
        expect(r.exitCode).toBe(expected.status);
        expect(r.stats.framesInUse).toBe(r.stats.framesAtBoot);
      };
      if (missing[name]) it.fails(`${title} [fails until: ${missing[name]}]`, check);
      else it(title, check);
    }
  });
}
