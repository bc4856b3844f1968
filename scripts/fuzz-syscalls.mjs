// The structured syscall fuzzer, long runs (issue 9): npm run fuzz:syscalls -- --seed S --count N
// Runs N rounds of test/fixtures/guest/sysfuzz.c with seed S; a round that makes the kernel throw,
// hang or leak frames is saved to test/kernel/sysfuzz-repro/ (replayed by sysfuzz.test.ts).
// Bundles test/kernel/sysfuzz-run.ts with esbuild into a temporary module and runs it.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = mkdtempSync(join(tmpdir(), 'gk-sysfuzz-'));
const outfile = join(outDir, 'sysfuzz-run.cjs');
try {
  await build({
    entryPoints: [join(root, 'test/kernel/sysfuzz-run.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    define: { __dirname: JSON.stringify(join(root, 'test/kernel')) },
  });
  const { sysfuzzCli } = await import(pathToFileURL(outfile).href);
  process.exitCode = sysfuzzCli(process.argv.slice(2));
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
