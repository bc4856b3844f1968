/**
 * `assemble`: GNU as-compatible assembly of one RV64GC source file into an ELF64 relocatable
 * object (what `riscv64-linux-gnu-as -march=rv64gc -mno-relax [-g]` produces). Pure: files
 * come only through `options.readFile`; never throws on any input (an internal failure becomes
 * a diagnostic).
 */
import { SHN_ABS, SHN_UNDEF, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_NOTYPE, STT_SECTION, SHT_PROGBITS } from '../../elf/constants';
import { SHT_RISCV_ATTRIBUTES } from '../../elf/constants';
import { Assembler } from './assembler';
import { buildDebugLine, type LineEntry, type LineSequence } from './debug-line';
import { handleStatement } from './directives';
import { foldFinal, isConstant, type EvalContext } from './eval';
import { resolveFixups, type Relocation } from './fixups';
import { layoutSection, sectionContents } from './layout';
import { preprocess } from './preprocess';
import type { Section } from './sections';
import { fileLines } from './source';
import { displayName, labelOf, LOCAL_LABEL_SEPARATOR, Sym } from './symbols';
import type { AsmSymbol, AssembleOptions, AssembleResult, SourceRange } from './types';
import { riscvAttributes } from './attributes';
import { writeElf, type OutSection, type OutSymbol } from './elf-writer';

/**
 * Assembles `source` (the text of `options.file`). Returns the object when there were no errors,
 * the diagnostics (errors and warnings, GNU-worded, with ranges), and the symbols for navigation.
 */
export function assemble(source: string, options: AssembleOptions): AssembleResult {
  const a = new Assembler(options);
  const start: SourceRange = { file: options.file, line: 1, column: 0, endColumn: 0 };
  try {
    return run(a, source, options);
  } catch (e) {
    a.diags.error(start, `internal assembler error: ${e instanceof Error ? e.message : String(e)}`);
    return { diagnostics: a.diags.finish(start), symbols: navigationSymbols(a) };
  }
}

function run(a: Assembler, source: string, options: AssembleOptions): AssembleResult {
  const wantCpp = options.preprocess ?? /\.S$/.test(options.file);
  const lines = wantCpp ? preprocess(source, options, a.diags) : fileLines(source, options.file);
  const last = lines[lines.length - 1];
  const end: SourceRange = { file: options.file, line: last?.line ?? 1, column: 0, endColumn: 0 };
  a.reader.pushFile(lines, options.file);
  a.run((stmt) => handleStatement(a, stmt));
  a.finishSource();
  checkLocalLabels(a);
  const ctx: EvalContext = { symbols: a.symbols, fold: 'section', dot: () => a.dot(), reference: () => undefined };
  for (const s of a.sections) {
    // GNU pads the end of a code section to its alignment with nops (SUB_SEGMENT_ALIGN; unlike
    // the .align directive, even to an alignment instructions already have).
    if (s.code) {
      s.frags.push({ kind: 'align', alignment: s.align, fillSize: 1, code: true, rvc: a.rvc, size: 0, address: 0 });
    }
    layoutSection(s);
    if (s.code) markOddPadding(a, s);
  }
  const contents = new Map<Section, { data: Uint8Array; relocs: Relocation[] }>();
  for (const s of a.sections) {
    const relocs: Relocation[] = [];
    const data = sectionContents(s, relocs);
    relocs.unshift(...resolveFixups(s, ctx, a.diags, data));
    relocs.sort((x, y) => x.offset - y.offset);
    contents.set(s, { data, relocs });
  }
  const symbols = navigationSymbols(a);
  if (a.diags.hasErrors) return { diagnostics: a.diags.finish(end), symbols };
  const object = buildObject(a, contents, options);
  return { object, diagnostics: a.diags.finish(end), symbols };
}

/**
 * GNU as marks a zero byte of odd code padding as data: `$d` at the byte, `$x` after it
 * (riscv_add_odd_padding_symbol).
 */
function markOddPadding(a: Assembler, s: Section): void {
  s.frags.forEach((f, i) => {
    if (f.kind !== 'align' || !f.code || f.size % 2 === 0) return;
    // `$x` resumes code after the byte, unless the padding ends the section.
    const marks: [string, number][] = i + 1 < s.frags.length ? [['$d', 0], ['$x', 1]] : [['$d', 0]];
    for (const [name, offset] of marks) {
      const m = a.symbols.newFake();
      m.kind = 'label';
      m.section = s;
      m.frag = f;
      m.offset = offset;
      m.mappingName = name;
    }
  });
}

/** Mapping symbols that survive: of several at one address of a section, the last one made (GNU). */
function liveMappingSymbols(a: Assembler): Set<Sym> {
  const last = new Map<string, Sym>();
  for (const s of a.symbols.anonymous) {
    if (s.mappingName === undefined || s.section === undefined) continue;
    last.set(`${s.section.name}\0${s.address()}`, s);
  }
  return new Set(last.values());
}

/** Reports numeric local labels referenced forward (`1f`) that were never defined. */
function checkLocalLabels(a: Assembler): void {
  for (const s of a.symbols.byName.values()) {
    if (s.defined || !s.name.includes(LOCAL_LABEL_SEPARATOR)) continue;
    const [n, k] = s.name.slice(2).split(LOCAL_LABEL_SEPARATOR);
    for (const r of s.references) a.diags.error(r, `local label \`"${n}" (instance number ${k} of a fb label)' is not defined`);
  }
}

/** The value and section of a symbol for .symtab (labels, and `.equ` aliases of labels). */
function placement(s: Sym): { section?: Section; value: bigint } | undefined {
  const l = labelOf(s);
  if (l !== undefined) return { section: l.section, value: BigInt(l.address) };
  if (s.kind === 'equ' && s.value !== undefined && isConstant(s.value)) return { value: s.value.add };
  return undefined;
}

function buildObject(a: Assembler, contents: Map<Section, { data: Uint8Array; relocs: Relocation[] }>, options: AssembleOptions): Uint8Array {
  const out: OutSection[] = a.sections.map((s) => {
    const c = contents.get(s)!;
    const sym = new Sym(s.name);
    return { name: s.name, type: s.type, flags: s.flags, align: s.align, entsize: s.entsize, data: c.data, size: s.size,
      relocs: c.relocs, sectionSymbol: sym };
  });
  const indexOf = new Map(a.sections.map((s, i) => [s, i]));
  if (options.debugLine) {
    const sequences: LineSequence[] = [];
    a.sections.forEach((s, i) => {
      if (!s.hasCode) return;
      const rows: LineEntry[] = [];
      let end = 0;
      const add = (address: number, size: number, range: SourceRange) => {
        const prev = rows[rows.length - 1];
        // One row per source line: consecutive instructions of one line share it (as `as -g`).
        if (prev === undefined || prev.file !== range.file || prev.line !== range.line) rows.push({ address, file: range.file, line: range.line });
        end = address + size;
      };
      for (const f of s.frags) {
        if (f.kind === 'data') for (const m of f.lines) add(f.address + m.offset, m.size, m.range);
        else if (f.kind === 'branch') add(f.address, f.size, f.line);
      }
      sequences.push({ sectionSymbol: out[i]!.sectionSymbol!, end, rows });
    });
    const dl = buildDebugLine(options.compDir ?? '.', options.file, sequences);
    out.push({ name: '.debug_line', type: SHT_PROGBITS, flags: 0, align: 1, entsize: 0, data: dl.data, relocs: dl.relocs });
  }
  const attributes = riscvAttributes(a.archString(a.rvc), a.usesPrivSpec);
  out.push({ name: '.riscv.attributes', type: SHT_RISCV_ATTRIBUTES, flags: 0, align: 1, entsize: 0, data: attributes, relocs: [] });

  const locals: OutSymbol[] = [];
  const globals: OutSymbol[] = [];
  const liveMapping = liveMappingSymbols(a);
  out.forEach((s, i) => {
    if (s.sectionSymbol !== undefined && (i < a.sections.length || s.sectionSymbol.usedInReloc)) {
      locals.push({ name: '', sym: s.sectionSymbol, section: i, value: 0n, size: 0n, bind: STB_LOCAL, type: STT_SECTION, other: 0 });
    }
  });
  for (const s of a.symbols.all()) {
    const mapping = s.mappingName !== undefined;
    if (mapping && !liveMapping.has(s)) continue;
    if (s.internal && !mapping && !s.usedInReloc) continue;
    if (!mapping && s.isLocalLabelName && !s.usedInReloc && !s.global) continue;
    const p = placement(s);
    const bind = s.weak ? STB_WEAK : s.global || (p === undefined && !mapping) ? STB_GLOBAL : STB_LOCAL;
    if (p === undefined && !s.referenced && !s.usedInReloc && !s.global) continue;
    const size = s.size === undefined ? 0n : sizeOf(a, s);
    const entry: OutSymbol = {
      name: mapping ? s.mappingName! : s.name, sym: s, value: p?.value ?? 0n, size, bind, type: s.elfType ?? STT_NOTYPE,
      other: s.visibility,
      ...(p === undefined ? { shndx: SHN_UNDEF } : p.section === undefined ? { shndx: SHN_ABS } : { section: indexOf.get(p.section)! }),
    };
    (bind === STB_LOCAL ? locals : globals).push(entry);
  }
  return writeElf(out, [...locals, ...globals], a.everRvc);
}

function sizeOf(a: Assembler, s: Sym): bigint {
  const v = foldFinal(s.size!, { symbols: a.symbols, fold: 'section', dot: () => a.dot(), reference: () => undefined });
  if (isConstant(v)) return v.add;
  if (s.definition) a.diags.error(s.definition, `.size expression for ${s.name} does not evaluate to a constant`);
  return 0n;
}

/** Symbols for the language server (labels, assignments, macros, undefined references). */
function navigationSymbols(a: Assembler): AsmSymbol[] {
  const out: AsmSymbol[] = [];
  for (const s of a.symbols.byName.values()) {
    if (s.internal) continue;
    const p = placement(s);
    out.push({
      name: displayName(s.name), kind: s.kind, section: p?.section?.name, value: p?.value,
      global: s.global, definition: s.definition, references: [...s.references],
    });
  }
  for (const m of a.macros.values()) {
    out.push({ name: m.name, kind: 'macro', global: false, definition: m.definition, references: [...m.references] });
  }
  return out;
}
