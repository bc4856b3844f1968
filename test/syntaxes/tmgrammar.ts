import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (the CLI reads the grammar from its package.json `contributes.grammars`). */
export const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'node_modules/vscode-tmgrammar-test/dist/unit.js');
const GENERATOR = join(ROOT, 'scripts/gen-grammar.mjs');
/** Scope suffix of every scope the grammar assigns. */
export const SCOPE = 'riscv-asm';

/** Outcome of one vscode-tmgrammar-test run: exit status, output (one `ERROR file:line:...` per failed assertion), and the files it reported as passing. */
export interface GrammarTestRun { status: number | null; output: string; passed: string[] }

/** Runs the package's CLI (vscode-tmgrammar-test) over annotated sample files (absolute paths). */
export function runGrammarTests(files: readonly string[]): GrammarTestRun {
  const env = { ...process.env, FORCE_COLOR: '0' };
  const r = spawnSync(process.execPath, [CLI, '--compact', ...files], { cwd: ROOT, encoding: 'utf8', env });
  const output = `${r.stdout}${r.stderr}`;
  const passed = files.filter((f) => output.includes(`${f} run successfuly.`));
  return { status: r.status, output, passed };
}

/** Runs scripts/gen-grammar.mjs with `args` (e.g. `--check`). */
export function runGenerator(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [GENERATOR, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The lists the generator keeps by hand (`--lists`), as the grammar uses them. */
export interface HandLists {
  DIRECTIVES: string[];
  RELOCATION_FUNCTIONS: string[];
  OPTION_ARGUMENTS: string[];
  SYMBOL_TYPES: string[];
  SECTION_TYPES: string[];
  PREPROCESSOR_WORDS: string[];
  ORDERING_SUFFIXES: string[];
  FRAME_POINTER_ALIAS: { index: number; name: string };
}

/** Reads the hand-kept lists from the generator. */
export function handLists(): HandLists {
  return JSON.parse(runGenerator('--lists').stdout) as HandLists;
}

/** Number of scope assertions (`# ^^^ scope` and `# <-- scope` lines) in an annotated sample. */
export function assertionCount(file: string): number {
  return readFileSync(file, 'utf8').split('\n').filter((l) => /^#\s*(\^|<~*-)/.test(l)).length;
}

/**
 * Builds an annotated sample: `line(prefix, word, scope)` adds the source line `prefix + word +
 * rest` and an assertion that `word` carries `scope` (the prefix must be at least 1 character,
 * since the assertion's `#` takes column 0).
 */
export class SampleWriter {
  private readonly lines: string[];

  constructor(description: string) {
    this.lines = [`# SYNTAX TEST "source.${SCOPE}" "${description}"`];
  }

  line(prefix: string, word: string, scope: string, rest = ''): void {
    this.lines.push(`${prefix}${word}${rest}`, `#${' '.repeat(prefix.length - 1)}${'^'.repeat(word.length)} ${scope}.${SCOPE}`);
  }

  /** A source line whose first `word.length` characters must carry `scope` (a `<---` assertion). */
  lineStart(word: string, scope: string, rest = ''): void {
    this.lines.push(`${word}${rest}`, `# <${'-'.repeat(word.length)} ${scope}.${SCOPE}`);
  }

  get assertions(): number {
    return (this.lines.length - 1) / 2;
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
