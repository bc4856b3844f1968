/**
 * Builds small DWARF 5 .debug_info/.debug_abbrev sections by hand, for malformed-input
 * tests: each unit names its abbreviations and writes DIE bytes directly.
 */
export const DW_TAG = { compile_unit: 0x11, base_type: 0x24, typedef: 0x16, variable: 0x34, pointer_type: 0x0f, subprogram: 0x2e } as const;
export const DW_AT = { name: 0x03, byte_size: 0x0b, encoding: 0x3e, type: 0x49, location: 0x02, external: 0x3f, low_pc: 0x11, high_pc: 0x12 } as const;
export const DW_FORM = { string: 0x08, data1: 0x0b, ref4: 0x13, exprloc: 0x18, flag_present: 0x19, addr: 0x01, data8: 0x07 } as const;
export const DW_ATE_signed = 0x05;
export const DW_OP_addr = 0x03;

/** One abbreviation: code, tag, children flag, (attribute, form) pairs. */
export interface AbbrevSpec {
  code: number;
  tag: number;
  children: boolean;
  attrs: Array<[number, number]>;
}

/** Bytes of an abbreviation table (codes and values < 128, so LEB128 is one byte each). */
export function abbrevTable(specs: AbbrevSpec[]): number[] {
  const out: number[] = [];
  for (const s of specs) {
    out.push(s.code, s.tag, s.children ? 1 : 0);
    for (const [at, form] of s.attrs) out.push(at, form);
    out.push(0, 0);
  }
  out.push(0);
  return out;
}

export const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
export const u64 = (v: number): number[] => [...u32(v), ...u32(Math.floor(v / 0x1_0000_0000))];
export const str = (s: string): number[] => [...Buffer.from(s, 'utf8'), 0];

/** A DWARF 5 compile unit (32-bit, address size 8) around `dies`, which start at unit offset 12. */
export function compileUnit(abbrevOffset: number, dies: number[]): number[] {
  const body = [5, 0, 0x01, 8, ...u32(abbrevOffset), ...dies];
  return [...u32(body.length), ...body];
}

/** Unit-relative offset of the first DIE of a DWARF 5 compile unit (4 length + 8 header bytes). */
export const FIRST_DIE = 12;

/**
 * Abbreviations shared by the malformed-input units: 1 compile_unit (name) with children,
 * 2 base_type (name, byte_size, encoding), 3 typedef (name, type ref4), 4 variable (name,
 * type ref4, location exprloc, external), 5 base_type with a bogus form 0x7f.
 */
export const COMMON_ABBREVS: AbbrevSpec[] = [
  { code: 1, tag: DW_TAG.compile_unit, children: true, attrs: [[DW_AT.name, DW_FORM.string]] },
  { code: 2, tag: DW_TAG.base_type, children: false, attrs: [[DW_AT.name, DW_FORM.string], [DW_AT.byte_size, DW_FORM.data1], [DW_AT.encoding, DW_FORM.data1]] },
  { code: 3, tag: DW_TAG.typedef, children: false, attrs: [[DW_AT.name, DW_FORM.string], [DW_AT.type, DW_FORM.ref4]] },
  { code: 4, tag: DW_TAG.variable, children: false, attrs: [[DW_AT.name, DW_FORM.string], [DW_AT.type, DW_FORM.ref4], [DW_AT.location, DW_FORM.exprloc], [DW_AT.external, DW_FORM.flag_present]] },
  { code: 5, tag: DW_TAG.base_type, children: false, attrs: [[DW_AT.name, 0x7f]] },
];

/** DIE bytes: a variable `name` of the type at unit offset `typeAt`, at address `address`. */
export function variableDie(name: string, typeAt: number, address: number): number[] {
  return [4, ...str(name), ...u32(typeAt), 9, DW_OP_addr, ...u64(address)];
}

/** A well-formed unit "good.c": `int good_var` at 0x1000. */
export function goodUnit(abbrevOffset: number): number[] {
  const root = [1, ...str('good.c')];
  const intAt = FIRST_DIE + root.length;
  const int = [2, ...str('int'), 4, DW_ATE_signed];
  return compileUnit(abbrevOffset, [...root, ...int, ...variableDie('good_var', intAt, 0x1000), 0]);
}
