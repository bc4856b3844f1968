/**
 * Public types of the built-in assembler (GNU as syntax, RV64GC). The language server reads
 * `Diagnostic` and `AsmSymbol`; the linker reads the object bytes.
 *
 * Positions: `line` is 1-based (as GNU as prints it), columns are 0-based UTF-16 offsets into
 * that source line with `endColumn` exclusive (as LSP `Position.character` counts), so an LSP
 * range is `{ start: { line: line - 1, character: column }, end: { line: line - 1, character: endColumn } }`.
 */

/** A span of one source line. */
export interface SourceRange {
  /** The file as the caller named it (`options.file`) or as `.include`/`#include` resolved it. */
  file: string;
  /** 1-based line number. */
  line: number;
  /** 0-based start column (UTF-16 code units). */
  column: number;
  /** 0-based end column, exclusive; equal to `column` for an empty range (end of line). */
  endColumn: number;
}

/** How bad a diagnostic is: an error means no object is produced; a warning still gives one. */
export type Severity = 'error' | 'warning';

/** One message about the source, worded like GNU as's ("unknown instruction `addd'"). */
export interface Diagnostic {
  severity: Severity;
  message: string;
  range: SourceRange;
  /**
   * Where else the problem shows: for a statement produced by a macro or `.rept`, the line of
   * the macro body (`in macro 'name'`); for an included file, the `.include` line.
   */
  related?: { range: SourceRange; message: string }[];
}

/**
 * What defined a symbol: a `label:` (including numeric local labels, named `1` etc.), a
 * `.equ`/`.set`/`=` assignment, a `.macro`, or nothing (`undefined`: only referenced, or only named
 * by `.globl`, and left for the linker).
 */
export type AsmSymbolKind = 'label' | 'equ' | 'macro' | 'undefined';

/** A symbol of the assembled unit, for navigation (definition, references, document symbols). */
export interface AsmSymbol {
  name: string;
  kind: AsmSymbolKind;
  /** Section of a label ('.text', '.data', ...); undefined for constants, macros and undefined symbols. */
  section?: string;
  /**
   * Value after layout: a label's byte offset in its section, an `.equ` constant's value; undefined
   * for a macro, an undefined symbol, or an `.equ` whose value is not a constant.
   */
  value?: bigint;
  /** True for `.globl`/`.global` symbols. */
  global: boolean;
  /** The defining name's range (the last definition for `.set`); undefined when never defined. */
  definition?: SourceRange;
  /** Ranges of every use of the name in operands and expressions (not the definition). */
  references: SourceRange[];
}

/** Reads an included file: `path` as written in the source, `fromFile` the including file. */
export type ReadFile = (path: string, fromFile: string) => { path: string; text: string } | string | undefined;

/** Options of `assemble`. */
export interface AssembleOptions {
  /** Name of the source file (diagnostics, DWARF file table). A `.S` suffix runs the C preprocessor. */
  file: string;
  /**
   * Reads `.include` / `#include` files. It returns the text (or `{ path, text }` with a resolved
   * path used in diagnostics and as the include's own `fromFile`), or undefined when the file is
   * missing. Without it every include reports "can't open".
   */
  readFile?: ReadFile;
  /** Target ISA: rv64gc (default) lets GNU's compressed forms be chosen; rv64g never emits them. */
  march?: 'rv64gc' | 'rv64g';
  /** Emit a DWARF 5 .debug_line mapping each instruction to its source line (as `as -g`). */
  debugLine?: boolean;
  /** Run the C preprocessor (default: when `file` ends in `.S`). */
  preprocess?: boolean;
  /** Predefined preprocessor macros (`-D`), name to replacement text. */
  defines?: Record<string, string>;
  /** Compilation directory recorded in .debug_line (directory entry 0); default '.'. */
  compDir?: string;
  /** Work bound: at most this many statements are assembled (after macro expansion); default 2,000,000. */
  maxStatements?: number;
  /** Memory bound: at most this many bytes of section contents; default 256 MiB. */
  maxOutputBytes?: number;
}

/** Result of `assemble`: an object when there were no errors, always the diagnostics and symbols. */
export interface AssembleResult {
  /** The ELF64 relocatable object (ET_REL, EM_RISCV), absent when any error was reported. */
  object?: Uint8Array;
  diagnostics: Diagnostic[];
  symbols: AsmSymbol[];
}
