import { describe, expect, it } from 'vitest';
import { describeRaw, fuzzRaw, minimizeRaw } from './raw/fuzz';
import { missingTools, type Engine } from './tools';

/**
 * Random instruction streams (issue 9): random 16/32-bit words executed as code under
 * qemu-riscv64 and Glasskernel; each sample's terminating signal, si_code, si_addr, pc, all
 * registers and the buffer checksum must agree, and no JavaScript exception may escape the
 * kernel. `npm run fuzz:raw -- --seed S --count N` runs more and saves reproducers.
 */

const missing = missingTools();
if (missing.length > 0) console.warn(`${missing.join(' and ')} missing: skipping the raw-instruction fuzz tests against qemu-riscv64`);

const RUNS: Array<{ seed: number; count: number; engine: Engine }> = [
  { seed: 1, count: 500, engine: 'jit' },
  { seed: 2, count: 250, engine: 'interpreter' },
];

describe.skipIf(missing.length > 0)('raw instruction streams against qemu-riscv64', () => {
  for (const { seed, count, engine } of RUNS) {
    it(`seed ${seed}: ${count} random samples on the ${engine} engine end like under qemu-riscv64, with no host exception`, async () => {
      const r = await fuzzRaw({ seed, count, engine });
      expect(r.hostErrors).toEqual([]);
      const bad = r.verdicts.filter((v) => v.kind === 'mismatch');
      const report: string[] = [];
      for (const v of bad.slice(0, 2)) report.push(describeRaw(await minimizeRaw(v.sample, engine)));
      expect(report, `${bad.length} mismatching samples`).toEqual([]);
      // the stream really exercises the interesting ends
      const signals = new Set(r.verdicts.flatMap((v) => (v.actual.kind === 'record' ? [v.actual.rec.signo] : [])));
      expect([...signals].sort((a, b) => a - b)).toEqual([4, 5, 7, 11]);
    }, 120_000);
  }
});
