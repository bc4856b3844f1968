/**
 * A host-side reader of the kernel's own source text for src/kernel/steps/lines.ts (the kernel
 * itself uses no Node API: a host installs this with setKernelSourceReader): the repository's
 * files, found by walking up from this module (the bundle in dist/, or src/host under a test
 * runner) and from the working directory to a folder holding STEPPABLE_SOURCES.
 */
import fs from 'node:fs';
import path from 'node:path';
import { STEPPABLE_SOURCES, type SourceReader } from '../kernel/steps/lines';

/** Most parent folders tried above each start folder. */
const MAX_UP = 6;

/** The repository root holding the kernel sources, or undefined. */
export function findKernelSourceRoot(): string | undefined {
  const starts = [typeof __dirname === 'string' ? __dirname : undefined, process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (let i = 0; dir && i <= MAX_UP; i++, dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, STEPPABLE_SOURCES[0]))) return dir;
    }
  }
  return undefined;
}

/** A SourceReader over the files under `root` (default: findKernelSourceRoot()). */
export function nodeSourceReader(root = findKernelSourceRoot()): SourceReader {
  return (file) => {
    if (!root) return undefined;
    try {
      return fs.readFileSync(path.join(root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
}
