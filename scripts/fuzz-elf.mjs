// Long run of the ELF and program-file fuzzer (issue 9). The suite runs it with a fixed seed
// and a bounded count (test/elf/fuzz-elf.test.ts).
// Usage: npm run fuzz:elf -- --seed S --count N --run-every K [--no-save]
// Bundles test/elf/fuzz-elf.ts (TypeScript) with esbuild into a temporary module and runs it.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside node_modules so the bundle resolves esbuild (kept external); the tests' helpers find the repo by GLASSKERNEL_ROOT.
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const outDir = mkdtempSync(join(root, 'node_modules/.cache/gk-fuzz-elf-'));
process.env.GLASSKERNEL_ROOT = root;
const outfile = join(outDir, 'fuzz-elf.mjs');
try {
  await build({
    entryPoints: [join(root, 'test/elf/fuzz-elf.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['esbuild'],
    logLevel: 'warning',
  });
  const { main } = await import(pathToFileURL(outfile).href);
  process.exitCode = main(process.argv.slice(2), join(root, 'test/elf/fuzz-repro'), [join(root, 'test/fixtures/elf/tiny'), join(root, 'examples/bin/hello'), join(root, 'examples/bin/forktree')]);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
