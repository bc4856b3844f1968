/**
 * The assembler's diagnostics as LSP diagnostics of one document. Positions convert directly
 * (assembler: 1-based line, 0-based UTF-16 columns, end exclusive — LSP: 0-based line, the same
 * columns). A problem inside an included file is shown on this document's `.include` line, with
 * the included file's own position as related information.
 */
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import type { Diagnostic, SourceRange } from '../toolchain/asm';
import type { Analysis } from './analysis';

/** The `source` shown next to each message in the Problems view. */
export const DIAGNOSTIC_SOURCE = 'glasskernel as';

/** LSP range of an assembler range. */
export function lspRange(r: SourceRange): Range {
  const line = Math.max(0, r.line - 1);
  return { start: { line, character: r.column }, end: { line, character: Math.max(r.column, r.endColumn) } };
}

/** The document's diagnostics for the editor; `uriOf` turns a path into the URI to link to. */
export function lspDiagnostics(analysis: Analysis, uriOf: (p: string) => string): LspDiagnostic[] {
  return analysis.diagnostics.map((d) => convert(d, analysis.file, uriOf));
}

function convert(d: Diagnostic, file: string, uriOf: (p: string) => string): LspDiagnostic {
  const related: DiagnosticRelatedInformation[] = (d.related ?? []).map((r) => ({
    location: { uri: uriOf(r.range.file), range: lspRange(r.range) }, message: r.message,
  }));
  const severity = d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
  if (d.range.file === file) {
    return { range: lspRange(d.range), severity, source: DIAGNOSTIC_SOURCE, message: d.message, ...(related.length > 0 ? { relatedInformation: related } : {}) };
  }
  // Elsewhere (an included file): on the line of this file that led there, else at the top.
  const here = d.related?.find((r) => r.range.file === file);
  const where = `${path.basename(d.range.file)}:${d.range.line}`;
  related.unshift({ location: { uri: uriOf(d.range.file), range: lspRange(d.range) }, message: d.message });
  return {
    range: here !== undefined ? lspRange(here.range) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity, source: DIAGNOSTIC_SOURCE, message: `${where}: ${d.message}`, relatedInformation: related,
  };
}
