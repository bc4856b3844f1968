/**
 * Test-only helpers for the readelf comparison: a minimal .debug_loclists walker (DWARF 5
 * section 7.29, DW_LLE_* entries) that yields each entry's expression bytes in section order,
 * and parsers for readelf's printed expressions. The real location-list reader lives elsewhere.
 */
import { Cursor } from '../../../src/dwarf/cursor';

const DW_LLE_end_of_list = 0x00;
const DW_LLE_base_addressx = 0x01;
const DW_LLE_startx_endx = 0x02;
const DW_LLE_startx_length = 0x03;
const DW_LLE_offset_pair = 0x04;
const DW_LLE_default_location = 0x05;
const DW_LLE_base_address = 0x06;
const DW_LLE_start_end = 0x07;
const DW_LLE_start_length = 0x08;
/** GNU location view pair (binutils include/dwarf2.def). */
const DW_LLE_GNU_view_pair = 0x09;

/** Expression bytes of every location-list entry, in section order. */
export function loclistExpressions(section: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const c = new Cursor(section, 0);
  while (!c.atEnd && c.bad === undefined) {
    const length = c.u32();
    const unitEnd = c.pos + length;
    c.skip(2);
    const addressSize = c.u8();
    c.skip(1);
    const offsetEntries = c.u32();
    c.skip(offsetEntries * 4);
    while (c.pos < unitEnd && c.bad === undefined) readEntry(c, addressSize, out);
    c.pos = unitEnd;
  }
  if (c.bad) throw new Error(`.debug_loclists: ${c.bad}`);
  return out;
}

function readEntry(c: Cursor, addressSize: number, out: Uint8Array[]): void {
  const kind = c.u8();
  const counted = (): void => {
    const n = c.uleb();
    out.push(c.bytes.slice(c.pos, c.pos + n));
    c.skip(n);
  };
  switch (kind) {
    case DW_LLE_end_of_list: return;
    case DW_LLE_base_addressx: c.uleb(); return;
    case DW_LLE_startx_endx: case DW_LLE_startx_length: case DW_LLE_offset_pair:
      c.uleb(); c.uleb(); counted(); return;
    case DW_LLE_default_location: counted(); return;
    case DW_LLE_base_address: c.skip(addressSize); return;
    case DW_LLE_start_end: c.skip(2 * addressSize); counted(); return;
    case DW_LLE_start_length: c.skip(addressSize); c.uleb(); counted(); return;
    case DW_LLE_GNU_view_pair: c.uleb(); c.uleb(); return;
    default: c.fail(`unknown DW_LLE kind 0x${kind.toString(16)} at ${c.pos - 1}`);
  }
}

/** readelf's spelling that we deliberately print differently, normalised to ours. */
export function normaliseReadelf(text: string): string {
  return text.replace(/DW_OP_GNU_push_tls_address or DW_OP_HP_unknown/g, 'DW_OP_GNU_push_tls_address');
}

/** Expression texts of `readelf --debug-dump=loc`, in section order ("(start == end)" notes dropped). */
export function readelfLoclistTexts(output: string): string[] {
  const texts: string[] = [];
  for (const line of output.split('\n')) {
    const m = /^\s+[0-9a-f]{8} [0-9a-f]{16} [0-9a-f]{16} \((.*)\)(?: \(start == end\))?\s*$/.exec(line);
    if (m) texts.push(normaliseReadelf(m[1]!));
  }
  return texts;
}

/** One exprloc/block attribute printed by `readelf --debug-dump=info`: its bytes and decoding. */
export interface ReadelfBlock {
  attribute: string;
  bytes: Uint8Array;
  text: string;
  cuOffset: number;
}

/** Every "N byte block: .. (DW_OP_...)" attribute of `readelf --debug-dump=info`. */
export function readelfInfoBlocks(output: string): ReadelfBlock[] {
  const blocks: ReadelfBlock[] = [];
  let cuOffset = 0;
  for (const line of output.split('\n')) {
    const cu = /Compilation Unit @ offset (0x[0-9a-f]+|\d+):/.exec(line);
    if (cu) cuOffset = Number(cu[1]);
    const m = /(DW_AT_\w+)\s*: (?:\(\w+\) )?(\d+) byte block: ((?:[0-9a-f]+ )*)\s*\((.*)\)(?: \[without DW_AT_frame_base\])?\s*$/.exec(line);
    if (!m) continue;
    const bytes = Uint8Array.from(m[3]!.trim().split(/\s+/).filter(Boolean).map((b) => parseInt(b, 16)));
    if (bytes.length !== Number(m[2])) throw new Error(`byte count mismatch in: ${line}`);
    blocks.push({ attribute: m[1]!, bytes, text: normaliseReadelf(m[4]!), cuOffset });
  }
  return blocks;
}
