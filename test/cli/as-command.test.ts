/**
 * `glasskernel as` and `glasskernel run file.s` (issue 11): the real CLI assembles and links
 * with the built-in toolchain; the written executable runs; a source with errors prints them
 * as GNU's tools do (file:line:column: error: message) with exit status 1 and writes nothing;
 * bad command lines get the usage and status 2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, cliPath } from './cli-bundle';

const HELLO = join(REPO, 'examples/asm/hello.s');
const dir = mkdtempSync(join(tmpdir(), 'gk-as-'));
/** The owner's execute bit of a file mode. */
const S_IXUSR = 0o100;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath(), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('glasskernel as / run on assembly', () => {
  it('as writes an executable that glasskernel run runs', () => {
    const out = join(dir, 'hello');
    expect(cli('as', HELLO, '-o', out)).toMatchObject({ status: 0, stderr: '' });
    expect(statSync(out).mode & S_IXUSR).toBe(S_IXUSR);
    expect(cli('run', out)).toMatchObject({ status: 0, stdout: 'Hello from RISC-V assembly!\n' });
  });

  it('run builds a .s file in memory and runs it', () => {
    expect(cli('run', HELLO)).toMatchObject({ status: 0, stdout: 'Hello from RISC-V assembly!\n' });
    expect(cli('run', join(REPO, 'examples/asm/recursion.s'))).toMatchObject({ status: 120, stdout: '3628800\n' });
  });

  it('errors print as file:line:column: error: message, status 1, nothing written', () => {
    const bad = join(dir, 'bad.s');
    writeFileSync(bad, '\t.globl _start\n_start:\n\taddd a0, a1, a2\n\taddi a0, a0, 5000\n');
    const out = join(dir, 'bad');
    const r = cli('as', bad, '-o', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:3:2: error: unknown instruction \`addd'`);
    expect(r.stderr).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: error: .*5000`));
    expect(existsSync(out)).toBe(false);
    expect(cli('run', bad).status).toBe(1);
  });

  it('an undefined symbol is the linker\'s error, with the object and the source line', () => {
    const undef = join(dir, 'undef.s');
    writeFileSync(undef, '\t.globl _start\n_start:\n\tj nowhere\n');
    const r = cli('as', undef, '-o', join(dir, 'undef'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/undef\.s:3: .*undef\.o:\(\.text\+0x0\): error: undefined symbol `nowhere`/);
  });

  it('bad command lines get the usage and status 2', () => {
    expect(cli('as').status).toBe(2);
    expect(cli('as', '--march=rv32i', HELLO).stderr).toContain('--march takes rv64gc or rv64g');
    expect(cli('as', '-x', HELLO).status).toBe(2);
    expect(cli('as', HELLO, '-o').status).toBe(2);
    expect(cli('as', '--help')).toMatchObject({ status: 0 });
  });
});
