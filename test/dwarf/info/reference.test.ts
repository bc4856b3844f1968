import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { READELF, hasTool } from '../../elf/tools';
import { FIXTURES, aggregate, fixturePath, loadFixture, staticAddress } from './fixtures';

const GDB = 'gdb-multiarch';

function run(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
  return r.stdout;
}

interface ReadelfDie {
  offset: number;
  depth: number;
  tag: string;
  attrs: Map<string, string>;
  parent?: ReadelfDie;
}

/** DIEs of `readelf --debug-dump=info`: tag, depth, parent, and each attribute's printed value. */
function readelfDies(path: string): ReadelfDie[] {
  const dies: ReadelfDie[] = [];
  const stack: ReadelfDie[] = [];
  for (const line of run(READELF, ['--debug-dump=info', path]).split('\n')) {
    const head = /^ <(\d+)><([0-9a-f]+)>: Abbrev Number: \d+ \((DW_TAG_\w+)\)/.exec(line);
    if (head) {
      const depth = Number(head[1]);
      const die: ReadelfDie = { offset: parseInt(head[2]!, 16), depth, tag: head[3]!, attrs: new Map(), parent: stack[depth - 1] };
      stack[depth] = die;
      dies.push(die);
      continue;
    }
    const attr = /^\s+<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$/.exec(line);
    if (attr && dies.length > 0) dies[dies.length - 1]!.attrs.set(attr[1]!, attr[2]!.trim());
  }
  return dies;
}

/** The value after the last ': ' of an indirect string, or the value itself. */
const plainName = (v: string | undefined): string | undefined => v?.replace(/^\(indirect[^)]*\):\s*/, '');

describe.runIf(hasTool(READELF)).each(FIXTURES)('%s agrees with riscv64-linux-gnu-readelf --debug-dump=info', (name) => {
  const d = loadFixture(name);
  const dies = readelfDies(fixturePath(name));

  it('every member byte offset matches DW_AT_data_member_location', () => {
    const members = dies.filter((x) => x.tag === 'DW_TAG_member' && x.attrs.has('DW_AT_data_member_location') && !x.attrs.has('DW_AT_bit_size'));
    expect(members.length).toBeGreaterThan(10);
    for (const m of members) {
      const s = aggregate(d.typeAt(m.parent!.offset));
      const ours = s.members.find((x) => x.name === plainName(m.attrs.get('DW_AT_name')));
      expect(ours?.offset, `${plainName(m.attrs.get('DW_AT_name'))} of DIE 0x${m.parent!.offset.toString(16)}`).toBe(Number(m.attrs.get('DW_AT_data_member_location')));
    }
  });

  it('every array dimension matches DW_AT_upper_bound + 1 (or is flexible without one)', () => {
    const arrays = dies.filter((x) => x.tag === 'DW_TAG_array_type');
    expect(arrays.length).toBeGreaterThan(3);
    for (const a of arrays) {
      const expected = dies.filter((x) => x.parent === a && x.tag === 'DW_TAG_subrange_type').map((x) => {
        const ub = x.attrs.get('DW_AT_upper_bound');
        return ub === undefined ? undefined : Number(ub) + 1;
      });
      expect(d.typeAt(a.offset)).toMatchObject({ kind: 'array', counts: expected });
    }
  });

  it('every struct, union and base type has the printed byte size', () => {
    for (const t of dies.filter((x) => ['DW_TAG_structure_type', 'DW_TAG_union_type', 'DW_TAG_base_type'].includes(x.tag))) {
      expect(d.typeAt(t.offset)).toMatchObject({ byteSize: Number(t.attrs.get('DW_AT_byte_size')) });
    }
  });
});

/** Lines of a gdb batch run over a fixture (no process is started). */
function gdb(name: string, commands: string[]): string {
  return run(GDB, ['-batch', '-nx', ...commands.flatMap((c) => ['-ex', c]), fixturePath(name)]);
}

describe.runIf(hasTool(GDB)).each(FIXTURES)('%s agrees with gdb-multiarch', (name) => {
  const d = loadFixture(name);

  it('ptype /o gives the same member and bit offsets', () => {
    for (const struct of ['struct flags', 'struct sized', 'struct message', 'union value', 'struct node']) {
      const rows = [...gdb(name, [`ptype /o ${struct}`]).matchAll(/^\/\*\s+(?:(\d+)(?::\s*(\d+))?\s+\|)?\s+\d+ \*\/ {4}\S.*?(\w+)(?:\[\d*\])*(?: : \d+)?;$/gm)];
      // Union members print no offset: they all sit at 0.
      const expected = rows.map((r) => [r[3], Number(r[1] ?? 0), r[2] === undefined ? undefined : Number(r[2])]);
      expect(expected.length, struct).toBeGreaterThan(1);
      const ours = aggregate(d.typeByName(struct)).members.map((m) => [m.name, m.offset, m.bitOffset]);
      expect(ours, struct).toEqual(expected);
    }
  });

  it('info address gives the static storage address of each global', () => {
    for (const v of d.globals(d.functionsNamed('main')[0]!.lowPc)) {
      const out = gdb(name, [`info address ${v.name}`]);
      const m = /static storage at address 0x([0-9a-f]+)/.exec(out);
      if (!m) {
        expect(v.location.kind, `${v.name}: ${out}`).not.toBe('expr');
        continue;
      }
      expect(v.location.kind === 'expr' && staticAddress(v.location.expr), v.name).toBe(parseInt(m[1]!, 16));
    }
  });

  it('info scope at main gives the same location list ranges', () => {
    const main = d.functionsNamed('main')[0]!;
    const out = gdb(name, [`info scope *0x${main.lowPc.toString(16)}`]);
    const theirs = new Map<string, string[]>();
    let current: string[] | undefined;
    for (const line of out.split('\n')) {
      const sym = /^Symbol (\w+) is (multi-location)?/.exec(line);
      if (sym) theirs.set(sym[1]!, (current = sym[2] ? [] : undefined) ?? []);
      const range = /^\s+Range 0x([0-9a-f]+)-0x([0-9a-f]+):/.exec(line);
      if (range && current) current.push(`${range[1]}-${range[2]}`);
    }
    const frame = d.scopeAt(main.lowPc).at(-1)!;
    for (const v of frame.variables) {
      const ours = v.location.kind === 'list' ? v.location.entries.map((e) => `${e.start.toString(16)}-${e.end.toString(16)}`) : [];
      expect(ours, v.name).toEqual(theirs.get(v.name) ?? []);
    }
    expect(theirs.has('argc')).toBe(true);
  });
});
