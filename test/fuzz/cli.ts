import { mkdirSync } from 'node:fs';
import { describe, fuzz, judgeAlone, minimize, realEngines, runAlone, type Verdict } from './differential';
import { emulatorRunsFp } from './probe';
import { saveRepro, unitLines } from './repro';
import { missingTools, type Engine } from './tools';

/**
 * `npm run fuzz:isa -- [--count N] [--seed S] [--batch B] [--fp auto|on|off]
 * [--engine jit|interpreter|both] [--no-save] [--max-save K] [--repro-dir DIR]`: runs N programs
 * of seed S against qemu-riscv64 (on each chosen Glasskernel engine), minimizes every mismatch
 * and saves up to K distinct ones as reproducer tests. Exit status 1 when
 * anything mismatched, 2 on usage or missing tools.
 */

interface CliOptions {
  count: number;
  seed: number;
  batch: number;
  fp: 'auto' | 'on' | 'off';
  engines: Engine[];
  save: boolean;
  maxSave: number;
  reproDir: string;
}

function parse(argv: string[], reproDir: string): CliOptions | string {
  const o: CliOptions = { count: 1000, seed: 1, batch: 100, fp: 'auto', engines: ['jit', 'interpreter'], save: true, maxSave: 10, reproDir };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i] ?? '';
    const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : NaN);
    switch (a) {
      case '--count': o.count = num(val()); break;
      case '--seed': o.seed = num(val()); break;
      case '--batch': o.batch = num(val()); break;
      case '--max-save': o.maxSave = num(val()); break;
      case '--fp': { const v = val(); if (v !== 'auto' && v !== 'on' && v !== 'off') return `--fp takes auto, on or off`; o.fp = v; break; }
      case '--engine': {
        const v = val();
        if (v === 'both') o.engines = ['jit', 'interpreter'];
        else if (v === 'jit' || v === 'interpreter') o.engines = [v];
        else return '--engine takes jit, interpreter or both';
        break;
      }
      case '--no-save': o.save = false; break;
      case '--repro-dir': o.reproDir = val(); break;
      default: return `unknown argument ${a}`;
    }
  }
  if (![o.count, o.seed, o.batch, o.maxSave].every(Number.isFinite) || o.batch < 1) return 'numbers must be non-negative integers';
  return o;
}

/** Signature of a minimized mismatch: its mnemonics, so one bug is saved once per run. */
function signature(source: string): string {
  return unitLines(source).filter((l) => !l.startsWith('.L')).map((l) => l.trim().split(/\s+/)[0]).sort().join(' ');
}

/** Entry point of scripts/fuzz-isa.mjs; resolves to the process exit status. */
export async function main(argv: string[], reproDir: string): Promise<number> {
  const o = parse(argv, reproDir);
  if (typeof o === 'string') {
    console.error(`fuzz:isa: ${o}`);
    return 2;
  }
  const missing = missingTools();
  if (missing.length > 0) {
    console.error(`fuzz:isa: needs ${missing.join(' and ')} on PATH`);
    return 2;
  }
  const fp = o.fp === 'auto' ? await emulatorRunsFp() : o.fp === 'on';
  console.log(`fuzz:isa: seed ${o.seed}, ${o.count} programs, F/D ${fp ? 'on' : 'off'}${o.fp === 'auto' ? ' (probed)' : ''}`);
  const started = Date.now();
  let mismatchCount = 0;
  let invalidCount = 0;
  let saved = 0;
  const seen = new Set<string>();
  for (const engine of o.engines) {
    const eng = realEngines(engine);
    console.log(`engine ${engine}:`);
    const verdicts = await fuzz({
      seed: o.seed, count: o.count, batch: o.batch, gen: { fp }, engines: eng,
      onBatch: (done, vs) => {
        const bad = vs.filter((v) => v.kind !== 'match').length;
        const line = `  ${done}/${o.count} programs, ${bad} mismatching or invalid`;
        if (process.stdout.isTTY) process.stdout.write(`\r${line}   `);
        else if (done % 1000 === 0 || done === o.count) console.log(line);
      },
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    const mismatches = verdicts.filter((v) => v.kind === 'mismatch');
    const invalid = verdicts.filter((v) => v.kind === 'invalid');
    mismatchCount += mismatches.length;
    invalidCount += invalid.length;
    for (const v of invalid) console.log(`generator produced an invalid program (a fuzzer bug): ${describe(v)}`);
    for (const v of mismatches) {
      const min = await minimize(v.program, { fp }, eng);
      const solo = await runAlone(min, { fp }, eng);
      const judged: Verdict = await judgeAlone(min, { fp }, eng);
      const sig = signature(solo.source);
      const dup = seen.has(sig);
      seen.add(sig);
      console.log(`\n[${engine}] ${describe(judged)}\n  minimal units (${min.items.length} of ${v.program.items.length}):`);
      for (const l of unitLines(solo.source).filter((x) => !x.startsWith('.L'))) console.log(`    ${l.trim()}`);
      if (!o.save || dup || saved >= o.maxSave || !solo.elf || judged.kind !== 'mismatch') continue;
      mkdirSync(o.reproDir, { recursive: true });
      const r = saveRepro(o.reproDir, { ...judged, detail: `${engine} engine${judged.detail ? `: ${judged.detail}` : ''}` },
        solo.source, solo.elf, v.program.items.length);
      if (r) { saved++; console.log(`  saved ${r.files.join(', ')} in ${o.reproDir}`); }
    }
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const runs = o.count * o.engines.length;
  console.log(`fuzz:isa: ${runs} program runs (${o.engines.join(' + ')}) in ${secs} s: ${mismatchCount} mismatches, ${invalidCount} invalid, ${saved} reproducers saved`);
  return mismatchCount + invalidCount > 0 ? 1 : 0;
}
