/**
 * Test harness of the language-server tests: bundles src/language-server/main.ts with esbuild
 * (as scripts/build.mjs does for dist/asm-server.js, into a private temporary file so parallel
 * test files never share one), spawns it as a Node process with `--stdio`, and drives it over
 * LSP with the protocol's own client library (vscode-languageserver-protocol).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import {
  CompletionRequest, DefinitionRequest, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification, DocumentSymbolRequest, ExitNotification, HoverRequest, InitializedNotification,
  InitializeRequest, LogMessageNotification, MessageType, PublishDiagnosticsNotification, ReferencesRequest,
  ShutdownRequest, SignatureHelpRequest, createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  type CompletionItem, type CompletionList, type Diagnostic, type DocumentSymbol, type Hover, type Location,
  type ProtocolConnection, type SignatureHelp, type SymbolInformation,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'test', 'language-server', 'fixtures');

/** Milliseconds to wait for diagnostics before failing (a hang guard, not a timed assertion). */
const DIAGNOSTICS_WAIT_MS = 20_000;

/** Bundles the server once per test file; returns the bundle's path. */
export async function bundleServer(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glasskernel-asm-server-'));
  const outfile = path.join(dir, 'asm-server.js');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src', 'language-server', 'main.ts')], outfile,
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning',
  });
  return outfile;
}

/** The file: URI of a path. */
export const uriOf = (p: string) => pathToFileURL(p).href;

/** One server process and a protocol connection to it. */
export class LspTestClient {
  /** Latest diagnostics published per URI, with the document version they are for. */
  readonly diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  /** Error messages the server logged (window/logMessage of type Error): its handlers' failures. */
  readonly errors: string[] = [];
  /** Current version of each open document; versions never repeat, even across a close and reopen. */
  private readonly versions = new Map<string, number>();
  private lastVersion = 0;
  private waiters: (() => void)[] = [];

  private constructor(readonly child: ChildProcess, readonly connection: ProtocolConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      for (const w of this.waiters.splice(0)) w();
    });
    connection.onNotification(LogMessageNotification.type, (p) => {
      if (p.type === MessageType.Error) this.errors.push(p.message);
    });
  }

  /** Spawns the server bundle and initializes it with workspace folder `root`. */
  static async start(bundle: string, root: string): Promise<LspTestClient> {
    const child = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const client = new LspTestClient(child, connection);
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: uriOf(root), capabilities: {}, workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** True while the server process runs. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async open(uri: string, text: string): Promise<void> {
    const version = ++this.lastVersion;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'riscv-asm', version, text } });
  }

  /** Replaces the whole text of an open document. */
  async change(uri: string, text: string): Promise<void> {
    const version = ++this.lastVersion;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Applies one incremental edit: replaces [start, end) (0-based line/character) with `text`. */
  async edit(uri: string, start: [number, number], end: [number, number], text: string): Promise<void> {
    const version = ++this.lastVersion;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: start[0], character: start[1] }, end: { line: end[0], character: end[1] } }, text }],
    });
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * Waits until diagnostics published for the current version of open document `uri` satisfy
   * `ok` (the latest set is checked first; sets for older versions or a closed document are ignored).
   */
  async diagnosticsFor(uri: string, ok: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    const deadline = Date.now() + DIAGNOSTICS_WAIT_MS;
    for (;;) {
      const entry = this.diagnostics.get(uri);
      const d = entry !== undefined && entry.version === this.versions.get(uri) ? entry.diagnostics : undefined;
      if (d !== undefined && ok(d)) return d;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(d)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  }

  async completion(uri: string, line: number, character: number, triggerCharacter?: string): Promise<CompletionItem[]> {
    const r: CompletionItem[] | CompletionList | null = await this.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri }, position: { line, character },
      ...(triggerCharacter === undefined ? {} : { context: { triggerKind: 2, triggerCharacter } }),
    });
    return r === null ? [] : Array.isArray(r) ? r : r.items;
  }

  async definition(uri: string, line: number, character: number): Promise<Location[]> {
    const r = await this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line, character } });
    return r === null ? [] : Array.isArray(r) ? (r as Location[]) : [r as Location];
  }

  async references(uri: string, line: number, character: number, includeDeclaration = true): Promise<Location[]> {
    return (await this.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: { line, character }, context: { includeDeclaration } })) ?? [];
  }

  async documentSymbols(uri: string): Promise<DocumentSymbol[]> {
    const r: DocumentSymbol[] | SymbolInformation[] | null = await this.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    return (r ?? []) as DocumentSymbol[];
  }

  signatureHelp(uri: string, line: number, character: number): Promise<SignatureHelp | null> {
    return this.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: { line, character } });
  }

  /** Shuts the server down as a client does (shutdown, exit) and waits for the process to end. */
  async stop(): Promise<void> {
    if (this.alive) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
      await exited;
    }
    this.connection.dispose();
  }
}

/** Markdown text of a hover ('' for none). */
export function hoverText(h: Hover | null): string {
  if (h === null) return '';
  const c = h.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return c.value;
}

/** 0-based line and column of the first occurrence of `needle` in `text` (throws when absent). */
export function positionOf(text: string, needle: string, offsetInNeedle = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`text has no ${JSON.stringify(needle)}`);
  const before = text.slice(0, at + offsetInNeedle).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}
