/**
 * Attribute values (DWARF 5 section 7.5.5 "Classes and Forms", table 7.6): one function reads
 * one value of any form gcc and binutils emit into a typed AttrValue. Values that need a
 * unit's bases (strx, addrx, loclistx, rnglistx) stay as indexes; the unit resolves them.
 * Never throws: a truncated value or unknown form sets `c.bad`.
 */
import { Cursor, stringAt } from '../cursor';
import { readSlebBig, readUlebBig } from '../expr/leb';
import {
  DW_FORM_GNU_ref_alt, DW_FORM_GNU_strp_alt,
  DW_FORM_addr, DW_FORM_addrx, DW_FORM_addrx1, DW_FORM_addrx2, DW_FORM_addrx3, DW_FORM_addrx4,
  DW_FORM_block, DW_FORM_block1, DW_FORM_block2, DW_FORM_block4, DW_FORM_data1, DW_FORM_data16,
  DW_FORM_data2, DW_FORM_data4, DW_FORM_data8, DW_FORM_exprloc, DW_FORM_flag, DW_FORM_flag_present,
  DW_FORM_implicit_const, DW_FORM_indirect, DW_FORM_line_strp, DW_FORM_loclistx, DW_FORM_ref1,
  DW_FORM_ref2, DW_FORM_ref4, DW_FORM_ref8, DW_FORM_ref_addr, DW_FORM_ref_sig8, DW_FORM_ref_sup4,
  DW_FORM_ref_sup8, DW_FORM_ref_udata, DW_FORM_rnglistx, DW_FORM_sdata, DW_FORM_sec_offset,
  DW_FORM_string, DW_FORM_strp, DW_FORM_strp_sup, DW_FORM_strx, DW_FORM_strx1, DW_FORM_strx2,
  DW_FORM_strx3, DW_FORM_strx4, DW_FORM_udata,
} from './constants';
import { readU64Big } from './unit-header';

/**
 * A decoded attribute value. `const` covers the constant class: `signed` is true for sdata
 * and implicit_const, false for udata, and undefined for dataN (signedness comes from the
 * type; `size` is then the width in bytes). `ref` offsets are absolute in .debug_info;
 * `local` when the form is unit-relative (the target must then lie in the same unit).
 */
export type AttrValue =
  | { kind: 'address'; value: number }
  | { kind: 'addrx'; index: number }
  | { kind: 'const'; value: bigint; signed: boolean | undefined; size: number }
  | { kind: 'string'; value: string }
  | { kind: 'strx'; index: number }
  | { kind: 'ref'; offset: number; local: boolean }
  | { kind: 'refSig8'; signature: bigint }
  | { kind: 'secOffset'; value: number }
  | { kind: 'block'; bytes: Uint8Array; exprloc: boolean }
  | { kind: 'flag'; value: boolean }
  | { kind: 'loclistx'; index: number }
  | { kind: 'rnglistx'; index: number }
  | { kind: 'unresolved'; reason: string };

/** Sizes and sections a form read depends on. */
export interface FormContext {
  /** Absolute offset of the unit in .debug_info (unit-relative references add it). */
  unitOffset: number;
  addressSize: number;
  offsetSize: number;
  refAddrSize: number;
  debugStr?: Uint8Array;
  debugLineStr?: Uint8Array;
}

const DATA16_BYTES = 16;

/**
 * Reads one value of `form` at the cursor. Returns undefined (with c.bad set) for an
 * unknown form or a read past the end. `implicitConst` is the abbreviation's value for
 * DW_FORM_implicit_const.
 */
export function readAttrValue(c: Cursor, form: number, z: FormContext, implicitConst?: bigint): AttrValue | undefined {
  switch (form) {
    case DW_FORM_addr: return { kind: 'address', value: c.uN(z.addressSize) };
    case DW_FORM_addrx: return { kind: 'addrx', index: c.uleb() };
    case DW_FORM_addrx1: return { kind: 'addrx', index: c.u8() };
    case DW_FORM_addrx2: return { kind: 'addrx', index: c.u16() };
    case DW_FORM_addrx3: return { kind: 'addrx', index: c.uN(3) };
    case DW_FORM_addrx4: return { kind: 'addrx', index: c.u32() };
    case DW_FORM_data1: return constant(c, 1);
    case DW_FORM_data2: return constant(c, 2);
    case DW_FORM_data4: return constant(c, 4);
    case DW_FORM_data8: return constant(c, 8);
    case DW_FORM_data16: return { kind: 'block', bytes: bytesAt(c, DATA16_BYTES), exprloc: false };
    case DW_FORM_sdata: return { kind: 'const', value: readSlebBig(c), signed: true, size: 8 };
    case DW_FORM_udata: return { kind: 'const', value: readUlebBig(c), signed: false, size: 8 };
    case DW_FORM_implicit_const: return { kind: 'const', value: implicitConst ?? 0n, signed: true, size: 8 };
    case DW_FORM_flag: return { kind: 'flag', value: c.u8() !== 0 };
    case DW_FORM_flag_present: return { kind: 'flag', value: true };
    case DW_FORM_sec_offset: return { kind: 'secOffset', value: c.uN(z.offsetSize) };
    case DW_FORM_loclistx: return { kind: 'loclistx', index: c.uleb() };
    case DW_FORM_rnglistx: return { kind: 'rnglistx', index: c.uleb() };
    case DW_FORM_indirect: return readIndirect(c, z);
    default: return readStringOrRef(c, form, z) ?? readBlock(c, form) ?? unknownForm(c, form);
  }
}

function readStringOrRef(c: Cursor, form: number, z: FormContext): AttrValue | undefined {
  switch (form) {
    case DW_FORM_string: return { kind: 'string', value: c.cstring() };
    case DW_FORM_strp: return sectionString(z.debugStr, c.uN(z.offsetSize), '.debug_str');
    case DW_FORM_line_strp: return sectionString(z.debugLineStr, c.uN(z.offsetSize), '.debug_line_str');
    case DW_FORM_strx: return { kind: 'strx', index: c.uleb() };
    case DW_FORM_strx1: return { kind: 'strx', index: c.u8() };
    case DW_FORM_strx2: return { kind: 'strx', index: c.u16() };
    case DW_FORM_strx3: return { kind: 'strx', index: c.uN(3) };
    case DW_FORM_strx4: return { kind: 'strx', index: c.u32() };
    case DW_FORM_ref1: return { kind: 'ref', offset: z.unitOffset + c.u8(), local: true };
    case DW_FORM_ref2: return { kind: 'ref', offset: z.unitOffset + c.u16(), local: true };
    case DW_FORM_ref4: return { kind: 'ref', offset: z.unitOffset + c.u32(), local: true };
    case DW_FORM_ref8: return { kind: 'ref', offset: z.unitOffset + c.uN(8), local: true };
    case DW_FORM_ref_udata: return { kind: 'ref', offset: z.unitOffset + c.uleb(), local: true };
    case DW_FORM_ref_addr: return { kind: 'ref', offset: c.uN(z.refAddrSize), local: false };
    case DW_FORM_ref_sig8: return { kind: 'refSig8', signature: readU64Big(c) };
    case DW_FORM_strp_sup: case DW_FORM_GNU_strp_alt: case DW_FORM_GNU_ref_alt:
      c.skip(z.offsetSize);
      return { kind: 'unresolved', reason: 'the value lies in a supplementary object file' };
    case DW_FORM_ref_sup4: c.skip(4); return { kind: 'unresolved', reason: 'the value lies in a supplementary object file' };
    case DW_FORM_ref_sup8: c.skip(8); return { kind: 'unresolved', reason: 'the value lies in a supplementary object file' };
    default: return undefined;
  }
}

function readBlock(c: Cursor, form: number): AttrValue | undefined {
  switch (form) {
    case DW_FORM_exprloc: return { kind: 'block', bytes: bytesAt(c, c.uleb()), exprloc: true };
    case DW_FORM_block: return { kind: 'block', bytes: bytesAt(c, c.uleb()), exprloc: false };
    case DW_FORM_block1: return { kind: 'block', bytes: bytesAt(c, c.u8()), exprloc: false };
    case DW_FORM_block2: return { kind: 'block', bytes: bytesAt(c, c.u16()), exprloc: false };
    case DW_FORM_block4: return { kind: 'block', bytes: bytesAt(c, c.u32()), exprloc: false };
    default: return undefined;
  }
}

function unknownForm(c: Cursor, form: number): undefined {
  c.fail(`unknown form 0x${form.toString(16)} at offset 0x${c.pos.toString(16)}`);
  return undefined;
}

function readIndirect(c: Cursor, z: FormContext): AttrValue | undefined {
  const actual = c.uleb();
  if (c.bad !== undefined) return undefined;
  if (actual === DW_FORM_indirect || actual === DW_FORM_implicit_const) {
    c.fail(`DW_FORM_indirect names form 0x${actual.toString(16)}, which it cannot carry`);
    return undefined;
  }
  return readAttrValue(c, actual, z);
}

/** A dataN constant: little-endian unsigned, width `size` bytes, signedness unknown. */
function constant(c: Cursor, size: number): AttrValue {
  const at = c.pos;
  if (!c.skip(size)) return { kind: 'const', value: 0n, signed: undefined, size };
  let value = 0n;
  for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(c.bytes[at + i]!);
  return { kind: 'const', value, signed: undefined, size };
}

/** A copy-free view of the next `n` bytes (empty when fewer remain; c.bad then set). */
function bytesAt(c: Cursor, n: number): Uint8Array {
  const at = c.pos;
  return c.skip(n) ? c.bytes.subarray(at, at + n) : new Uint8Array(0);
}

function sectionString(section: Uint8Array | undefined, offset: number, name: string): AttrValue {
  const value = stringAt(section, offset);
  if (value === undefined) return { kind: 'unresolved', reason: `string offset 0x${offset.toString(16)} lies outside ${name}` };
  return { kind: 'string', value };
}

/**
 * The constant's value as a number: sign-extended from `size` bytes when `signed` (dataN
 * forms are unsigned unless the caller knows the type is signed). Undefined when not safe.
 */
export function constNumber(v: AttrValue | undefined, signed = false): number | undefined {
  if (v === undefined || v.kind !== 'const') return undefined;
  const n = signed && v.signed === undefined ? BigInt.asIntN(v.size * 8, v.value) : v.value;
  const asNumber = Number(n);
  return Number.isSafeInteger(asNumber) ? asNumber : undefined;
}
