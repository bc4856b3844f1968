/**
 * The header of one line-number program unit in .debug_line (DWARF 5 section 6.2.4;
 * DWARF 2..4 section 6.2.4 for the older directory and file tables).
 */
import {
  DW_FORM_block, DW_FORM_block1, DW_FORM_block2, DW_FORM_block4, DW_FORM_data1,
  DW_FORM_data16, DW_FORM_data2, DW_FORM_data4, DW_FORM_data8, DW_FORM_flag,
  DW_FORM_flag_present, DW_FORM_line_strp, DW_FORM_sdata, DW_FORM_sec_offset,
  DW_FORM_string, DW_FORM_strp, DW_FORM_strp_sup, DW_FORM_strx, DW_FORM_strx1,
  DW_FORM_strx2, DW_FORM_strx3, DW_FORM_strx4, DW_FORM_udata, DW_LNCT_directory_index,
  DW_LNCT_path, DWARF64_ESCAPE, DWARF_RESERVED_LENGTH_MIN,
} from './constants';
import { Cursor, stringAt } from './cursor';
import { isAbsolutePath, joinPath, normalizePath } from './paths';

/** String sections that DW_FORM_line_strp and DW_FORM_strp point into. */
export interface DebugStrings {
  debugLineStr?: Uint8Array;
  debugStr?: Uint8Array;
}

/** Where a unit lies in .debug_line, read from its unit_length. */
export interface UnitExtent {
  /** Offset of the first byte after unit_length. */
  contentStart: number;
  /** Offset one past the unit's last byte. */
  end: number;
  /** 4 for 32-bit DWARF, 8 for 64-bit DWARF (section 7.4). */
  offsetSize: number;
}

/** The parsed header fields the line-number state machine needs. */
export interface LineProgramHeader {
  version: number;
  addressSize: number;
  minimumInstructionLength: number;
  maximumOperationsPerInstruction: number;
  defaultIsStmt: boolean;
  lineBase: number;
  lineRange: number;
  opcodeBase: number;
  /** standardOpcodeLengths[op - 1] = number of LEB128 operands of standard opcode op. */
  standardOpcodeLengths: number[];
  /** Offset in .debug_line of the first opcode of the program. */
  programStart: number;
  /** Include directories; for DWARF 5, entry 0 is the compilation directory. */
  directories: string[];
  /** Full, normalized path of each file entry, indexed from fileBase. */
  files: string[];
  /** The file register value naming files[0]: 0 in DWARF 5, 1 in DWARF 2..4. */
  fileBase: number;
}

const MIN_VERSION = 2;
const MAX_VERSION = 5;
const DWARF5 = 5;
const DWARF4 = 4;

/**
 * Reads unit_length at `offset`. Error string when the length is reserved or the unit
 * runs past the section (then no later unit can be found either).
 */
export function readUnitExtent(section: Uint8Array, offset: number): UnitExtent | string {
  const c = new Cursor(section, offset);
  let length = c.u32();
  let offsetSize = 4;
  if (length === DWARF64_ESCAPE) {
    length = c.u64();
    offsetSize = 8;
  } else if (length >= DWARF_RESERVED_LENGTH_MIN) {
    return `unit at 0x${offset.toString(16)} has a reserved unit_length`;
  }
  if (c.bad !== undefined) return `unit at 0x${offset.toString(16)}: ${c.bad}`;
  if (length > section.length - c.pos) return `unit at 0x${offset.toString(16)} runs past the section`;
  return { contentStart: c.pos, end: c.pos + length, offsetSize };
}

/**
 * Parses a unit's header. `compDir` is the compilation directory for DWARF 2..4 (whose
 * tables do not record it; DWARF 5 stores it as directory 0). Error string on malformed
 * input; never throws.
 */
export function parseLineHeader(
  section: Uint8Array,
  unit: UnitExtent,
  strings: DebugStrings,
  compDir = '',
): LineProgramHeader | string {
  const c = new Cursor(section, unit.contentStart, unit.end);
  const version = c.u16();
  if (c.bad === undefined && (version < MIN_VERSION || version > MAX_VERSION)) {
    return `unsupported .debug_line version ${version}`;
  }
  const addressSize = version >= DWARF5 ? c.u8() : 0;
  if (version >= DWARF5) c.u8(); // segment_selector_size: segments are not used on RISC-V
  const headerLength = c.uN(unit.offsetSize);
  const programStart = c.pos + headerLength;
  const minimumInstructionLength = c.u8();
  const maximumOperationsPerInstruction = version >= DWARF4 ? c.u8() : 1;
  const defaultIsStmt = c.u8() !== 0;
  const lineBase = c.i8();
  const lineRange = c.u8();
  const opcodeBase = c.u8();
  const standardOpcodeLengths: number[] = [];
  for (let op = 1; op < opcodeBase; op++) standardOpcodeLengths.push(c.u8());
  if (c.bad !== undefined) return c.bad;
  if (programStart > unit.end) return 'header_length runs past the unit';
  if (lineRange === 0) return 'line_range is 0';
  if (maximumOperationsPerInstruction === 0) return 'maximum_operations_per_instruction is 0';
  if (opcodeBase === 0) return 'opcode_base is 0';
  c.end = programStart;
  const tables =
    version >= DWARF5
      ? readV5Tables(c, unit.offsetSize, strings)
      : readV4Tables(c, compDir);
  if (typeof tables === 'string') return tables;
  return {
    version, addressSize, minimumInstructionLength, maximumOperationsPerInstruction,
    defaultIsStmt, lineBase, lineRange, opcodeBase, standardOpcodeLengths, programStart,
    ...tables,
  };
}

type Tables = Pick<LineProgramHeader, 'directories' | 'files' | 'fileBase'>;

/** DWARF 2..4: NUL-terminated lists; directory 0 is the (unrecorded) compilation dir. */
function readV4Tables(c: Cursor, compDir: string): Tables | string {
  const directories = [compDir];
  for (let dir = c.cstring(); dir !== '' && c.bad === undefined; dir = c.cstring()) directories.push(dir);
  const files: string[] = [];
  for (let name = c.cstring(); name !== '' && c.bad === undefined; name = c.cstring()) {
    const dirIndex = c.uleb();
    c.uleb(); // modification time
    c.uleb(); // file length
    files.push(resolveFile(name, dirIndex, directories));
  }
  if (c.bad !== undefined) return c.bad;
  return { directories, files, fileBase: 1 };
}

/** The full path of a file entry: dir + name, made absolute against directory 0. */
export function resolveFile(name: string, dirIndex: number, directories: string[]): string {
  let path = joinPath(directories[dirIndex] ?? '', name);
  if (!isAbsolutePath(path) && dirIndex !== 0) path = joinPath(directories[0] ?? '', path);
  return normalizePath(path);
}

interface EntryFormat {
  contentType: number;
  form: number;
}

/** DWARF 5: self-describing directory and file tables (section 6.2.4.1). */
function readV5Tables(c: Cursor, offsetSize: number, strings: DebugStrings): Tables | string {
  const dirs = readEntries(c, offsetSize, strings);
  if (typeof dirs === 'string') return dirs;
  const directories = dirs.map((d) => d.path);
  const entries = readEntries(c, offsetSize, strings);
  if (typeof entries === 'string') return entries;
  const files = entries.map((f) => resolveFile(f.path, f.dirIndex, directories));
  return { directories, files, fileBase: 0 };
}

interface Entry {
  path: string;
  dirIndex: number;
}

function readEntries(c: Cursor, offsetSize: number, strings: DebugStrings): Entry[] | string {
  const formatCount = c.u8();
  const formats: EntryFormat[] = [];
  for (let i = 0; i < formatCount; i++) formats.push({ contentType: c.uleb(), form: c.uleb() });
  const count = c.uleb();
  if (c.bad !== undefined) return c.bad;
  if (count > c.remaining) return `entry count ${count} exceeds the header`;
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const entry: Entry = { path: '', dirIndex: 0 };
    for (const { contentType, form } of formats) {
      const value = readForm(c, form, offsetSize, strings);
      if (typeof value === 'object') return value.error;
      if (contentType === DW_LNCT_path && typeof value === 'string') entry.path = value;
      if (contentType === DW_LNCT_directory_index && typeof value === 'number') entry.dirIndex = value;
    }
    if (c.bad !== undefined) return c.bad;
    entries.push(entry);
  }
  return entries;
}

/** Reads one attribute value: a string, a number, undefined (skipped), or an error. */
function readForm(
  c: Cursor,
  form: number,
  offsetSize: number,
  strings: DebugStrings,
): string | number | undefined | { error: string } {
  switch (form) {
    case DW_FORM_string: return c.cstring();
    case DW_FORM_line_strp: return stringFrom(strings.debugLineStr, c.uN(offsetSize), '.debug_line_str');
    case DW_FORM_strp: return stringFrom(strings.debugStr, c.uN(offsetSize), '.debug_str');
    case DW_FORM_udata: return c.uleb();
    case DW_FORM_sdata: return c.sleb();
    case DW_FORM_data1: case DW_FORM_flag: case DW_FORM_strx1: return c.u8();
    case DW_FORM_data2: case DW_FORM_strx2: return c.u16();
    case DW_FORM_strx3: return c.uN(3);
    case DW_FORM_data4: case DW_FORM_strx4: return c.u32();
    case DW_FORM_data8: return c.uN(8);
    case DW_FORM_strx: return c.uleb();
    case DW_FORM_sec_offset: case DW_FORM_strp_sup: return c.uN(offsetSize);
    case DW_FORM_flag_present: return undefined;
    case DW_FORM_data16: c.skip(16); return undefined;
    case DW_FORM_block: c.skip(c.uleb()); return undefined;
    case DW_FORM_block1: c.skip(c.u8()); return undefined;
    case DW_FORM_block2: c.skip(c.u16()); return undefined;
    case DW_FORM_block4: c.skip(c.u32()); return undefined;
    default: return { error: `unsupported form 0x${form.toString(16)} in a line table header` };
  }
}

function stringFrom(section: Uint8Array | undefined, offset: number, name: string): string | { error: string } {
  const s = stringAt(section, offset);
  return s ?? { error: `string offset 0x${offset.toString(16)} lies outside ${name}` };
}
