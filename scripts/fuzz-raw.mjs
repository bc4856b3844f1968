// Raw-instruction differential fuzzing against qemu-riscv64 (issue 9, "Random instruction streams").
// Usage: npm run fuzz:raw -- --seed S --count N [--engine jit|interpreter] [--no-save] [--max-save K]
// Bundles test/fuzz/raw/cli.ts (TypeScript) with esbuild into a temporary module and runs it.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = mkdtempSync(join(tmpdir(), 'gk-fuzz-raw-'));
const outfile = join(outDir, 'fuzz-raw.mjs');
try {
  await build({
    entryPoints: [join(root, 'test/fuzz/raw/cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  const { main } = await import(pathToFileURL(outfile).href);
  process.exitCode = await main(process.argv.slice(2), join(root, 'test/fuzz/repro'));
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
