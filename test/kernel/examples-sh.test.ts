/**
 * examples/bin/sh on Glasskernel: runs every example by name from /bin, and `sh -c`.
 * (The shell's own script, examples/input/sh.stdin, is compared with Linux in
 * examples.test.ts like every other example.)
 *
 * Cases marked `it.fails` name the kernel feature they wait for; vitest reports them when they
 * start to pass, and the mark goes.
 */
import { describe, expect, it } from 'vitest';
import { byNameExpected, byNameScript } from '../examples-ref/by-name';
import { runProgram } from '../../src/cli/runner';
import { guestBin, runExample } from '../examples-ref/guest';

/** Shell cases Glasskernel cannot pass yet, and what is missing. */
const MISSING: Record<string, string> = {};

function check(name: string, title: string, body: () => void): void {
  const missing = MISSING[name];
  // A missing kernel feature (named in MISSING) makes this case fail for now.
  if (missing) it.fails(`${title} [fails until: ${missing}]`, body);
  else it(title, body);
}

describe('the shell', () => {
  check('by-name', 'runs every example by name from /bin, printing what each prints under Linux', () => {
    const expected = byNameExpected();
    const r = runExample('sh', { stdin: byNameScript(), envp: ['PATH=/bin'] });
    expect(r.outOfBudget).toBe(false);
    expect(r.stdout).toBe(expected.stdout);
    expect(r.exitCode).toBe(expected.status);
    expect(r.stats.framesInUse).toBe(r.stats.framesAtBoot);
  });

  check('-c', 'sh -c runs one command line: a pipeline of two programs', () => {
    const r = runExample('sh', { argv: ['/bin/sh', '-c', 'echo one two three | wc'] });
    expect(r.stdout).toBe('1 3 14\n');
    expect(r.exitCode).toBe(0);
    expect(r.stats.framesInUse).toBe(r.stats.framesAtBoot);
  });

  check('cli-runner', 'through the CLI runner too: runProgram with every example under /bin runs a pipeline', () => {
    const out: Uint8Array[] = [];
    const r = runProgram({
      path: '/bin/sh',
      files: guestBin(),
      argv: ['/bin/sh', '-c', 'echo through the runner | cat | wc'],
      write: (fd, data) => { if (fd === 1) out.push(data.slice()); },
    });
    expect(Buffer.concat(out).toString('latin1')).toBe('1 3 19\n');
    expect(r.exitCode).toBe(0);
    expect(r.stats.framesInUse).toBe(r.stats.framesAtBoot);
  });

  check('not-found', 'a program that is not in /bin: message on stderr, status 127', () => {
    const r = runExample('sh', { argv: ['/bin/sh', '-c', 'nosuchprogram'] });
    expect(r.stderr).toBe('sh: nosuchprogram: not found\n');
    expect(r.exitCode).toBe(127);
  });
});
