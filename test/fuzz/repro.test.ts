import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRepros, replayRepro } from './repro';
import { KNOWN_FAILURES } from './repro/known-failures';

/**
 * Replays every saved differential-fuzz reproducer (test/fuzz/repro/<name>.elf) under
 * Glasskernel and compares with the qemu-riscv64 output recorded next to it. Needs no tools:
 * the ELFs are prebuilt and committed.
 */

const dir = join(__dirname, 'repro');
const names = listRepros(dir);

describe('saved differential-fuzz reproducers', () => {
  it('every reproducer has its source, prebuilt ELF and recorded qemu-riscv64 output, and every known failure names a reproducer', () => {
    for (const name of names) {
      expect(existsSync(join(dir, `${name}.s`)), `${name}.s`).toBe(true);
      expect(existsSync(join(dir, `${name}.expected`)), `${name}.expected`).toBe(true);
    }
    for (const key of Object.keys(KNOWN_FAILURES)) expect(names, `known failure ${key}`).toContain(key.split('@')[0]);
  });

  for (const name of names) {
    for (const engine of ['jit', 'interpreter'] as const) {
      const bug = KNOWN_FAILURES[`${name}@${engine}`] ?? KNOWN_FAILURES[name];
      // Known, unfixed emulator bugs run as expected failures (see repro/known-failures.ts).
      const test = bug ? it.fails : it;
      test(`${name} on the ${engine} engine${bug ? ` [known bug: ${bug}]` : ''} prints what qemu-riscv64 printed`, () => {
        const { expected, actual } = replayRepro(dir, name, engine);
        expect(actual).toBe(expected);
      });
    }
  }
});
