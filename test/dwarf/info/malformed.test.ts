import { describe, expect, it } from 'vitest';
import { DebugInfo } from '../../../src/dwarf/info';
import {
  COMMON_ABBREVS, DW_ATE_signed, FIRST_DIE, abbrevTable, compileUnit, goodUnit, str, u32, variableDie,
} from './builder';

const abbrev = new Uint8Array(abbrevTable(COMMON_ABBREVS));

function reader(units: number[][], debugAbbrev: Uint8Array = abbrev): DebugInfo {
  return new DebugInfo({ debugInfo: new Uint8Array(units.flat()), debugAbbrev });
}

/** The good unit's variable must stay readable whatever the bad unit holds. */
function expectGoodUnitWorks(d: DebugInfo): void {
  const v = d.findVariable('good_var');
  expect(v?.type).toEqual({ kind: 'base', name: 'int', byteSize: 4, encoding: DW_ATE_signed });
  expect(v?.location.kind).toBe('expr');
}

describe('malformed .debug_info gives error values, never a throw', () => {
  it('reads a well-formed hand-built unit', () => {
    const d = reader([goodUnit(0)]);
    expect(d.hasInfo).toBe(true);
    expectGoodUnitWorks(d);
    expect(d.errors).toEqual([]);
  });

  it('reports a truncated unit (length past the section) and keeps the earlier units', () => {
    const bad = goodUnit(0).slice(0, 20);
    const d = reader([goodUnit(0), bad]);
    expectGoodUnitWorks(d);
    expect(d.errors.join('\n')).toMatch(/runs past the section/);
  });

  it('reports a unit whose DIEs are cut short, keeps the DIEs read before the cut', () => {
    const full = goodUnit(0);
    const cut = full.slice(0, full.length - 5);
    cut.splice(0, 4, ...u32(cut.length - 4)); // a consistent unit_length over the short body
    const d = reader([cut, goodUnit(0)]);
    expect(() => d.globals()).not.toThrow();
    expect(d.globals().filter((v) => v.name === 'good_var')).toHaveLength(1);
    expect(d.errors.join('\n')).toMatch(/unit at 0x0: DIE at 0x.*read past the end/);
  });

  it('reports an abbreviation offset outside .debug_abbrev', () => {
    const d = reader([compileUnit(0x4000, [1, ...str('bad.c'), 0]), goodUnit(0)]);
    expectGoodUnitWorks(d);
    expect(d.errors.join('\n')).toMatch(/abbreviation offset 0x4000 lies outside \.debug_abbrev/);
  });

  it('reports an unknown form and skips the rest of that unit', () => {
    const d = reader([compileUnit(0, [1, ...str('bad.c'), 5, ...str('x'), 0]), goodUnit(0)]);
    expectGoodUnitWorks(d);
    expect(d.errors.join('\n')).toMatch(/unknown form 0x7f/);
  });

  it('gives unknown for a unit-relative reference that points outside its unit', () => {
    const root = [1, ...str('bad.c')];
    const d = reader([compileUnit(0, [...root, ...variableDie('stray', 0x9999, 0x2000), 0]), goodUnit(0)]);
    const v = d.findVariable('stray');
    expect(v?.type.kind).toBe('unknown');
    expectGoodUnitWorks(d);
  });

  it('gives unknown for a typedef that names itself, and for two typedefs naming each other', () => {
    const root = [1, ...str('loop.c')];
    const selfAt = FIRST_DIE + root.length;
    const self = [3, ...str('self_t'), ...u32(selfAt)];
    const aAt = selfAt + self.length;
    const A_T_BYTES = 9; // code, 'a_t\0', ref4
    const a = [3, ...str('a_t'), ...u32(aAt + A_T_BYTES)];
    const b = [3, ...str('b_t'), ...u32(aAt)];
    const vars = [...variableDie('s', selfAt, 0x3000), ...variableDie('v', aAt, 0x3008)];
    const d = reader([compileUnit(0, [...root, ...self, ...a, ...b, ...vars, 0]), goodUnit(0)]);
    const s = d.findVariable('s')!.type;
    expect(s.kind === 'typedef' && s.target.kind).toBe('unknown');
    const v = d.findVariable('v')!.type;
    expect(v.kind === 'typedef' && v.target.kind === 'typedef' && v.target.target.kind).toBe('unknown');
    expect(d.typeByName('self_t')?.kind).toBe('typedef');
    expectGoodUnitWorks(d);
  });

  it('reports an unsupported version and a reserved unit length', () => {
    const v9 = goodUnit(0);
    v9[4] = 9;
    const d = reader([v9, goodUnit(0)]);
    expectGoodUnitWorks(d);
    expect(d.errors.join('\n')).toMatch(/unsupported DWARF version 9/);
    const reserved = reader([[0xf0, 0xff, 0xff, 0xff, 0, 0]]);
    expect(reserved.hasInfo).toBe(false);
    expect(reserved.errors.join('\n')).toMatch(/reserved unit_length/);
  });

  it('answers empty for empty sections and random bytes without throwing', () => {
    const empty = reader([]);
    expect(empty.hasInfo).toBe(false);
    expect(empty.scopeAt(0x1000)).toEqual([]);
    expect(empty.globals()).toEqual([]);
    expect(empty.typeByName('struct nope')).toBeUndefined();
    let seed = 12345;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
    for (let i = 0; i < 200; i++) {
      const info = new Uint8Array(64).map(rand);
      info.set([60, 0, 0, 0, 5, 0, 1, 8, 0, 0, 0, 0]);
      const d = new DebugInfo({ debugInfo: info, debugAbbrev: abbrev });
      expect(() => { d.globals(); d.scopeAt(0x1000); d.functionsNamed('main'); d.typeByName('int'); }).not.toThrow();
    }
  });
});
