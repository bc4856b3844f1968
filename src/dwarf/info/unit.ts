/**
 * One unit of .debug_info, read lazily: the header and root DIE on first use (cheap: that
 * is what the pc -> unit index needs), the whole DIE tree only when asked. Resolves the
 * unit-relative forms against the root's bases (DWARF 5 section 3.1.1: DW_AT_str_offsets_base,
 * DW_AT_addr_base, DW_AT_rnglists_base, DW_AT_loclists_base) and reads the unit's line-table
 * file list for DW_AT_decl_file / DW_AT_call_file. Never throws: problems go to `errors`.
 */
import { Cursor } from '../cursor';
import { parseLineHeader, readUnitExtent } from '../line-header';
import type { LocationDesc } from '../model';
import type { AbbrevCache, AbbrevTable } from './abbrev';
import {
  DW_AT_GNU_addr_base, DW_AT_addr_base, DW_AT_comp_dir, DW_AT_high_pc, DW_AT_loclists_base, DW_AT_low_pc,
  DW_AT_ranges, DW_AT_rnglists_base, DW_AT_stmt_list, DW_AT_str_offsets_base, DWARF5_STR_OFFSETS_HEADER_32,
  DWARF_VERSION_5,
} from './constants';
import { parseDieTree, readDie, type Die, type DieTree } from './die';
import type { AttrValue, FormContext } from './forms';
import { listOffsetFromIndex, readDebugLoc, readDebugRanges, readLocList, readRngList, type AddressRange, type ListContext } from './lists';
import type { InfoSections } from './sections';
import { refAddrSize, type UnitHeader } from './unit-header';

const utf8 = new TextDecoder('utf-8');

/** A unit: header, lazily read root and DIE tree, and the resolvers its forms need. */
export class Unit implements ListContext {
  readonly addressSize: number;
  /** The unit's base address for lists: the root's DW_AT_low_pc, else 0 (section 3.1.1). */
  baseAddress = 0;
  private rootDie: Die | undefined | null = null;
  private dieTree: DieTree | undefined;
  private files: string[] | undefined;
  private fileBase = 0;
  private strOffsetsBase: number;
  private addrBase = 0;
  private rnglistsBase = 0;
  private loclistsBase = 0;
  private readonly z: FormContext;

  constructor(
    readonly header: UnitHeader,
    private readonly s: InfoSections,
    private readonly abbrevs: AbbrevCache,
    private readonly report: (problem: string) => void,
  ) {
    this.addressSize = header.addressSize;
    this.strOffsetsBase = header.offsetSize === 4 ? DWARF5_STR_OFFSETS_HEADER_32 : DWARF5_STR_OFFSETS_HEADER_32 * 2;
    this.z = {
      unitOffset: header.offset, addressSize: header.addressSize, offsetSize: header.offsetSize,
      refAddrSize: refAddrSize(header), debugStr: s.debugStr, debugLineStr: s.debugLineStr,
    };
  }

  private where(): string {
    return `unit at 0x${this.header.offset.toString(16)}`;
  }

  private abbrevTable(): AbbrevTable | undefined {
    const t = this.abbrevs.table(this.header.abbrevOffset);
    if (typeof t === 'string') {
      this.report(`${this.where()}: ${t}`);
      return undefined;
    }
    return t;
  }

  /** The root DIE alone (no children), read once; undefined when malformed (reported). */
  root(): Die | undefined {
    if (this.rootDie !== null) return this.rootDie;
    this.rootDie = undefined;
    const table = this.abbrevTable();
    if (!table) return undefined;
    const r = readDie(new Cursor(this.s.debugInfo, this.header.dieStart, this.header.end), table, this.z);
    if (typeof r === 'string' || r === null) {
      this.report(`${this.where()}: ${r ?? 'the unit has no root DIE'}`);
      return undefined;
    }
    this.rootDie = r.die;
    this.readBases(r.die);
    return r.die;
  }

  private readBases(root: Die): void {
    const num = (at: number): number | undefined => {
      const v = root.attrs.get(at);
      return v?.kind === 'secOffset' ? v.value : v?.kind === 'const' ? Number(v.value) : undefined;
    };
    this.strOffsetsBase = num(DW_AT_str_offsets_base) ?? this.strOffsetsBase;
    this.addrBase = num(DW_AT_addr_base) ?? num(DW_AT_GNU_addr_base) ?? 0;
    this.rnglistsBase = num(DW_AT_rnglists_base) ?? 0;
    this.loclistsBase = num(DW_AT_loclists_base) ?? 0;
    this.baseAddress = this.address(root.attrs.get(DW_AT_low_pc)) ?? 0;
  }

  /** The whole DIE tree, parsed once; a parse problem is reported and the prefix kept. */
  tree(): DieTree {
    if (this.dieTree) return this.dieTree;
    this.root();
    const table = this.abbrevTable();
    if (!table) {
      this.dieTree = { root: undefined, byOffset: new Map(), error: 'no abbreviation table' };
      return this.dieTree;
    }
    this.dieTree = parseDieTree(this.s.debugInfo, this.header.dieStart, this.header.end, table, this.z);
    if (this.dieTree.error) this.report(`${this.where()}: ${this.dieTree.error}`);
    return this.dieTree;
  }

  /** True when `offset` (absolute in .debug_info) lies inside this unit. */
  contains(offset: number): boolean {
    return offset >= this.header.offset && offset < this.header.end;
  }

  /** A string-class value (string, strp, line_strp, strx) as text. */
  str(v: AttrValue | undefined): string | undefined {
    if (v?.kind === 'string') return v.value;
    if (v?.kind !== 'strx') return undefined;
    const c = new Cursor(this.s.debugStrOffsets ?? new Uint8Array(0), this.strOffsetsBase + v.index * this.header.offsetSize);
    const offset = c.uN(this.header.offsetSize);
    if (c.bad !== undefined) return undefined;
    const z = this.z.debugStr;
    if (!z || offset >= z.length) return undefined;
    const nul = z.indexOf(0, offset);
    return nul < 0 ? undefined : utf8.decode(z.subarray(offset, nul));
  }

  /** The address at `index` of this unit's .debug_addr table (DW_AT_addr_base). */
  addrx(index: number): number | undefined {
    const section = this.s.debugAddr;
    if (!section) return undefined;
    this.root();
    const c = new Cursor(section, this.addrBase + index * this.addressSize);
    const a = c.uN(this.addressSize);
    return c.bad === undefined ? a : undefined;
  }

  /** An address-class value (addr, addrx*) as a virtual address. */
  address(v: AttrValue | undefined): number | undefined {
    if (v?.kind === 'address') return v.value;
    if (v?.kind === 'addrx') return this.addrx(v.index);
    return undefined;
  }

  /**
   * The address ranges of a DIE with code (DWARF 5 section 2.17): DW_AT_low_pc with
   * DW_AT_high_pc (an address, or a constant length), or DW_AT_ranges. Empty when neither.
   */
  ranges(die: Die): AddressRange[] {
    const low = this.address(die.attrs.get(DW_AT_low_pc));
    const high = die.attrs.get(DW_AT_high_pc);
    if (low !== undefined && high !== undefined) {
      const end = high.kind === 'const' ? low + Number(high.value) : this.address(high);
      return end !== undefined && end > low ? [{ start: low, end }] : [];
    }
    const r = die.attrs.get(DW_AT_ranges);
    if (!r) return [];
    const result = this.readRanges(r);
    if (typeof result === 'string') {
      this.report(`${this.where()}: DIE at 0x${die.offset.toString(16)}: ${result}`);
      return [];
    }
    return result;
  }

  private readRanges(r: AttrValue): AddressRange[] | string {
    this.root();
    if (this.header.version < DWARF_VERSION_5) {
      const offset = r.kind === 'secOffset' ? r.value : r.kind === 'const' ? Number(r.value) : undefined;
      return offset === undefined ? 'DW_AT_ranges has an unexpected form' : readDebugRanges(this.s.debugRanges, offset, this);
    }
    if (r.kind === 'secOffset') return readRngList(this.s.debugRnglists, r.value, this);
    if (r.kind !== 'rnglistx') return 'DW_AT_ranges has an unexpected form';
    const offset = listOffsetFromIndex(this.s.debugRnglists, this.rnglistsBase, r.index, this.header.offsetSize);
    return typeof offset === 'string' ? offset : readRngList(this.s.debugRnglists, offset, this);
  }

  /**
   * A location-class value (DWARF 5 section 2.6) as a LocationDesc: an exprloc/block is a
   * single expression; sec_offset/loclistx/DWARF 4 constants name a location list, returned
   * with absolute addresses. A malformed list is reported and gives 'none'.
   */
  location(v: AttrValue | undefined): LocationDesc {
    if (!v) return { kind: 'none' };
    if (v.kind === 'block') return { kind: 'expr', expr: v.bytes };
    this.root();
    let entries;
    if (this.header.version < DWARF_VERSION_5) {
      const offset = v.kind === 'secOffset' ? v.value : v.kind === 'const' ? Number(v.value) : undefined;
      entries = offset === undefined ? 'location has an unexpected form' : readDebugLoc(this.s.debugLoc, offset, this);
    } else if (v.kind === 'secOffset') {
      entries = readLocList(this.s.debugLoclists, v.value, this);
    } else if (v.kind === 'loclistx') {
      const offset = listOffsetFromIndex(this.s.debugLoclists, this.loclistsBase, v.index, this.header.offsetSize);
      entries = typeof offset === 'string' ? offset : readLocList(this.s.debugLoclists, offset, this);
    } else {
      entries = 'location has an unexpected form';
    }
    if (typeof entries === 'string') {
      this.report(`${this.where()}: ${entries}`);
      return { kind: 'none' };
    }
    return { kind: 'list', entries };
  }

  /**
   * The full path of file `index` of this unit's line table (DW_AT_decl_file, DW_AT_call_file):
   * DWARF 5 counts from 0 (the primary file), DWARF 2..4 from 1 (section 6.2.4).
   */
  fileName(index: number): string | undefined {
    if (!this.files) this.loadFiles();
    return this.files![index - this.fileBase];
  }

  private loadFiles(): void {
    this.files = [];
    const root = this.root();
    const stmt = root?.attrs.get(DW_AT_stmt_list);
    const offset = stmt?.kind === 'secOffset' ? stmt.value : stmt?.kind === 'const' ? Number(stmt.value) : undefined;
    if (!this.s.debugLine || offset === undefined) return;
    const extent = readUnitExtent(this.s.debugLine, offset);
    if (typeof extent === 'string') return this.report(`${this.where()}: line table: ${extent}`);
    const header = parseLineHeader(this.s.debugLine, extent, this.s, this.str(root?.attrs.get(DW_AT_comp_dir)) ?? '');
    if (typeof header === 'string') return this.report(`${this.where()}: line table: ${header}`);
    this.files = header.files;
    this.fileBase = header.fileBase;
  }
}
