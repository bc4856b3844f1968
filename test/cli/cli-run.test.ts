/**
 * The CLI as a user runs it (issue 9, findings 2, 5, 8, 9): bad program files and options
 * end with a sentence and a status at once; never a stack trace, a hang or memory exhaustion.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_BIN, FIXTURES, runCli } from './cli-bundle';

const dir = mkdtempSync(join(tmpdir(), 'gk-cli-files-'));
const HELLO = join(EXAMPLES_BIN, 'hello');
/** Longest a refused program file may take to be refused (ms), node start-up included. */
const QUICK_MS = 5000;
const TWO_GIB = 2 ** 31;

function sparse(name: string, size: number, head?: Uint8Array): string {
  const p = join(dir, name);
  const fd = openSync(p, 'w');
  if (head) writeFileSync(fd, head);
  closeSync(fd);
  // truncate makes a sparse file: no disk blocks, but reading it whole costs `size` bytes.
  execFileSync('truncate', ['-s', String(size), p]);
  return p;
}

function expectRefused(args: string[], message: RegExp, status = 127): void {
  const started = Date.now();
  const r = runCli(args, QUICK_MS * 2);
  expect(r.status, `killed after ${Date.now() - started} ms: ${r.stderr}`).toBe(status);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(Date.now() - started).toBeLessThan(QUICK_MS);
}

describe('non-regular and huge program files are refused at once (finding 5)', () => {
  it('a FIFO without a writer', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expectRefused(['run', fifo], /fifo: not a regular file \(a FIFO\)/);
  });

  it('/dev/zero and a directory', () => {
    expectRefused(['run', '/dev/zero'], /\/dev\/zero: not a regular file \(a character device\)/);
    expectRefused(['run', dir], /not a regular file \(a directory\)/);
  });

  it('a 2 GiB sparse file of zeros', () => {
    expectRefused(['run', sparse('zeros', TWO_GIB)], /zeros: not an ELF file/);
  });

  it('a valid program followed by 2 GiB of zeros runs (only its ELF part is read)', () => {
    const p = sparse('hello-padded', TWO_GIB, readFileSync(HELLO));
    const r = runCli(['run', p], QUICK_MS * 2);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Hello from Glasskernel/);
  });

  it('--file refuses a FIFO or a device too', () => {
    const fifo = join(dir, 'fifo2');
    execFileSync('mkfifo', [fifo]);
    expectRefused(['run', `--file=${fifo}:/data/in`, HELLO], /--file: .*fifo2: not a regular file \(a FIFO\)/);
    expectRefused(['run', '--file=/dev/zero:/data/in', HELLO], /not a regular file \(a character device\)/);
  });
});

describe('--memory-mib above the limit is a usage error, not a RangeError (finding 2)', () => {
  it('1025 and 4096 are refused with the limit; 1024 boots', () => {
    for (const v of ['1025', '4096']) {
      expectRefused(['run', `--memory-mib=${v}`, HELLO], /--memory-mib must be an integer number of MiB of guest RAM from 1 to 1024/, 2);
    }
    const r = runCli(['run', '--memory-mib=1024', HELLO]);
    expect(r.status).toBe(0);
  });
});

describe('a damaged section header table only warns (finding 8)', () => {
  it('runs the program and says the sections were ignored', () => {
    const bytes = new Uint8Array(readFileSync(HELLO));
    new DataView(bytes.buffer).setBigUint64(40, BigInt(bytes.length + 4096), true);
    const p = join(dir, 'hello-noshdr');
    writeFileSync(p, bytes, { mode: 0o755 });
    const r = runCli(['run', p]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Hello from Glasskernel/);
    expect(r.stderr).toMatch(/warning: .*section header table lies outside the file; sections ignored/);
  });
});

describe('--trace=faults shows kernel-half addresses unsigned (finding 9)', () => {
  it('prints 0xfffffffffffff818 for a store to -2024', () => {
    const r = runCli(['run', '--trace=faults', join(FIXTURES, 'kernel-half')]);
    expect(r.status).toBe(139);
    expect(r.stderr).toContain('write 0xfffffffffffff818 pc 0x100b4 in (no vma): segv');
    expect(r.stderr).not.toMatch(/0x-/);
  });
});

describe('--time-slice and --scheduler reach the kernel', () => {
  /** Context switches `glasskernel run --trace=sched` reports for the threads example. */
  function switches(...options: string[]): number {
    const r = runCli(['run', '--trace=sched', ...options, join(EXAMPLES_BIN, 'threads')], 60_000);
    expect(r.status).toBe(0);
    return r.stderr.split('\n').filter((l) => l.startsWith('[sched]')).length;
  }

  it('a shorter slice switches threads more often; a slice longer than the run changes nothing', () => {
    const byDefault = switches();
    expect(switches('--time-slice=100')).toBeGreaterThan(byDefault);
    expect(switches('--time-slice=1000000000')).toBe(byDefault);
  });

  it('the stride policy runs the program to the same output', () => {
    const rr = runCli(['run', join(EXAMPLES_BIN, 'threads')], 60_000);
    const stride = runCli(['run', '--scheduler=stride', join(EXAMPLES_BIN, 'threads')], 60_000);
    expect([stride.status, stride.stdout]).toEqual([rr.status, rr.stdout]);
  });
});
