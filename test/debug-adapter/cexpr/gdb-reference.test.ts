/**
 * Every `print EXPR` answer gdb 13 (gdb-multiarch) gave for the fixture program
 * fixtures/values.c, recorded by fixtures/gdb-probe.sh into fixtures/gdb-expected.txt, must be
 * what evaluateExpression + formatValue({topLevel}) produce over the same program state
 * (program.ts mirrors it: same addresses, same types, same contents).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateExpression, formatValue, isError, printValue, typeName } from '../../../src/debug-adapter/cexpr';
import { fixtureProgram } from './program';

const EXPECTED = join(__dirname, 'fixtures', 'gdb-expected.txt');

/** Lines of the recording that are not a single `print`: checked by their own tests below. */
const NOT_PRINT = new Set(['info locals', 'info args', 'whatis']);

function recorded(): Array<[string, string]> {
  return readFileSync(EXPECTED, 'utf8')
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => {
      const tab = l.indexOf('\t');
      return [l.slice(0, tab), l.slice(tab + 1).replace(/qemu-riscv64: .*$/, '')] as [string, string];
    });
}

/** What gdb printed, without `$N = ` and without a `warning: ...` line before it. */
function gdbAnswer(raw: string): { value?: string; error?: string } {
  const text = raw.replace(/^warning: [^\\]*\\n/, '');
  const m = text.match(/^\$\d+ = (.*)$/);
  return m ? { value: m[1]! } : { error: text };
}

function ours(expr: string, program = fixtureProgram()): { value?: string; error?: string } {
  const hex = expr.startsWith('/x ');
  const v = evaluateExpression(hex ? expr.slice(3) : expr, program, { allowSideEffects: true });
  if (isError(v)) return { error: v.message };
  const text = printValue(v, program, { hex });
  return isError(text) ? { error: text.message } : { value: text };
}

describe('print matches gdb 13 on the values.c fixture', () => {
  const program = fixtureProgram();
  for (const [expr, raw] of recorded()) {
    if (NOT_PRINT.has(expr)) continue;
    it(`print ${expr}`, () => {
      expect(ours(expr, program)).toEqual(gdbAnswer(raw));
    });
  }
});

describe('info locals matches gdb 13 (no pointer type prefix)', () => {
  it('formats each local of main as gdb does', () => {
    const program = fixtureProgram();
    const line = recorded().find(([k]) => k === 'info locals')![1];
    const expected = line.split('\\n');
    const got = ['local', 'lc', 'lp', 'ls', 'lpt', 'la', 'lf'].map((name) => {
      const v = program.lookupVariable(name)!;
      return `${name} = ${formatValue(v, program)}`;
    });
    expect(got).toEqual(expected);
  });
});

describe('typeName matches gdb 13 whatis', () => {
  it('spells every probed type as gdb does', () => {
    const program = fixtureProgram();
    const exprs = [
      'pp', 'fp', '&fp', 'arr', '&arr', 'grid', 'msg', '&add', 'add', 'tpt', 'pts', '&pts', 'col', 'un', 'an', 'bf.mid', '(char)1', '1UL', '1LL',
      'ul+1', '1.0f', 'cmsg', 'uc+1', 'sizeof(int)', 'ip-arr', 'c', '(unsigned)1', '(long unsigned int)1', '(short unsigned)1',
      '(unsigned long long)1', '(const char *)0', '(char * const)0', '(struct point **)0', '(int (*)[3])0', 'vp', 'hold.op', '&hold.name',
      'seq[0]+0L', '1.5f+1', "'a'", '10U>>1', 'bt', '1==1', '1 ? 1 : 2.0',
    ];
    const line = recorded().find(([k]) => k === 'whatis')![1];
    const expected = line.split('\\n').filter((l) => l.startsWith('type = ')).map((l) => l.slice('type = '.length));
    const got = exprs.map((e) => {
      const v = evaluateExpression(e, program);
      return isError(v) ? `error: ${v.message}` : typeName(v.type);
    });
    expect(got).toEqual(expected);
  });
});
