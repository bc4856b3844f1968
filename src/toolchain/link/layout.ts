/**
 * Address assignment: walks the placed script with a location counter `.` as GNU ld does (ld
 * manual, "Location Counter", "Output Section Address", DATA_SEGMENT_ALIGN,
 * DATA_SEGMENT_RELRO_END). The headers come first: `.` starts at TEXT_SEGMENT_START plus
 * SIZEOF_HEADERS, so the ELF and program headers sit at the start of the first PT_LOAD.
 *
 * The data segment starts on the next page at the same offset within the page
 * (DATA_SEGMENT_ALIGN), then ld refines that in a second pass, which is repeated here:
 *  - with relro sections (.init_array, ...): the data segment moves up so that the end of the
 *    relro part (DATA_SEGMENT_RELRO_END) falls on a page boundary (or a page less than that,
 *    when that still lies past the text's last page);
 *  - with an .eh_frame or other ONLY_IF_RO section in the text: on a fresh page (what GNU ld
 *    2.40 does, checked against it);
 *  - otherwise, when starting the data on a fresh page saves a page, it starts there.
 */
import { ELF64_EHDR_SIZE, ELF64_PHDR_SIZE, SHF_ALLOC, SHT_RISCV_ATTRIBUTES } from '../../elf/constants';
import type { DiagnosticSink } from './diagnostics';
import type { OutputSection } from './model';
import type { PlacedStatement } from './place';
import type { SymbolTable } from './resolve';
import { PAGE_SIZE, TEXT_SEGMENT_START } from './script';

/** Highest address a program may reach: the top of Sv39 user space (256 GiB), which also keeps every address exact. */
export const MAX_ADDRESS = 2 ** 38;

/** The laid-out image. */
export interface Layout {
  /** Output sections present in the executable: allocated ones by address, then the others. */
  sections: OutputSection[];
  /** Allocated sections before DATA_SEGMENT_ALIGN (first PT_LOAD) and after it (second PT_LOAD). */
  textSections: OutputSection[];
  dataSections: OutputSection[];
  /** Values of the symbols the script assigned (PROVIDE'd ones only when wanted). */
  scriptValues: Map<string, number>;
  /** PT_GNU_RELRO's range, when relro sections exist: [start, page-aligned end). */
  relro?: { start: number; end: number };
  /** Number of program headers and SIZEOF_HEADERS in bytes. */
  programHeaderCount: number;
  headersSize: number;
}

/** Facts the header count depends on. */
export interface HeaderFacts {
  /** Some input has .note.GNU-stack (so PT_GNU_STACK is written). */
  gnuStack: boolean;
}

/** Result of one pass of the location counter. */
interface Pass {
  values: Map<string, number>;
  /** `.` at DATA_SEGMENT_ALIGN, the base it chose, `.` at RELRO_END and at DATA_SEGMENT_END. */
  alignDot: number;
  base: number;
  relroEnd: number;
  end: number;
}

/**
 * Assigns addresses to every output section and input section, and values to the script's
 * symbols. Reports (and returns undefined for) an image reaching past MAX_ADDRESS.
 */
export function layOut(placed: readonly PlacedStatement[], table: SymbolTable, facts: HeaderFacts, sink: DiagnosticSink): Layout | undefined {
  const outputs = placed.flatMap((p) => (p.kind === 'output' ? [p.output] : []));
  const present = outputs.filter((o) => o.inputs.some((s) => s.size > 0));
  const dataStart = placed.findIndex((p) => p.kind === 'dataSegmentAlign');
  const isData = (o: OutputSection): boolean => placed.findIndex((p) => p.kind === 'output' && p.output === o) > dataStart;
  const allocated = present.filter((o) => o.flags & SHF_ALLOC);
  const textSections = allocated.filter((o) => !isData(o));
  const dataSections = allocated.filter(isData);
  const hasRelro = dataSections.some((o) => o.rule?.relro);
  const programHeaderCount =
    1 + (dataSections.length > 0 ? 1 : 0) + (facts.gnuStack ? 1 : 0) + (hasRelro ? 1 : 0) +
    (present.some((o) => o.type === SHT_RISCV_ATTRIBUTES) ? 1 : 0);
  const headersSize = ELF64_EHDR_SIZE + programHeaderCount * ELF64_PHDR_SIZE;
  const wanted = (name: string): boolean => table.globals.get(name)?.definition.kind === 'script';
  const run = (fixedBase?: number, relroAdjust = false): Pass => pass(placed, present, headersSize, wanted, fixedBase, relroAdjust);

  let result = run();
  if (hasRelro && result.relroEnd > result.base) {
    result = run(relroBase(dataSections, result), true);
  } else if (textSections.some((o) => o.rule?.onlyIf === 'ro')) {
    // Observed of GNU ld 2.40: with an ONLY_IF_RO section (.eh_frame, .gcc_except_table, ...)
    // present and no relro section, the data segment always starts on a fresh page.
    result = run(alignUp(result.alignDot, PAGE_SIZE));
  } else if (savesPage(result.base, result.end)) {
    result = run(alignUp(result.alignDot, PAGE_SIZE));
  }
  if (result.end > MAX_ADDRESS) {
    sink.error(`the program does not fit in the address space: it ends at 0x${result.end.toString(16)}, past 0x${MAX_ADDRESS.toString(16)}`);
    return undefined;
  }
  layOutUnallocated(present.filter((o) => !(o.flags & SHF_ALLOC)));
  defineSectionBounds(table, present, result.values);
  const relroSections = dataSections.filter((o) => o.rule?.relro);
  const relro = hasRelro ? { start: relroSections[0]!.address, end: alignUp(result.relroEnd, PAGE_SIZE) } : undefined;
  return {
    sections: [...allocated, ...present.filter((o) => !(o.flags & SHF_ALLOC))],
    textSections, dataSections, scriptValues: result.values, relro, programHeaderCount, headersSize,
  };
}

/**
 * One walk of the location counter over the script (see the file comment). `fixedBase` is the
 * data segment start a previous pass chose; with `relroAdjust`, `.` also moves up to the page
 * boundary at DATA_SEGMENT_RELRO_END, as ld pads the relro part to whole pages.
 */
function pass(
  placed: readonly PlacedStatement[], present: readonly OutputSection[], headersSize: number,
  wanted: (name: string) => boolean, fixedBase: number | undefined, relroAdjust: boolean,
): Pass {
  const values = new Map<string, number>();
  const lookup = (name: string): number => values.get(name) ?? 0;
  const set = (name: string | undefined, value: number, provide: boolean): void => {
    if (name !== undefined && (!provide || wanted(name))) values.set(name, value);
  };
  let dot = TEXT_SEGMENT_START + headersSize;
  const r: Pass = { values, alignDot: 0, base: 0, relroEnd: 0, end: 0 };
  for (const st of placed) {
    switch (st.kind) {
      case 'assign': set(st.symbol, st.value(dot, lookup), st.provide); break;
      case 'align': dot = alignUp(dot, st.bytes); break;
      case 'dataSegmentAlign':
        r.alignDot = dot;
        dot = fixedBase ?? alignUp(dot, PAGE_SIZE) + (dot % PAGE_SIZE);
        r.base = dot;
        break;
      case 'relroEnd':
        if (relroAdjust) dot = alignUp(dot, PAGE_SIZE);
        r.relroEnd = dot;
        break;
      case 'dataSegmentEnd': r.end = dot; break;
      case 'output': {
        const o = st.output;
        const rule = o.rule;
        const sized = present.includes(o) || rule?.startSymbols !== undefined;
        if (!isAllocated(o)) break;
        if (!sized) {
          // ld gives an empty, removed section the aligned address without moving `.`.
          o.address = alignUp(dot, o.align);
          for (const s of o.inputs) s.address = o.address;
          break;
        }
        dot = alignUp(dot, o.align);
        o.address = dot;
        for (const name of rule?.startSymbols ?? []) set(name, dot, false);
        set(rule?.provideStart, dot, true);
        for (const s of o.inputs) {
          dot = alignUp(dot, s.align);
          s.address = dot;
          dot += s.size;
        }
        if (rule?.endAlign !== undefined && dot !== 0) dot = alignUp(dot, rule.endAlign);
        o.size = dot - o.address;
        set(rule?.provideEnd, dot, true);
        break;
      }
    }
  }
  return r;
}

/**
 * The data segment base that puts the end of the relro sections on a page boundary: each relro
 * section, last first, moves up as far as its alignment allows below the next one.
 */
function relroBase(dataSections: readonly OutputSection[], r: Pass): number {
  let desiredEnd = alignUp(r.relroEnd, PAGE_SIZE);
  const relro = dataSections.filter((o) => o.address >= r.base && o.address < r.relroEnd);
  for (const o of [...relro].reverse()) {
    const end = o.address + o.size;
    const bump = Math.floor((desiredEnd - end) / o.align) * o.align;
    desiredEnd = o.address + bump;
  }
  // A whole page lower still lies past the text's last page: ld takes that (checked against ld 2.40).
  const firstDataPage = alignUp(r.alignDot, PAGE_SIZE);
  return firstDataPage + PAGE_SIZE < desiredEnd ? desiredEnd - PAGE_SIZE : desiredEnd;
}

/** ld's test for starting the data on a fresh page: the data spans two pages but would fit in fewer. */
function savesPage(base: number, end: number): boolean {
  const first = (PAGE_SIZE - (base % PAGE_SIZE)) % PAGE_SIZE;
  const last = end % PAGE_SIZE;
  return first !== 0 && last !== 0 && Math.floor(base / PAGE_SIZE) !== Math.floor(end / PAGE_SIZE) && first + last <= PAGE_SIZE;
}

/** Non-allocated sections (.debug_*, .comment) start at address 0; their inputs follow each other, aligned. */
function layOutUnallocated(sections: readonly OutputSection[]): void {
  for (const o of sections) {
    let offset = 0;
    for (const s of o.inputs) {
      offset = alignUp(offset, s.align);
      s.address = offset;
      offset += s.size;
    }
    o.address = 0;
    o.size = offset;
  }
}

/** ld's __start_SEC / __stop_SEC for referenced, undefined names whose SEC is a present section named like a C identifier. */
function defineSectionBounds(table: SymbolTable, present: readonly OutputSection[], values: Map<string, number>): void {
  for (const o of present) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.name)) continue;
    for (const [name, value] of [[`__start_${o.name}`, o.address], [`__stop_${o.name}`, o.address + o.size]] as const) {
      const g = table.globals.get(name);
      if (g && g.definition.kind === 'undefined') {
        g.definition = { kind: 'script' };
        values.set(name, value);
      }
    }
  }
}

/** `n` rounded up to a multiple of `align` (a power of two, or 1). */
export function alignUp(n: number, align: number): number {
  return align <= 1 ? n : Math.ceil(n / align) * align;
}

/** Allocated: its rule is in the loaded part of the script, or (orphans) its inputs have SHF_ALLOC. */
function isAllocated(o: OutputSection): boolean {
  return o.rule ? o.rule.part !== 'nonalloc' : (o.flags & SHF_ALLOC) !== 0;
}
