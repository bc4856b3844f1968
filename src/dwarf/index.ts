/**
 * DWARF reader: the .debug_line line-number table (DWARF 2..5). Pure functions over
 * Uint8Arrays. Entry points: parseDebugLine, loadLineTable, LineTable.
 */
export { loadLineTable, parseDebugLine } from './debug-line';
export type { DebugLineSections, LineTableResult } from './debug-line';
export { compDirsByLineOffset } from './compile-units';
export type { DebugInfoSections } from './compile-units';
export { LineTable } from './line-table';
export type { FunctionOf, ResolvedBreakpoint, SourceLocation } from './line-table';
export type { LineRow, LineSequence } from './line-program';
export { normalizePath, joinPath, isAbsolutePath, bestPathMatches } from './paths';
export * from './constants';
/** The .debug_info reader (src/dwarf/info): types, variables, scopes, call sites, enumerators. */
export { DebugInfo } from './info';
export type { AddressContext, AttrValue, CallSiteParameter, InfoScopeFrame, InfoSections } from './info';
/** The DWARF expression evaluator (src/dwarf/expr). */
export * from './expr';
/** The call frame information reader and unwinder (src/dwarf/cfi). */
export * from './cfi';
