import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CSR_NAMES, F_NAMES, INSTRUCTIONS, X_NAMES } from '../../src/isa';
import { ROUNDING_MODE_NAMES } from '../../src/isa/disasm-fd';
import { PSEUDO_INSTRUCTIONS } from '../../src/isa/pseudo';
import { ROOT, SampleWriter, assertionCount, handLists, runGenerator, runGrammarTests } from './tmgrammar';

const SAMPLES = join(ROOT, 'test/syntaxes');
const sampleFiles = readdirSync(SAMPLES).filter((f) => /\.[sS]$/.test(f)).map((f) => join(SAMPLES, f));
const lists = handLists();
const work = mkdtempSync(join(tmpdir(), 'gk-syntaxes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const AS = 'riscv64-linux-gnu-as';
const hasAs = spawnSync(AS, ['--version']).status === 0;
/**
 * Directives the assembler accepts that GNU as 2.40 does not have: `.rodata` (issue 11's
 * shorthand for `.section .rodata`) and LLVM's `.addrsig`, `.addrsig_sym` and `.endmacro`,
 * which clang's output holds (accepted, and `.addrsig*` ignored).
 */
const OUR_OWN_DIRECTIVES = ['addrsig', 'addrsig_sym', 'endmacro', 'rodata'];

/** Runs `source` through GNU as (rv64gc) and returns its messages. */
function gnuAs(source: string): string {
  const r = spawnSync(AS, ['-march=rv64gc', '-o', '/dev/null', '-'], { input: source, encoding: 'utf8' });
  return r.stderr;
}

describe('the generated grammar', () => {
  it('is exactly what scripts/gen-grammar.mjs generates from the instruction table (no drift)', () => {
    const r = runGenerator('--check');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('annotated samples (vscode-tmgrammar-test)', () => {
  it(`every assertion of the ${sampleFiles.length} files in test/syntaxes holds`, () => {
    expect(sampleFiles.length).toBeGreaterThanOrEqual(4);
    const run = runGrammarTests(sampleFiles);
    expect(run.output).not.toContain('ERROR');
    expect(run.status).toBe(0);
    expect(run.passed).toEqual(sampleFiles);
    const total = sampleFiles.reduce((n, f) => n + assertionCount(f), 0);
    expect(total).toBeGreaterThan(200);
  });

  it('every mnemonic, register, CSR, rounding mode, directive and relocation function of the lists is highlighted', () => {
    const w = new SampleWriter('every name the grammar knows');
    const rowNames = new Set(INSTRUCTIONS.map((r) => r.mnemonic));
    for (const row of INSTRUCTIONS) {
      w.line('    ', row.mnemonic, 'keyword.other.instruction');
      w.line('    ', row.mnemonic.toUpperCase(), 'keyword.other.instruction');
      if (row.format !== 'AMO' && row.format !== 'LR') continue;
      for (const suffix of lists.ORDERING_SUFFIXES) w.line(`    ${row.mnemonic}`, `.${suffix}`, 'storage.modifier.ordering', ' a0, (a1)');
    }
    for (const p of PSEUDO_INSTRUCTIONS) {
      w.line('    ', p.mnemonic, rowNames.has(p.mnemonic) ? 'keyword.other.instruction' : 'keyword.other.instruction.pseudo');
    }
    X_NAMES.forEach((name, i) => {
      w.line('    add a0, ', `x${i}`, 'variable.language.register.integer');
      w.line('    add a0, ', name, 'variable.language.register.integer');
    });
    w.line('    add a0, ', lists.FRAME_POINTER_ALIAS.name, 'variable.language.register.integer');
    F_NAMES.forEach((name, i) => {
      w.line('    fadd.d fa0, ', `f${i}`, 'variable.language.register.floating-point');
      w.line('    fadd.d fa0, ', name, 'variable.language.register.floating-point');
    });
    for (const csr of CSR_NAMES.values()) {
      w.line('    csrrs a0, ', csr, 'variable.language.csr', ', zero');
      w.line('    csrr a0, ', csr, 'variable.language.csr');
    }
    for (const rm of ROUNDING_MODE_NAMES) if (rm) w.line('    fsqrt.d fa0, fa1, ', rm, 'constant.language.rounding-mode');
    for (const d of lists.DIRECTIVES) w.line('    ', `.${d}`, 'keyword.control.directive');
    for (const f of lists.RELOCATION_FUNCTIONS) w.line('    addi a0, a0, ', `%${f}`, 'support.function.relocation', '(sym)');
    for (const o of lists.OPTION_ARGUMENTS) w.line('    .option ', o, 'support.constant.option');
    for (const t of lists.SYMBOL_TYPES) w.line('    .type sym, ', `@${t}`, 'support.constant.symbol-type');
    for (const t of lists.SECTION_TYPES) w.line('    .section .data.x, "aw", ', `%${t}`, 'support.constant.symbol-type');
    for (const word of lists.PREPROCESSOR_WORDS) w.lineStart(`#${word}`, 'keyword.control.directive.preprocessor', ' X');
    const file = join(work, 'every-name.s');
    writeFileSync(file, w.text());
    const run = runGrammarTests([file]);
    expect(run.output.split('\n').filter((l) => l.startsWith('ERROR')).slice(0, 10)).toEqual([]);
    expect(run.status).toBe(0);
    expect(w.assertions).toBeGreaterThan(1500);
  });
});

describe.skipIf(!hasAs)('the hand-kept lists against GNU as (needs riscv64-linux-gnu-as)', () => {
  it('every listed directive is a GNU as pseudo-op, except our assembler\'s own', () => {
    const unknown = lists.DIRECTIVES.filter((d) => /unknown pseudo-op/.test(gnuAs(`.${d}\n`)));
    expect(unknown).toEqual(OUR_OWN_DIRECTIVES);
  });

  it('every listed .option argument is one GNU as recognises', () => {
    const args = lists.OPTION_ARGUMENTS.map((o) => (o === 'arch' ? 'arch, +m' : o));
    const messages = gnuAs(args.map((o) => `.option push\n.option ${o}\n.option pop\n`).join(''));
    expect(messages).not.toMatch(/unrecognized \.option/);
  });

  it('every listed symbol type is one GNU as accepts in .type, every section type one it accepts in .section', () => {
    const types = lists.SYMBOL_TYPES.map((t, i) => `.type s${i}, @${t}\n`).join('');
    const sections = lists.SECTION_TYPES.map((t, i) => `.section .s${i}, "a", @${t}\n`).join('');
    expect(gnuAs(types + sections)).toBe('');
  });
});
