/**
 * Host side of the built-in toolchain: reading assembly sources and the files they include
 * from the host file system (the CLI and the debug adapter; the assembler itself reads nothing).
 * Only regular files up to MAX_SOURCE_BYTES are read; an include is looked up relative to the
 * including file's folder, as GNU as does for `.include "x.s"` (then the current folder).
 */
import path from 'node:path';
import type { ReadFile } from '../toolchain/asm/types';
import { buildExecutable, type BuildOptions, type BuildResult } from '../toolchain/build';
import { readHostFile } from './program-file';

/** Largest assembly source or include read (bytes): larger files are refused, never read. */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/** The text of the regular host file `file`, or the sentence saying why it cannot be read. */
export function readSourceText(file: string): { ok: true; text: string } | { ok: false; error: string } {
  const read = readHostFile(file, MAX_SOURCE_BYTES);
  return read.ok ? { ok: true, text: new TextDecoder().decode(read.bytes) } : read;
}

/** An include reader over the host file system: `name` relative to `fromFile`'s folder, then to the current folder. */
export const hostIncludeReader: ReadFile = (name, fromFile) => {
  for (const candidate of [path.resolve(path.dirname(fromFile), name), path.resolve(name)]) {
    const r = readSourceText(candidate);
    if (r.ok) return { path: candidate, text: r.text };
  }
  return undefined;
};

/**
 * Reads and builds the assembly files `files` (host paths) into an executable; a file that
 * cannot be read gives `{ error }` (with the path), otherwise the build's result.
 */
export function buildHostAssembly(files: readonly string[], options: BuildOptions = {}): BuildResult | { error: string } {
  const sources = [];
  for (const f of files) {
    const r = readSourceText(f);
    if (!r.ok) return { error: `${f}: ${r.error}` };
    sources.push({ path: f, text: r.text });
  }
  return buildExecutable(sources, { readFile: hostIncludeReader, ...options });
}
