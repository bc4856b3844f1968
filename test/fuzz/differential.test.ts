import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe as describeVerdict, fuzz, judgeAlone, minimize, REAL_ENGINES, realEngines, runAlone, type Engines } from './differential';
import { parseElf64, sectionBytes } from '../../src/elf';
import type { Ext } from './context';
import { coverage, type FuzzProgram, type GenOptions } from './generator';
import { recordBytes } from './layout';
import { sameBytes } from './record';
import { batchSource } from './harness';
import { emulatorRunsFp } from './probe';
import { listRepros, replayRepro, saveRepro, unitLines } from './repro';
import { buildElf, missingTools, runOurs, type Engine } from './tools';

/**
 * Differential testing against qemu-riscv64 (issue 3, "How it is checked"): random valid RV64GC
 * instruction sequences from fixed seeds, each wrapped in a harness that prints x1..x31,
 * f0..f31, fcsr and a checksum of its buffer, must print the same under Glasskernel as under
 * qemu. `npm run fuzz:isa -- --count N --seed S` runs more and saves minimal reproducers.
 */

const missing = missingTools();
if (missing.length > 0) console.warn(`${missing.join(' and ')} missing: skipping the differential fuzz tests against qemu-riscv64`);

/** Fixed seeds, programs per seed and the engine each runs on: 5 x 600 = 3,000 programs. */
const RUNS: Array<{ seed: number; engine: Engine }> = [
  { seed: 1, engine: 'jit' }, { seed: 2, engine: 'jit' }, { seed: 3, engine: 'jit' }, { seed: 4, engine: 'jit' },
  { seed: 5, engine: 'interpreter' },
];
const PER_SEED = 600;

let fp = false;

beforeAll(async () => {
  if (missing.length > 0) return;
  fp = await emulatorRunsFp();
});

/** Runs one seed, returns the problems (each minimized when it is a mismatch) as report lines. */
async function problems(seed: number, engine: Engine, gen: GenOptions): Promise<{ programs: FuzzProgram[]; report: string[] }> {
  const eng = realEngines(engine);
  const verdicts = await fuzz({ seed, count: PER_SEED, gen, engines: eng });
  const bad = verdicts.filter((v) => v.kind !== 'match');
  const report: string[] = [];
  for (const v of bad.slice(0, 2)) {
    // Shrink the first few so the failure message names the offending instruction.
    const min = v.kind === 'mismatch' ? await minimize(v.program, gen, eng) : v.program;
    const lines = unitLines(batchSource([min], gen)).filter((l) => !l.startsWith('.L')).map((l) => l.trim());
    report.push(`[${engine}] ${describeVerdict(v)}\n  minimal: ${lines.join('; ')}`);
  }
  if (bad.length > 2) report.push(`[${engine}] ... and ${bad.length - 2} more programs of seed ${seed}`);
  return { programs: verdicts.map((v) => v.program), report };
}

describe.skipIf(missing.length > 0)('differential fuzzing against qemu-riscv64', () => {
  it('the emulator executes every F/D instruction class, so the fuzzed programs include F and D', () => {
    expect(fp).toBe(true);
  });

  it(`${RUNS.length * PER_SEED} random programs from fixed seeds end with the same registers, fcsr and buffer as under qemu-riscv64 (block compiler and interpreter)`, async () => {
    const gen: GenOptions = { fp };
    const programs: FuzzProgram[] = [];
    const report: string[] = [];
    for (const { seed, engine } of RUNS) {
      const r = await problems(seed, engine, gen);
      programs.push(...r.programs);
      report.push(...r.report);
    }
    expect(programs.length).toBe(RUNS.length * PER_SEED);
    const cov = coverage(programs);
    const exts: Ext[] = ['I', 'M', 'A', 'C', 'Zicsr', ...(fp ? (['F', 'D'] as const) : [])];
    for (const ext of exts) expect(cov[ext], `units exercising ${ext}`).toBeGreaterThan(1000);
    expect(report, 'programs whose output differs from qemu-riscv64 (reproduce: npm run fuzz:isa -- --seed S --count N)').toEqual([]);
  }, 300_000);

  it('a planted divergence (corrupted output whenever the ELF runs mulhsu) is reported for exactly those programs, minimized to the mulhsu unit and saved as a replayable reproducer', async () => {
    const MULHSU_MASK = 0xfe00707f;
    const MULHSU_MATCH = 0x02002033;
    const runsMulhsu = (elf: Uint8Array) => {
      const parsed = parseElf64(elf);
      // The harness code lives in .text, or in .gkcode when a program patches its own code.
      for (const name of ['.text', '.gkcode']) {
        const text = parsed.ok ? sectionBytes(parsed.elf, name) : undefined;
        if (!text) continue;
        const v = new DataView(text.buffer, text.byteOffset, text.byteLength);
        for (let i = 0; i + 4 <= text.length; i += 2) if ((v.getUint32(i, true) & MULHSU_MASK) >>> 0 === MULHSU_MATCH) return true;
      }
      return false;
    };
    const size = recordBytes(false);
    const planted: Engines = {
      ...REAL_ENGINES,
      candidate: (elf) => {
        const out = runOurs(elf);
        // Flip the low bit of every record's checksum (the record's last word).
        if (runsMulhsu(elf)) out.stdout = out.stdout.map((b, i) => (i % size === size - 8 ? b ^ 1 : b));
        return out;
      },
    };
    const gen: GenOptions = { fp: false };
    const SEED = 99;
    const COUNT = 12;
    const hasMulhsuUnit = (p: FuzzProgram) => p.items.some((it) => it.lines.some((l) => l.startsWith('mulhsu ')));
    const verdicts = await fuzz({ seed: SEED, count: COUNT, gen, engines: planted });
    const programs = verdicts.map((v) => v.program);
    expect(programs.some(hasMulhsuUnit)).toBe(true);
    expect(verdicts.map((v) => v.kind)).toEqual(programs.map((p) => (hasMulhsuUnit(p) ? 'mismatch' : 'match')));
    const first = programs.find(hasMulhsuUnit)!;
    const min = await minimize(first, gen, planted);
    expect(min.items.map((it) => it.lines.filter((l) => l.startsWith('mulhsu ')).length)).toEqual([1]);

    // Saved as a reproducer, it rebuilds from its source to the same ELF, and replays on the
    // real (unplanted) emulator to exactly the qemu output recorded with it.
    const dir = mkdtempSync(join(tmpdir(), 'gk-fuzz-repro-'));
    const solo = await runAlone(min, gen, planted);
    const verdict = await judgeAlone(min, gen, planted);
    expect(verdict.kind).toBe('mismatch');
    const saved = saveRepro(dir, verdict, solo.source, solo.elf!, first.items.length);
    expect(saved?.files).toEqual([`${first.name}.s`, `${first.name}.elf`, `${first.name}.expected`]);
    expect(listRepros(dir)).toEqual([first.name]);
    const rebuilt = await buildElf(readFileSync(join(dir, `${first.name}.s`), 'utf8'));
    expect(sameBytes(rebuilt.elf!, readFileSync(join(dir, `${first.name}.elf`)))).toBe(true);
    const replay = replayRepro(dir, first.name, 'jit');
    expect(replay.actual).toBe(replay.expected);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
