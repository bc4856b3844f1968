/**
 * CIEs and FDEs of one call frame section (DWARF 5 section 6.4.1 for .debug_frame; LSB
 * Core "Exception Frames" for .eh_frame). Layout of every entry:
 *
 *   initial_length (4, or 0xffffffff + 8)   id / CIE pointer (4 or 8)   body...
 *
 * .debug_frame: a CIE has id 0xffffffff (64-bit: 0xffffffffffffffff); an FDE holds its
 * CIE's section offset. .eh_frame: a CIE has id 0; an FDE holds the distance from that
 * field back to its CIE, and a zero length word is a terminator. Readers never throw: a
 * malformed entry is an error value, and the walk goes on when the length is usable.
 */
import { Cursor } from '../cursor';
import {
  AUG_EH, AUG_FDE_ENCODING, AUG_LSDA, AUG_PERSONALITY, AUG_SIGNAL_FRAME, AUG_Z, CIE_VERSION_1, CIE_VERSION_3,
  CIE_VERSION_4, DW_CIE_ID_32, DW_CIE_ID_64_HALF, DW_EH_PE_absptr, DW_EH_PE_FORMAT_MASK, DW_EH_PE_omit,
  DWARF32_RESERVED_MIN, DWARF64_ESCAPE, EH_CIE_ID, LENGTH_BYTES_32,
} from './constants';
import { isValidEncoding, readEncodedPointer, type PointerContext } from './pointer';
import type { Cie, Fde, FrameBases, FrameSectionKind } from './types';

/** A signed number as 0x.. / -0x... */
const hex = (n: number): string => `${n < 0 ? '-' : ''}0x${Math.abs(n).toString(16)}`;

/** Where an entry's parts lie: offsets in the section, in bytes. */
interface EntryHeader {
  offset: number;
  /** First byte after the entry. */
  end: number;
  /** True for a CIE, false for an FDE. */
  isCie: boolean;
  /** FDE only: section offset of its CIE. */
  ciePointer: number;
  /** First byte after the id / CIE pointer field. */
  bodyStart: number;
}

/** One step of a walk over a section. `next` is undefined when the walk cannot go on. */
export type EntryResult =
  | { kind: 'cie'; cie: Cie; next: number }
  | { kind: 'fde'; fde: Fde; next: number }
  | { kind: 'terminator'; next: number }
  | { kind: 'error'; error: string; next: number | undefined };

/** A call frame section: its bytes, its kind, and the bases its pointers need. */
export class FrameSection {
  private readonly cies = new Map<number, Cie | string>();

  /** `bases.section` is the section's sh_addr (pc-relative pointers need it). */
  constructor(
    readonly kind: FrameSectionKind,
    readonly bytes: Uint8Array,
    readonly bases: FrameBases,
    /** Target address size in bytes, when a CIE does not say (version < 4). */
    readonly defaultAddressSize: number,
  ) {}

  /** The entry at section offset `offset` (DWARF 5 section 6.4.1). */
  entryAt(offset: number): EntryResult {
    const header = this.header(offset);
    if (typeof header === 'string') return { kind: 'error', error: header, next: undefined };
    if ('terminator' in header) return { kind: 'terminator', next: header.next };
    const parsed = header.isCie ? this.cieAt(offset) : this.fdeFrom(header);
    if (typeof parsed === 'string') return { kind: 'error', error: parsed, next: header.end };
    return 'pcBegin' in parsed
      ? { kind: 'fde', fde: parsed, next: header.end }
      : { kind: 'cie', cie: parsed, next: header.end };
  }

  /** Every entry in section order, errors included. */
  *entries(): Generator<EntryResult> {
    let offset: number | undefined = 0;
    while (offset !== undefined && offset < this.bytes.length) {
      const entry = this.entryAt(offset);
      yield entry;
      offset = entry.next;
    }
  }

  /** The CIE at `offset`, parsed once (cached, errors too). */
  cieAt(offset: number): Cie | string {
    let cie = this.cies.get(offset);
    if (cie === undefined) {
      const header = this.header(offset);
      if (typeof header === 'string') cie = header;
      else if ('terminator' in header || !header.isCie) cie = `no CIE at offset 0x${offset.toString(16)}`;
      else cie = this.parseCie(header);
      this.cies.set(offset, cie);
    }
    return cie;
  }

  /** Reads the length and id fields; a string on error. */
  private header(offset: number): EntryHeader | { terminator: true; next: number } | string {
    const cur = new Cursor(this.bytes, offset);
    const where = `${this.kind} entry at 0x${offset.toString(16)}`;
    const length32 = cur.u32();
    if (cur.bad !== undefined) return `${where}: truncated length`;
    if (length32 === 0) return { terminator: true, next: offset + LENGTH_BYTES_32 };
    if (length32 >= DWARF32_RESERVED_MIN && length32 !== DWARF64_ESCAPE) return `${where}: reserved length 0x${length32.toString(16)}`;
    const is64 = length32 === DWARF64_ESCAPE;
    const length = is64 ? cur.u64() : length32;
    const contentStart = cur.pos;
    if (cur.bad !== undefined || length > cur.remaining) return `${where}: length ${length} runs past the end of the section`;
    const idPos = cur.pos;
    const idLow = cur.u32();
    // The CIE id / pointer is 8 bytes in 64-bit .debug_frame, always 4 in .eh_frame (LSB).
    const idHigh = is64 && this.kind === 'debug_frame' ? cur.u32() : 0;
    if (cur.bad !== undefined) return `${where}: truncated CIE id`;
    const end = contentStart + length;
    const isCie = this.kind === 'eh_frame'
      ? idLow === EH_CIE_ID && idHigh === 0
      : idLow === DW_CIE_ID_32 && (!is64 || idHigh === DW_CIE_ID_64_HALF);
    const id = idHigh * 2 ** 32 + idLow;
    const ciePointer = this.kind === 'eh_frame' ? idPos - id : id;
    return { offset, end, isCie, ciePointer, bodyStart: cur.pos };
  }

  private parseCie(h: EntryHeader): Cie | string {
    const cur = new Cursor(this.bytes, h.bodyStart, h.end);
    const where = `CIE at ${this.kind}+0x${h.offset.toString(16)}`;
    const version = cur.u8();
    if (version !== CIE_VERSION_1 && version !== CIE_VERSION_3 && version !== CIE_VERSION_4) {
      return `${where}: unsupported version ${version}`;
    }
    const augmentation = cur.cstring();
    const cie: Cie = {
      offset: h.offset, version, augmentation, addressSize: this.defaultAddressSize, segmentSelectorSize: 0,
      codeAlignmentFactor: 0, dataAlignmentFactor: 0, returnAddressRegister: 0, fdeEncoding: DW_EH_PE_absptr,
      lsdaEncoding: DW_EH_PE_omit, signalFrame: false, instructions: new Uint8Array(0), instructionsOffset: 0,
    };
    if (augmentation === AUG_EH) cur.skip(cie.addressSize);
    if (version === CIE_VERSION_4) {
      cie.addressSize = cur.u8();
      cie.segmentSelectorSize = cur.u8();
    }
    cie.codeAlignmentFactor = cur.uleb();
    cie.dataAlignmentFactor = cur.sleb();
    cie.returnAddressRegister = version === CIE_VERSION_1 ? cur.u8() : cur.uleb();
    const augError = this.parseCieAugmentation(cur, cie);
    if (augError !== undefined) return `${where}: ${augError}`;
    if (cur.bad !== undefined) return `${where}: ${cur.bad}`;
    cie.instructions = this.bytes.subarray(cur.pos, h.end);
    cie.instructionsOffset = cur.pos;
    return cie;
  }

  /** Augmentation data of a "z..." string (LSB "Augmentation String Format"). */
  private parseCieAugmentation(cur: Cursor, cie: Cie): string | undefined {
    const aug = cie.augmentation;
    if (aug === '' || aug === AUG_EH) return undefined;
    if (!aug.startsWith(AUG_Z)) return `unknown augmentation "${aug}"`;
    const length = cur.uleb();
    const dataEnd = cur.pos + length;
    if (cur.bad !== undefined || length > cur.remaining) return 'augmentation data runs past the entry';
    const ctx: PointerContext = { bases: this.bases, addressSize: cie.addressSize };
    for (const ch of aug.slice(1)) {
      if (ch === AUG_LSDA) cie.lsdaEncoding = cur.u8();
      else if (ch === AUG_FDE_ENCODING) cie.fdeEncoding = cur.u8();
      else if (ch === AUG_SIGNAL_FRAME) cie.signalFrame = true;
      else if (ch === AUG_PERSONALITY) {
        const personality = readEncodedPointer(cur, cur.u8(), ctx);
        if (!personality.ok) return `personality: ${personality.error}`;
        cie.personality = { address: personality.value, indirect: personality.indirect };
      } else return `unknown augmentation character '${ch}' in "${aug}"`;
    }
    if (!isValidEncoding(cie.fdeEncoding) || cie.fdeEncoding === DW_EH_PE_omit) return `bad FDE pointer encoding 0x${cie.fdeEncoding.toString(16)}`;
    if (!isValidEncoding(cie.lsdaEncoding)) return `bad LSDA pointer encoding 0x${cie.lsdaEncoding.toString(16)}`;
    if (cur.pos > dataEnd) return 'augmentation data is longer than its length says';
    cur.pos = dataEnd;
    return undefined;
  }

  private fdeFrom(h: EntryHeader): Fde | string {
    const where = `FDE at ${this.kind}+0x${h.offset.toString(16)}`;
    if (h.ciePointer < 0 || h.ciePointer >= this.bytes.length) return `${where}: CIE pointer ${hex(h.ciePointer)} is outside the section`;
    const cie = this.cieAt(h.ciePointer);
    if (typeof cie === 'string') return `${where}: ${cie}`;
    const cur = new Cursor(this.bytes, h.bodyStart, h.end);
    const range = this.readRange(cur, cie);
    if (typeof range === 'string') return `${where}: ${range}`;
    const fde: Fde = { offset: h.offset, cie, pcBegin: range.begin, pcEnd: range.end, instructions: new Uint8Array(0), instructionsOffset: 0 };
    if (cie.augmentation.startsWith(AUG_Z)) {
      const length = cur.uleb();
      const dataEnd = cur.pos + length;
      if (cur.bad !== undefined || length > cur.remaining) return `${where}: augmentation data runs past the entry`;
      if (cie.lsdaEncoding !== DW_EH_PE_omit) {
        const lsda = readEncodedPointer(cur, cie.lsdaEncoding, { bases: this.bases, addressSize: cie.addressSize, funcBase: fde.pcBegin });
        if (!lsda.ok) return `${where}: LSDA: ${lsda.error}`;
        fde.lsda = lsda.value;
      }
      cur.pos = dataEnd;
    }
    fde.instructions = this.bytes.subarray(cur.pos, h.end);
    fde.instructionsOffset = cur.pos;
    return fde;
  }

  /** initial_location and address_range, as [begin, end). */
  private readRange(cur: Cursor, cie: Cie): { begin: number; end: number } | string {
    const ctx: PointerContext = { bases: this.bases, addressSize: cie.addressSize };
    let begin: number;
    let length: number;
    if (this.kind === 'debug_frame') {
      cur.skip(cie.segmentSelectorSize);
      const b = readEncodedPointer(cur, DW_EH_PE_absptr, ctx);
      const l = readEncodedPointer(cur, DW_EH_PE_absptr, ctx);
      if (!b.ok || !l.ok) return `initial_location/address_range: ${b.ok ? '' : b.error}${l.ok ? '' : l.error}`;
      [begin, length] = [b.value, l.value];
    } else {
      const b = readEncodedPointer(cur, cie.fdeEncoding, ctx);
      if (!b.ok) return `pc_begin: ${b.error}`;
      if (b.indirect) return 'pc_begin has DW_EH_PE_indirect encoding, which needs target memory';
      const l = readEncodedPointer(cur, cie.fdeEncoding & DW_EH_PE_FORMAT_MASK, ctx);
      if (!l.ok) return `pc_range: ${l.error}`;
      [begin, length] = [b.value, l.value];
    }
    const end = begin + length;
    if (!Number.isSafeInteger(end)) return 'address range ends at 2^53 or more';
    return { begin, end };
  }
}
