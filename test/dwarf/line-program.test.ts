import { describe, expect, it } from 'vitest';
import {
  DW_FORM_data16, DW_FORM_line_strp, DW_FORM_string, DW_FORM_strp, DW_FORM_udata,
  DW_LNCT_MD5, DW_LNCT_directory_index, DW_LNCT_path, parseDebugLine, type LineRow,
} from '../../src/dwarf';
import { Bytes, lineUnit, op, v4Tables } from './line-builder';

function decode(section: Uint8Array, extra: Parameters<typeof parseDebugLine>[1] = {}): LineRow[] {
  const result = parseDebugLine(section, extra);
  if (!result.ok) throw new Error(result.error);
  expect(result.warnings).toEqual([]);
  return [...result.table.rows];
}

const brief = (rows: LineRow[]): string[] =>
  rows.map((r) => `${r.address.toString(16)} ${r.endSequence ? 'end' : `${r.line}:${r.column}`}${r.isStmt ? '' : ' !stmt'} ${r.file}`);

describe('line-number state machine (DWARF 5 section 6.2.5)', () => {
  it('runs special, standard and extended opcodes of a DWARF 4 unit', () => {
    const program = new Bytes();
    op.setAddress(program, 0x1000);
    op.special(program, 0, 2); // line 3 at 0x1000
    op.setColumn(program, 5);
    op.special(program, 4, 1); // line 4 at 0x1004
    op.advancePc(program, 6);
    op.advanceLine(program, -2);
    op.copy(program); // line 2 at 0x100a
    op.negateStmt(program);
    op.constAddPc(program); // (255 - 13) / 14 = 17 bytes
    op.special(program, 0, 0); // line 2 at 0x101b, not a statement
    op.negateStmt(program);
    op.fixedAdvancePc(program, 0x100);
    op.setFile(program, 2);
    op.setDiscriminator(program, 7);
    op.prologueEnd(program);
    op.copy(program); // 0x111b in file 2
    op.advancePc(program, 2);
    op.endSequence(program);
    const unit = lineUnit({ version: 4, tables: v4Tables(['include'], [['main.c', 0], ['defs.h', 1]]), program });
    const rows = decode(unit.toArray(), { compDir: '/src/project' });
    expect(brief(rows)).toEqual([
      '1000 3:0 /src/project/main.c',
      '1004 4:5 /src/project/main.c',
      '100a 2:5 /src/project/main.c',
      '101b 2:5 !stmt /src/project/main.c',
      '111b 2:5 /src/project/include/defs.h',
      '111d end /src/project/include/defs.h',
    ]);
    expect(rows[4]).toMatchObject({ discriminator: 7, prologueEnd: true });
    expect(rows[5]).toMatchObject({ discriminator: 0, prologueEnd: false });
  });

  it('scales address advances by minimum_instruction_length (DWARF 2 and 3 headers)', () => {
    for (const version of [2, 3]) {
      const program = new Bytes();
      op.setAddress(program, 0x2000);
      op.copy(program);
      op.special(program, 3, 1); // 3 * 4 bytes
      op.advancePc(program, 2); // 2 * 4 bytes
      op.endSequence(program);
      const unit = lineUnit({ version, minInstLength: 4, tables: v4Tables([], [['/abs/a.c', 0]]), program });
      expect(brief(decode(unit.toArray()))).toEqual(['2000 1:0 /abs/a.c', '200c 2:0 /abs/a.c', '2014 end /abs/a.c']);
    }
  });

  it('tracks op_index for VLIW headers (maximum_operations_per_instruction > 1)', () => {
    const program = new Bytes();
    op.setAddress(program, 0x100);
    op.advancePc(program, 4); // 4 operations, 3 per 8-byte instruction: address +8, op_index 1
    op.copy(program);
    op.advancePc(program, 2); // op_index 1 + 2 = 3: address +8, op_index 0
    op.copy(program);
    op.endSequence(program);
    const unit = lineUnit({ version: 4, maxOps: 3, minInstLength: 8, tables: v4Tables([], [['v.c', 0]]), program });
    expect(decode(unit.toArray()).map((r) => r.address)).toEqual([0x108, 0x110, 0x110]);
  });

  it('adds files defined in the program with DW_LNE_define_file (DWARF 2..4)', () => {
    const program = new Bytes();
    op.defineFile(program, 'late.c', 1);
    op.setAddress(program, 0x40);
    op.setFile(program, 2);
    op.copy(program);
    op.advancePc(program, 4);
    op.endSequence(program);
    const unit = lineUnit({ version: 3, tables: v4Tables(['/usr/src'], [['first.c', 0]]), program });
    expect(decode(unit.toArray())[0]!.file).toBe('/usr/src/late.c');
  });

  it('skips operands of standard opcodes it does not know, using standard_opcode_lengths', () => {
    const program = new Bytes();
    op.setAddress(program, 0x10);
    program.u8(13).uleb(300).uleb(5); // opcode 13: unknown, declared with 2 operands
    op.copy(program);
    op.special(program, 1, 1, -5, 14, 14);
    op.advancePc(program, 1);
    op.endSequence(program);
    const lengths = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 2];
    const unit = lineUnit({ version: 4, opcodeBase: 14, opcodeLengths: lengths, tables: v4Tables([], [['x.c', 0]]), program });
    expect(brief(decode(unit.toArray()))).toEqual(['10 1:0 x.c', '11 2:0 x.c', '12 end x.c']);
  });

  it('skips unknown extended opcodes by their length', () => {
    const program = new Bytes();
    op.setAddress(program, 0x10);
    program.u8(0).uleb(4).u8(0x80, 0xaa, 0xbb, 0xcc); // DW_LNE_lo_user with 3 bytes
    op.copy(program);
    op.advancePc(program, 2);
    op.endSequence(program);
    const unit = lineUnit({ version: 4, tables: v4Tables([], [['y.c', 0]]), program });
    expect(brief(decode(unit.toArray()))).toEqual(['10 1:0 y.c', '12 end y.c']);
  });
});

/** DWARF 5 tables with the forms gcc uses: line_strp paths, udata dir index, optional MD5. */
function v5Tables(lineStr: Bytes, dirs: string[], files: [string, number][], md5: boolean): Bytes {
  const offsetOf = (s: string): number => {
    const at = lineStr.length;
    lineStr.cstr(s);
    return at;
  };
  const b = new Bytes().u8(1).uleb(DW_LNCT_path).uleb(DW_FORM_line_strp).uleb(dirs.length);
  for (const d of dirs) b.u32(offsetOf(d));
  const formats = md5 ? 3 : 2;
  b.u8(formats).uleb(DW_LNCT_path).uleb(DW_FORM_string).uleb(DW_LNCT_directory_index).uleb(DW_FORM_udata);
  if (md5) b.uleb(DW_LNCT_MD5).uleb(DW_FORM_data16);
  b.uleb(files.length);
  for (const [name, dir] of files) {
    b.cstr(name).uleb(dir);
    if (md5) b.u8(...new Array<number>(16).fill(0xab));
  }
  return b;
}

describe('DWARF 5 headers', () => {
  function twoRowProgram(address: number, file: number): Bytes {
    const program = new Bytes();
    op.setAddress(program, address);
    op.setFile(program, file);
    op.copy(program);
    op.advancePc(program, 4);
    op.endSequence(program);
    return program;
  }

  it('reads entry formats with line_strp, string, udata and data16 (MD5) forms; file 0 is valid', () => {
    const lineStr = new Bytes();
    const tables = v5Tables(lineStr, ['/home/u/proj', 'lib', '/usr/include'], [['main.c', 0], ['util.c', 1], ['stdio.h', 2], ['../up.c', 1]], true);
    const section = new Bytes()
      .bytes(lineUnit({ version: 5, tables, program: twoRowProgram(0x100, 0) }))
      .bytes(lineUnit({ version: 5, tables, program: twoRowProgram(0x200, 1) }))
      .bytes(lineUnit({ version: 5, tables, program: twoRowProgram(0x300, 2) }))
      .bytes(lineUnit({ version: 5, tables, program: twoRowProgram(0x400, 3) }));
    const rows = decode(section.toArray(), { debugLineStr: lineStr.toArray() });
    expect(rows.filter((r) => !r.endSequence).map((r) => r.file)).toEqual([
      '/home/u/proj/main.c', '/home/u/proj/lib/util.c', '/usr/include/stdio.h', '/home/u/proj/up.c',
    ]);
  });

  it('reads DW_FORM_strp paths from .debug_str and 64-bit DWARF units', () => {
    const debugStr = new Bytes().cstr('unused').cstr('/d').cstr('f.c');
    const tables = new Bytes()
      .u8(1).uleb(DW_LNCT_path).uleb(DW_FORM_strp).uleb(1).u64(7)
      .u8(1).uleb(DW_LNCT_path).uleb(DW_FORM_strp).uleb(1).u64(10);
    const unit = lineUnit({ version: 5, dwarf64: true, tables, program: twoRowProgram(0x500, 0) });
    expect(decode(unit.toArray(), { debugStr: debugStr.toArray() })[0]!.file).toBe('/d/f.c');
  });

  it('orders sequences by address across units', () => {
    const lineStr = new Bytes();
    const tables = v5Tables(lineStr, ['/p'], [['a.c', 0]], false);
    const section = new Bytes()
      .bytes(lineUnit({ version: 5, tables, program: twoRowProgram(0x900, 0) }))
      .bytes(lineUnit({ version: 5, tables, program: twoRowProgram(0x100, 0) }));
    const result = parseDebugLine(section.toArray(), { debugLineStr: lineStr.toArray() });
    expect(result.ok && result.table.sequences.map((s) => s.start)).toEqual([0x100, 0x900]);
  });
});

describe('malformed units become warnings, not exceptions', () => {
  const good = (): Bytes => {
    const program = new Bytes();
    op.setAddress(program, 0x10);
    op.copy(program);
    op.advancePc(program, 2);
    op.endSequence(program);
    return lineUnit({ version: 4, tables: v4Tables([], [['ok.c', 0]]), program });
  };

  it('skips a unit with an unsupported version and decodes the next one', () => {
    const bad = good();
    bad.out[4] = 9; // version 9
    const result = parseDebugLine(new Bytes().bytes(bad).bytes(good()).toArray());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([expect.stringContaining('unsupported .debug_line version 9')]);
    expect(result.table.rows.length).toBe(2);
  });

  it('reports a sequence without DW_LNE_end_sequence and drops its rows', () => {
    const program = new Bytes();
    op.setAddress(program, 0x10);
    op.copy(program);
    const unit = lineUnit({ version: 4, tables: v4Tables([], [['cut.c', 0]]), program });
    const result = parseDebugLine(new Bytes().bytes(good()).bytes(unit).toArray());
    expect(result.ok && result.warnings).toEqual([expect.stringContaining('no DW_LNE_end_sequence')]);
    expect(result.ok && result.table.rows.length).toBe(2);
  });

  it('fails with an error value when nothing decodes, and accepts an empty section', () => {
    expect(parseDebugLine(new Uint8Array([0xff, 0xff, 0xff, 0xf0]))).toMatchObject({ ok: false });
    expect(parseDebugLine(new Uint8Array([8, 0, 0, 0, 4, 0]))).toMatchObject({ ok: false, error: expect.stringContaining('past the section') });
    const empty = parseDebugLine(new Uint8Array(0));
    expect(empty.ok && empty.table.rows.length).toBe(0);
  });

  it('rejects a line_strp offset outside .debug_line_str', () => {
    const lineStr = new Bytes().cstr('/p');
    const tables = new Bytes()
      .u8(1).uleb(DW_LNCT_path).uleb(DW_FORM_line_strp).uleb(1).u32(0)
      .u8(1).uleb(DW_LNCT_path).uleb(DW_FORM_line_strp).uleb(1).u32(999);
    const unit = lineUnit({ version: 5, tables, program: new Bytes() });
    const result = parseDebugLine(unit.toArray(), { debugLineStr: lineStr.toArray() });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('outside .debug_line_str') });
  });
});
