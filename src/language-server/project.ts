/**
 * The documents the server knows: those open in the editor (their unsaved text wins) and the
 * assembly files of the workspace folders on disk (for definitions and references across files,
 * and as `.include` targets). Each is assembled on demand and the analysis is kept until the
 * document or one of the files it included changes.
 *
 * Documents are keyed by path: the file-system path of a `file:` URI, or the URI itself for
 * other schemes (an untitled editor), which then can include only files of the workspace.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Analysis } from './analysis';
import { ScannedDocument } from './scan';

/** The file system as the project reads it (a Node implementation in node-host.ts; tests can fake it). */
export interface ProjectHost {
  /** Text of the file at `path`, or undefined when it is missing, unreadable, or larger than the host allows. */
  readFile(path: string): string | undefined;
  /** A key that changes when the file changes (e.g. mtime and size), or undefined when missing. */
  version(path: string): string | undefined;
  /** Assembly source files under the folders `roots`, bounded in number by the host. */
  listSourceFiles(roots: readonly string[]): string[];
}

/** An open document. */
interface OpenDocument {
  uri: string;
  /** Tells this text apart from every other text the document had (versions restart when it is reopened). */
  generation: number;
  text: string;
}

/** A cached analysis and what it was made from. */
interface CacheEntry {
  /** The document's own version key. */
  key: string;
  /** Version keys of the included files when it was made. */
  deps: Map<string, string | undefined>;
  analysis: Analysis;
}

/** File name extensions of the riscv-asm language (package.json `contributes.languages`). */
export const SOURCE_EXTENSIONS: readonly string[] = ['.s', '.S', '.asm'];

/** The path of a document `uri` (a file path for `file:` URIs, else the URI itself). */
export function pathOfUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/**
 * The documents of one workspace and their analyses. Synchronous: the server calls it from one
 * request or notification at a time.
 */
export class Project {
  private readonly open = new Map<string, OpenDocument>();
  private readonly cache = new Map<string, CacheEntry>();
  private readonly scans = new Map<string, { key: string; doc: ScannedDocument }>();
  private files?: string[];
  private generation = 0;

  /** `roots`: workspace folder paths. */
  constructor(private readonly host: ProjectHost, private readonly roots: readonly string[]) {}

  /** Records the editor's text of `uri` (didOpen/didChange); returns its path. */
  setOpen(uri: string, text: string): string {
    const p = pathOfUri(uri);
    this.open.set(p, { uri, generation: ++this.generation, text });
    return p;
  }

  /** Forgets the editor's text of `uri` (didClose): the file on disk counts again. */
  close(uri: string): string {
    const p = pathOfUri(uri);
    this.open.delete(p);
    this.scans.delete(p);
    this.cache.delete(p); // its analysis was of the editor's text, not of the file on disk
    return p;
  }

  /** Paths of the open documents. */
  openPaths(): string[] {
    return [...this.open.keys()];
  }

  /** The URI to report for `p`: the editor's own URI when open, else a `file:` URI. */
  uriOf(p: string): string {
    const doc = this.open.get(p);
    if (doc !== undefined) return doc.uri;
    return path.isAbsolute(p) ? pathToFileURL(p).href : p;
  }

  /** Drops what is known about the files on disk (a watched file was created, changed or deleted). */
  filesChanged(): void {
    this.files = undefined;
  }

  /** Assembly files of the workspace on disk plus the open documents, each once. */
  sourceFiles(): string[] {
    this.files ??= this.host.listSourceFiles(this.roots);
    return [...new Set([...this.open.keys(), ...this.files])];
  }

  /** The analysis of `p` for its current text (open or on disk), or undefined when it cannot be read. */
  analysisOf(p: string): Analysis | undefined {
    const key = this.versionOf(p);
    if (key === undefined) return undefined;
    const cached = this.cache.get(p);
    if (cached !== undefined && cached.key === key && [...cached.deps].every(([d, k]) => this.versionOf(d) === k)) return cached.analysis;
    const text = this.textOf(p);
    if (text === undefined) return undefined;
    const analysis = new Analysis(p, text, (inc, from) => this.readInclude(inc, from));
    const deps = new Map([...analysis.includes].map((d) => [d, this.versionOf(d)] as [string, string | undefined]));
    this.cache.set(p, { key, deps, analysis });
    return analysis;
  }

  /**
   * The latest analysis of `p` even when its text has changed since (completion while typing
   * needs the symbols, not a fresh assembly on every keystroke); one is made when none exists.
   */
  recentAnalysisOf(p: string): Analysis | undefined {
    return this.cache.get(p)?.analysis ?? this.analysisOf(p);
  }

  /** The current text of `p` as statements (cheap: lexed lazily line by line), or undefined when unreadable. */
  scanOf(p: string): ScannedDocument | undefined {
    const key = this.versionOf(p);
    if (key === undefined) return undefined;
    const cached = this.scans.get(p);
    if (cached !== undefined && cached.key === key) return cached.doc;
    const text = this.textOf(p);
    if (text === undefined) return undefined;
    const doc = new ScannedDocument(text);
    this.scans.set(p, { key, doc });
    return doc;
  }

  /** Open documents whose last analysis included `p` (to re-check when `p` changes). */
  dependentsOf(p: string): string[] {
    return this.openPaths().filter((o) => o !== p && this.cache.get(o)?.analysis.includes.has(p) === true);
  }

  private versionOf(p: string): string | undefined {
    const doc = this.open.get(p);
    return doc !== undefined ? `open:${doc.generation}` : this.host.version(p);
  }

  private textOf(p: string): string | undefined {
    return this.open.get(p)?.text ?? this.host.readFile(p);
  }

  /**
   * Finds an included file next to the including file, then in each workspace folder (GNU as
   * looks in its `-I` directories and the current directory), preferring the editor's unsaved text.
   */
  private readInclude(name: string, fromFile: string): { path: string; text: string } | undefined {
    const candidates = path.isAbsolute(name)
      ? [name]
      : [...(path.isAbsolute(fromFile) ? [path.resolve(path.dirname(fromFile), name)] : []), ...this.roots.map((r) => path.resolve(r, name))];
    for (const c of candidates) {
      const text = this.textOf(c);
      if (text !== undefined) return { path: c, text };
    }
    return undefined;
  }
}
