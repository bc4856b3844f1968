import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CC, CC_FLAGS, type Engine } from '../tools';
import { diffEnds, endTexts, formatEnd, type SampleEnd } from './compare';
import { absorbRun, bufferInit, type RawVerdict } from './fuzz';
import { RAW_LD_FLAGS, rawBatchSource } from './harness';
import { buildRaw, runOursRaw } from './run';

/**
 * Reproducers of the raw-instruction fuzzer, saved next to the ISA fuzzer's in test/fuzz/repro/
 * as `raw-<sample>.s` (the harness source with the story in its header), `.elf` (prebuilt) and
 * `.expected` (qemu-riscv64's ends, one `# sample k: name` block per sample, text of compare.ts).
 * Names start with RAW_PREFIX, which is how repro.ts tells them from ISA reproducers.
 */
export const RAW_PREFIX = 'raw-';

/** Text of a batch's expected or actual ends, one block per sample. */
export function formatEnds(names: string[], ends: string[]): string {
  return names.map((n, k) => `# sample ${k}: ${n}\n${ends[k]}`).join('');
}

/** Saves verdicts' samples as one reproducer `name` (no overwrite: undefined if it exists). */
export async function saveRawRepro(dir: string, name: string, verdicts: RawVerdict[], story: string[]): Promise<string[] | undefined> {
  if (existsSync(join(dir, `${name}.elf`))) return undefined;
  const samples = verdicts.map((v) => v.sample);
  const source = rawBatchSource(samples, bufferInit());
  const built = await buildRaw(source);
  if (!built.elf) throw new Error(`reproducer did not assemble: ${built.error}`);
  const texts = verdicts.map((v) => endTexts(v.expected, v.actual));
  const header = [
    `# Raw-instruction fuzz reproducer ${name}.`, ...story.map((l) => `# ${l}`),
    ...verdicts.flatMap((v, k) => [`# sample ${k} (${v.sample.name}): ${v.kind}`, ...diffEnds(texts[k].expected, texts[k].actual).slice(0, 8).map((l) => `#   ${l}`)]),
    `# Rebuild: ${CC} ${[...RAW_LD_FLAGS, ...CC_FLAGS].join(' ')} -o ${name}.elf ${name}.s`, '',
  ];
  writeFileSync(join(dir, `${name}.s`), header.join('\n') + source);
  writeFileSync(join(dir, `${name}.elf`), built.elf);
  writeFileSync(join(dir, `${name}.expected`), formatEnds(samples.map((s) => s.name), texts.map((t) => t.expected)));
  return [`${name}.s`, `${name}.elf`, `${name}.expected`];
}

/** Glasskernel's ends for every sample of a saved raw ELF (restarting after loops, like fuzz.ts). */
export function oursEnds(elf: Uint8Array, n: number, engine: Engine): SampleEnd[] {
  const ends: SampleEnd[] = [];
  for (let start = 0; start < n;) start = absorbRun(ends, start, n, runOursRaw(elf, start, engine));
  return ends;
}

/** Replays raw reproducer `name`: the recorded expected text and Glasskernel's text now. */
export function replayRawRepro(dir: string, name: string, engine: Engine): { expected: string; actual: string } {
  const expected = readFileSync(join(dir, `${name}.expected`), 'utf8');
  const names = [...expected.matchAll(/^# sample \d+: (\S+)$/gm)].map((m) => m[1]);
  const ends = oursEnds(readFileSync(join(dir, `${name}.elf`)), names.length, engine);
  return { expected, actual: formatEnds(names, ends.map(formatEnd)) };
}
