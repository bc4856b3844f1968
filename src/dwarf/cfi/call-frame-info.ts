/**
 * The call frame information of a program: .eh_frame (with .eh_frame_hdr's search table
 * when present) and .debug_frame, asked one question: the unwind row at a pc.
 *
 * Pc lookup: rowAt takes the exact pc whose frame is being unwound. For the innermost
 * frame that is the stopped pc. For a caller frame, the consumer passes return address - 1:
 * the return address is the instruction after the call, which may already belong to the
 * next row (an epilogue) or even to the next function when the call is a noreturn tail of
 * its function; the call instruction itself lies before it. The exception is a frame
 * interrupted by a signal (the previous row's signalFrame is true): its saved pc is the
 * instruction that was about to run, so it is looked up as is.
 *
 * Lazy: an FDE is parsed and run when a pc first needs it (a small cache keeps recent
 * tables). Never throws; malformed entries are reported in `errors` (entries met while
 * building the index or answering lookups) and skipped.
 */
import type { Elf64 } from '../../elf';
import { findSection, sectionBytes } from '../../elf';
import { ADDRESS_SIZE_64 } from './constants';
import { FrameSection } from './entries';
import { ehFrameHdrIndex, sortedFdeIndex, type FdeIndex } from './fde-index';
import type { Fde, FrameSectionKind, UnwindRow } from './types';
import { unwindTable, type UnwindTable } from './unwind-table';

/** The bytes of one section and its virtual address (sh_addr, 0 for .debug_frame). */
export interface SectionData {
  bytes: Uint8Array;
  addr: number;
}

/** The sections CallFrameInfo reads; any may be missing. */
export interface CallFrameSections {
  ehFrame?: SectionData;
  ehFrameHdr?: SectionData;
  debugFrame?: SectionData;
  /** sh_addr of .text (DW_EH_PE_textrel) and of .got (DW_EH_PE_datarel in .eh_frame). */
  textAddr?: number;
  gotAddr?: number;
  /** Target address size in bytes (8 for ELF64). */
  addressSize?: number;
}

/** Unwind tables parsed at most this many at a time are kept. */
const TABLE_CACHE_SIZE = 64;

/** One call frame section with its FDE index and a cache of unwind tables. */
export class FrameTable {
  private index: FdeIndex | undefined;
  private readonly tables = new Map<number, UnwindTable>();
  private readonly reported = new Set<number>();

  constructor(
    readonly section: FrameSection,
    private readonly errors: string[],
    private readonly hdr?: SectionData,
  ) {}

  /** The FDE whose range [pcBegin, pcEnd) holds `pc`, if any. */
  fdeAt(pc: number): Fde | undefined {
    const offset = this.fdeIndex().candidate(pc);
    if (offset === undefined) return undefined;
    const entry = this.section.entryAt(offset);
    if (entry.kind === 'error') this.report(offset, entry.error);
    if (entry.kind !== 'fde') return undefined;
    return pc >= entry.fde.pcBegin && pc < entry.fde.pcEnd ? entry.fde : undefined;
  }

  /** The rows of `fde` (cached). A table cut short by an error is reported once. */
  table(fde: Fde): UnwindTable {
    let table = this.tables.get(fde.offset);
    if (!table) {
      table = unwindTable(fde, this.section.kind, this.section.bases);
      if (table.error !== undefined) this.report(fde.offset, table.error);
      if (this.tables.size >= TABLE_CACHE_SIZE) this.tables.clear();
      this.tables.set(fde.offset, table);
    }
    return table;
  }

  /** The row holding `pc` in this section, undefined when no FDE or row covers it. */
  rowAt(pc: number): UnwindRow | undefined {
    const fde = this.fdeAt(pc);
    if (!fde) return undefined;
    return this.table(fde).rows.find((row) => pc >= row.startPc && pc < row.endPc);
  }

  private fdeIndex(): FdeIndex {
    if (!this.index && this.hdr) {
      const fromHdr = ehFrameHdrIndex(this.hdr.bytes, this.hdr.addr, this.section);
      if (typeof fromHdr === 'string') this.errors.push(`${fromHdr}; indexing .eh_frame instead`);
      else this.index = fromHdr;
    }
    this.index ??= sortedFdeIndex(this.section, this.errors);
    return this.index;
  }

  private report(offset: number, error: string): void {
    if (this.reported.has(offset)) return;
    this.reported.add(offset);
    this.errors.push(error);
  }
}

/** All call frame information of a program; see the file comment. */
export class CallFrameInfo {
  /** Malformed entries met so far, as messages naming section and offset. */
  readonly errors: string[] = [];
  /** .eh_frame, when present. */
  readonly ehFrame: FrameTable | undefined;
  /** .debug_frame, when present. */
  readonly debugFrame: FrameTable | undefined;

  private constructor(s: CallFrameSections) {
    const addressSize = s.addressSize ?? ADDRESS_SIZE_64;
    const table = (kind: FrameSectionKind, data: SectionData | undefined, hdr?: SectionData): FrameTable | undefined =>
      data && new FrameTable(new FrameSection(kind, data.bytes, { section: data.addr, text: s.textAddr, data: s.gotAddr }, addressSize), this.errors, hdr);
    this.ehFrame = table('eh_frame', s.ehFrame, s.ehFrameHdr);
    this.debugFrame = table('debug_frame', s.debugFrame);
  }

  /** Reads the sections by name from a parsed ELF file (DWARF 5 section 6.4; LSB). */
  static fromElf(elf: Elf64): CallFrameInfo {
    const data = (name: string): SectionData | undefined => {
      const bytes = sectionBytes(elf, name);
      const section = findSection(elf, name);
      return bytes && section && bytes.length > 0 ? { bytes, addr: section.addr } : undefined;
    };
    return new CallFrameInfo({
      ehFrame: data('.eh_frame'), ehFrameHdr: data('.eh_frame_hdr'), debugFrame: data('.debug_frame'),
      textAddr: findSection(elf, '.text')?.addr, gotAddr: findSection(elf, '.got')?.addr, addressSize: ADDRESS_SIZE_64,
    });
  }

  /** From section bytes and addresses (tests, or files that are not ELF). */
  static fromSections(sections: CallFrameSections): CallFrameInfo {
    return new CallFrameInfo(sections);
  }

  /**
   * The unwind row at exactly `pc` (a virtual address; see the file comment for why a
   * caller frame passes return address - 1). .eh_frame is asked first, .debug_frame when
   * .eh_frame has no row for the pc. Undefined when neither covers it.
   */
  rowAt(pc: number | bigint): UnwindRow | undefined {
    const at = typeof pc === 'bigint' ? (pc <= BigInt(Number.MAX_SAFE_INTEGER) && pc >= 0n ? Number(pc) : undefined) : pc;
    if (at === undefined || !Number.isSafeInteger(at) || at < 0) return undefined;
    return this.ehFrame?.rowAt(at) ?? this.debugFrame?.rowAt(at);
  }
}
