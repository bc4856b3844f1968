/**
 * Bounded, fixed-seed fuzzing of the assembler: thousands of random and mutated sources
 * (truncated lines, huge immediates, unbalanced macros and conditionals, recursive includes,
 * runaway .rept, megabyte lines, preprocessor loops). Each must give diagnostics or an object —
 * never a thrown exception or an "internal assembler error" — within a per-file work bound
 * (`maxStatements`, `maxOutputBytes`), not a timer.
 */
import { describe, expect, it } from 'vitest';
import { assemble, type AssembleOptions, type AssembleResult } from '../../../src/toolchain/asm';
import { DIRECTIVE_CORPUS, EDGE_CASES, MACRO_CORPUS, Rng, instructionCorpus, liValues, pseudoCorpus } from './corpus';

const SEED = 424242;
const MUTANTS = 2500;
/** Work bound per fuzzed file (statements after macro and .rept expansion). */
const WORK_BOUND = 20_000;
/** Memory bound per fuzzed file (bytes of section contents). */
const OUTPUT_BOUND = 4 << 20;
const ONE_MB = 1 << 20;

const FILES: Record<string, string> = {
  'self.s': '.include "self.s"\n',
  'a.s': '.include "b.s"\n',
  'b.s': 'nop\n.include "a.s"\n',
  'ok.s': '  .equ INCLUDED, 1\n  nop\n',
  'self.h': '#include "self.h"\n',
};

/** Assembles and checks the contract: an object or an error, never a throw or an internal error. */
function check(source: string, options: Partial<AssembleOptions> = {}): AssembleResult {
  const result = assemble(source, { file: 'fuzz.s', readFile: (p) => FILES[p], maxStatements: WORK_BOUND, maxOutputBytes: OUTPUT_BOUND,
    debugLine: true, ...options });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.some((d) => d.message.startsWith('internal assembler error')), errors[0]?.message).toBe(false);
  expect(result.object !== undefined || errors.length > 0).toBe(true);
  for (const d of result.diagnostics) {
    expect(d.range.line).toBeGreaterThanOrEqual(1);
    expect(d.range.endColumn).toBeGreaterThanOrEqual(d.range.column);
  }
  return result;
}

const INSERTIONS = [
  '.macro m', '.endm', '.rept 3', '.endr', '.if 1', '.if 0', '.else', '.endif', '.include "self.s"', '.include "a.s"',
  '.include "ok.s"', '.rept 100000000', '.macro r\n r\n.endm\n r', '.exitm', '.option pop', '.option push', '.irp x, 1, 2',
  'li a0, 0x1ffffffffffffffffffff', 'addi a0, a0, 99999999999', '.word 1/0', '.byte 1 <<', '.equ q, q', 'la a0, .',
  '1:', 'j 1b', 'beqz a0, 9f', '.align 40', '.space -5', '.fill 99999999999, 8, 1', '"', "'", '/*', '*/', '%hi(', '.section',
  '.section .x, "zz"', '\\@', '.set v, v + 1', '.size v, .', '.type v, @bogus', 'c.lui a0, 0', '.S', '#', ';;;', ':',
];
const TOKENS = ['a0', 'sp', 'x31', 'f3', '(', ')', ',', '%lo', '%pcrel_lo', '1f', '.', '-', '0x', '0b', "'", '"', '\\', 'addi',
  'c.j', '.word', '.macro', '9999999999999999999999', '<<', ':', '=', '@', '#', '$', 'ft0', 'rtz', 'iorw'];

/** A mutated copy of `source`. */
function mutate(source: string, rng: Rng): string {
  const lines = source.split('\n');
  const edits = 1 + rng.int(6);
  for (let e = 0; e < edits; e++) {
    const i = rng.int(Math.max(1, lines.length));
    const line = lines[i] ?? '';
    switch (rng.int(7)) {
      case 0: lines[i] = line.slice(0, rng.int(line.length + 1)); break; // truncated line
      case 1: lines[i] = line.replace(/-?\b\d+\b/, () => rng.pick(['0x7fffffffffffffff', '-9223372036854775808', '4096', '99999999999999999999', '-1'])); break;
      case 2: lines.splice(i, 0, rng.pick(INSERTIONS)); break;
      case 3: lines.splice(i, 1); break;
      case 4: lines[i] = Array.from({ length: 1 + rng.int(8) }, () => rng.pick(TOKENS)).join(rng.pick([' ', ', ', ''])); break;
      case 5: lines[i] = line + rng.pick(TOKENS); break;
      default: lines.splice(i, 0, lines[rng.int(lines.length)] ?? ''); break;
    }
  }
  return lines.join('\n');
}

/** Small seeds: pieces of every corpus. */
function seeds(): string[] {
  const pieces = (s: string, size: number) => {
    const lines = s.split('\n');
    const out: string[] = [];
    for (let i = 0; i < lines.length; i += size) out.push(lines.slice(i, i + size).join('\n'));
    return out;
  };
  return [
    ...pieces(instructionCorpus('rv64gc', 9, 2).source, 40), ...pieces(pseudoCorpus(liValues(3, 20)).source, 40),
    ...pieces(DIRECTIVE_CORPUS, 30), MACRO_CORPUS, ...EDGE_CASES,
  ];
}

describe('fuzzing: diagnostics or an object, never a throw', () => {
  it(`${MUTANTS} mutated sources (seed ${SEED})`, () => {
    const rng = new Rng(SEED);
    const base = seeds();
    let objects = 0;
    for (let n = 0; n < MUTANTS; n++) {
      const r = check(mutate(rng.pick(base), rng), { march: rng.int(3) === 0 ? 'rv64g' : 'rv64gc' });
      if (r.object !== undefined) objects++;
    }
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    expect(objects).toBeGreaterThan(MUTANTS / 20);
    expect(objects).toBeLessThan(MUTANTS);
  });

  it('random token soup', () => {
    const rng = new Rng(SEED + 1);
    for (let n = 0; n < 500; n++) {
      const lines = Array.from({ length: 1 + rng.int(20) }, () => Array.from({ length: rng.int(10) }, () => rng.pick(TOKENS)).join(' '));
      check(lines.join('\n'));
    }
  });

  it('megabyte lines: a long expression, deep parentheses, many operands, one long string', () => {
    check(`  li a0, ${'1+'.repeat(ONE_MB / 2)}1`);
    check(`  li a0, ${'('.repeat(ONE_MB)}`);
    check(`  li a0, ${'-'.repeat(ONE_MB)}1`);
    check(`  .byte ${'1,'.repeat(ONE_MB / 2)}1`);
    check(`  .ascii "${'x'.repeat(ONE_MB)}"`);
    check(`  ${'\\'.repeat(ONE_MB)}`);
    check(`#define A ${'A '.repeat(ONE_MB / 2)}\nA`, { file: 'big.S' });
  });

  it('runaway repetition and recursion stop at the work bound', () => {
    const r = check('  .rept 1000000000\n  nop\n  .endr\n');
    expect(r.diagnostics.some((d) => d.message.startsWith('work bound reached'))).toBe(true);
    const nested = check('  .rept 1000\n  .rept 1000\n  .rept 1000\n  nop\n  .endr\n  .endr\n  .endr\n');
    expect(nested.diagnostics.some((d) => d.message.startsWith('work bound reached'))).toBe(true);
    expect(check('  .macro r\n  r\n  .endm\n  r\n').diagnostics.some((d) => d.message === 'macros nested too deeply')).toBe(true);
    expect(check('  .include "self.s"\n').diagnostics[0]!.message).toBe("recursive .include of `self.s'");
    const huge = check('  .rept 10000\n  .space 60000000\n  .endr\n', { maxStatements: 1_000_000 });
    expect(huge.diagnostics.some((d) => d.message.startsWith('output too large'))).toBe(true);
    const padding = check('  .rept 100000\n  .balign 65536\n  .byte 1\n  .endr\n', { maxStatements: 1_000_000 });
    expect(padding.diagnostics.some((d) => d.message.startsWith('output too large'))).toBe(true);
  });

  it('preprocessor loops end', () => {
    check('#define A A\nA\n#define F(x) F(x) F(x)\nF(1)\n', { file: 'x.S' });
    check('#include "self.h"\n', { file: 'x.S' });
    check('#if (((((\n#endif\n#elif\n#else\n#else\n#if 1/0\n#endif\n', { file: 'x.S' });
    check('#define E(a, b) a ## b ## #a\nE(\n', { file: 'x.S' });
  });
});
