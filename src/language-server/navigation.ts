/**
 * Symbols under the cursor, go to definition and find references. The assembler reports every
 * symbol with its defining range and the range of each use (AsmSymbol), so the symbol at a
 * position is the one with an occurrence there — exact for numeric local labels (`1b` finds its
 * own `1:`). Across files, GNU linking rules decide what is the same symbol: a global name
 * (`.globl`) is one symbol in every file that does not define a local of that name; a local
 * label, an `.equ` constant or a macro is one definition, shared by the files that include it.
 */
import type { Location, Position } from 'vscode-languageserver';
import type { AsmSymbol, SourceRange } from '../toolchain/asm';
import type { Analysis } from './analysis';
import { lspRange } from './diagnostics';
import type { Project } from './project';
import { tokenIndexAt } from './scan';

/** A symbol and the range of its occurrence at the cursor. */
export interface Occurrence {
  symbol: AsmSymbol;
  range: SourceRange;
}

const contains = (r: SourceRange, file: string, pos: Position) =>
  r.file === file && r.line - 1 === pos.line && r.column <= pos.character && pos.character <= r.endColumn;

/** The symbol with a definition or use at `pos` in the analysed document itself, if any. */
export function occurrenceAt(analysis: Analysis, pos: Position): Occurrence | undefined {
  for (const symbol of analysis.symbols) {
    if (symbol.definition !== undefined && contains(symbol.definition, analysis.file, pos)) return { symbol, range: symbol.definition };
    const use = symbol.references.find((r) => contains(r, analysis.file, pos));
    if (use !== undefined) return { symbol, range: use };
  }
  return undefined;
}

/**
 * The symbol meant at `pos`: an occurrence the assembler recorded, else a symbol named like the
 * identifier under the cursor (a name the assembler skipped, e.g. inside a failed statement).
 */
export function symbolAt(analysis: Analysis, pos: Position): AsmSymbol | undefined {
  const found = occurrenceAt(analysis, pos);
  if (found !== undefined) return found.symbol;
  const s = analysis.scanned.statementAt(pos.line, pos.character);
  const i = tokenIndexAt(s, pos.character);
  const t = i === undefined ? undefined : s.tokens[i];
  if (t === undefined || t.kind !== 'ident') return undefined;
  return analysis.symbols.find((sym) => sym.name === t.text && sym.definition !== undefined) ?? analysis.symbols.find((sym) => sym.name === t.text);
}

/** True when `symbol` can stand for a definition in another file (global, or used here but defined nowhere here). */
function linksAcrossFiles(symbol: AsmSymbol): boolean {
  return symbol.global || (symbol.kind === 'undefined' && symbol.definition === undefined);
}

function location(project: Project, r: SourceRange): Location {
  return { uri: project.uriOf(r.file), range: lspRange(r) };
}

/** Global definitions of `name` in the workspace's assembly files (and open documents). */
export function globalDefinitions(project: Project, name: string): { symbol: AsmSymbol; analysis: Analysis }[] {
  const out: { symbol: AsmSymbol; analysis: Analysis }[] = [];
  for (const p of project.sourceFiles()) {
    const a = project.analysisOf(p);
    const sym = a?.symbols.find((s) => s.name === name && s.global && s.definition !== undefined && s.kind !== 'undefined');
    if (a !== undefined && sym !== undefined) out.push({ symbol: sym, analysis: a });
  }
  return out;
}

/** Where the symbol at `pos` of document `p` is defined: its own definition, or a global one elsewhere. */
export function definition(project: Project, p: string, pos: Position): Location[] {
  const analysis = project.analysisOf(p);
  const symbol = analysis === undefined ? undefined : symbolAt(analysis, pos);
  if (symbol === undefined) return [];
  if (symbol.definition !== undefined) return [location(project, symbol.definition)];
  if (!linksAcrossFiles(symbol)) return [];
  return globalDefinitions(project, symbol.name).map((d) => location(project, d.symbol.definition!));
}

/** True when two ranges are the same place. */
const sameRange = (a: SourceRange | undefined, b: SourceRange | undefined) =>
  a !== undefined && b !== undefined && a.file === b.file && a.line === b.line && a.column === b.column;

/**
 * Every occurrence of the symbol at `pos` of document `p`, in every workspace file that shares
 * it: for a global or undefined name, the files where that name is global or undefined; for a
 * local symbol (a label, an `.equ` constant, a macro), the files where it has the same definition
 * (its own file, or each file including the file that defines it). The definition is included
 * when `includeDeclaration` is set. Each location appears once.
 */
export function references(project: Project, p: string, pos: Position, includeDeclaration: boolean): Location[] {
  const analysis = project.analysisOf(p);
  const symbol = analysis === undefined ? undefined : symbolAt(analysis, pos);
  if (symbol === undefined) return [];
  const same = linksAcrossFiles(symbol)
    ? (x: AsmSymbol) => x.name === symbol.name && linksAcrossFiles(x)
    : (x: AsmSymbol) => x.name === symbol.name && sameRange(x.definition, symbol.definition);
  const ranges: SourceRange[] = [];
  for (const f of project.sourceFiles()) {
    const a = f === p ? analysis : project.analysisOf(f);
    for (const s of a?.symbols.filter(same) ?? []) {
      if (includeDeclaration && s.definition !== undefined) ranges.push(s.definition);
      ranges.push(...s.references);
    }
  }
  const seen = new Set<string>();
  return ranges.map((r) => location(project, r)).filter((l) => {
    const key = `${l.uri}:${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
