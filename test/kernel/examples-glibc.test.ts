/**
 * The statically linked glibc programs of examples/glibc run on Glasskernel print exactly what
 * they printed under Linux (qemu-riscv64, recorded in examples/glibc/expected), exit with the
 * same status, and give every frame back.
 *
 * A case the kernel cannot pass yet is marked `it.fails` with the missing kernel (or emulator)
 * feature named in MISSING; vitest reports it the day it starts to match, and the mark goes.
 */
import { describe, expect, it } from 'vitest';
import { exampleNames, recorded, runExample, type GuestRun } from '../examples-ref/guest';

/** glibc programs Glasskernel cannot run like Linux yet, and what is missing. */
const MISSING: Record<string, string> = {
};

/** Cases of the frame check that cannot pass yet, and what is missing. */
const FRAMES_MISSING: Record<string, string> = {
};

const runs = new Map<string, GuestRun>();

/** Runs /bin/<name> once per test file. */
function run(name: string): GuestRun {
  let r = runs.get(name);
  if (!r) {
    r = runExample(name);
    runs.set(name, r);
  }
  return r;
}

describe('glibc programs print exactly what they print under Linux (recorded with qemu-riscv64)', () => {
  for (const name of exampleNames('glibc')) {
    const missing = MISSING[name];
    const title = `${name}: same stdout and exit status as Linux, and every frame returned`;
    const check = () => {
      const expected = recorded('glibc', name);
      const r = run(name);
      expect(r.error).toBeUndefined();
      expect(r.outOfBudget).toBe(false);
      expect(r.stdout).toBe(expected.stdout);
      expect(r.exitCode).toBe(expected.status);
      expect(r.stats.framesInUse).toBe(r.stats.framesAtBoot);
    };
    // A missing feature (named in MISSING) makes this case fail for now.
    if (missing) it.fails(`${title} [fails until: ${missing}]`, check);
    else it(title, check);
  }
});

describe('every frame comes back after each glibc program, whatever it printed', () => {
  for (const name of exampleNames('glibc')) {
    const missing = FRAMES_MISSING[name];
    const title = `${name}: frames in use after the run equal frames in use at boot`;
    const check = () => {
      const r = run(name);
      expect(r.outOfBudget).toBe(false);
      expect(r.stats.framesInUse).toBe(r.stats.framesAtBoot);
    };
    // A missing feature (named in FRAMES_MISSING) makes this case fail for now.
    if (missing) it.fails(`${title} [fails until: ${missing}]`, check);
    else it(title, check);
  }
});
