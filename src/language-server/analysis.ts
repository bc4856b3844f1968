/**
 * One assembled document: the built-in assembler's diagnostics and symbols for a source text
 * (src/toolchain/asm `assemble`), the files it included, and — computed on first use — the
 * statements as the lexer sees them and the final addresses of its labels when the file is linked
 * alone (src/toolchain/link). Immutable once built; the project keeps one per document version.
 */
import { assemble, type AsmSymbol, type Diagnostic, type ReadFile } from '../toolchain/asm';
import { link } from '../toolchain/link';
import { ScannedDocument } from './scan';

/** Reads an included file for the assembler and says which file that was (for dependency tracking). */
export type IncludeReader = (path: string, fromFile: string) => { path: string; text: string } | undefined;

/**
 * Statements the assembler may run for one document (after macro and `.rept` expansion): far
 * more than any hand-written file, small enough that a runaway `.rept` cannot stall typing.
 */
export const MAX_STATEMENTS_PER_ANALYSIS = 200_000;

/** The assembler's view of one document. */
export class Analysis {
  /** Files read through `.include`/`#include` (resolved paths), for re-checking when one changes. */
  readonly includes: ReadonlySet<string>;
  readonly diagnostics: readonly Diagnostic[];
  readonly symbols: readonly AsmSymbol[];
  /** Wall time the assembler took, in milliseconds (for the log). */
  readonly elapsedMs: number;
  private readonly object?: Uint8Array;
  private scannedDoc?: ScannedDocument;
  private linked?: ReadonlyMap<string, number>;

  /**
   * Assembles `text` as file `file` (a path, or the document URI when it has no path), reading
   * includes through `readInclude`. Never throws: an assembler failure is one of its diagnostics.
   */
  constructor(readonly file: string, readonly text: string, readInclude: IncludeReader) {
    const includes = new Set<string>();
    const readFile: ReadFile = (path, fromFile) => {
      const found = readInclude(path, fromFile);
      if (found !== undefined) includes.add(found.path);
      return found;
    };
    const started = performance.now();
    const result = assemble(text, { file, readFile, maxStatements: MAX_STATEMENTS_PER_ANALYSIS });
    this.elapsedMs = performance.now() - started;
    this.includes = includes;
    this.diagnostics = result.diagnostics;
    this.symbols = result.symbols;
    this.object = result.object;
  }

  /** The document's statements (lexed lazily, line by line). */
  get scanned(): ScannedDocument {
    this.scannedDoc ??= new ScannedDocument(this.text);
    return this.scannedDoc;
  }

  /** Symbols whose definition is in this document itself (not in an included file). */
  ownSymbols(): AsmSymbol[] {
    return this.symbols.filter((s) => s.definition?.file === this.file);
  }

  /**
   * Address of label `name` in the executable this file makes when linked alone (ld's default
   * layout, as `glasskernel run file.s` links it), or undefined when the file has errors or the
   * linker could not lay it out (e.g. no `_start`).
   */
  linkedAddress(name: string): number | undefined {
    if (this.object === undefined) return undefined;
    this.linked ??= link([{ name: this.file, data: this.object }]).symbols;
    return this.linked.get(name);
  }
}
