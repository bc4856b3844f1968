/**
 * The programs of the gdb comparison harness: test/fixtures/cdebug/src/NAME.c, built by
 * test/fixtures/cdebug/build.sh into bin/NAME-O0 and bin/NAME-O2. Breakpoints are the lines
 * carrying a `/* BP:label *\/` marker comment; both debuggers get the same lines. `stops` is
 * how many times the program stops at them under gdb (one `continue` per stop), the same for
 * both optimisation levels.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cdebug');
/** Optimisation levels every program is built at (the binary name suffix). */
export const OPT_LEVELS = ['O0', 'O2'];

/** @typedef {{ name: string, stops: number, about: string }} ProgramSpec */

/** @type {ProgramSpec[]} */
export const PROGRAMS = [
  { name: 'recursion', stops: 2, about: 'fact(5) and fib 5 deep; stops in the innermost call' },
  { name: 'structs', stops: 3, about: 'structs of structs, arrays of structs, pointers to structs' },
  { name: 'unions', stops: 2, about: 'unions and bit fields' },
  { name: 'arrays', stops: 3, about: '2-D arrays, char arrays, strings, pointers to chars' },
  { name: 'enums', stops: 2, about: 'plain and flag-like enums' },
  { name: 'funcptr', stops: 2, about: 'a dispatch table of function pointers' },
  { name: 'globals', stops: 2, about: 'globals, file statics, function statics' },
  { name: 'signal', stops: 2, about: 'SIGUSR1 raised from a nested call; stops in the handler (gdb: <signal handler called>)' },
  { name: 'threads', stops: 2, about: 'a pthread worker; stops in the worker, then in main after join' },
  { name: 'fork', stops: 1, about: 'stops in the parent after reaping the child (gdb on qemu-user does not follow the child)' },
  { name: 'floats', stops: 2, about: 'floats and doubles, special values' },
  { name: 'inline', stops: 1, about: 'a static function inlined at -O2 (gdb shows the inlined frame)' },
];

/** Marker comment of a breakpoint line: `/* BP:label *\/`. */
const MARKER = /\/\*\s*BP:([\w-]+)\s*\*\//;

/**
 * The breakpoints of a C source text: label and 1-based line of every marker, in file order.
 * @param {string} text
 * @returns {{ label: string, line: number }[]}
 */
export function findMarkers(text) {
  const out = [];
  text.split('\n').forEach((l, i) => {
    const m = MARKER.exec(l);
    if (m) out.push({ label: m[1], line: i + 1 });
  });
  return out;
}

/**
 * Paths and breakpoints of one program at one optimisation level.
 * @param {ProgramSpec} spec
 * @param {string} opt one of OPT_LEVELS
 */
export function programCase(spec, opt) {
  const source = path.join(FIXTURES, 'src', `${spec.name}.c`);
  return {
    id: `${spec.name}-${opt}`,
    spec,
    opt,
    source,
    binary: path.join(FIXTURES, 'bin', `${spec.name}-${opt}`),
    breakpoints: findMarkers(fs.readFileSync(source, 'utf8')),
  };
}
