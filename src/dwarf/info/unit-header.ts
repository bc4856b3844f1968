/**
 * Unit headers of .debug_info (DWARF 5 section 7.5.1.1-7.5.1.3; DWARF 2..4 section 7.5.1).
 * 32- and 64-bit DWARF (section 7.4). Reading a header touches only the header bytes, so
 * listing every unit of a large program is cheap. Never throws: problems are strings.
 */
import { Cursor } from '../cursor';
import { readUnitExtent } from '../line-header';
import {
  DW_UT_compile, DW_UT_partial, DW_UT_skeleton, DW_UT_split_compile, DW_UT_split_type, DW_UT_type,
  DWARF_VERSION_2, DWARF_VERSION_5, DWARF_VERSION_MIN,
} from './constants';

/** One unit's header. Offsets are byte offsets in .debug_info unless named otherwise. */
export interface UnitHeader {
  /** Offset of the unit's first byte (its unit_length). */
  offset: number;
  /** One past the unit's last byte. */
  end: number;
  /** Offset of the first DIE (the unit's root). */
  dieStart: number;
  version: number;
  /** DW_UT_*; DWARF 2..4 compilation units report DW_UT_compile. */
  unitType: number;
  /** Bytes in a target address (8 on RV64). */
  addressSize: number;
  /** 4 for 32-bit DWARF, 8 for 64-bit DWARF. */
  offsetSize: number;
  /** Offset of the unit's abbreviation table in .debug_abbrev. */
  abbrevOffset: number;
  /** Type units: the type signature (DW_FORM_ref_sig8 targets) and the type DIE's absolute offset. */
  typeSignature?: bigint;
  typeOffset?: number;
  /** Skeleton and split units: the DWO id. */
  dwoId?: bigint;
}


/** Reads an 8-byte little-endian value as a bigint (signatures and ids may exceed 2^53). */
export function readU64Big(c: Cursor): bigint {
  const low = c.u32();
  const high = c.u32();
  return (BigInt(high) << 32n) | BigInt(low);
}

/**
 * Reads the unit header at `offset`. Returns an error string for an unknown version or
 * unit type, an address size other than 4 or 8, or a header running past the unit; the
 * caller can still skip to `end` when the error object carries it.
 */
export function readUnitHeader(info: Uint8Array, offset: number): UnitHeader | { error: string; end?: number } {
  const extent = readUnitExtent(info, offset);
  if (typeof extent === 'string') return { error: extent };
  const at = `unit at 0x${offset.toString(16)}`;
  const c = new Cursor(info, extent.contentStart, extent.end);
  const version = c.u16();
  if (c.bad === undefined && (version < DWARF_VERSION_MIN || version > DWARF_VERSION_5)) {
    return { error: `${at}: unsupported DWARF version ${version}`, end: extent.end };
  }
  const header: UnitHeader = {
    offset, end: extent.end, dieStart: 0, version, unitType: DW_UT_compile,
    addressSize: 0, offsetSize: extent.offsetSize, abbrevOffset: 0,
  };
  if (version >= DWARF_VERSION_5) {
    header.unitType = c.u8();
    header.addressSize = c.u8();
    header.abbrevOffset = c.uN(extent.offsetSize);
    const extra = readUnitTypeFields(c, header);
    if (extra !== undefined) return { error: `${at}: ${extra}`, end: extent.end };
  } else {
    header.abbrevOffset = c.uN(extent.offsetSize);
    header.addressSize = c.u8();
  }
  if (c.bad !== undefined) return { error: `${at}: ${c.bad}`, end: extent.end };
  if (header.addressSize !== 4 && header.addressSize !== 8) {
    return { error: `${at}: unsupported address size ${header.addressSize}`, end: extent.end };
  }
  header.dieStart = c.pos;
  return header;
}

/** The fields that follow debug_abbrev_offset for each DWARF 5 unit type. */
function readUnitTypeFields(c: Cursor, h: UnitHeader): string | undefined {
  switch (h.unitType) {
    case DW_UT_compile:
    case DW_UT_partial:
      return undefined;
    case DW_UT_skeleton:
    case DW_UT_split_compile:
      h.dwoId = readU64Big(c);
      return undefined;
    case DW_UT_type:
    case DW_UT_split_type:
      h.typeSignature = readU64Big(c);
      h.typeOffset = h.offset + c.uN(h.offsetSize);
      return undefined;
    default:
      return `unknown unit type 0x${h.unitType.toString(16)}`;
  }
}

/** Size of DW_FORM_ref_addr values in this unit: the address size in DWARF 2, else the offset size. */
export function refAddrSize(h: UnitHeader): number {
  return h.version === DWARF_VERSION_2 ? h.addressSize : h.offsetSize;
}

