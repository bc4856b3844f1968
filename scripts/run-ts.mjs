// Runs a TypeScript module of the test tree from a script: bundles `entry` (a path relative to
// the repository) with esbuild into a temporary folder under node_modules/.cache (so packages
// left external resolve from the repository), imports it, and hands the module to `use`. The
// long-run fuzzers (npm run fuzz:*) share this; the bundle is removed afterwards.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles `entry` and calls `use(module)`, resolving to its result. `options` are passed to
 * esbuild (e.g. `format: 'cjs'`, `define`, `external`, `packages: 'external'`).
 */
export async function withTsModule(entry, use, options = {}) {
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  const outDir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'gk-run-ts-'));
  const format = options.format ?? 'esm';
  const outfile = join(outDir, format === 'cjs' ? 'module.cjs' : 'module.mjs');
  try {
    await build({ entryPoints: [join(ROOT, entry)], bundle: true, platform: 'node', format, target: 'node20', outfile, logLevel: 'warning', ...options });
    return await use(await import(pathToFileURL(outfile).href));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
