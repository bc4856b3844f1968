/**
 * Document symbols (the outline and breadcrumbs): each section directive opens a section that
 * holds the labels, `.equ` constants and macros defined up to the next section directive.
 * Labels come from the assembler's symbols (so a label made by a macro is listed where the macro
 * is used); numeric local labels (`1:`) are left out.
 */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver';
import type { AsmSymbol } from '../toolchain/asm';
import type { Analysis } from './analysis';
import { lspRange } from './diagnostics';

/** Directives that switch to a section, and the section each one names (undefined: its first operand). */
const SECTION_DIRECTIVES: ReadonlyMap<string, string | undefined> = new Map([
  ['.text', '.text'], ['.data', '.data'], ['.rodata', '.rodata'], ['.bss', '.bss'], ['.section', undefined], ['.pushsection', undefined],
]);

interface SectionMark {
  name: string;
  line: number;
  selection: Range;
}

/** The section directives of the document, in order. */
function sectionMarks(analysis: Analysis): SectionMark[] {
  const out: SectionMark[] = [];
  for (const s of analysis.scanned.all()) {
    const head = s.tokens[s.head];
    if (head === undefined || !SECTION_DIRECTIVES.has(head.text.toLowerCase())) continue;
    const operand = s.tokens[s.head + 1];
    const name = SECTION_DIRECTIVES.get(head.text.toLowerCase()) ?? (operand?.kind === 'ident' || operand?.kind === 'string' ? operand.text : head.text);
    out.push({ name, line: s.line, selection: { start: { line: s.line, character: head.start }, end: { line: s.line, character: head.end } } });
  }
  return out;
}

function kindOf(s: AsmSymbol): SymbolKind {
  if (s.kind === 'macro') return SymbolKind.Module;
  if (s.kind === 'equ') return SymbolKind.Constant;
  return s.section !== undefined && s.section.startsWith('.text') ? SymbolKind.Function : SymbolKind.Variable;
}

/** Last character position of 0-based `line` (ranges run to the end of their last line). */
function endOf(analysis: Analysis, line: number): { line: number; character: number } {
  return { line, character: analysis.scanned.lines[line]?.length ?? 0 };
}

/** The outline of the analysed document. */
export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const lastLine = Math.max(0, analysis.scanned.lines.length - 1);
  const marks = sectionMarks(analysis);
  const defs = analysis.ownSymbols()
    .filter((s) => s.kind !== 'undefined' && !/^[0-9]/.test(s.name))
    .sort((a, b) => a.definition!.line - b.definition!.line || a.definition!.column - b.definition!.column);
  const symbols: DocumentSymbol[] = defs.map((s, i) => {
    const selectionRange = lspRange(s.definition!);
    const next = defs.slice(i + 1).find((n) => n.definition!.line > s.definition!.line);
    const nextMark = marks.find((m) => m.line > selectionRange.start.line);
    const stop = Math.min(next === undefined ? lastLine : next.definition!.line - 2, nextMark === undefined ? lastLine : nextMark.line - 1);
    const endLine = Math.max(selectionRange.start.line, stop);
    const detail = s.kind === 'label' ? s.section : s.kind === 'equ' && s.value !== undefined ? `= ${s.value}` : s.kind;
    return { name: s.name, kind: kindOf(s), detail, range: { start: { line: selectionRange.start.line, character: 0 }, end: endOf(analysis, endLine) }, selectionRange };
  });
  const top: DocumentSymbol[] = symbols.filter((sym) => marks.length === 0 || sym.range.start.line < marks[0]!.line);
  marks.forEach((m, i) => {
    const endLine = i + 1 < marks.length ? Math.max(m.line, marks[i + 1]!.line - 1) : lastLine;
    const children = symbols.filter((sym) => sym.range.start.line >= m.line && sym.range.start.line <= endLine && (i + 1 >= marks.length || sym.range.start.line < marks[i + 1]!.line));
    top.push({ name: m.name, kind: SymbolKind.Namespace, range: { start: { line: m.line, character: 0 }, end: endOf(analysis, endLine) }, selectionRange: m.selection, children });
  });
  return top;
}
