import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadElf, runGuest } from './guest';
import { Machine } from './machine';

const here = join(__dirname, 'programs');
const hasTool = (tool: string) => spawnSync('which', [tool]).status === 0;
const haveCrossTools = hasTool('riscv64-linux-gnu-gcc') && hasTool('qemu-riscv64');
if (!haveCrossTools) console.warn('riscv64-linux-gnu-gcc or qemu-riscv64 missing: skipping the live differential test');

function runOurs(elf: Uint8Array) {
  const m = new Machine(16 * 1024 * 1024);
  loadElf(m, elf);
  return runGuest(m, 200_000_000);
}

describe('compiled C programs', () => {
  it('alu.elf (gcc -O2, rv64imac) prints exactly what qemu-riscv64 printed for it', () => {
    const run = runOurs(readFileSync(join(here, 'alu.elf')));
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(here, 'alu.expected'), 'utf8'));
  });

  it.skipIf(!haveCrossTools)('alu.c rebuilt now with -O0 and -Os: output identical to qemu-riscv64', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-emu-'));
    for (const opt of ['-O0', '-Os']) {
      const out = join(dir, `alu${opt}`);
      execFileSync('riscv64-linux-gnu-gcc', [opt, '-fno-builtin', '-march=rv64imac', '-mabi=lp64', '-static', '-nostdlib',
        '-o', out, join(here, 'alu.c')]);
      const expected = execFileSync('qemu-riscv64', [out], { encoding: 'utf8' });
      const run = runOurs(readFileSync(out));
      expect(run.stdout).toBe(expected);
      expect(run.exitCode).toBe(0);
    }
  });
});
