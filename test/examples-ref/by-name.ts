/**
 * The "every example by name" script for examples/bin/sh: one line per example program, in a
 * fixed order, and what the shell must print running it (each program's recorded stdout, one
 * after the other). Programs that read standard input (those with examples/input/<name>.stdin,
 * the shell itself among them) are left out: they would read the rest of the script.
 */
import { exampleNames, recorded, stdinFor, type ExampleSet } from './guest';

/** The examples the script runs, tiny-libc ones first. */
export function byNameExamples(): { set: ExampleSet; name: string }[] {
  const all = [
    ...exampleNames('tiny').map((name) => ({ set: 'tiny' as const, name })),
    ...exampleNames('glibc').map((name) => ({ set: 'glibc' as const, name })),
  ];
  return all.filter(({ name }) => stdinFor(name) === undefined);
}

/** The script: one program name per line. */
export function byNameScript(): string {
  return byNameExamples().map(({ name }) => `${name}\n`).join('');
}

/** What running the script prints, and the shell's exit status (the last program's). */
export function byNameExpected(): { stdout: string; status: number } {
  const list = byNameExamples();
  return {
    stdout: list.map(({ set, name }) => recorded(set, name).stdout).join(''),
    status: recorded(list[list.length - 1].set, list[list.length - 1].name).status,
  };
}
