/**
 * .eh_frame CIE merging, as GNU ld does it (LSB "Exception Frames"; DWARF 5 section 6.4.1 for
 * the CIE/FDE layout): every object assembled with .cfi_* directives brings its own CIE, and ld
 * keeps one copy of identical CIEs, pointing the FDEs of later objects at it. Each record is
 *
 *   +-----------+----------------------------------+-----------------------------+
 *   | length u32| CIE id u32 (0 for a CIE)         | contents (length - 4 bytes) |
 *   |           | or, in an FDE, the distance back |                             |
 *   |           | from this field to its CIE       |                             |
 *   +-----------+----------------------------------+-----------------------------+
 *
 * Only CIEs without relocations (no personality routine) are merged, when byte-identical;
 * a section that does not parse (or uses 64-bit lengths) is left as it is, as ld leaves it.
 */
import { readUnsigned, writeUnsigned } from './bytes';
import type { InputSection, OutputSection } from './model';
import { deleteBytes } from './section-edit';

const LENGTH_BYTES = 4;
const ID_BYTES = 4;
/** A length of 0xffffffff announces the 64-bit format, which this merger does not rewrite. */
const DWARF64_ESCAPE = 0xffffffffn;
const CIE_ID = 0n;

/** A place in an input section (offsets are updated when bytes before them are removed). */
interface Place {
  section: InputSection;
  offset: number;
}

/** An FDE whose CIE pointer must be recomputed from final addresses: its pointer field and its CIE. */
export interface CiePointerFix {
  field: Place;
  cie: Place;
}

interface Entry {
  offset: number;
  end: number;
  cie?: Place;
}

/**
 * Merges duplicate CIEs of the .eh_frame output section before layout. Returns the FDE pointers
 * to rewrite once addresses are known (applyCiePointerFixes).
 */
export function mergeEhFrameCies(output: OutputSection | undefined): CiePointerFix[] {
  if (!output) return [];
  const kept = new Map<string, Place>();
  const fixes: CiePointerFix[] = [];
  const lastRecords = new Map<InputSection, Place>();
  for (const section of output.inputs) {
    const entries = parse(section);
    if (!entries) continue;
    const removed: Entry[] = [];
    const cieAt = new Map<number, Place>();
    for (const e of entries) {
      if (e.cie !== undefined) continue;
      const key = cieKey(section, e);
      const first = key === undefined ? undefined : kept.get(key);
      if (first) removed.push(e);
      const place = first ?? { section, offset: e.offset };
      if (key !== undefined && !first) kept.set(key, place);
      cieAt.set(e.offset, place);
    }
    const lastEntry = entries[entries.length - 1];
    const last = lastEntry && lastEntry.end === section.size && !removed.includes(lastEntry) ? { section, offset: lastEntry.offset } : undefined;
    if (last) lastRecords.set(section, last);
    if (removed.length === 0) continue;
    const fdes = entries.flatMap((e) => (e.cie ? [{ field: { section, offset: e.offset + LENGTH_BYTES }, cieOffset: e.cie.offset }] : []));
    const places = [...fdes.map((f) => f.field), ...cieAt.values(), ...(last ? [last] : [])];
    for (const e of [...removed].reverse()) {
      deleteBytes(section, e.offset, e.end - e.offset);
      shiftPlaces(section, e.offset, e.end - e.offset, places);
    }
    for (const f of fdes) {
      const cie = cieAt.get(f.cieOffset);
      if (cie) fixes.push({ field: f.field, cie });
    }
  }
  padBetweenInputs(output.inputs, lastRecords);
  return fixes;
}

/**
 * Fills the gap the next input's alignment leaves after a shrunken section, as ld does: the
 * gap is added to the section's last record (its length grows), so no zero word (an
 * end-of-table marker to unwinders) appears between records. Offsets are relative to the
 * output section's start, which is aligned at least as much as any input.
 */
function padBetweenInputs(inputs: readonly InputSection[], lastRecords: ReadonlyMap<InputSection, Place>): void {
  let offset = 0;
  inputs.forEach((section, i) => {
    offset = Math.ceil(offset / section.align) * section.align;
    const next = inputs[i + 1];
    const end = offset + section.size;
    const gap = next ? Math.ceil(end / next.align) * next.align - end : 0;
    const last = lastRecords.get(section);
    if (gap > 0 && last && section.data) {
      const data = new Uint8Array(section.size + gap);
      data.set(section.data!);
      writeUnsigned(data, last.offset, LENGTH_BYTES, readUnsigned(data, last.offset, LENGTH_BYTES) + BigInt(gap));
      section.data = data;
      section.size += gap;
    }
    offset += section.size;
  });
}

/** Writes each fixed FDE's CIE pointer: the distance from the pointer field back to its CIE. */
export function applyCiePointerFixes(fixes: readonly CiePointerFix[]): void {
  for (const { field, cie } of fixes) {
    const distance = field.section.address + field.offset - (cie.section.address + cie.offset);
    writeUnsigned(field.section.data!, field.offset, ID_BYTES, BigInt(distance));
  }
}

/** The records of an .eh_frame section, or undefined when it does not parse. */
function parse(section: InputSection): Entry[] | undefined {
  const data = section.data;
  if (!data) return undefined;
  const entries: Entry[] = [];
  let at = 0;
  while (at + LENGTH_BYTES <= data.length) {
    const length = readUnsigned(data, at, LENGTH_BYTES);
    if (length === 0n) break; // a terminator
    if (length === DWARF64_ESCAPE) return undefined;
    const end = at + LENGTH_BYTES + Number(length);
    if (end > data.length || length < BigInt(ID_BYTES)) return undefined;
    const id = readUnsigned(data, at + LENGTH_BYTES, ID_BYTES);
    if (id === CIE_ID) entries.push({ offset: at, end });
    else {
      const cieOffset = at + LENGTH_BYTES - Number(id);
      if (!entries.some((e) => e.cie === undefined && e.offset === cieOffset)) return undefined;
      entries.push({ offset: at, end, cie: { section, offset: cieOffset } });
    }
    at = end;
  }
  return entries;
}

/** A CIE's identity for merging (its bytes), or undefined when relocations make it unique. */
function cieKey(section: InputSection, e: Entry): string | undefined {
  if (section.relocations.some((r) => r.offset >= e.offset && r.offset < e.end)) return undefined;
  return Array.from(section.data!.subarray(e.offset, e.end), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Moves the places of `section` that lie past a removed range down with the bytes. */
function shiftPlaces(section: InputSection, at: number, count: number, places: Place[]): void {
  for (const p of new Set(places)) if (p.section === section && p.offset >= at + count) p.offset -= count;
}
