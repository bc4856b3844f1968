import { describe, expect, it } from 'vitest';
import { DW_ATE_signed, DW_ATE_unsigned } from '../../../src/dwarf/model';
import { FIXTURES, aggregate, loadFixture, strip } from './fixtures';

// Facts checked against `gdb-multiarch -batch -ex 'ptype /o struct X'` and readelf
// --debug-dump=info on each fixture (reference.test.ts re-checks them live when the tools exist).
describe.each(FIXTURES)('types of %s', (name) => {
  const d = loadFixture(name);

  it('has one unit and no errors', () => {
    expect(d.hasInfo).toBe(true);
    expect(d.typeByName('int')).toBeDefined();
    expect(d.errors).toEqual([]);
  });

  it('lays out bit fields with little-endian bit offsets (DW_AT_data_bit_offset or DWARF 4 DW_AT_bit_offset)', () => {
    const flags = aggregate(d.typeByName('struct flags'));
    expect(flags.byteSize).toBe(8);
    expect(flags.members.map((m) => [m.name, m.offset, m.bitOffset, m.bitSize])).toEqual([
      ['ready', 0, 0, 1], ['mode', 0, 1, 3], ['level', 0, 4, 4], ['big', 1, 0, 40],
    ]);
  });

  it('nests structs and places members at DW_AT_data_member_location', () => {
    const rect = aggregate(d.typeByName('struct rect'));
    expect(rect.byteSize).toBe(24);
    expect(rect.members.map((m) => [m.name, m.offset])).toEqual([['min', 0], ['max', 8], ['label', 16]]);
    expect(rect.members[0]!.type).toBe(d.typeByName('struct point'));
    const label = rect.members[2]!.type;
    expect(label.kind === 'pointer' && label.target).toEqual({ kind: 'qualified', qualifier: 'const', target: expect.objectContaining({ kind: 'base', name: 'char', byteSize: 1 }) });
  });

  it('reads unions, 2-D arrays, arrays of structs and flexible array members', () => {
    const value = aggregate(d.typeByName('union value'));
    expect(value.kind).toBe('union');
    expect(value.members.map((m) => m.offset)).toEqual([0, 0, 0]);
    expect(value.members[2]!.type).toMatchObject({ kind: 'array', counts: [4] });
    const sized = aggregate(d.typeByName('struct sized'));
    expect(sized.byteSize).toBe(56);
    expect(sized.members[0]).toMatchObject({ name: 'grid', offset: 0, type: { kind: 'array', counts: [2, 3] } });
    expect(sized.members[1]).toMatchObject({ name: 'pts', offset: 24, type: { kind: 'array', counts: [4], element: { kind: 'struct', name: 'point' } } });
    const message = aggregate(d.typeByName('struct message'));
    expect(message.members[1]).toMatchObject({ name: 'data', offset: 4, type: { kind: 'array', counts: [undefined] } });
  });

  it('reads enums with their signedness and values', () => {
    const color = strip(d.typeByName('enum color')!);
    expect(color).toMatchObject({ kind: 'enum', name: 'color', byteSize: 4, signed: false });
    expect(color.kind === 'enum' && color.enumerators).toEqual([{ name: 'RED', value: 0n }, { name: 'GREEN', value: 5n }, { name: 'BLUE', value: 6n }]);
    const sign = strip(d.typeByName('enum sign')!);
    expect(sign).toMatchObject({ kind: 'enum', signed: true });
    expect(sign.kind === 'enum' && sign.enumerators.map((e) => e.value)).toEqual([-2n, -1n, 0n]);
  });

  it('builds function pointer typedefs and self-referential structs (one shared object)', () => {
    const binop = d.typeByName('binop')!;
    expect(binop.kind).toBe('typedef');
    const fn = binop.kind === 'typedef' && binop.target.kind === 'pointer' ? binop.target.target : undefined;
    expect(fn).toMatchObject({ kind: 'function', variadic: false, returnType: { kind: 'base', name: 'int' } });
    expect(fn?.kind === 'function' && fn.params.map((p) => p.kind)).toEqual(['base', 'base']);
    const node = aggregate(d.typeByName('node_t'));
    const next = node.members.find((m) => m.name === 'next')!.type;
    expect(next.kind === 'pointer' && next.target).toBe(node);
  });

  it('finds types by C spelling, with ABI fallbacks and pointer stars', () => {
    expect(d.typeByName('unsigned long')).toMatchObject({ kind: 'base', name: 'long unsigned int', byteSize: 8, encoding: DW_ATE_unsigned });
    expect(d.typeByName('unsigned')).toMatchObject({ kind: 'base', name: 'unsigned int', byteSize: 4 });
    expect(d.typeByName('short')).toMatchObject({ kind: 'base', name: 'short int', byteSize: 2, encoding: DW_ATE_signed });
    expect(d.typeByName('int **')).toMatchObject({ kind: 'pointer', byteSize: 8, target: { kind: 'pointer', target: { kind: 'base', name: 'int' } } });
    expect(d.typeByName('struct nowhere')).toBeUndefined();
  });

  it('gives qualifiers of globals', () => {
    const main = d.functionsNamed('main')[0]!;
    expect(d.findVariable('global_const', main.lowPc)?.type).toMatchObject({ kind: 'qualified', qualifier: 'const', target: { name: 'int' } });
    expect(d.findVariable('global_volatile')?.type).toMatchObject({ kind: 'qualified', qualifier: 'volatile', target: { name: 'long unsigned int' } });
  });
});
