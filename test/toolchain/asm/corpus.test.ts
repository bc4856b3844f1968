/**
 * The assembler against GNU as (riscv64-linux-gnu-as -mno-relax, -march=rv64gc and rv64g): every
 * instruction-table row, every pseudo-instruction (li over edge and fixed-seed random constants),
 * every directive, macros, relaxation boundaries and symbol corner cases. Sections (.text, .data,
 * .rodata and custom), symbols (including mapping symbols) and relocations must be identical.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assemble } from '../../../src/toolchain/asm';
import {
  DIRECTIVE_CORPUS, EDGE_CASES, MACRO_CORPUS, instructionCorpus, liValues, pseudoCorpus, relaxationCases,
} from './corpus';
import { diffObjects, gnuAssemble, hasGnuAs, viewObject } from './gnu';

type March = 'rv64gc' | 'rv64g';
const MARCHES: readonly March[] = ['rv64gc', 'rv64g'];
const RANDOM_LI_VALUES = 300;
const LI_SEED = 20240611;

/** Lines compared byte-identical, for the summary. */
const tally = { files: 0, lines: 0 };

/** Assembles `source` with both assemblers and returns the differences (empty = identical). */
function compare(source: string, march: March, lines = source.split('\n').length): string[] {
  const ours = assemble(source, { file: 'in.s', march });
  const gnu = gnuAssemble(source, march);
  const errors = ours.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.line}: ${d.message}`);
  if (gnu.object === undefined) return [`GNU as failed: ${gnu.stderr}`, ...errors];
  if (ours.object === undefined) return [`no object: ${errors.join('; ')}`];
  const diffs = diffObjects(viewObject(ours.object), viewObject(gnu.object), { mapping: true });
  if (diffs.length === 0) {
    tally.files++;
    tally.lines += lines;
  }
  return diffs;
}

afterAll(() => {
  if (tally.files > 0) console.log(`GNU as comparison: ${tally.files} files, ${tally.lines} source lines byte-identical`);
});

describe.skipIf(!hasGnuAs)('byte-identical with GNU as -mno-relax (needs riscv64-linux-gnu-as)', () => {
  for (const march of MARCHES) {
    it(`every instruction-table row with varied operands (${march}, 2 seeds)`, () => {
      for (const seed of [1, 2]) {
        const c = instructionCorpus(march, seed);
        expect(compare(c.source, march, c.lines)).toEqual([]);
      }
    });

    it(`every pseudo-instruction, li of edge values and ${RANDOM_LI_VALUES} random 64-bit constants (${march})`, () => {
      const c = pseudoCorpus(liValues(LI_SEED, RANDOM_LI_VALUES));
      expect(compare(c.source, march, c.lines)).toEqual([]);
    });

    it(`every directive (${march})`, () => {
      expect(compare(DIRECTIVE_CORPUS, march)).toEqual([]);
    });

    it(`macros, .irp, .rept, .set and .if (${march})`, () => {
      expect(compare(MACRO_CORPUS, march)).toEqual([]);
    });

    it(`branch relaxation at each reach boundary (${march})`, () => {
      for (const c of relaxationCases()) expect(compare(c, march)).toEqual([]);
    });

    it(`symbol, section and relocation corner cases (${march})`, () => {
      for (const c of EDGE_CASES) expect(compare(c, march), c).toEqual([]);
    });
  }
});

const hasGcc = spawnSync('riscv64-linux-gnu-gcc', ['--version']).status === 0;

describe.skipIf(!hasGcc || !hasGnuAs)('.S files as gcc -E then GNU as (needs riscv64-linux-gnu-gcc)', () => {
  it('the preprocessor output assembles to the same object', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-cpp-'));
    try {
      const header = '#define FOO_VALUE 7\n#define STR_LEN (3 + \\\n 4)\n#define REG a3\n';
      const source = [
        '#include "defs.h"', '#define SYS_write 64', '#define SYSCALL(n) li a7, n; ecall', '#define ADD3(a, b, c) add a, b, c',
        '#define STR(x) #x', '#define CAT(a, b) a ## b',
        '#if defined(SYS_write) && SYS_write > 10', '  li a0, 1', '#else', '  li a0, 2', '#endif',
        '#ifdef NOT_DEFINED', '  ebreak', '#elif FOO_VALUE == 7', '  li a1, FOO_VALUE   // C++ comment', '#endif',
        '#ifndef __riscv_compressed', '  nop', '#endif',
        '/* block', '   comment */ SYSCALL(SYS_write)', '  ADD3(a0, a1, REG)', '  .word STR_LEN',
        '#if (1 << 3) == 8 ? 1 : 0', '  li a2, 3', '#endif', '  .asciz STR(hello)', '  CAT(ad, di) a0, a0, 1',
        '#undef FOO_VALUE', '#ifdef FOO_VALUE', '  ebreak', '#endif', '# a comment line', '',
      ].join('\n');
      writeFileSync(join(dir, 'defs.h'), header);
      writeFileSync(join(dir, 'in.S'), source);
      const cpp = spawnSync('riscv64-linux-gnu-gcc', ['-E', '-x', 'assembler-with-cpp', '-march=rv64gc', join(dir, 'in.S')],
        { encoding: 'utf8', cwd: dir });
      expect(cpp.status).toBe(0);
      const gnu = gnuAssemble(cpp.stdout, 'rv64gc');
      const ours = assemble(source, {
        file: join(dir, 'in.S'),
        readFile: (p) => (p === 'defs.h' ? { path: join(dir, p), text: readFileSync(join(dir, p), 'utf8') } : undefined),
      });
      expect(ours.diagnostics).toEqual([]);
      expect(diffObjects(viewObject(ours.object!), viewObject(gnu.object!))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const EXAMPLES = join(__dirname, '../../../examples/asm');
const exampleFiles = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).filter((f) => /\.[sS]$/.test(f)) : [];

describe.skipIf(!hasGcc || !hasGnuAs || exampleFiles.length === 0)('examples/asm like GNU (needs riscv64-linux-gnu-gcc)', () => {
  for (const name of exampleFiles) {
    it(`${name} assembles exactly as ${name.endsWith('.S') ? 'gcc -E + ' : ''}GNU as does`, () => {
      const path = join(EXAMPLES, name);
      const source = readFileSync(path, 'utf8');
      let gnuSource = source;
      if (name.endsWith('.S')) {
        const cpp = spawnSync('riscv64-linux-gnu-gcc', ['-E', '-x', 'assembler-with-cpp', '-march=rv64gc', path], { encoding: 'utf8' });
        expect(cpp.status).toBe(0);
        gnuSource = cpp.stdout;
      }
      const ours = assemble(source, { file: path, readFile: (p) => {
        const full = join(EXAMPLES, p);
        return existsSync(full) ? { path: full, text: readFileSync(full, 'utf8') } : undefined;
      } });
      expect(ours.diagnostics).toEqual([]);
      const gnu = gnuAssemble(gnuSource, 'rv64gc');
      expect(diffObjects(viewObject(ours.object!), viewObject(gnu.object!), { mapping: true })).toEqual([]);
      tally.files++;
      tally.lines += source.split('\n').length;
    });
  }
});

const hasObjdump = spawnSync('riscv64-linux-gnu-objdump', ['--version']).status === 0;

/** (file, line, address) rows of `objdump --dwarf=decodedline`. */
function decodedLines(object: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'gk-dl-'));
  try {
    writeFileSync(join(dir, 'x.o'), object);
    const r = spawnSync('riscv64-linux-gnu-objdump', ['--dwarf=decodedline', join(dir, 'x.o')], { encoding: 'utf8' });
    return r.stdout.split('\n').map((l) => /^(\S+)\s+(\d+|-)\s+(0x[0-9a-f]+|0)\b/.exec(l)).filter((m) => m !== null)
      .map((m) => `${m![1]} ${m![2]} ${BigInt(m![3]!)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasGnuAs || !hasObjdump)('.debug_line like as -g (needs riscv64-linux-gnu-objdump)', () => {
  it('maps every instruction to the same line as GNU as -g, as objdump decodes both', () => {
    const source = [
      '.text', '.globl _start', '_start:', '  li a0, 1', '  la a1, msg', '  call foo', '  beqz a0, 1f', '  addi a0, a0, 1',
      '  .align 3', '1: nop', '  li a1, 0x123456789', '  ret', '.section .text.two, "ax"', 'two:', '  nop; nop', '  j two',
      '.data', 'msg: .asciz "hi"', '',
    ].join('\n');
    const ours = assemble(source, { file: 'in.s', debugLine: true });
    const gnu = gnuAssemble(source, 'rv64gc', ['-g']);
    expect(decodedLines(ours.object!)).toEqual(decodedLines(gnu.object!));
  });
});
