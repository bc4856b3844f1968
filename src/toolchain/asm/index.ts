/**
 * The built-in assembler: GNU as syntax for RV64GC to ELF64 relocatable objects, as
 * `riscv64-linux-gnu-as -march=rv64gc -mno-relax [-g]` writes them.
 *
 * Entry point: `assemble(source, options)` → `{ object?, diagnostics, symbols }` (types.ts
 * documents positions: 1-based lines, 0-based UTF-16 columns, end exclusive). For the language
 * server: `splitStatements`/`tokenize` (the assembler's own lexer, with columns) and
 * DIRECTIVE_NAMES. Relocation type numbers: relocs.ts.
 */
export { assemble } from './assemble';
export type {
  AsmSymbol, AsmSymbolKind, AssembleOptions, AssembleResult, Diagnostic, ReadFile, Severity, SourceRange,
} from './types';
export * from './relocs';
export { DIRECTIVE_NAMES } from './directives';
export { splitStatements, tokenize, type StatementText, type Token, type TokenKind } from './lexer';
