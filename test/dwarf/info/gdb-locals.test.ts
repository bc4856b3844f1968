/**
 * Which variables a frame lists: scopeAt(pc)[i].variables must be what gdb-multiarch's
 * `info args` + `info locals` print there. The expected lists below were observed with
 * gdb-multiarch (Debian, gdb 13) under `qemu-riscv64 -g PORT`; each test quotes gdb.
 * Our order is parameters, then each enclosing block outermost first (gdb prints the
 * innermost block first); the names per block and the duplicates are gdb's.
 */
import { describe, expect, it } from 'vitest';
import type { DwarfVariable } from '../../../src/dwarf/model';
import { cdebugPath, loadElf, loadFixture } from './fixtures';

const names = (vs: DwarfVariable[]): string[] => vs.map((v) => v.name);

function frame0(d: ReturnType<typeof loadFixture>, fn: string, pc?: number) {
  return d.scopeAt(pc ?? d.functionsNamed(fn)[0]!.lowPc)[0]!;
}

describe('locals gdb does not list: DW_AT_const_value held as bytes (LOC_CONST_BYTES)', () => {
  it('floats-O2 mix: gdb lists f, d, r; third..tiny (8-byte/4-byte block constants) stay nameable', () => {
    // gdb at floats.c:14: "f = 2.5 / d = -1.25 / r = -2.69..."; `info scope` has
    // "Symbol third is constant bytes: ab aa aa 3e" and `print third` gives 0.333333343.
    const f = frame0(loadElf(cdebugPath('floats-O2')), 'mix', 0x10682);
    expect(names(f.variables)).toEqual(['f', 'd', 'r']);
    expect(names(f.unlisted)).toEqual(['third', 'tenth', 'big', 'neg_zero', 'tiny']);
    expect(f.unlisted[0]!.location).toEqual({ kind: 'const', value: Uint8Array.of(0xab, 0xaa, 0xaa, 0x3e) });
  });

  it('floats-O2 main: gdb lists r and arr, not inf (an 8-byte block constant)', () => {
    const d = loadElf(cdebugPath('floats-O2'));
    expect(names(frame0(d, 'main', 0x10556).variables)).toEqual(['r', 'arr']);
    expect(names(frame0(d, 'main', 0x10556).unlisted)).toEqual(['inf']);
  });

  it('globals-O2 bump: gdb lists by, calls, now; tag (a string-form constant) is unlisted', () => {
    const f = frame0(loadElf(cdebugPath('globals-O2')), 'bump');
    expect(names(f.variables)).toEqual(['by', 'calls', 'now']);
    expect(names(f.unlisted)).toEqual(['tag']);
  });

  it('scopes: an integer-form constant (seven) is listed, block and string ones are not; at -O0 all have locations', () => {
    // gdb -O2: "d = 2.5 / seven = 7 / r = 104.25"; -O0: "d, tenth, tag, seven, r".
    expect(names(frame0(loadFixture('scopes-O2'), 'constants').variables)).toEqual(['d', 'seven', 'r']);
    expect(names(frame0(loadFixture('scopes-O2'), 'constants').unlisted)).toEqual(['tenth', 'tag']);
    expect(names(frame0(loadFixture('scopes-O0'), 'constants').variables)).toEqual(['d', 'tenth', 'tag', 'seven', 'r']);
  });
});

describe.each(['scopes-O0', 'scopes-O2'])('enumerators of a function-local enum in %s', (name) => {
  it('are listed as locals of the enum type, in DIE order with the variables', () => {
    // gdb: "FAST = FAST / CAREFUL = CAREFUL / m = ..."; info scope: "Symbol FAST is a constant with value 7".
    const f = frame0(loadFixture(name), 'local_enum');
    expect(names(f.variables)).toEqual(['v', 'FAST', 'CAREFUL', 'm']);
    const fast = f.variables[1]!;
    expect(fast.location).toEqual({ kind: 'const', value: 7n });
    expect(fast.type).toMatchObject({ kind: 'enum', name: 'local_mode' });
    expect(names(frame0(loadFixture(name), 'file_enum').variables)).toEqual(['v', 'm']);
  });
});

describe('shadowed locals', () => {
  it('types-O0 shadow: every x of the enclosing blocks, outermost first (gdb prints x = 3, x = 2, x = 1)', () => {
    const d = loadFixture('types-O0');
    const deepest = d.functionsNamed('shadow').flatMap((fn) => {
      const out = [];
      for (let pc = fn.lowPc; pc < fn.highPc; pc += 2) out.push(frame0(d, 'shadow', pc));
      return out;
    }).sort((a, b) => b.variables.length - a.variables.length)[0]!;
    expect(names(deepest.variables)).toEqual(['arg', 'x', 'x', 'x']);
    expect(deepest.variables.map((v) => v.declLine)).toEqual([46, 48, 50, 52]);
  });

  it('types-O2 inlined shadow: the abstract origin children no direct concrete child covers are listed too', () => {
    // gdb at 0x101e2 (frame 0 = inlined shadow): "x = 3 / x = 2 / x = 1 / x = <optimized out>
    // x3": the origin's x (line 48) and its range-less abstract blocks' x (50, 52) are not
    // referenced by direct children of the concrete DIE, so gdb adds them, without location.
    const [inl] = loadFixture('types-O2').scopeAt(0x101e2);
    expect(inl).toMatchObject({ kind: 'inlined', name: 'shadow' });
    expect(inl!.variables.map((v) => `${v.name}:${v.location.kind}:${v.declLine}`)).toEqual([
      'arg:list:46', 'x:none:48', 'x:none:50', 'x:none:52', 'x:expr:48', 'x:list:50', 'x:list:52',
    ]);
  });

  it('types-O2 inlined counter: the origin function-static calls is listed (gdb: "calls = 0")', () => {
    const [inl] = loadFixture('types-O2').scopeAt(0x10198);
    expect(inl).toMatchObject({ kind: 'inlined', name: 'counter' });
    expect(names(inl!.variables)).toEqual(['calls']);
  });
});
