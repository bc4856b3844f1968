/**
 * Encoded pointers of .eh_frame and .eh_frame_hdr (LSB Core, "DWARF Exception Header
 * Encoding"): a value format (low four bits) and how the value is applied (bits 4-6),
 * plus the indirect bit. Reads never throw; a bad encoding or read is an error value.
 */
import type { Cursor } from '../cursor';
import {
  ADDRESS_SIZE_64, DW_EH_PE_absptr, DW_EH_PE_aligned, DW_EH_PE_APPLICATION_MASK, DW_EH_PE_datarel,
  DW_EH_PE_FORMAT_MASK, DW_EH_PE_funcrel, DW_EH_PE_indirect, DW_EH_PE_omit, DW_EH_PE_pcrel,
  DW_EH_PE_sdata2, DW_EH_PE_sdata4, DW_EH_PE_sdata8, DW_EH_PE_sleb128, DW_EH_PE_textrel,
  DW_EH_PE_udata2, DW_EH_PE_udata4, DW_EH_PE_udata8, DW_EH_PE_uleb128,
} from './constants';
import type { FrameBases } from './types';

const TWO_TO_32 = 0x1_0000_0000;
const SIGN_BIT_16 = 0x8000;
const TWO_TO_16 = 0x1_0000;
const SIGN_BIT_32 = 0x8000_0000;
/** Bytes of a 4-byte target address (absptr on a 32-bit target). */
const ADDRESS_SIZE_32 = 4;

/** Where a pointer is read: the section's bases, the address size, the FDE's start. */
export interface PointerContext {
  bases: FrameBases;
  /** Bytes of DW_EH_PE_absptr (the target address size). */
  addressSize: number;
  /** initial_location of the FDE being read (DW_EH_PE_funcrel), when known. */
  funcBase?: number;
}

/** A decoded pointer: `indirect` means `value` is the address where the pointer is stored. */
export type PointerResult = { ok: true; value: number; indirect: boolean } | { ok: false; error: string };

/** Signed little-endian 64-bit value; sets cur.bad when outside ±2^53. */
export function readI64(cur: Cursor): number {
  const low = cur.u32();
  const high = cur.u32();
  const value = (high >= SIGN_BIT_32 ? high - TWO_TO_32 : high) * TWO_TO_32 + low;
  if (!Number.isSafeInteger(value)) cur.fail(`signed 64-bit value before offset 0x${cur.pos.toString(16)} is out of range`);
  return Number.isSafeInteger(value) ? value : 0;
}

/** True when `encoding` names a value format and application we can read. */
export function isValidEncoding(encoding: number): boolean {
  if (encoding === DW_EH_PE_omit) return true;
  const application = encoding & DW_EH_PE_APPLICATION_MASK;
  return formatSize(encoding & DW_EH_PE_FORMAT_MASK) !== undefined && application <= DW_EH_PE_aligned;
}

/** Bytes of a fixed-size format, 0 for LEB128, undefined for an unknown format. */
function formatSize(format: number, addressSize = ADDRESS_SIZE_64): number | undefined {
  switch (format) {
    case DW_EH_PE_absptr: return addressSize;
    case DW_EH_PE_uleb128: case DW_EH_PE_sleb128: return 0;
    case DW_EH_PE_udata2: case DW_EH_PE_sdata2: return 2;
    case DW_EH_PE_udata4: case DW_EH_PE_sdata4: return 4;
    case DW_EH_PE_udata8: case DW_EH_PE_sdata8: return 8;
    default: return undefined;
  }
}

/** Bytes one value of `encoding` takes, or undefined for LEB128/unknown (for table strides). */
export function encodedSize(encoding: number, addressSize: number): number | undefined {
  const size = formatSize(encoding & DW_EH_PE_FORMAT_MASK, addressSize);
  return size === 0 ? undefined : size;
}

/** The raw value of `format` at the cursor (DW_EH_PE_absptr reads addressSize bytes). */
function readFormat(cur: Cursor, format: number, addressSize: number): number | undefined {
  switch (format) {
    case DW_EH_PE_absptr:
      return addressSize === ADDRESS_SIZE_32 ? cur.u32() : addressSize === ADDRESS_SIZE_64 ? cur.u64() : undefined;
    case DW_EH_PE_uleb128: return cur.uleb();
    case DW_EH_PE_udata2: return cur.u16();
    case DW_EH_PE_udata4: return cur.u32();
    case DW_EH_PE_udata8: return cur.u64();
    case DW_EH_PE_sleb128: return cur.sleb();
    case DW_EH_PE_sdata2: { const v = cur.u16(); return v >= SIGN_BIT_16 ? v - TWO_TO_16 : v; }
    case DW_EH_PE_sdata4: { const v = cur.u32(); return v >= SIGN_BIT_32 ? v - TWO_TO_32 : v; }
    case DW_EH_PE_sdata8: return readI64(cur);
    default: return undefined;
  }
}

/** The base address an application adds, or an error when the context lacks it. */
function applicationBase(application: number, valueAddress: number, ctx: PointerContext): number | string {
  switch (application) {
    case DW_EH_PE_absptr: case DW_EH_PE_aligned: return 0;
    case DW_EH_PE_pcrel: return valueAddress;
    case DW_EH_PE_textrel: return ctx.bases.text ?? 'DW_EH_PE_textrel pointer without a text base';
    case DW_EH_PE_datarel: return ctx.bases.data ?? 'DW_EH_PE_datarel pointer without a data base';
    case DW_EH_PE_funcrel: return ctx.funcBase ?? 'DW_EH_PE_funcrel pointer outside an FDE';
    default: return `unknown pointer application 0x${application.toString(16)}`;
  }
}

/**
 * Reads one pointer of `encoding` at the cursor, whose bytes lie in the section at
 * ctx.bases.section. DW_EH_PE_omit must be handled by the caller (it has no bytes).
 * Errors: unknown format or application, missing base, read past the end, a result
 * outside [0, 2^53). An indirect pointer is returned as the address of the real one
 * (reading target memory is the caller's business; FDE readers reject it).
 */
export function readEncodedPointer(cur: Cursor, encoding: number, ctx: PointerContext): PointerResult {
  if (encoding === DW_EH_PE_omit) return { ok: false, error: 'DW_EH_PE_omit pointer has no value' };
  const format = encoding & DW_EH_PE_FORMAT_MASK;
  const application = encoding & DW_EH_PE_APPLICATION_MASK;
  if (formatSize(format, ctx.addressSize) === undefined) {
    return { ok: false, error: `unknown pointer encoding 0x${encoding.toString(16)}` };
  }
  if (application === DW_EH_PE_aligned) {
    const misalign = (ctx.bases.section + cur.pos) % ctx.addressSize;
    if (misalign !== 0) cur.skip(ctx.addressSize - misalign);
  }
  const base = applicationBase(application, ctx.bases.section + cur.pos, ctx);
  if (typeof base === 'string') return { ok: false, error: base };
  const raw = readFormat(cur, application === DW_EH_PE_aligned ? DW_EH_PE_absptr : format, ctx.addressSize);
  if (cur.bad !== undefined || raw === undefined) return { ok: false, error: cur.bad ?? 'unreadable pointer' };
  const value = base + raw;
  if (!(value >= 0 && Number.isSafeInteger(value))) {
    return { ok: false, error: `pointer 0x${value.toString(16)} is outside [0, 2^53)` };
  }
  return { ok: true, value, indirect: (encoding & DW_EH_PE_indirect) !== 0 };
}
