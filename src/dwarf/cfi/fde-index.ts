/**
 * Finding the FDE that covers a pc: the binary search table of .eh_frame_hdr when the
 * linker wrote one (LSB Core ".eh_frame_hdr"), else a table sorted by initial_location,
 * built once by walking the section. Both answer a section offset of a candidate FDE; the
 * caller parses it and checks that its range really holds the pc.
 *
 * .eh_frame_hdr layout: version (1), eh_frame_ptr_enc, fde_count_enc, table_enc (one byte
 * each), eh_frame_ptr, fde_count, then fde_count pairs (initial_location, FDE address)
 * sorted by initial_location. Its pointers are relative to the header's own address
 * (DW_EH_PE_datarel base).
 */
import { Cursor } from '../cursor';
import { DW_EH_PE_omit, EH_FRAME_HDR_VERSION } from './constants';
import type { FrameSection } from './entries';
import { encodedSize, readEncodedPointer, type PointerContext } from './pointer';

/** Candidate FDE offsets by pc. */
export interface FdeIndex {
  /** Section offset of the FDE whose initial_location is the greatest one <= pc, if any. */
  candidate(pc: number): number | undefined;
}

/** Index of the last element of `count` sorted keys that is <= pc (keyAt may fail: undefined). */
function lastAtOrBelow(count: number, pc: number, keyAt: (i: number) => number | undefined): number | undefined {
  let lo = 0;
  let hi = count; // answer in [lo - 1, hi)
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const key = keyAt(mid);
    if (key === undefined) return undefined;
    if (key <= pc) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : lo - 1;
}

/** The .eh_frame_hdr search table. */
class EhFrameHdrIndex implements FdeIndex {
  constructor(
    private readonly hdr: Uint8Array,
    private readonly ctx: PointerContext,
    private readonly tableEncoding: number,
    private readonly tableStart: number,
    private readonly entrySize: number,
    private readonly count: number,
    private readonly ehFrameAddr: number,
    private readonly ehFrameSize: number,
  ) {}

  candidate(pc: number): number | undefined {
    const i = lastAtOrBelow(this.count, pc, (k) => this.field(k, 0));
    if (i === undefined) return undefined;
    const fdeAddress = this.field(i, this.entrySize / 2);
    if (fdeAddress === undefined) return undefined;
    const offset = fdeAddress - this.ehFrameAddr;
    return offset >= 0 && offset < this.ehFrameSize ? offset : undefined;
  }

  /** The pointer at byte `at` of table entry `i`. */
  private field(i: number, at: number): number | undefined {
    const cur = new Cursor(this.hdr, this.tableStart + i * this.entrySize + at);
    const p = readEncodedPointer(cur, this.tableEncoding, this.ctx);
    return p.ok && !p.indirect ? p.value : undefined;
  }
}

/**
 * The search table of .eh_frame_hdr (`hdr` at virtual address `hdrAddr`), or an error
 * string when the header is malformed, has no table, or does not point at .eh_frame.
 */
export function ehFrameHdrIndex(hdr: Uint8Array, hdrAddr: number, ehFrame: FrameSection): FdeIndex | string {
  const cur = new Cursor(hdr, 0);
  const version = cur.u8();
  const ehFramePtrEnc = cur.u8();
  const countEnc = cur.u8();
  const tableEnc = cur.u8();
  if (cur.bad !== undefined) return `.eh_frame_hdr: ${cur.bad}`;
  if (version !== EH_FRAME_HDR_VERSION) return `.eh_frame_hdr: unsupported version ${version}`;
  const ctx: PointerContext = { bases: { section: hdrAddr, data: hdrAddr }, addressSize: ehFrame.defaultAddressSize };
  const ehFramePtr = readEncodedPointer(cur, ehFramePtrEnc, ctx);
  if (!ehFramePtr.ok) return `.eh_frame_hdr: eh_frame_ptr: ${ehFramePtr.error}`;
  if (ehFramePtr.value !== ehFrame.bases.section) return `.eh_frame_hdr: eh_frame_ptr 0x${ehFramePtr.value.toString(16)} is not .eh_frame's address`;
  if (countEnc === DW_EH_PE_omit || tableEnc === DW_EH_PE_omit) return '.eh_frame_hdr: no search table';
  const count = readEncodedPointer(cur, countEnc, ctx);
  if (!count.ok) return `.eh_frame_hdr: fde_count: ${count.error}`;
  const size = encodedSize(tableEnc, ctx.addressSize);
  if (size === undefined) return `.eh_frame_hdr: table encoding 0x${tableEnc.toString(16)} is not fixed-size`;
  const entrySize = 2 * size;
  if (count.value > cur.remaining / entrySize) return `.eh_frame_hdr: ${count.value} table entries run past the end`;
  return new EhFrameHdrIndex(hdr, ctx, tableEnc, cur.pos, entrySize, count.value, ehFrame.bases.section, ehFrame.bytes.length);
}

/** A table of (initial_location, end, offset) built by walking the section once. */
class SortedFdeIndex implements FdeIndex {
  constructor(private readonly table: ReadonlyArray<{ begin: number; offset: number }>) {}

  candidate(pc: number): number | undefined {
    const i = lastAtOrBelow(this.table.length, pc, (k) => this.table[k]!.begin);
    return i === undefined ? undefined : this.table[i]!.offset;
  }
}

/**
 * Walks every entry of `section` once and indexes its FDEs by initial_location. Malformed
 * entries are appended to `errors` and left out. FDEs of empty range are left out (they
 * cover no pc; linkers leave them for discarded functions).
 */
export function sortedFdeIndex(section: FrameSection, errors: string[]): FdeIndex {
  const table: { begin: number; offset: number }[] = [];
  for (const entry of section.entries()) {
    if (entry.kind === 'error') errors.push(entry.error);
    else if (entry.kind === 'fde' && entry.fde.pcEnd > entry.fde.pcBegin) table.push({ begin: entry.fde.pcBegin, offset: entry.fde.offset });
  }
  table.sort((a, b) => a.begin - b.begin);
  return new SortedFdeIndex(table);
}
