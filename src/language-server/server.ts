/**
 * The RISC-V assembly language server: LSP document sync and requests, translated to the
 * project (project.ts) and the feature modules. It owns the documents and re-checks them as
 * they change: diagnostics are published DIAGNOSTICS_DELAY_MS after the last edit (the first
 * check of a newly opened document runs at once), and an open document that includes the edited
 * file is re-checked with it. Hover, definition, references and symbols assemble the latest
 * text on demand; completion and signature help read the latest text without assembling it.
 *
 * No request or notification can take the server down: a failure inside a handler (a bug) is
 * logged as an error message to the client and answered with an empty result.
 */
import {
  TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AsmSymbol } from '../toolchain/asm';
import { completionsAt } from './completion';
import { lspDiagnostics } from './diagnostics';
import { hoverAt } from './hover';
import { definition, references } from './navigation';
import { nodeHost } from './node-host';
import { documentSymbols } from './outline';
import { pathOfUri, Project, type ProjectHost } from './project';
import { signatureAt } from './signature';

/** Quiet time after the last keystroke before a document is re-assembled for diagnostics (ms). */
export const DIAGNOSTICS_DELAY_MS = 200;
/** An analysis slower than this (ms) is reported in the server log. */
const SLOW_ANALYSIS_MS = 250;

/** Starts serving on `connection` (already created on stdio or IPC); `host` reads the disk. */
export function startServer(connection: Connection, host: ProjectHost = nodeHost): void {
  const documents = new TextDocuments(TextDocument);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const checked = new Set<string>();
  let project = new Project(host, []);

  /** Runs `fn`; a thrown exception is logged and `fallback` returned instead. */
  function guard<T>(what: string, fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (e) {
      connection.console.error(`glasskernel asm server: ${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return fallback;
    }
  }

  /** Assembles open document `p` now and publishes its diagnostics. */
  function check(p: string): void {
    guard(`checking ${p}`, () => {
      const analysis = project.analysisOf(p);
      if (analysis === undefined) return;
      if (analysis.elapsedMs > SLOW_ANALYSIS_MS) connection.console.log(`assembling ${p} took ${analysis.elapsedMs.toFixed(0)} ms`);
      const uri = project.uriOf(p);
      void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics: lspDiagnostics(analysis, (f) => project.uriOf(f)) });
    }, undefined);
  }

  /** Checks `p` after the quiet time (or at once when `now`), restarting its timer. */
  function schedule(p: string, now = false): void {
    clearTimeout(timers.get(p));
    timers.set(p, setTimeout(() => {
      timers.delete(p);
      check(p);
    }, now ? 0 : DIAGNOSTICS_DELAY_MS));
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => pathOfUri(f.uri)) ?? (params.rootUri ? [pathOfUri(params.rootUri)] : []);
    project = new Project(host, folders);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', ',', ' ', '%', '('] },
        signatureHelpProvider: { triggerCharacters: [' ', ','], retriggerCharacters: [','] },
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'glasskernel-asm' },
    };
  });

  documents.onDidChangeContent((e) => guard('didChange', () => {
    const p = project.setOpen(e.document.uri, e.document.getText());
    schedule(p, !checked.has(p));
    checked.add(p);
    for (const d of project.dependentsOf(p)) schedule(d);
  }, undefined));
  documents.onDidClose((e) => guard('didClose', () => {
    const p = project.close(e.document.uri);
    clearTimeout(timers.get(p));
    timers.delete(p);
    checked.delete(p);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    for (const d of project.dependentsOf(p)) schedule(d);
  }, undefined));
  connection.onDidChangeWatchedFiles(() => guard('watched files', () => {
    project.filesChanged();
    for (const p of project.openPaths()) schedule(p);
  }, undefined));

  /** The analysis of an open document, by URI. */
  const analysisOf = (uri: string) => project.analysisOf(pathOfUri(uri));
  /** Global symbols of the other open documents (offered as labels in completion). */
  const otherGlobals = (uri: string): AsmSymbol[] => {
    const self = pathOfUri(uri);
    return project.openPaths().filter((p) => p !== self).flatMap((p) => project.analysisOf(p)?.symbols.filter((s) => s.global) ?? []);
  };

  connection.onHover((p) => guard('hover', () => {
    const a = analysisOf(p.textDocument.uri);
    return a === undefined ? null : hoverAt(project, a, p.position);
  }, null));
  // Completion and signature help come on every keystroke: they read the current text, and the
  // symbols of the latest analysis (made at most once here), never re-assembling the document.
  connection.onCompletion((p) => guard('completion', () => {
    const path = pathOfUri(p.textDocument.uri);
    const doc = project.scanOf(path);
    if (doc === undefined) return [];
    // A space only completes an operand (after `addi `), never the indentation before a statement.
    if (p.context?.triggerCharacter === ' ' && doc.statementAt(p.position.line, p.position.character).tokens.length === 0) return [];
    const own = project.recentAnalysisOf(path)?.symbols ?? [];
    return completionsAt(doc, p.position, [...own, ...otherGlobals(p.textDocument.uri)]);
  }, []));
  connection.onSignatureHelp((p) => guard('signature help', () => {
    const doc = project.scanOf(pathOfUri(p.textDocument.uri));
    return doc === undefined ? null : signatureAt(doc, p.position);
  }, null));
  connection.onDefinition((p) => guard('definition', () => definition(project, pathOfUri(p.textDocument.uri), p.position), []));
  connection.onReferences((p) => guard('references', () => references(project, pathOfUri(p.textDocument.uri), p.position, p.context.includeDeclaration), []));
  connection.onDocumentSymbol((p) => guard('document symbols', () => {
    const a = analysisOf(p.textDocument.uri);
    return a === undefined ? [] : documentSymbols(a);
  }, []));

  documents.listen(connection);
  connection.listen();
}
