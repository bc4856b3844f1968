/**
 * Builds a static RV64 executable from assembly sources with the built-in assembler and
 * linker: each `.s`/`.S`/`.asm` file is assembled with a DWARF line table (so source
 * breakpoints and stepping work in it), then the objects are linked as `ld -static` would
 * (entry `_start`). What `glasskernel as`, `glasskernel run file.s` and the debugger's `.s`
 * programs use. Pure: files come through `readFile`.
 */
import { assemble } from './asm/assemble';
import type { Diagnostic, ReadFile } from './asm/types';
import { formatLinkDiagnostic } from './link/diagnostics';
import { link } from './link/link';
import type { LinkDiagnostic } from './link/types';

/** One source file: its path (as diagnostics and the line table name it) and text. */
export interface BuildSource {
  path: string;
  text: string;
}

/** Options of `buildExecutable`. */
export interface BuildOptions {
  /** Reads `.include`/`#include` files (see AssembleOptions.readFile). */
  readFile?: ReadFile;
  /** rv64gc (default: compressed forms as GNU as picks them) or rv64g (none). */
  march?: 'rv64gc' | 'rv64g';
  /** Entry symbol (default `_start`). */
  entry?: string;
}

/** What a build gives: the executable when no error was found, and every diagnostic of both steps. */
export interface BuildResult {
  executable?: Uint8Array;
  /** Assembler diagnostics, by source. */
  assembly: Diagnostic[];
  /** Linker diagnostics (only when every source assembled). */
  link: LinkDiagnostic[];
  /** Final symbol addresses (virtual), when the link laid the program out. */
  symbols?: Map<string, number>;
}

/** True for a file the built-in assembler takes (`.s`, `.S`, `.asm`). */
export function isAssemblySource(path: string): boolean {
  return /\.(s|S|asm)$/.test(path);
}

/** Assembles every source and links the objects; never throws on any input. */
export function buildExecutable(sources: readonly BuildSource[], options: BuildOptions = {}): BuildResult {
  const assembly: Diagnostic[] = [];
  const objects: { name: string; data: Uint8Array }[] = [];
  for (const s of sources) {
    const r = assemble(s.text, { file: s.path, readFile: options.readFile, march: options.march, debugLine: true });
    assembly.push(...r.diagnostics);
    if (r.object) objects.push({ name: objectName(s.path), data: r.object });
  }
  if (assembly.some((d) => d.severity === 'error') || objects.length === 0) return { assembly, link: [] };
  const linked = link(objects, { entry: options.entry });
  return { executable: linked.executable, assembly, link: linked.diagnostics, symbols: linked.symbols };
}

/** Every diagnostic of a build as GNU's tools print them (`file:line:col: error: message`), one per line. */
export function formatBuildDiagnostics(r: BuildResult): string[] {
  return [
    ...r.assembly.map((d) => `${d.range.file}:${d.range.line}:${d.range.column + 1}: ${d.severity}: ${d.message}`),
    ...r.link.map(formatLinkDiagnostic),
  ];
}

/** The object name the linker reports for source `path` (`hello.s` → `hello.o`). */
function objectName(path: string): string {
  return path.replace(/\.(s|S|asm)$/, '.o');
}
