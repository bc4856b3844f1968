import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from './differential';
import type { FuzzProgram } from './generator';
import { diffOutputs, formatOutput } from './record';
import { CC, CC_FLAGS, runOurs, type Engine } from './tools';
import { RAW_PREFIX, replayRawRepro } from './raw/repro';

/**
 * Reproducers: a minimal mismatching program saved as `<name>.s` (the whole single-program
 * harness, with the story in its header), `<name>.elf` (prebuilt, so replay needs no tools) and
 * `<name>.expected` (qemu-riscv64's output in the text form of record.ts). The vitest
 * `repro.test.ts` replays every `.elf` in the directory (raw-instruction reproducers, named
 * `raw-*`, through raw/repro.ts).
 */

/** Files of one saved reproducer. */
export interface SavedRepro {
  name: string;
  files: string[];
}

/** Names of the reproducers in `dir` (one per `.elf`). */
export function listRepros(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.elf')).map((f) => f.slice(0, -4)).sort();
}

/** The minimized units as plain instruction lines (labels resolved), for headers and reports. */
export function unitLines(source: string): string[] {
  const lines = source.split('\n');
  const from = lines.findIndex((l) => /^\.Lp0_/.test(l));
  const to = lines.findIndex((l) => l === '.Lp0_end:');
  return from < 0 ? [] : lines.slice(from, to + 1);
}

/**
 * Writes the reproducer of a minimized mismatch `v` (with its single-program `source` and
 * `elf`) into `dir`. Does not overwrite an existing reproducer of the same name; returns
 * undefined then.
 */
export function saveRepro(dir: string, v: Verdict, source: string, elf: Uint8Array, originalUnits: number): SavedRepro | undefined {
  const p: FuzzProgram = v.program;
  const name = p.name;
  if (existsSync(join(dir, `${name}.elf`))) return undefined;
  const seed = p.name.match(/^s(\d+)-p(\d+)$/);
  const header = [
    `# Differential fuzz reproducer ${name}: Glasskernel disagrees with qemu-riscv64.`,
    seed ? `# Found by: npm run fuzz:isa -- --seed ${seed[1]} --count ${Number(seed[2]) + 1}  (program ${seed[2]})` : '#',
    `# Minimized from ${originalUnits} units to ${p.items.length}:`,
    ...unitLines(source).filter((l) => !l.startsWith('.L')).map((l) => `#   ${l.trim()}`),
    '# Differences (expected = qemu-riscv64, actual = Glasskernel):',
    ...diffOutputs(v.expected ?? '', v.actual ?? '').slice(0, 20).map((l) => `#   ${l}`),
    ...(v.detail ? [`# Glasskernel: ${v.detail}`] : []),
    `# Rebuild: ${CC} ${CC_FLAGS.join(' ')} -o ${name}.elf ${name}.s`,
    '',
  ];
  writeFileSync(join(dir, `${name}.s`), header.join('\n') + source);
  writeFileSync(join(dir, `${name}.elf`), elf);
  writeFileSync(join(dir, `${name}.expected`), v.expected ?? '');
  return { name, files: [`${name}.s`, `${name}.elf`, `${name}.expected`] };
}

/**
 * Replays reproducer `name` of `dir` under Glasskernel's `engine`: the recorded qemu output and
 * what Glasskernel prints now, both in record.ts's text form (equal when the bug is fixed).
 */
export function replayRepro(dir: string, name: string, engine: Engine): { expected: string; actual: string } {
  if (name.startsWith(RAW_PREFIX)) return replayRawRepro(dir, name, engine);
  const expected = readFileSync(join(dir, `${name}.expected`), 'utf8');
  const withFp = /^f0\//m.test(expected);
  const run = runOurs(readFileSync(join(dir, `${name}.elf`)), engine);
  return { expected, actual: formatOutput(run.stdout, run.exitCode, withFp) };
}
