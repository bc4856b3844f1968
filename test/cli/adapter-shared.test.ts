/**
 * The debug adapter shares the CLI's checks (issue 9, findings 2, 5, 8): launch's memoryMiB
 * check and Program.load's file reading come from src/host, with the same words.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchOptions } from '../../src/debug-adapter/launch';
import { Program } from '../../src/debug-adapter/program';
import { parse } from '../../src/cli/options';
import { EXAMPLES_BIN } from './cli-bundle';

const dir = mkdtempSync(join(tmpdir(), 'gk-adapter-files-'));
const HELLO = join(EXAMPLES_BIN, 'hello');

describe("launch 'memoryMiB' uses the CLI's check", () => {
  it('refuses 2048 (which used to pass the check and fail at boot) with the same sentence as --memory-mib', () => {
    const r = launchOptions({ program: HELLO, memoryMiB: 2048 });
    expect(r.ok).toBe(false);
    const sentence = 'must be an integer number of MiB of guest RAM from 1 to 1024, not 2048';
    expect(!r.ok && r.error).toBe(`launch: 'memoryMiB' ${sentence}`);
    expect(parse(['--memory-mib=2048', 'p'])).toBe(`--memory-mib ${sentence.replace('2048', "'2048'")}`);
  });

  it('accepts 1 and 1024, refuses 1025, 0, -1, 1.5 and non-numbers', () => {
    for (const mib of [1, 1024]) expect(launchOptions({ program: HELLO, memoryMiB: mib }).ok).toBe(true);
    for (const mib of [1025, 0, -1, 1.5, 'lots', null, 1e300]) expect(launchOptions({ program: HELLO, memoryMiB: mib }).ok).toBe(false);
  });
});

describe('Program.load refuses non-regular files at once and tolerates damaged sections', () => {
  it('refuses a FIFO, /dev/zero and a directory', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    for (const [p, why] of [[fifo, 'a FIFO'], ['/dev/zero', 'a character device'], [dir, 'a directory']]) {
      const r = Program.load(p);
      expect(!r.ok && r.error).toBe(`cannot read program '${p}': not a regular file (${why})`);
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses a FIFO among the 'files' too", () => {
    const fifo = join(dir, 'fifo-files');
    execFileSync('mkfifo', [fifo]);
    const r = launchOptions({ program: HELLO, files: [{ host: fifo, guest: '/in' }] });
    expect(!r.ok && r.error).toMatch(/files\[0\]\.host: cannot read .*fifo-files: not a regular file \(a FIFO\)/);
  });

  it('loads a program with a damaged section header table; the note says why there is no line table', () => {
    const bytes = new Uint8Array(readFileSync(HELLO));
    new DataView(bytes.buffer).setBigUint64(40, 2n ** 53n, true);
    const p = join(dir, 'hello-bad-shoff');
    writeFileSync(p, bytes);
    const r = Program.load(p);
    expect(r.ok).toBe(true);
    expect(r.ok && r.program.debugInfoNote()).toMatch(/e_shoff is 2\^53 or more; sections ignored/);
  });
});

describe("launch 'timeSliceInstructions' and 'scheduler' use the CLI's checks", () => {
  it('accepts what --time-slice and --scheduler accept', () => {
    const r = launchOptions({ program: HELLO, timeSliceInstructions: 100, scheduler: 'stride' });
    expect(r.ok && [r.timeSliceInstructions, r.scheduler]).toEqual([100, 'stride']);
    const cli = parse(['--time-slice=100', '--scheduler=stride', 'p']);
    expect(typeof cli !== 'string' && [cli.timeSliceInstructions, cli.scheduler]).toEqual([100, 'stride']);
  });

  it('refuses a slice out of range and an unknown policy with the same sentence as the CLI', () => {
    const slice = launchOptions({ program: HELLO, timeSliceInstructions: 99 });
    expect(!slice.ok && slice.error).toBe("launch: 'timeSliceInstructions' must be a whole number of instructions from 100 to 1000000000, not 99");
    expect(parse(['--time-slice=99', 'p'])).toBe("--time-slice must be a whole number of instructions from 100 to 1000000000, not '99'");
    const policy = launchOptions({ program: HELLO, scheduler: 'fifo' });
    expect(!policy.ok && policy.error).toBe("launch: 'scheduler' must be one of round-robin, stride, not 'fifo'");
    expect(parse(['--scheduler=fifo', 'p'])).toBe("--scheduler must be one of round-robin, stride, not 'fifo'");
    for (const bad of [1.5, -1, 'lots', null, 2e9]) expect(launchOptions({ program: HELLO, timeSliceInstructions: bad }).ok).toBe(false);
  });
});
