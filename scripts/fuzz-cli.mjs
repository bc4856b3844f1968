// Long run of the CLI option fuzzer (issue 9). The suite runs it with a fixed seed
// and a bounded count (test/cli/fuzz-cli.test.ts).
// Usage: npm run fuzz:cli -- --seed S --count N --run-every K
// Bundles test/cli/fuzz-cli.ts (TypeScript) with esbuild into a temporary module and runs it.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside node_modules so the bundle resolves esbuild (kept external); the tests' helpers find the repo by GLASSKERNEL_ROOT.
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const outDir = mkdtempSync(join(root, 'node_modules/.cache/gk-fuzz-cli-'));
process.env.GLASSKERNEL_ROOT = root;
const outfile = join(outDir, 'fuzz-cli.mjs');
try {
  await build({
    entryPoints: [join(root, 'test/cli/fuzz-cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['esbuild'],
    logLevel: 'warning',
  });
  const { main } = await import(pathToFileURL(outfile).href);
  process.exitCode = main(process.argv.slice(2));
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
