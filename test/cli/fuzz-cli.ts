/**
 * CLI option fuzzer (issue 9, "CLI options"): every option with out-of-range, negative,
 * non-numeric, huge, empty and odd values, alone and combined. In process, `parse` must
 * return options or a sentence for every command line; on a sample the real CLI runs and
 * must end within a bound, with status 0..255 and no JavaScript stack trace.
 * Used by fuzz-cli.test.ts (fixed seed) and scripts/fuzz-cli.mjs (long runs).
 */
import { join } from 'node:path';
import { parse } from '../../src/cli/options';
import { seededRandom } from '../elf/tools';
import { EXAMPLES_BIN, runCli } from './cli-bundle';

/** Values of every class an option may be given. */
export const VALUES = [
  '', '0', '1', '-1', '-0', '+5', '1024', '1025', '4096', '65536', '2147483648', '4294967296',
  '9007199254740991', '9007199254740992', '99999999999999999999999', '1e3', '1.5', '0x400', 'NaN', 'Infinity',
  'abc', ' 12', '12 ', '١٢', '😀', 'x'.repeat(5000), '--stats', '=', ':', '/', 'faults', 'faults,syscalls',
  '/dev/zero:/in', '/nonexistent:/in', `${EXAMPLES_BIN}/hello:/data/x`, `${EXAMPLES_BIN}/hello:relative`, ':/', 'a:b:/c',
];
/** Option names, the real ones and near misses. */
export const KEYS = ['--memory-mib', '--time-slice', '--scheduler', '--max-instructions', '--trace', '--file', '--stats', '-h', '--help', '--memory', '--', '-', '--MEMORY-MIB'];

/** One random `run` command line (before the program). */
export function randomOptions(random: () => number): string[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: string[] = [];
  const n = 1 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) {
    const key = pick(KEYS);
    out.push(random() < 0.85 ? `${key}=${pick(VALUES)}` : key);
  }
  return out;
}

/** Sentence describing why one command line failed the checks, or undefined. */
export function checkParse(argv: string[]): string | undefined {
  try {
    const o = parse([...argv, 'prog']);
    if (typeof o === 'string') return o.length > 0 && o.length < 400 ? undefined : `error of length ${o.length}`;
    if (o.memoryMiB !== undefined && !(o.memoryMiB >= 1 && o.memoryMiB <= 1024)) return `memoryMiB ${o.memoryMiB} accepted`;
    if (o.maxInstructions !== undefined && !(Number.isSafeInteger(o.maxInstructions) && o.maxInstructions > 0)) return `maxInstructions ${o.maxInstructions} accepted`;
    return undefined;
  } catch (e) {
    return `threw ${(e as Error).stack}`;
  }
}

/** Runs the real CLI with `argv` + hello; a sentence when it misbehaved. */
export function checkRun(argv: string[], timeoutMs: number): string | undefined {
  const started = Date.now();
  const r = runCli(['run', ...argv.map((a) => a.slice(0, 300)), '--max-instructions=2000000', join(EXAMPLES_BIN, 'hello')].filter((a) => a !== ''), timeoutMs);
  if (r.status === null) return `no exit after ${Date.now() - started} ms (signal ${r.signal})`;
  if (/\n\s+at .*\(.*\)/.test(r.stderr) || /RangeError|TypeError/.test(r.stderr)) return `stack trace: ${r.stderr.slice(0, 300)}`;
  return undefined;
}

/** Outcome: command lines parsed, CLI runs, failures (`argv` and why). */
export interface CliFuzzReport {
  parsed: number;
  ran: number;
  failures: { argv: string[]; reason: string }[];
}

/**
 * Every KEY with every VALUE (exhaustive), then `count` random combinations from `seed`;
 * every `runEvery`-th combination also runs the real CLI (0: none).
 */
export function fuzzCli(seed: number, count: number, runEvery: number, timeoutMs = 20_000): CliFuzzReport {
  const report: CliFuzzReport = { parsed: 0, ran: 0, failures: [] };
  const lines: string[][] = KEYS.flatMap((k) => VALUES.map((v) => [`${k}=${v}`]));
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) lines.push(randomOptions(random));
  for (const [i, argv] of lines.entries()) {
    const bad = checkParse(argv);
    report.parsed++;
    if (bad) report.failures.push({ argv, reason: bad });
    if (runEvery > 0 && i % runEvery === 0) {
      const badRun = checkRun(argv, timeoutMs);
      report.ran++;
      if (badRun) report.failures.push({ argv, reason: badRun });
    }
  }
  return report;
}

/** Long runs: `--seed S --count N --run-every K`. */
export function main(argv: string[]): number {
  const arg = (name: string, dflt: number): number => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  const seed = arg('--seed', 1);
  const started = Date.now();
  const report = fuzzCli(seed, arg('--count', 100_000), arg('--run-every', 500));
  console.log(`fuzz:cli seed ${seed}: ${report.parsed} command lines parsed, ${report.ran} CLI runs, ${report.failures.length} failures, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const f of report.failures.slice(0, 20)) console.log(`${JSON.stringify(f.argv).slice(0, 200)}: ${f.reason.split('\n')[0]}`);
  return report.failures.length > 0 ? 1 : 0;
}
