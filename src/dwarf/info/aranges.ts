/**
 * .debug_aranges (DWARF 5 section 6.1.2): per unit, a set of [address, address + length)
 * tuples and the offset of the unit in .debug_info. Lets the pc -> unit index be built
 * without reading any DIE. Never throws: a malformed set ends the scan (reported).
 */
import { Cursor } from '../cursor';
import { readUnitExtent } from '../line-header';

/** One covered range and the .debug_info offset of its unit. */
export interface ArangeEntry {
  start: number;
  end: number;
  unitOffset: number;
}

const ARANGES_VERSION = 2;

/** Every tuple of every set; `problems` lists sets that could not be read. */
export function readAranges(section: Uint8Array): { entries: ArangeEntry[]; problems: string[] } {
  const entries: ArangeEntry[] = [];
  const problems: string[] = [];
  let offset = 0;
  while (offset < section.length) {
    const extent = readUnitExtent(section, offset);
    if (typeof extent === 'string') {
      problems.push(`.debug_aranges: ${extent}`);
      break;
    }
    const problem = readSet(section, offset, extent.contentStart, extent.end, extent.offsetSize, entries);
    if (problem) problems.push(`.debug_aranges set at 0x${offset.toString(16)}: ${problem}`);
    offset = extent.end;
  }
  return { entries, problems };
}

function readSet(section: Uint8Array, setStart: number, start: number, end: number, offsetSize: number, out: ArangeEntry[]): string | undefined {
  const c = new Cursor(section, start, end);
  const version = c.u16();
  const unitOffset = c.uN(offsetSize);
  const addressSize = c.u8();
  const segmentSize = c.u8();
  if (c.bad !== undefined) return c.bad;
  if (version !== ARANGES_VERSION) return `unsupported version ${version}`;
  if (addressSize !== 4 && addressSize !== 8) return `unsupported address size ${addressSize}`;
  // The first tuple is aligned to twice the address size from the start of the set.
  const tupleSize = 2 * addressSize + segmentSize;
  const misalign = (c.pos - setStart) % (2 * addressSize);
  if (misalign !== 0) c.skip(2 * addressSize - misalign);
  while (c.remaining >= tupleSize) {
    c.skip(segmentSize);
    const address = c.uN(addressSize);
    const length = c.uN(addressSize);
    if (c.bad !== undefined) return c.bad;
    if (address === 0 && length === 0) break;
    if (length > 0) out.push({ start: address, end: address + length, unitOffset });
  }
  return undefined;
}
