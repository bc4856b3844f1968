/**
 * valueFromPieces over the real DWARF gcc 12 -O2 emits for test/fixtures/cdebug (the committed
 * unions-O2 and arrays-O2): the location lists of `fl`, `name`, `tab` and `w` at the
 * `BP:main_end` lines are evaluated by src/dwarf/expr and formatted. The expected strings are
 * gdb-multiarch 13.1's `info locals` there (qemu-riscv64 -g, `break unions.c:24` / `break
 * arrays.c:29`, `continue`, `info locals`); these objects need no register or memory.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Program } from '../../../src/debug-adapter/program';
import { evaluateLocation, type EvalContext } from '../../../src/dwarf/expr';
import { formatValue, isError, valueFromPieces, type EvalScope } from '../../../src/debug-adapter/cexpr';

const BIN = join(__dirname, '../../fixtures/cdebug/bin');
/** A stopped program that knows nothing: the objects under test are constants and holes. */
const NOTHING: EvalScope = {
  lookupVariable: () => undefined, typeByName: () => undefined, readRegister: () => undefined,
  readMemory: () => undefined, symbolize: () => undefined,
};
const NO_FACTS: EvalContext = { register: () => undefined, memory: () => undefined, cfa: () => undefined, frameBase: () => undefined, addrx: () => undefined };

/** `name = text` for local `name` of main in `bin` stopped at `pc`, as info locals prints it. */
function local(bin: string, pc: number, name: string): string {
  const loaded = Program.load(join(BIN, bin));
  if (!loaded.ok) return loaded.error;
  const frames = loaded.program.debugInfo?.scopeAt(pc) ?? [];
  const v = frames[frames.length - 1]?.variables.find((x) => x.name === name);
  if (!v) return `${name} not found`;
  const d = v.location;
  if (d.kind === 'none') return `${name} = <optimized out>`;
  const expr = d.kind === 'expr' ? d.expr : d.kind === 'list' ? d.entries.find((e) => e.start <= pc && pc < e.end)?.expr : undefined;
  if (!expr) return `${name} = <optimized out>`;
  const r = evaluateLocation(expr, NO_FACTS);
  if (!r.ok) return r.error;
  const value = valueFromPieces(v.type, r.pieces);
  return isError(value) ? value.message : `${name} = ${formatValue(value, NOTHING)}`;
}

/** The pcs gdb reports for `break unions.c:24` and `break arrays.c:29` in the -O2 builds. */
const UNIONS_MAIN_END = 0x1054a;
const ARRAYS_MAIN_END = 0x10578;

describe('partly optimized-out locals of the real -O2 fixtures print as gdb prints them', () => {
  it('a struct of bit fields with one DW_OP_bit_piece known (unions-O2)', () => {
    expect(local('unions-O2', UNIONS_MAIN_END, 'fl')).toBe('fl = {ready = <optimized out>, mode = <optimized out>, delta = 11, big = <optimized out>}');
    expect(local('unions-O2', UNIONS_MAIN_END, 'w')).toBe('w = <optimized out>');
  });
  it('char arrays with one known byte (arrays-O2)', () => {
    expect(local('arrays-O2', ARRAYS_MAIN_END, 'name')).toBe("name = {103 'g', <optimized out> <repeats 15 times>}");
    expect(local('arrays-O2', ARRAYS_MAIN_END, 'tab')).toBe(
      "tab = {{<optimized out>, <optimized out>, <optimized out>, <optimized out>, <optimized out>, <optimized out>}, {113 'q', <optimized out>, <optimized out>, <optimized out>, <optimized out>, <optimized out>}}",
    );
  });
});
