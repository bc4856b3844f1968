/**
 * The built-in static linker: ELF64 RISC-V relocatable objects in, a static executable out,
 * laid out like `riscv64-linux-gnu-ld -static --no-relax` with its default linker script.
 * Pure: no file system, no exceptions on any input (problems are LinkDiagnostics).
 *
 * Stages, each in its own file, in the order they run:
 *   input.ts      read the objects               align.ts      R_RISCV_ALIGN padding (as ld)
 *   resolve.ts    one definition per name        place.ts      input -> output sections
 *   merge.ts      one copy of identical strings  eh-frame.ts   one copy of identical CIEs
 *   layout.ts     addresses, data segment        relocate.ts   patch code and data
 *   source-lines.ts  .s lines for diagnostics    symtab.ts     .symtab/.strtab
 *   write.ts      headers, segments, file
 */
import { EF_RISCV_RVC, EF_RISCV_TSO, STB_LOCAL, STB_WEAK, STT_FILE, STT_SECTION, SHN_ABS } from '../../elf/constants';
import { applyAlignments } from './align';
import { DiagnosticSink, quoted } from './diagnostics';
import { applyCiePointerFixes, mergeEhFrameCies } from './eh-frame';
import { loadObjects } from './input';
import { layOut, type Layout } from './layout';
import { addressIn, mergeStringSections } from './merge';
import type { InputObject } from './model';
import { placeSections } from './place';
import { relocateAll } from './relocate';
import { resolveSymbols, type SymbolTable } from './resolve';
import { attachSourceLines } from './source-lines';
import { buildSymbolTables } from './symtab';
import type { LinkInput, LinkOptions, LinkResult } from './types';
import { numberSections, writeExecutable } from './write';

/** The entry symbol of ld's default script: ENTRY(_start). */
export const DEFAULT_ENTRY = '_start';
/** The unwind-table section whose duplicate CIEs are merged. */
const EH_FRAME = '.eh_frame';
/** Prefix of assembler-internal labels, left out of LinkResult.symbols (and of .symtab). */
const ASSEMBLER_LABEL_PREFIX = '.L';

/**
 * Links `objects` (in command-line order) into a static executable. Symbols are resolved
 * across the objects (a global definition beats a weak one; two global definitions, an
 * undefined symbol used by a relocation, or a value out of an instruction's reach are errors);
 * sections are merged and placed as GNU ld's default script places them (text from 0x10000
 * with the headers in the first PT_LOAD, the data segment on a later page); relocations,
 * .debug_* sections included, are applied; `__global_pointer$`, `_end`, `__bss_start` and the
 * script's other symbols are defined. The entry point is `options.entry` (default `_start`):
 * unlike ld, which warns and starts at .text, a missing entry symbol is an error, since such a
 * program would start at whatever code happens to come first.
 *
 * `executable` is set exactly when no error was reported. Never throws.
 */
export function link(objects: readonly LinkInput[], options: LinkOptions = {}): LinkResult {
  const sink = new DiagnosticSink();
  try {
    return linkObjects(objects, options, sink);
  } catch (e) {
    sink.error(`internal linker error (a bug in Glasskernel): ${e instanceof Error ? e.message : String(e)}`);
    return { diagnostics: sink.diagnostics, symbols: new Map() };
  }
}

function linkObjects(inputs: readonly LinkInput[], options: LinkOptions, sink: DiagnosticSink): LinkResult {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    sink.error('no input files');
    return { diagnostics: sink.diagnostics, symbols: new Map() };
  }
  const objects = loadObjects(inputs, sink);
  applyAlignments(objects, sink);
  const table = resolveSymbols(objects, sink);
  const placed = placeSections(objects, table.commons, sink);
  mergeStringSections(placed.flatMap((p) => (p.kind === 'output' ? [p.output] : [])));
  const ehFrame = placed.find((p) => p.kind === 'output' && p.output.name === EH_FRAME && p.output.inputs.length > 0);
  const cieFixes = mergeEhFrameCies(ehFrame?.kind === 'output' ? ehFrame.output : undefined);
  const gnuStack = objects.some((o) => o.execStack !== undefined);
  const layout = layOut(placed, table, { gnuStack }, sink);
  if (!layout) return { diagnostics: sink.diagnostics, symbols: new Map() };
  assignValues(table, layout);
  applyCiePointerFixes(cieFixes);
  relocateAll(objects, table, sink);
  const symbols = symbolMap(objects, table, layout);
  const entryName = options.entry ?? DEFAULT_ENTRY;
  const entry = entryAddress(table, objects, entryName, sink);
  numberSections(layout);
  attachSourceLines(sink.placed, layout);
  const result = (extra: Partial<LinkResult>): LinkResult => ({ diagnostics: sink.diagnostics, symbols, ...extra });
  if (sink.errorCount > 0 || entry === undefined) return result(entry === undefined ? {} : { entry });
  const tables = buildSymbolTables(objects, table, layout);
  const executable = writeExecutable(layout, tables, {
    entry,
    flags: mergedFlags(objects),
    gnuStack: gnuStack ? { executable: objects.some((o) => o.execStack === true) } : undefined,
  });
  if (typeof executable === 'string') {
    sink.error(executable);
    return result({ entry });
  }
  return result({ executable, entry });
}

/** Gives every global its final value from the layout. */
function assignValues(table: SymbolTable, layout: Layout): void {
  for (const g of table.globals.values()) {
    const d = g.definition;
    switch (d.kind) {
      case 'section': g.value = addressIn(d.section, d.offset); break;
      case 'absolute': g.value = d.value; break;
      case 'common': g.value = BigInt(d.section?.address ?? 0); break;
      case 'script': g.value = BigInt(layout.scriptValues.get(g.name) ?? 0); break;
      case 'undefined': g.value = 0n; break;
    }
  }
}

/** LinkResult.symbols: globals, the script's symbols, then locals whose names are still free. */
function symbolMap(objects: readonly InputObject[], table: SymbolTable, layout: Layout): Map<string, number> {
  const map = new Map<string, number>();
  for (const g of table.globals.values()) {
    if (g.definition.kind === 'undefined' && g.bind !== STB_WEAK) continue;
    if (g.definition.kind === 'script' && !layout.scriptValues.has(g.name)) continue;
    map.set(g.name, asNumber(g.value));
  }
  for (const o of objects) {
    for (const sym of o.symbols) {
      if (sym.bind !== STB_LOCAL || sym.type === STT_SECTION || sym.type === STT_FILE || map.has(sym.name)) continue;
      if (sym.name === '' || sym.name.startsWith(ASSEMBLER_LABEL_PREFIX)) continue;
      if (sym.shndx === SHN_ABS) map.set(sym.name, asNumber(sym.value));
      const section = o.sections[sym.shndx];
      if (section?.output) map.set(sym.name, asNumber(addressIn(section, sym.value)));
    }
  }
  return map;
}

/** A 64-bit value as a number: negative when bit 63 is set (absolute symbols like `.equ X, -1`). */
function asNumber(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}

/** The entry symbol's address, or undefined (reported) when no object defines it globally. */
function entryAddress(table: SymbolTable, objects: readonly InputObject[], name: string, sink: DiagnosticSink): number | undefined {
  const g = table.globals.get(name);
  if (g && g.definition.kind !== 'undefined') return asNumber(g.value);
  const local = objects.find((o) => o.symbols.some((s) => s.bind === STB_LOCAL && s.name === name));
  const hint = local ? ` (${local.name} defines it, but not as a global: add .globl ${name})` : '';
  sink.error(`cannot find entry symbol ${quoted(name)}${hint}`, { symbol: name });
  return undefined;
}

/** e_flags of the output: the first object's float ABI and RVE, RVC and TSO when any object has them. */
function mergedFlags(objects: readonly InputObject[]): number {
  const first = objects[0]?.flags ?? 0;
  const any = objects.reduce((f, o) => f | o.flags, 0);
  return (first & ~(EF_RISCV_RVC | EF_RISCV_TSO)) | (any & (EF_RISCV_RVC | EF_RISCV_TSO));
}
