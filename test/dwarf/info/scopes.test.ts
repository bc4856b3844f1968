import { describe, expect, it } from 'vitest';
import type { ScopeFrame } from '../../../src/dwarf/model';
import { FIXTURES, OPTIMISED_FIXTURES, loadFixture, staticAddress } from './fixtures';

/** Every scope at each 2-byte step of a function. */
function scopesOver(d: ReturnType<typeof loadFixture>, fn: string): ScopeFrame[][] {
  const out: ScopeFrame[][] = [];
  for (const f of d.functionsNamed(fn)) {
    for (let pc = f.lowPc; pc < f.highPc; pc += 2) out.push(d.scopeAt(pc));
  }
  return out;
}

describe.each(FIXTURES)('variables and scopes of %s', (name) => {
  const d = loadFixture(name);
  const optimised = name.endsWith('O2');
  const main = d.functionsNamed('main')[0]!;

  it('finds functions by name and by pc, static ones included', () => {
    expect(main).toMatchObject({ name: 'main', external: true, declLine: 60 });
    expect(main.declFile).toMatch(/\/types\.c$/);
    expect(d.functionAt(main.lowPc)?.name).toBe('main');
    expect(d.functionAt(main.highPc - 2)?.name).toBe('main');
    expect(d.functionAt(main.highPc)?.name).not.toBe('main');
    expect(d.functionsNamed('factorial')).toHaveLength(1);
    expect(d.functionsNamed('add')[0]).toMatchObject({ external: false });
    expect(d.scopeAt(0)).toEqual([]);
  });

  it('lists the unit globals and file statics at a pc, only externals without one', () => {
    const here = d.globals(main.lowPc).map((v) => v.name);
    expect(here).toEqual(expect.arrayContaining(['global_counter', 'file_static', 'global_rect', 'matrix', 'points']));
    const fileStatic = d.findVariable('file_static', main.lowPc)!;
    expect(fileStatic).toMatchObject({ isStatic: true, declLine: 18 });
    expect(fileStatic.isExternal).toBeUndefined();
    expect(d.globals().map((v) => v.name)).not.toContain('file_static');
    expect(d.findVariable('file_static')).toBeUndefined();
    expect(d.findVariable('global_counter')).toMatchObject({ isExternal: true, isStatic: true, location: { kind: 'expr' } });
  });

  it('gives parameters first and a function-static local with static storage', () => {
    const counter = d.functionsNamed('counter')[0]!;
    const frame = d.scopeAt(counter.lowPc)[0]!;
    expect(frame.name).toBe('counter');
    const calls = frame.variables.find((v) => v.name === 'calls')!;
    expect(calls.isStatic).toBe(true);
    expect(calls.location.kind === 'expr' && staticAddress(calls.location.expr)).toBeGreaterThan(0);
    const fact = d.scopeAt(d.functionsNamed('factorial')[0]!.lowPc)[0]!;
    expect(fact.variables[0]).toMatchObject({ name: 'n', isParameter: true });
    expect(fact.frameBase).toBeDefined();
  });

  it('shows shadowed locals of nested lexical blocks, outermost first', () => {
    const deepest = scopesOver(d, 'shadow')
      .map((frames) => frames.find((f) => f.kind === 'subprogram' && f.name === 'shadow'))
      .filter((f) => f !== undefined)
      .sort((a, b) => b.variables.length - a.variables.length)[0]!;
    const xs = deepest.variables.filter((v) => v.name === 'x');
    expect(deepest.variables[0]).toMatchObject({ name: 'arg', isParameter: true });
    expect(xs.map((v) => v.declLine)).toEqual(optimised ? xs.map((v) => v.declLine).sort() : [48, 50, 52]);
    expect(xs.length).toBeGreaterThanOrEqual(optimised ? 1 : 3);
  });

  it('resolves DW_OP_addrx through .debug_addr via addressContext', () => {
    const ctx = d.addressContext(main.lowPc);
    expect(ctx.addressSize).toBe(8);
    expect(ctx.addrx(1_000_000)).toBeUndefined();
  });
});

// Inlining and location lists exist only in the -O2 builds: these run for those, unconditionally.
describe.each(OPTIMISED_FIXTURES)('inlined calls and location lists of %s', (name) => {
  const d = loadFixture(name);
  const main = d.functionsNamed('main')[0]!;

  it('reports an inlined call innermost first, with its call site and origin names', () => {
    const inlined = scopesOver(d, 'shadow').find((frames) => frames[0]?.kind === 'inlined' && frames[0].name === 'square');
    expect(inlined).toBeDefined();
    const [sq, outer] = inlined!;
    expect(sq!.callFile).toMatch(/\/types\.c$/);
    expect(sq!.callLine).toBe(57);
    expect(sq!.variables.map((v) => v.name)).toEqual(['v']);
    expect(outer).toMatchObject({ kind: 'subprogram', name: 'shadow' });
    expect(sq!.frameBase).toEqual(outer!.frameBase);
    // main calls shadow and square inline too: some pc of main has both.
    const inMain = scopesOver(d, 'main').flatMap((frames) => frames.filter((f) => f.kind === 'inlined').map((f) => f.name));
    expect(new Set(inMain)).toEqual(new Set(['add', 'counter', 'factorial', 'shadow', 'square']));
  });

  it('resolves location lists to absolute ranges inside the function', () => {
    const argc = d.scopeAt(main.lowPc)[0]!.variables.find((v) => v.name === 'argc')!;
    expect(argc.location.kind).toBe('list');
    if (argc.location.kind !== 'list') return;
    expect(argc.location.entries[0]!.start).toBe(main.lowPc);
    for (const e of argc.location.entries) {
      expect(e.start).toBeGreaterThanOrEqual(main.lowPc);
      expect(e.end).toBeLessThanOrEqual(main.highPc);
    }
  });
});
