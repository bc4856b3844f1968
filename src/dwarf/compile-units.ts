/**
 * Just enough of .debug_info to find each compilation unit's DW_AT_comp_dir and
 * DW_AT_stmt_list (DWARF 5 sections 3.1.1 and 7.5.1; DWARF 2..4 unit headers). DWARF 2..4
 * line tables do not record the compilation directory, so relative file names need it.
 * Reads only the first DIE of each unit. Never throws: a malformed unit ends the scan.
 */
import {
  DW_FORM_addr, DW_FORM_block, DW_FORM_block1, DW_FORM_block2, DW_FORM_block4,
  DW_FORM_data1, DW_FORM_data16, DW_FORM_data2, DW_FORM_data4, DW_FORM_data8, DW_FORM_flag,
  DW_FORM_flag_present, DW_FORM_line_strp, DW_FORM_sdata, DW_FORM_sec_offset, DW_FORM_string,
  DW_FORM_strp, DW_FORM_strp_sup, DW_FORM_strx, DW_FORM_strx1, DW_FORM_strx2, DW_FORM_strx3,
  DW_FORM_strx4, DW_FORM_udata,
} from './constants';
import { Cursor, stringAt } from './cursor';
import { readUnitExtent, type DebugStrings } from './line-header';

const DW_AT_stmt_list = 0x10;
const DW_AT_comp_dir = 0x1b;
const DW_UT_compile = 0x01;
const DW_UT_partial = 0x03;
const DW_FORM_ref_addr = 0x10;
const DW_FORM_ref1 = 0x11;
const DW_FORM_ref2 = 0x12;
const DW_FORM_ref4 = 0x13;
const DW_FORM_ref8 = 0x14;
const DW_FORM_ref_udata = 0x15;
const DW_FORM_indirect = 0x16;
const DW_FORM_exprloc = 0x18;
const DW_FORM_addrx = 0x1b;
const DW_FORM_ref_sup4 = 0x1c;
const DW_FORM_ref_sig8 = 0x20;
const DW_FORM_implicit_const = 0x21;
const DW_FORM_loclistx = 0x22;
const DW_FORM_rnglistx = 0x23;
const DW_FORM_ref_sup8 = 0x24;
const DW_FORM_addrx1 = 0x29;
const DW_FORM_addrx2 = 0x2a;
const DW_FORM_addrx3 = 0x2b;
const DW_FORM_addrx4 = 0x2c;
const DWARF5 = 5;
const DWARF2 = 2;

/** Inputs: the sections a compilation unit's first DIE may point into. */
export interface DebugInfoSections extends DebugStrings {
  debugInfo: Uint8Array;
  debugAbbrev: Uint8Array;
}

/**
 * Maps each unit's DW_AT_stmt_list (its line program's offset in .debug_line) to its
 * DW_AT_comp_dir. Units without both attributes are left out.
 */
export function compDirsByLineOffset(s: DebugInfoSections): Map<number, string> {
  const result = new Map<number, string>();
  let offset = 0;
  while (offset < s.debugInfo.length) {
    const unit = readUnitExtent(s.debugInfo, offset);
    if (typeof unit === 'string') break;
    const found = readUnitRoot(s, unit.contentStart, unit.end, unit.offsetSize);
    if (found?.stmtList !== undefined && found.compDir !== undefined) result.set(found.stmtList, found.compDir);
    offset = unit.end;
  }
  return result;
}

interface UnitRoot {
  stmtList?: number;
  compDir?: string;
}

function readUnitRoot(s: DebugInfoSections, start: number, end: number, offsetSize: number): UnitRoot | undefined {
  const c = new Cursor(s.debugInfo, start, end);
  const version = c.u16();
  let addressSize: number;
  let abbrevOffset: number;
  if (version >= DWARF5) {
    const unitType = c.u8();
    if (unitType !== DW_UT_compile && unitType !== DW_UT_partial) return undefined;
    addressSize = c.u8();
    abbrevOffset = c.uN(offsetSize);
  } else {
    abbrevOffset = c.uN(offsetSize);
    addressSize = c.u8();
  }
  const code = c.uleb();
  const specs = c.bad === undefined ? findAbbrev(s.debugAbbrev, abbrevOffset, code) : undefined;
  if (!specs) return undefined;
  const root: UnitRoot = {};
  const sizes = { addressSize, offsetSize, refAddrSize: version === DWARF2 ? addressSize : offsetSize };
  for (const spec of specs) {
    const value = readAttribute(c, spec.form, sizes, s);
    if (c.bad !== undefined) return undefined;
    if (spec.attribute === DW_AT_stmt_list && typeof value === 'number') root.stmtList = value;
    if (spec.attribute === DW_AT_comp_dir && typeof value === 'string') root.compDir = value;
  }
  return root;
}

interface AttributeSpec {
  attribute: number;
  form: number;
}

/** The attribute list of abbreviation `code` in the table at `offset` of .debug_abbrev. */
function findAbbrev(debugAbbrev: Uint8Array, offset: number, code: number): AttributeSpec[] | undefined {
  const c = new Cursor(debugAbbrev, offset);
  for (;;) {
    const entryCode = c.uleb();
    if (c.bad !== undefined || entryCode === 0) return undefined;
    c.uleb(); // tag
    c.u8(); // DW_CHILDREN_yes / no
    const specs: AttributeSpec[] = [];
    for (;;) {
      const attribute = c.uleb();
      const form = c.uleb();
      if (c.bad !== undefined) return undefined;
      if (attribute === 0 && form === 0) break;
      if (form === DW_FORM_implicit_const) c.sleb(); // value lives in the abbreviation
      specs.push({ attribute, form });
    }
    if (entryCode === code) return specs;
  }
}

interface Sizes {
  addressSize: number;
  offsetSize: number;
  refAddrSize: number;
}

/** Reads (or skips) one attribute value; strings resolved where possible. */
function readAttribute(c: Cursor, form: number, z: Sizes, s: DebugStrings): string | number | undefined {
  switch (form) {
    case DW_FORM_string: return c.cstring();
    case DW_FORM_strp: return stringAt(s.debugStr, c.uN(z.offsetSize));
    case DW_FORM_line_strp: return stringAt(s.debugLineStr, c.uN(z.offsetSize));
    case DW_FORM_sec_offset: return c.uN(z.offsetSize);
    case DW_FORM_data4: return c.u32();
    case DW_FORM_data8: return c.uN(8);
    case DW_FORM_addr: return c.uN(z.addressSize);
    case DW_FORM_data1: case DW_FORM_ref1: case DW_FORM_flag: case DW_FORM_strx1: case DW_FORM_addrx1: return c.u8();
    case DW_FORM_data2: case DW_FORM_ref2: case DW_FORM_strx2: case DW_FORM_addrx2: return c.u16();
    case DW_FORM_strx3: case DW_FORM_addrx3: return c.uN(3);
    case DW_FORM_ref4: case DW_FORM_ref_sup4: case DW_FORM_strx4: case DW_FORM_addrx4: return c.u32();
    case DW_FORM_ref8: case DW_FORM_ref_sig8: case DW_FORM_ref_sup8: c.skip(8); return undefined;
    case DW_FORM_data16: c.skip(16); return undefined;
    case DW_FORM_ref_addr: return c.uN(z.refAddrSize);
    case DW_FORM_strp_sup: return c.uN(z.offsetSize);
    case DW_FORM_udata: case DW_FORM_ref_udata: case DW_FORM_strx: case DW_FORM_addrx:
    case DW_FORM_loclistx: case DW_FORM_rnglistx: return c.uleb();
    case DW_FORM_sdata: return c.sleb();
    case DW_FORM_flag_present: case DW_FORM_implicit_const: return undefined;
    case DW_FORM_exprloc: case DW_FORM_block: c.skip(c.uleb()); return undefined;
    case DW_FORM_block1: c.skip(c.u8()); return undefined;
    case DW_FORM_block2: c.skip(c.u16()); return undefined;
    case DW_FORM_block4: c.skip(c.u32()); return undefined;
    case DW_FORM_indirect: {
      const actual = c.uleb();
      if (actual === DW_FORM_indirect) {
        c.fail('nested DW_FORM_indirect');
        return undefined;
      }
      return readAttribute(c, actual, z, s);
    }
    default:
      c.fail(`unsupported form 0x${form.toString(16)} in .debug_info`);
      return undefined;
  }
}
