import type { Engine } from '../tools';
import { missingTools } from '../tools';
import { describeRaw, fuzzRaw, minimizeRaw } from './fuzz';
import { saveRawRepro } from './repro';

/**
 * `npm run fuzz:raw -- --seed S --count N [--engine jit|interpreter] [--no-save] [--max-save K]`:
 * random instruction streams against qemu-riscv64; mismatches are minimized and saved to
 * test/fuzz/repro/ as raw-<sample>.{s,elf,expected}. Exit status 1 on a mismatch or host exception.
 */
export async function main(argv: string[], reproDir: string): Promise<number> {
  const opt = (name: string, dflt: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] ?? dflt : dflt; };
  const seed = Number(opt('seed', '1')), count = Number(opt('count', '1000')), maxSave = Number(opt('max-save', '10'));
  const engine = opt('engine', 'jit') as Engine;
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1 || !['jit', 'interpreter'].includes(engine)) {
    console.error('usage: fuzz-raw --seed S --count N [--engine jit|interpreter] [--no-save] [--max-save K]');
    return 2;
  }
  const missing = missingTools();
  if (missing.length > 0) { console.error(`missing: ${missing.join(', ')}`); return 2; }
  const t0 = Date.now();
  const r = await fuzzRaw({ seed, count, engine, onBatch: (done) => process.stderr.write(`\r${done}/${count} samples`) });
  process.stderr.write('\n');
  const by = (k: string) => r.verdicts.filter((v) => v.kind === k);
  const loops = r.verdicts.filter((v) => v.expected.kind === 'loop').length;
  console.log(`seed ${seed}, ${count} samples on ${engine} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${by('match').length} match, ${by('mismatch').length} mismatch, ${by('inconclusive').length} inconclusive, ${by('qemu-sc').length} misaligned SC (qemu fails it without a trap), ${loops} loops, ${r.hostErrors.length} host exceptions`);
  for (const h of r.hostErrors.slice(0, 5)) console.log(`HOST EXCEPTION: ${h}`);
  let saved = 0;
  for (const v of by('mismatch')) {
    const min = await minimizeRaw(v.sample, engine);
    console.log(describeRaw(min));
    if (argv.includes('--no-save') || saved >= maxSave || min.kind !== 'mismatch') continue;
    const files = await saveRawRepro(reproDir, `raw-${v.sample.name}`, [min], [`Found by: npm run fuzz:raw -- --seed ${seed} --count ${count} --engine ${engine}`]);
    if (files) { saved++; console.log(`  saved ${files.join(', ')}`); }
  }
  return by('mismatch').length > 0 || r.hostErrors.length > 0 ? 1 : 0;
}
