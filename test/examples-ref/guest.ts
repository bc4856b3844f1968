/**
 * Runs example programs on Glasskernel for the example tests: every committed example binary
 * (examples/bin, examples/glibc/bin) placed under /bin of the guest, one of them started, its
 * stdout and stderr collected separately, and the run bounded by an instruction budget so a
 * program that waits forever on a missing kernel feature fails its test instead of hanging the
 * test run.
 *
 * This is the same boot-load-run sequence as the CLI's `runProgram` (src/cli/runner.ts), plus
 * the budget; the CLI itself is tested with the same binaries in test/cli.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KernelStats } from '../../src/kernel/api';
import { runProgram } from '../../src/cli/runner';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EXAMPLES = join(ROOT, 'examples');

/** Default budget for one program: far more than any example needs on a working kernel. */
export const DEFAULT_BUDGET_INSTRUCTIONS = 4_000_000_000;

/** Where the examples live: tiny-libc programs and glibc programs. */
export type ExampleSet = 'tiny' | 'glibc';

/** Directory of the built binaries of a set. */
export function binDir(set: ExampleSet): string {
  return set === 'tiny' ? join(EXAMPLES, 'bin') : join(EXAMPLES, 'glibc', 'bin');
}

/** Directory of the recorded qemu-riscv64 outputs of a set. */
export function expectedDir(set: ExampleSet): string {
  return set === 'tiny' ? join(EXAMPLES, 'expected') : join(EXAMPLES, 'glibc', 'expected');
}

/** Names of the programs of a set: every <dir>/src/<name>.c. */
export function exampleNames(set: ExampleSet): string[] {
  const src = set === 'tiny' ? join(EXAMPLES, 'src') : join(EXAMPLES, 'glibc', 'src');
  return readdirSync(src).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort();
}

/** What a program printed under qemu-riscv64 and its exit status (examples/expected, examples/glibc/expected). */
export function recorded(set: ExampleSet, name: string): { stdout: string; status: number } {
  const dir = expectedDir(set);
  return {
    stdout: readFileSync(join(dir, `${name}.stdout`), 'latin1'),
    status: Number.parseInt(readFileSync(join(dir, `${name}.status`), 'utf8').trim(), 10),
  };
}

/** The recorded standard input of a program (examples/input/<name>.stdin), if it has one. */
export function stdinFor(name: string): string | undefined {
  const file = join(EXAMPLES, 'input', `${name}.stdin`);
  return existsSync(file) ? readFileSync(file, 'latin1') : undefined;
}

let allBinaries: Map<string, Uint8Array> | undefined;

/** Every example binary of both sets, as guest files /bin/<name>. */
export function guestBin(): Map<string, Uint8Array> {
  if (!allBinaries) {
    allBinaries = new Map();
    for (const set of ['tiny', 'glibc'] as const) {
      for (const name of exampleNames(set)) allBinaries.set(`/bin/${name}`, readFileSync(join(binDir(set), name)));
    }
  }
  return allBinaries;
}

/** One run of a program on Glasskernel. */
export interface GuestRun {
  stdout: string;
  stderr: string;
  /** wait4 status word of the program (Linux encoding); undefined if it did not finish. */
  status?: number;
  /** Shell-style exit code (the exit code, or 128 + signal); undefined if it did not finish. */
  exitCode?: number;
  /** Set when the program could not start. */
  error?: string;
  /** True when the budget ran out before the program and its descendants were gone. */
  outOfBudget: boolean;
  stats: KernelStats;
}

export interface GuestRunOptions {
  argv?: string[];
  envp?: string[];
  /** Console input; after it, reads see end of file. */
  stdin?: string;
  budget?: number;
}

/** Runs /bin/<name> with every example under /bin, until it and all its descendants are gone. */
export function runExample(name: string, opts: GuestRunOptions = {}): GuestRun {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  let input = Buffer.from(opts.stdin ?? '', 'latin1');
  const path = `/bin/${name}`;
  const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('latin1');
  const r = runProgram({
    path,
    files: guestBin(),
    argv: opts.argv ?? [path],
    envp: opts.envp ?? [],
    write: (fd, data) => (fd === 2 ? err : out).push(data.slice()),
    read: (max) => {
      const chunk = input.subarray(0, max);
      input = input.subarray(chunk.length);
      return new Uint8Array(chunk);
    },
    maxInstructions: opts.budget ?? DEFAULT_BUDGET_INSTRUCTIONS,
  });
  if (r.error) return { stdout: '', stderr: '', error: r.error, outOfBudget: false, stats: r.stats };
  if (r.timedOut) return { stdout: text(out), stderr: text(err), outOfBudget: true, stats: r.stats };
  return { stdout: text(out), stderr: text(err), status: r.status, exitCode: r.exitCode, outOfBudget: false, stats: r.stats };
}
