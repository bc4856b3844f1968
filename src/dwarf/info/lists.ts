/**
 * Range lists and location lists, resolved to absolute [start, end) virtual addresses:
 * DWARF 5 .debug_rnglists (section 2.17.3, entries DW_RLE_*) and .debug_loclists (section
 * 2.6.2, entries DW_LLE_*), and DWARF 2..4 .debug_ranges / .debug_loc (address pairs with
 * base-address selection entries). Never throws: problems are error strings.
 */
import { Cursor } from '../cursor';
import type { LocationListEntry } from '../model';
import {
  DW_LLE_GNU_view_pair, DW_LLE_base_address, DW_LLE_base_addressx, DW_LLE_default_location,
  DW_LLE_end_of_list, DW_LLE_offset_pair, DW_LLE_start_end, DW_LLE_start_length, DW_LLE_startx_endx,
  DW_LLE_startx_length, DW_RLE_base_address, DW_RLE_base_addressx, DW_RLE_end_of_list,
  DW_RLE_offset_pair, DW_RLE_start_end, DW_RLE_start_length, DW_RLE_startx_endx, DW_RLE_startx_length,
} from './constants';

/** An address range [start, end) in virtual addresses. */
export interface AddressRange {
  start: number;
  end: number;
}

/** What list decoding needs from the unit. */
export interface ListContext {
  addressSize: number;
  /** The unit's base address (its root DIE's DW_AT_low_pc, else 0). */
  baseAddress: number;
  /** The address at `index` of the unit's .debug_addr table. */
  addrx(index: number): number | undefined;
}

/** Upper bound of a DW_LLE_default_location entry: it applies at every pc. */
export const DEFAULT_LOCATION_END = Number.MAX_SAFE_INTEGER;
/** Entries read from one list before it is judged malformed (a missing terminator). */
const MAX_LIST_ENTRIES = 1 << 16;
/** DWARF 2..4 .debug_loc expression length field width (section 2.6.2). */
const DEBUG_LOC_LENGTH_BYTES = 2;

/** Reads an address of `size` bytes; 'max' for the all-ones base-selection marker. */
function readAddress(c: Cursor, size: number): number | 'max' {
  const at = c.pos;
  if (c.remaining >= size && c.bytes.subarray(at, at + size).every((b) => b === 0xff)) {
    c.skip(size);
    return 'max';
  }
  return c.uN(size);
}

function addrxOrFail(c: Cursor, ctx: ListContext, index: number): number {
  const a = ctx.addrx(index);
  if (a === undefined) c.fail(`.debug_addr has no entry ${index}`);
  return a ?? 0;
}

/** One DW_RLE_* / DW_LLE_* entry's bounds, or the new base, or the end of the list. */
type Bounds = { start: number; end: number } | { base: number } | 'end' | 'default';

/** The DWARF 5 .debug_rnglists list at `offset`. */
export function readRngList(section: Uint8Array | undefined, offset: number, ctx: ListContext): AddressRange[] | string {
  if (!section) return 'no .debug_rnglists section';
  const c = new Cursor(section, offset);
  const out: AddressRange[] = [];
  let base = ctx.baseAddress;
  for (let i = 0; i < MAX_LIST_ENTRIES; i++) {
    const b = readV5Bounds(c, c.u8(), ctx, base, true);
    if (c.bad !== undefined) return `.debug_rnglists at 0x${offset.toString(16)}: ${c.bad}`;
    if (b === 'end') return out;
    if (b === 'default') continue;
    if ('base' in b) base = b.base;
    else if (b.end > b.start) out.push(b);
  }
  return `.debug_rnglists at 0x${offset.toString(16)}: no end_of_list entry`;
}

/** The DWARF 5 .debug_loclists list at `offset`. */
export function readLocList(section: Uint8Array | undefined, offset: number, ctx: ListContext): LocationListEntry[] | string {
  if (!section) return 'no .debug_loclists section';
  const c = new Cursor(section, offset);
  const out: LocationListEntry[] = [];
  let base = ctx.baseAddress;
  for (let i = 0; i < MAX_LIST_ENTRIES; i++) {
    const kind = c.u8();
    if (kind === DW_LLE_GNU_view_pair) {
      c.uleb();
      c.uleb();
      continue;
    }
    const b = readV5Bounds(c, kind, ctx, base, false);
    if (c.bad !== undefined) return `.debug_loclists at 0x${offset.toString(16)}: ${c.bad}`;
    if (b === 'end') return out;
    if (typeof b === 'object' && 'base' in b) {
      base = b.base;
      continue;
    }
    const length = c.uleb();
    const at = c.pos;
    c.skip(length);
    if (c.bad !== undefined) return `.debug_loclists at 0x${offset.toString(16)}: ${c.bad}`;
    const expr = section.subarray(at, at + length);
    if (b === 'default') out.push({ start: 0, end: DEFAULT_LOCATION_END, expr });
    else if (b.end > b.start) out.push({ ...b, expr });
  }
  return `.debug_loclists at 0x${offset.toString(16)}: no end_of_list entry`;
}

/**
 * Decodes one entry's bounds. The DW_RLE_* and DW_LLE_* codes differ only in that
 * location lists insert default_location (5) before base_address; `rnglist` selects.
 */
function readV5Bounds(c: Cursor, code: number, ctx: ListContext, base: number, rnglist: boolean): Bounds {
  const a = ctx.addressSize;
  if (rnglist) {
    switch (code) {
      case DW_RLE_end_of_list: return 'end';
      case DW_RLE_base_addressx: return { base: addrxOrFail(c, ctx, c.uleb()) };
      case DW_RLE_startx_endx: return { start: addrxOrFail(c, ctx, c.uleb()), end: addrxOrFail(c, ctx, c.uleb()) };
      case DW_RLE_startx_length: { const s = addrxOrFail(c, ctx, c.uleb()); return { start: s, end: s + c.uleb() }; }
      case DW_RLE_offset_pair: return { start: base + c.uleb(), end: base + c.uleb() };
      case DW_RLE_base_address: return { base: c.uN(a) };
      case DW_RLE_start_end: return { start: c.uN(a), end: c.uN(a) };
      case DW_RLE_start_length: { const s = c.uN(a); return { start: s, end: s + c.uleb() }; }
    }
  } else {
    switch (code) {
      case DW_LLE_end_of_list: return 'end';
      case DW_LLE_base_addressx: return { base: addrxOrFail(c, ctx, c.uleb()) };
      case DW_LLE_startx_endx: return { start: addrxOrFail(c, ctx, c.uleb()), end: addrxOrFail(c, ctx, c.uleb()) };
      case DW_LLE_startx_length: { const s = addrxOrFail(c, ctx, c.uleb()); return { start: s, end: s + c.uleb() }; }
      case DW_LLE_offset_pair: return { start: base + c.uleb(), end: base + c.uleb() };
      case DW_LLE_default_location: return 'default';
      case DW_LLE_base_address: return { base: c.uN(a) };
      case DW_LLE_start_end: return { start: c.uN(a), end: c.uN(a) };
      case DW_LLE_start_length: { const s = c.uN(a); return { start: s, end: s + c.uleb() }; }
    }
  }
  c.fail(`unknown list entry kind 0x${code.toString(16)}`);
  return 'end';
}

/** The DWARF 2..4 .debug_ranges list at `offset` (pairs of addresses relative to the base). */
export function readDebugRanges(section: Uint8Array | undefined, offset: number, ctx: ListContext): AddressRange[] | string {
  if (!section) return 'no .debug_ranges section';
  const c = new Cursor(section, offset);
  const out: AddressRange[] = [];
  let base = ctx.baseAddress;
  for (let i = 0; i < MAX_LIST_ENTRIES; i++) {
    const start = readAddress(c, ctx.addressSize);
    const end = readAddress(c, ctx.addressSize);
    if (c.bad !== undefined) return `.debug_ranges at 0x${offset.toString(16)}: ${c.bad}`;
    if (start === 0 && end === 0) return out;
    if (start === 'max') base = end === 'max' ? 0 : end;
    else if (end !== 'max' && end > start) out.push({ start: base + start, end: base + end });
  }
  return `.debug_ranges at 0x${offset.toString(16)}: no end-of-list entry`;
}

/** The DWARF 2..4 .debug_loc list at `offset` (address pairs, 2-byte expression lengths). */
export function readDebugLoc(section: Uint8Array | undefined, offset: number, ctx: ListContext): LocationListEntry[] | string {
  if (!section) return 'no .debug_loc section';
  const c = new Cursor(section, offset);
  const out: LocationListEntry[] = [];
  let base = ctx.baseAddress;
  for (let i = 0; i < MAX_LIST_ENTRIES; i++) {
    const start = readAddress(c, ctx.addressSize);
    const end = readAddress(c, ctx.addressSize);
    if (c.bad !== undefined) return `.debug_loc at 0x${offset.toString(16)}: ${c.bad}`;
    if (start === 0 && end === 0) return out;
    if (start === 'max') {
      base = end === 'max' ? 0 : end;
      continue;
    }
    const length = c.uN(DEBUG_LOC_LENGTH_BYTES);
    const at = c.pos;
    c.skip(length);
    if (c.bad !== undefined) return `.debug_loc at 0x${offset.toString(16)}: ${c.bad}`;
    if (end !== 'max' && end > start) out.push({ start: base + start, end: base + end, expr: section.subarray(at, at + length) });
  }
  return `.debug_loc at 0x${offset.toString(16)}: no end-of-list entry`;
}

/**
 * DW_FORM_rnglistx / DW_FORM_loclistx (DWARF 5 sections 7.28, 7.29): the list offset at
 * `index` of the offset table that starts at `base` (the unit's DW_AT_*_base), made absolute.
 */
export function listOffsetFromIndex(section: Uint8Array | undefined, base: number, index: number, offsetSize: number): number | string {
  if (!section) return 'the list section is missing';
  const c = new Cursor(section, base + index * offsetSize);
  const relative = c.uN(offsetSize);
  if (c.bad !== undefined) return `list index ${index} lies outside the offset table: ${c.bad}`;
  return base + relative;
}
