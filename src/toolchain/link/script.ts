/**
 * GNU ld's default linker script for elf64-littleriscv static executables (`ld -static
 * --verbose` prints it), as data: the output sections in order with the input-section patterns
 * each one takes, the symbol assignments between them, and the data segment markers. Parts a
 * static RISC-V program never uses (dynamic linking tables, stabs) are left out. Source: GNU ld
 * manual, "Linker Scripts" (SECTIONS, input section descriptions, DATA_SEGMENT_ALIGN,
 * DATA_SEGMENT_RELRO_END, PROVIDE) and "Orphan Sections".
 *
 *   0x10000  ELF header + program headers (SIZEOF_HEADERS)        first PT_LOAD (R X)
 *            .text .rodata .sdata2 .eh_frame ...                  read-only part
 *            -- DATA_SEGMENT_ALIGN: next page, same offset in it --
 *            .init_array .fini_array (.. RELRO_END)               second PT_LOAD (R W)
 *            .data (__DATA_BEGIN__) .got .sdata (__SDATA_BEGIN__)
 *            _edata __bss_start .sbss .bss  __BSS_END__ _end
 *            __global_pointer$ = .sdata + 0x800 (clamped into the data)
 *     0      .comment .riscv.attributes .debug_*                  not loaded
 */

/** First address of the text segment: SEGMENT_START("text-segment", 0x10000). */
export const TEXT_SEGMENT_START = 0x10000;
/** MAXPAGESIZE and COMMONPAGESIZE of the RISC-V Linux target: 4 KiB. */
export const PAGE_SIZE = 0x1000;
/** The reach of a gp-relative access (a signed 12-bit offset): __global_pointer$ sits this far into small data. */
export const GP_OFFSET = 0x800;
/** ALIGN(64 / 8): the alignment of __BSS_END__ and _end on a 64-bit target. */
export const WORD_ALIGN = 8;

/** One input section description: `*(pattern pattern ...)`, optionally sorted. */
export interface InputStatement {
  /** ld wildcards (`*`, `?`) over input section names; `COMMON` takes the common symbols. */
  patterns: readonly string[];
  /** SORT / SORT_BY_NAME: this statement's sections in name order. */
  sortByName?: boolean;
  /** SORT_BY_INIT_PRIORITY: by the number after the last dot (.init_array.00100). */
  sortByInitPriority?: boolean;
}

/** Where an orphan (a section no rule takes) goes: after the rule carrying the same class. */
export type OrphanClass = 'note' | 'text' | 'rodata' | 'data' | 'bss' | 'nonalloc';

/** One output section statement. */
export interface OutputRule {
  name: string;
  inputs: readonly InputStatement[];
  /** Before DATA_SEGMENT_ALIGN ('ro'), after it ('rw'), or not allocated ('nonalloc', address 0). */
  part: 'ro' | 'rw' | 'nonalloc';
  /** ONLY_IF_RO / ONLY_IF_RW: the rule applies only when every input is read-only / some is writable. */
  onlyIf?: 'ro' | 'rw';
  /** `sym = .` at the section start. ld then sizes the section even when it is empty. */
  startSymbols?: readonly string[];
  /** PROVIDE_HIDDEN(name = .) at the start and the end. */
  provideStart?: string;
  provideEnd?: string;
  /** `. = ALIGN(. != 0 ? n : 1)` as the last statement (.bss). */
  endAlign?: number;
  /** Lies before DATA_SEGMENT_RELRO_END: read-only after relocation, covered by PT_GNU_RELRO. */
  relro?: boolean;
  /** Thread-local storage, which this linker does not support. */
  tls?: boolean;
  /** Orphans of this class are placed after this rule. */
  orphanClass?: OrphanClass;
}

/** A symbol value computed from `.` and other symbols. */
export type SymbolExpression = (dot: number, symbol: (name: string) => number) => number;

/** One statement of SECTIONS, in order. */
export type ScriptStatement =
  | { kind: 'section'; rule: OutputRule }
  /** `sym = expr`, or `PROVIDE(sym = expr)` (defined only when a reference is otherwise undefined). */
  | { kind: 'assign'; symbol: string; provide: boolean; value: SymbolExpression }
  /** `. = ALIGN(n)`. */
  | { kind: 'align'; bytes: number }
  | { kind: 'dataSegmentAlign' }
  | { kind: 'relroEnd' }
  | { kind: 'dataSegmentEnd' };

/** Input sections the default script discards (/DISCARD/). */
export const DISCARD_PATTERNS: readonly string[] = ['.note.GNU-stack', '.gnu_debuglink', '.gnu.lto_*'];

const one = (...patterns: string[]): InputStatement => ({ patterns });
const dot: SymbolExpression = (d) => d;
const assign = (symbol: string, value: SymbolExpression = dot): ScriptStatement => ({ kind: 'assign', symbol, provide: false, value });
const provide = (symbol: string, value: SymbolExpression = dot): ScriptStatement => ({ kind: 'assign', symbol, provide: true, value });
const section = (rule: OutputRule): ScriptStatement => ({ kind: 'section', rule });
const ro = (name: string, inputs: InputStatement[], extra: Partial<OutputRule> = {}): ScriptStatement =>
  section({ name, inputs, part: 'ro', ...extra });
const rw = (name: string, inputs: InputStatement[], extra: Partial<OutputRule> = {}): ScriptStatement =>
  section({ name, inputs, part: 'rw', ...extra });
const debug = (name: string, ...patterns: string[]): ScriptStatement =>
  section({ name, inputs: [one(...(patterns.length ? patterns : [name]))], part: 'nonalloc' });

/** `__global_pointer$ = MIN(__SDATA_BEGIN__ + 0x800, MAX(__DATA_BEGIN__ + 0x800, __BSS_END__ - 0x800))`. */
const globalPointer: SymbolExpression = (_d, sym) =>
  Math.min(sym('__SDATA_BEGIN__') + GP_OFFSET, Math.max(sym('__DATA_BEGIN__') + GP_OFFSET, sym('__BSS_END__') - GP_OFFSET));

/** The default script's SECTIONS, in order (dynamic-linking and stabs sections omitted). */
export const DEFAULT_SCRIPT: readonly ScriptStatement[] = [
  provide('__executable_start', () => TEXT_SEGMENT_START),
  ro('.interp', [one('.interp')], { orphanClass: 'note' }),
  ro('.note.gnu.build-id', [one('.note.gnu.build-id')]),
  ro('.init', [one('.init')]),
  ro('.plt', [one('.plt', '.iplt')]),
  ro('.text', [
    one('.text.unlikely', '.text.*_unlikely', '.text.unlikely.*'),
    one('.text.exit', '.text.exit.*'),
    one('.text.startup', '.text.startup.*'),
    one('.text.hot', '.text.hot.*'),
    { patterns: ['.text.sorted.*'], sortByName: true },
    one('.text', '.stub', '.text.*', '.gnu.linkonce.t.*'),
    one('.gnu.warning'),
  ], { orphanClass: 'text' }),
  ro('.fini', [one('.fini')]),
  provide('__etext'),
  provide('_etext'),
  provide('etext'),
  ro('.rodata', [one('.rodata', '.rodata.*', '.gnu.linkonce.r.*')], { orphanClass: 'rodata' }),
  ro('.rodata1', [one('.rodata1')]),
  ro('.sdata2', [one('.sdata2', '.sdata2.*', '.gnu.linkonce.s2.*')]),
  ro('.sbss2', [one('.sbss2', '.sbss2.*', '.gnu.linkonce.sb2.*')]),
  ro('.eh_frame_hdr', [one('.eh_frame_hdr'), one('.eh_frame_entry', '.eh_frame_entry.*')]),
  ro('.eh_frame', [one('.eh_frame'), one('.eh_frame.*')], { onlyIf: 'ro' }),
  ro('.sframe', [one('.sframe'), one('.sframe.*')], { onlyIf: 'ro' }),
  ro('.gcc_except_table', [one('.gcc_except_table', '.gcc_except_table.*')], { onlyIf: 'ro' }),
  ro('.gnu_extab', [one('.gnu_extab*')], { onlyIf: 'ro' }),
  ro('.exception_ranges', [one('.exception_ranges*')], { onlyIf: 'ro' }),
  { kind: 'dataSegmentAlign' },
  rw('.eh_frame', [one('.eh_frame'), one('.eh_frame.*')], { onlyIf: 'rw', relro: true }),
  rw('.sframe', [one('.sframe'), one('.sframe.*')], { onlyIf: 'rw', relro: true }),
  rw('.gnu_extab', [one('.gnu_extab')], { onlyIf: 'rw', relro: true }),
  rw('.gcc_except_table', [one('.gcc_except_table', '.gcc_except_table.*')], { onlyIf: 'rw', relro: true }),
  rw('.exception_ranges', [one('.exception_ranges*')], { onlyIf: 'rw', relro: true }),
  rw('.tdata', [one('.tdata', '.tdata.*', '.gnu.linkonce.td.*')], { tls: true, relro: true }),
  rw('.tbss', [one('.tbss', '.tbss.*', '.gnu.linkonce.tb.*'), one('.tcommon')], { tls: true, relro: true }),
  rw('.preinit_array', [one('.preinit_array')], {
    relro: true, provideStart: '__preinit_array_start', provideEnd: '__preinit_array_end',
  }),
  rw('.init_array', [
    { patterns: ['.init_array.*', '.ctors.*'], sortByInitPriority: true },
    one('.init_array', '.ctors'),
  ], { relro: true, provideStart: '__init_array_start', provideEnd: '__init_array_end' }),
  rw('.fini_array', [
    { patterns: ['.fini_array.*', '.dtors.*'], sortByInitPriority: true },
    one('.fini_array', '.dtors'),
  ], { relro: true, provideStart: '__fini_array_start', provideEnd: '__fini_array_end' }),
  rw('.jcr', [one('.jcr')], { relro: true }),
  rw('.data.rel.ro', [
    one('.data.rel.ro.local*', '.gnu.linkonce.d.rel.ro.local.*'),
    one('.data.rel.ro', '.data.rel.ro.*', '.gnu.linkonce.d.rel.ro.*'),
  ], { relro: true }),
  rw('.dynamic', [one('.dynamic')], { relro: true }),
  { kind: 'relroEnd' },
  rw('.data', [one('.data', '.data.*', '.gnu.linkonce.d.*')], { startSymbols: ['__DATA_BEGIN__'], orphanClass: 'data' }),
  rw('.data1', [one('.data1')]),
  rw('.got', [one('.got.plt'), one('.igot.plt'), one('.got'), one('.igot')]),
  rw('.sdata', [
    one('.srodata.cst16'), one('.srodata.cst8'), one('.srodata.cst4'), one('.srodata.cst2'),
    one('.srodata', '.srodata.*'),
    one('.sdata', '.sdata.*', '.gnu.linkonce.s.*'),
  ], { startSymbols: ['__SDATA_BEGIN__'] }),
  assign('_edata'),
  provide('edata'),
  assign('__bss_start'),
  rw('.sbss', [one('.dynsbss'), one('.sbss', '.sbss.*', '.gnu.linkonce.sb.*'), one('.scommon')]),
  rw('.bss', [one('.dynbss'), one('.bss', '.bss.*', '.gnu.linkonce.b.*'), one('COMMON')], {
    endAlign: WORD_ALIGN, orphanClass: 'bss',
  }),
  { kind: 'align', bytes: WORD_ALIGN },
  { kind: 'align', bytes: WORD_ALIGN },
  assign('__BSS_END__'),
  assign('__global_pointer$', globalPointer),
  assign('_end'),
  provide('end'),
  { kind: 'dataSegmentEnd' },
  section({ name: '.comment', inputs: [one('.comment')], part: 'nonalloc', orphanClass: 'nonalloc' }),
  debug('.gnu.build.attributes', '.gnu.build.attributes', '.gnu.build.attributes.*'),
  debug('.debug'),
  debug('.line'),
  debug('.debug_srcinfo'),
  debug('.debug_sfnames'),
  debug('.debug_aranges'),
  debug('.debug_pubnames'),
  debug('.debug_info', '.debug_info', '.gnu.linkonce.wi.*'),
  debug('.debug_abbrev'),
  debug('.debug_line', '.debug_line', '.debug_line.*', '.debug_line_end'),
  debug('.debug_frame'),
  debug('.debug_str'),
  debug('.debug_loc'),
  debug('.debug_macinfo'),
  debug('.debug_weaknames'),
  debug('.debug_funcnames'),
  debug('.debug_typenames'),
  debug('.debug_varnames'),
  debug('.debug_pubtypes'),
  debug('.debug_ranges'),
  debug('.debug_addr'),
  debug('.debug_line_str'),
  debug('.debug_loclists'),
  debug('.debug_macro'),
  debug('.debug_names'),
  debug('.debug_rnglists'),
  debug('.debug_str_offsets'),
  debug('.debug_sup'),
  debug('.gnu.attributes'),
];

/** Symbols the script defines unconditionally (not through PROVIDE). */
export const SCRIPT_SYMBOLS: ReadonlySet<string> = new Set(
  DEFAULT_SCRIPT.flatMap((s) => {
    if (s.kind === 'assign' && !s.provide) return [s.symbol];
    if (s.kind === 'section') return [...(s.rule.startSymbols ?? [])];
    return [];
  }),
);

/** Symbols the script defines only when referenced and otherwise undefined (PROVIDE, PROVIDE_HIDDEN). */
export const PROVIDED_SYMBOLS: ReadonlySet<string> = new Set(
  DEFAULT_SCRIPT.flatMap((s) => {
    if (s.kind === 'assign' && s.provide) return [s.symbol];
    if (s.kind === 'section') return [s.rule.provideStart, s.rule.provideEnd].filter((n): n is string => n !== undefined);
    return [];
  }),
);

const globCache = new Map<string, RegExp>();

/** True when input section `name` matches ld wildcard `pattern` (`*` any run, `?` one character). */
export function matchesPattern(pattern: string, name: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === name;
  let re = globCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 's');
    globCache.set(pattern, re);
  }
  return re.test(name);
}
