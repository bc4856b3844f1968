/**
 * The `.S` path: the small C preprocessor (object-like and function-like #define, # and ##,
 * #include through the caller's reader, #if/#ifdef/#ifndef/#elif/#else/#endif with defined() and
 * integer expressions) and what it reports.
 */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../src/toolchain/asm';
import { DiagnosticSink } from '../../../src/toolchain/asm/diagnostics';
import { preprocess } from '../../../src/toolchain/asm/preprocess';

/** The non-empty lines the preprocessor passes to the assembler, as `line: text`. */
function cpp(source: string, files: Record<string, string> = {}, defines?: Record<string, string>): { lines: string[]; errors: string[] } {
  const diags = new DiagnosticSink();
  const out = preprocess(source, { file: 'in.S', readFile: (p) => files[p], defines }, diags);
  return {
    lines: out.filter((l) => l.text.trim() !== '').map((l) => `${l.file}:${l.line}: ${l.text.trim()}`),
    errors: diags.list.map((d) => `${d.range.file}:${d.range.line}: ${d.message}`),
  };
}

describe('C preprocessor for .S files', () => {
  it('replaces object-like and function-like macros, keeping line numbers', () => {
    expect(cpp('#define N 64\n#define SYS(n) li a7, n; ecall\n\n  SYS(N)\n  .word N+1\n').lines)
      .toEqual(['in.S:4: li a7, 64; ecall', 'in.S:5: .word 64+1']);
  });

  it('stringifies with # and pastes with ##', () => {
    expect(cpp('#define S(x) #x\n#define C(a, b) a ## b\n  .asciz S(hi)\n  C(ad, di) a0, a0, 1\n').lines)
      .toEqual(['in.S:3: .asciz "hi"', 'in.S:4: addi a0, a0, 1']);
  });

  it('chooses #if/#elif/#else branches with defined() and integer expressions', () => {
    const source = '#define A 3\n#if defined(A) && A * 2 == 6\n  one\n#elif 1\n  two\n#else\n  three\n#endif\n'
      + '#ifdef B\n  four\n#elif !defined B && (A << 1) > 5 ? 1 : 0\n  five\n#endif\n#ifndef A\n  six\n#endif\n';
    expect(cpp(source).lines).toEqual(['in.S:3: one', 'in.S:12: five']);
  });

  it('removes C and C++ comments and splices continued lines', () => {
    expect(cpp('  nop /* a\n b */ nop // c\n#define L 1 + \\\n  2\n  .word L\n').lines)
      .toEqual(['in.S:1: nop', 'in.S:2: nop', 'in.S:5: .word 1 +   2']);
  });

  it('includes through the reader and reports lines in the included file', () => {
    const r = cpp('#include "d.h"\n  li a0, V\n', { 'd.h': '#define V 9\n  nop\n' });
    expect(r.lines).toEqual(['d.h:2: nop', 'in.S:2: li a0, 9']);
  });

  it('takes predefined macros and -D style defines', () => {
    expect(cpp('#if __riscv_xlen == 64 && defined(__riscv_compressed)\n  ok X\n#endif\n', {}, { X: '5' }).lines).toEqual(['in.S:2: ok 5']);
  });

  it('passes unknown directives and # comment lines to the assembler', () => {
    expect(assemble('# just a comment\n#APP\n  nop\n', { file: 'c.S' }).diagnostics).toEqual([]);
  });

  it('reports unterminated #if, stray #else/#endif, #error, missing and recursive includes', () => {
    const r = cpp('#if 1\n#error stop\n', { 'r.h': '#include "r.h"\n' });
    expect(r.errors).toEqual(['in.S:2: #error stop', 'in.S:1: unterminated #if']);
    expect(cpp('#endif\n#else\n').errors).toEqual(['in.S:1: #endif without #if', 'in.S:2: #else without #if']);
    expect(cpp('#include "nope.h"\n').errors).toEqual(['in.S:1: nope.h: No such file or directory']);
    expect(cpp('#include "r.h"\n', { 'r.h': '#include "r.h"\n' }).errors).toEqual(['r.h:1: #include nested in itself: r.h']);
    expect(cpp('#define F(a, b) a\n  F(1)\n').errors).toEqual(['in.S:2: macro "F" requires 2 arguments, but only 1 given']);
  });

  it('a .S file assembles through the preprocessor; a .s file does not', () => {
    const source = '#define ONE 1\n  li a0, ONE\n';
    expect(assemble(source, { file: 'x.S' }).diagnostics).toEqual([]);
    expect(assemble(source, { file: 'x.s' }).diagnostics.map((d) => d.message)).toEqual(["illegal operands `li a0, ONE'"]);
  });
});
