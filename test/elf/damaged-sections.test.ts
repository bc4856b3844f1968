/**
 * Finding 8 of issue 9: an ELF whose section header table is damaged runs (Linux loads from
 * program headers only); compared with qemu-riscv64 running the same damaged file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../src/cli/runner';
import { EXAMPLES_BIN, hasTool } from './tools';

const QEMU = 'qemu-riscv64';
const E_SHOFF = 40;
const E_SHSTRNDX = 62;

/** examples/bin/hello with `edit` applied to its bytes. */
function damagedHello(edit: (v: DataView, size: number) => void): Uint8Array {
  const bytes = new Uint8Array(readFileSync(join(EXAMPLES_BIN, 'hello')));
  edit(new DataView(bytes.buffer), bytes.length);
  return bytes;
}

function runOnKernel(bytes: Uint8Array): { out: string; exitCode: number; error?: string } {
  let out = '';
  const r = runProgram({ path: '/bin/hello', files: new Map([['/bin/hello', bytes]]), argv: ['/bin/hello'], write: (_fd, d) => { out += Buffer.from(d).toString(); } });
  return { out, exitCode: r.exitCode, error: r.error };
}

const damages: [string, (v: DataView, size: number) => void][] = [
  ['e_shoff past the end of the file', (v, size) => v.setBigUint64(E_SHOFF, BigInt(size + 4096), true)],
  ['e_shoff of 2^53', (v) => v.setBigUint64(E_SHOFF, 2n ** 53n, true)],
  ['e_shstrndx naming no section', (v) => v.setUint16(E_SHSTRNDX, 0xfeff, true)],
];

describe('a program whose section header table is damaged still runs', () => {
  for (const [what, edit] of damages) {
    it(`runs with ${what}, as under ${QEMU}`, () => {
      const bytes = damagedHello(edit);
      const ours = runOnKernel(bytes);
      expect(ours.error).toBeUndefined();
      expect(ours.out).toMatch(/Hello from Glasskernel/);
      if (!hasTool(QEMU)) return;
      const dir = mkdtempSync(join(tmpdir(), 'gk-damaged-'));
      writeFileSync(join(dir, 'hello'), bytes, { mode: 0o755 });
      const q = spawnSync(QEMU, [join(dir, 'hello')], { encoding: 'utf8', timeout: 20_000 });
      expect(q.status).toBe(ours.exitCode);
      expect(ours.out.replace(/\/bin\/hello|\S*\/hello/g, 'P')).toBe(q.stdout.replace(/\S*\/hello/g, 'P'));
    });
  }
});
